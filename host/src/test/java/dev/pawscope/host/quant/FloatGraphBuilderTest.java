package dev.pawscope.host.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.host.dataset.InputSpec;
import dev.pawscope.host.train.ArchitectureSpec;
import dev.pawscope.host.train.NetworkFactory;
import dev.pawscope.quantize.graph.FusedActivation;
import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.GraphException;
import dev.pawscope.quantize.graph.OpOptions;
import dev.pawscope.quantize.graph.OpType;
import dev.pawscope.quantize.interpreter.Interpreter;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class FloatGraphBuilderTest {

    /** Every layer kind, odd sizes, strides, both paddings: the layouts must all be right. */
    private static final String EVERY_LAYER = "Conv2D(5, 3, padding=same), ReLU, DepthwiseConv2D(3, strides=2, "
            + "depth_multiplier=2), ReLU6, MaxPool(2, padding=same), Conv2D(6, 2, padding=valid), AvgPool(2), "
            + "Flatten, Dense(7), ReLU, Dense(4), Softmax";

    @ParameterizedTest
    @ValueSource(strings = {EVERY_LAYER, "pawnet", "pawnet-ds", "tiny"})
    void theFloatGraphComputesWhatDl4jComputes(String arch) {
        InputSpec input = InputSpec.square(23);
        if (!arch.contains("(")) {
            input = InputSpec.square(48);
        }
        ArchitectureSpec spec = ArchitectureSpec.resolve(arch, 4);
        MultiLayerNetwork net = NetworkFactory.create(spec, input, 4, 42, 1e-3);
        // Random biases too: initialised to zero, they would hide a bias in the wrong place.
        net.setParams(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, net.params().shape()).subi(0.5));
        Graph graph = FloatGraphBuilder.build(spec, input, 4, net, "test");
        Interpreter interpreter = new Interpreter(graph);
        Random random = new Random(7);
        for (int n = 0; n < 3; n++) {
            float[] x = new float[input.width() * input.height()];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextFloat() * 2 - 1;
            }
            float[] expected = net.output(Nd4j.create(x, new long[] {1, 1, input.height(), input.width()}, 'c'))
                    .toFloatVector();
            float[] actual = interpreter.run(x).outputReal();
            for (int c = 0; c < 4; c++) {
                assertEquals(expected[c], actual[c], 2e-5, arch + ": class " + c + " of input " + n);
            }
        }
    }

    @Test
    void activationsAreFusedIntoTheOpBefore() {
        ArchitectureSpec spec = ArchitectureSpec.resolve(EVERY_LAYER, 4);
        InputSpec input = InputSpec.square(23);
        Graph graph = FloatGraphBuilder.build(spec, input, 4, NetworkFactory.create(spec, input, 4, 1, 1e-3), "t");
        assertEquals(java.util.List.of(OpType.CONV_2D, OpType.DEPTHWISE_CONV_2D, OpType.MAX_POOL_2D, OpType.CONV_2D,
                OpType.AVERAGE_POOL_2D, OpType.RESHAPE, OpType.FULLY_CONNECTED, OpType.FULLY_CONNECTED,
                OpType.SOFTMAX), graph.operators().stream().map(o -> o.type()).toList());
        assertEquals(FusedActivation.RELU, ((OpOptions.Conv2D) graph.operators().get(0).options()).activation());
        assertEquals(FusedActivation.RELU6,
                ((OpOptions.DepthwiseConv2D) graph.operators().get(1).options()).activation());
        assertEquals("0_conv2d", graph.tensor(graph.operators().get(0).output()).name());
    }

    @Test
    void anActivationThatCannotBeFusedIsRefusedByName() {
        ArchitectureSpec spec = ArchitectureSpec.resolve("Conv2D(4, 3), Flatten, ReLU, Dense(4), Softmax", 4);
        InputSpec input = InputSpec.square(16);
        MultiLayerNetwork net = NetworkFactory.create(spec, input, 4, 1, 1e-3);
        GraphException e = assertThrows(GraphException.class, () -> FloatGraphBuilder.build(spec, input, 4, net, "t"));
        assertTrue(e.getMessage().contains("layer 2 ReLU"), e.getMessage());
    }
}
