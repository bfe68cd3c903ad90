package dev.pawscope.quantize.tflite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pawscope.quantize.graph.FusedActivation;
import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.OpOptions;
import dev.pawscope.quantize.graph.OpType;
import dev.pawscope.quantize.graph.Operator;
import dev.pawscope.quantize.graph.Padding;
import dev.pawscope.quantize.graph.Tensor;
import dev.pawscope.quantize.graph.TensorType;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TfLiteRoundTripTest {

    private static Graph roundTrip(Graph graph) {
        return TfLiteReader.read(TfLiteWriter.write(graph));
    }

    @Test
    void aFloat32ConvNetReadsBackEqual() {
        Graph graph = TestGraphs.float32ConvNet();
        assertEquals(graph, roundTrip(graph));
    }

    @Test
    void anInt8ConvNetReadsBackEqual() {
        Graph graph = TestGraphs.int8ConvNet();
        assertEquals(graph, roundTrip(graph));
    }

    @Test
    void anInt8ConvNetWithFloatInputAndOutputReadsBackEqual() {
        Graph graph = TestGraphs.int8ConvNetFloatIo();
        assertEquals(graph, roundTrip(graph));
    }

    @Test
    void theTestGraphsUseEveryOpType() {
        Set<OpType> used = EnumSet.noneOf(OpType.class);
        Stream.of(TestGraphs.float32ConvNet(), TestGraphs.int8ConvNetFloatIo())
                .forEach(g -> g.operators().forEach(op -> used.add(op.type())));
        assertEquals(EnumSet.allOf(OpType.class), used);
    }

    @Test
    void writingIsDeterministicAndAReadModelWritesBackToTheSameBytes() {
        byte[] first = TfLiteWriter.write(TestGraphs.int8ConvNetFloatIo());
        assertArrayEquals(first, TfLiteWriter.write(TestGraphs.int8ConvNetFloatIo()));
        assertArrayEquals(first, TfLiteWriter.write(TfLiteReader.read(first)));
    }

    @Test
    void optionsOtherThanTheDefaultsSurvive() {
        // No bias, stride 2, dilation 2, depth multiplier 2, keep_num_dims, softmax beta 0.5, VALID/SAME mixed
        List<Tensor> t = List.of(
                Tensor.activation("in", TensorType.FLOAT32, new int[] {1, 9, 9, 2}, null),
                new Tensor("conv/filter", TensorType.FLOAT32, new int[] {3, 3, 3, 2}, null, new byte[3 * 3 * 3 * 2 * 4]),
                Tensor.activation("conv/out", TensorType.FLOAT32, new int[] {1, 3, 3, 3}, null),
                new Tensor("dw/filter", TensorType.FLOAT32, new int[] {1, 2, 2, 6}, null, new byte[2 * 2 * 6 * 4]),
                Tensor.activation("dw/out", TensorType.FLOAT32, new int[] {1, 3, 3, 6}, null),
                Tensor.activation("pool/out", TensorType.FLOAT32, new int[] {1, 2, 2, 6}, null),
                new Tensor("fc/weights", TensorType.FLOAT32, new int[] {5, 6}, null, new byte[5 * 6 * 4]),
                Tensor.activation("fc/out", TensorType.FLOAT32, new int[] {1, 2, 2, 5}, null),
                Tensor.activation("softmax/out", TensorType.FLOAT32, new int[] {1, 2, 2, 5}, null));
        List<Operator> ops = List.of(
                new Operator(OpType.CONV_2D, new int[] {0, 1}, new int[] {2},
                        new OpOptions.Conv2D(Padding.VALID, 2, 2, FusedActivation.RELU_N1_TO_1, 2, 2)),
                new Operator(OpType.DEPTHWISE_CONV_2D, new int[] {2, 3, -1}, new int[] {4},
                        new OpOptions.DepthwiseConv2D(Padding.SAME, 1, 1, 2, FusedActivation.NONE, 2, 1)),
                new Operator(OpType.MAX_POOL_2D, new int[] {4}, new int[] {5},
                        new OpOptions.Pool2D(Padding.SAME, 2, 1, 3, 2, FusedActivation.RELU)),
                new Operator(OpType.FULLY_CONNECTED, new int[] {5, 6}, new int[] {7},
                        new OpOptions.FullyConnected(FusedActivation.RELU6, true)),
                new Operator(OpType.SOFTMAX, new int[] {7}, new int[] {8}, new OpOptions.Softmax(0.5f)));
        Graph graph = new Graph(t, ops, new int[] {0}, new int[] {8}, "");
        assertEquals(graph, roundTrip(graph));
    }

    @Test
    void aReshapeWithOnlyAShapeInputGetsItsNewShapeFromTheInput() {
        Graph graph = TestGraphs.int8ConvNet();
        byte[] bytes = TfLiteWriter.write(graph);
        Operator reshape = TfLiteReader.read(bytes).operators().stream()
                .filter(op -> op.type() == OpType.RESHAPE).findFirst().orElseThrow();
        assertArrayEquals(new int[] {1, 72}, ((OpOptions.Reshape) reshape.options()).newShape());
        assertEquals(2, reshape.inputs().length);
    }
}
