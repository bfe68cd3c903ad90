package dev.pawscope.quantize.tflite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pawscope.quantize.graph.FusedActivation;
import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.OpOptions;
import dev.pawscope.quantize.graph.OpType;
import dev.pawscope.quantize.graph.Operator;
import dev.pawscope.quantize.graph.Padding;
import dev.pawscope.quantize.graph.Quantization;
import dev.pawscope.quantize.graph.Tensor;
import dev.pawscope.quantize.graph.TensorType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The branches of op_version.cc that pawscope's types reach, one op at a time. */
class OpVersionsTest {

    private static final Quantization Q = Quantization.perTensor(0.1f, 0);
    private static final Quantization TWO_CHANNELS = new Quantization(new float[] {0.1f, 0.2f}, new int[2], 0);

    private static Tensor act(TensorType type, int... shape) {
        return Tensor.activation("a" + shape.length, type, shape, type == TensorType.FLOAT32 ? null : Q);
    }

    private static Tensor weights(TensorType type, Quantization q, int... shape) {
        return new Tensor("w", type, shape, type == TensorType.FLOAT32 ? null : q,
                new byte[Tensor.elementCount(shape) * type.bytesPerElement()]);
    }

    private static int version(OpType type, OpOptions options, Tensor... tensors) {
        int[] inputs = new int[tensors.length - 1];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = i;
        }
        Operator op = new Operator(type, inputs, new int[] {tensors.length - 1}, options);
        Graph graph = new Graph(List.of(tensors), List.of(op), new int[] {0}, new int[] {tensors.length - 1}, "");
        return OpVersions.of(graph, op);
    }

    private static final OpOptions CONV = new OpOptions.Conv2D(Padding.SAME, 1, 1, FusedActivation.NONE, 1, 1);
    private static final OpOptions FC = new OpOptions.FullyConnected(FusedActivation.NONE, false);

    @Test
    void conv2D() {
        assertEquals(1, version(OpType.CONV_2D, CONV, act(TensorType.FLOAT32, 1, 4, 4, 1),
                weights(TensorType.FLOAT32, null, 2, 3, 3, 1), act(TensorType.FLOAT32, 1, 4, 4, 2)));
        assertEquals(3, version(OpType.CONV_2D, CONV, act(TensorType.INT8, 1, 4, 4, 1),
                weights(TensorType.INT8, TWO_CHANNELS, 2, 3, 3, 1), act(TensorType.INT8, 1, 4, 4, 2)));
        assertEquals(2, version(OpType.CONV_2D, CONV, act(TensorType.FLOAT32, 1, 4, 4, 1),
                weights(TensorType.INT8, Q, 2, 3, 3, 1), act(TensorType.FLOAT32, 1, 4, 4, 2)), "hybrid");
        assertEquals(5, version(OpType.CONV_2D, CONV, act(TensorType.FLOAT32, 1, 4, 4, 1),
                weights(TensorType.INT8, TWO_CHANNELS, 2, 3, 3, 1), act(TensorType.FLOAT32, 1, 4, 4, 2)),
                "hybrid per-channel");
        assertEquals(6, version(OpType.CONV_2D, CONV, act(TensorType.INT8, 1, 4, 4, 2),
                weights(TensorType.INT8, TWO_CHANNELS, 2, 3, 3, 1), act(TensorType.INT8, 1, 4, 4, 2)), "grouped");
    }

    @Test
    void depthwiseConv2D() {
        OpOptions plain = new OpOptions.DepthwiseConv2D(Padding.SAME, 1, 1, 1, FusedActivation.NONE, 1, 1);
        OpOptions dilated = new OpOptions.DepthwiseConv2D(Padding.SAME, 1, 1, 1, FusedActivation.NONE, 1, 2);
        Quantization along3 = new Quantization(new float[] {0.1f, 0.2f}, new int[2], 3);
        assertEquals(1, version(OpType.DEPTHWISE_CONV_2D, plain, act(TensorType.FLOAT32, 1, 4, 4, 2),
                weights(TensorType.FLOAT32, null, 1, 3, 3, 2), act(TensorType.FLOAT32, 1, 4, 4, 2)));
        assertEquals(2, version(OpType.DEPTHWISE_CONV_2D, dilated, act(TensorType.FLOAT32, 1, 4, 4, 2),
                weights(TensorType.FLOAT32, null, 1, 3, 3, 2), act(TensorType.FLOAT32, 1, 4, 4, 2)));
        assertEquals(3, version(OpType.DEPTHWISE_CONV_2D, dilated, act(TensorType.INT8, 1, 4, 4, 2),
                weights(TensorType.INT8, along3, 1, 3, 3, 2), act(TensorType.INT8, 1, 4, 4, 2)));
        assertEquals(4, version(OpType.DEPTHWISE_CONV_2D, plain, act(TensorType.FLOAT32, 1, 4, 4, 2),
                weights(TensorType.INT8, Q, 1, 3, 3, 2), act(TensorType.FLOAT32, 1, 4, 4, 2)));
        assertEquals(6, version(OpType.DEPTHWISE_CONV_2D, plain, act(TensorType.FLOAT32, 1, 4, 4, 2),
                weights(TensorType.INT8, along3, 1, 3, 3, 2), act(TensorType.FLOAT32, 1, 4, 4, 2)));
    }

    @Test
    void fullyConnected() {
        Tensor bias = weights(TensorType.INT32, Q, 2);
        assertEquals(1, version(OpType.FULLY_CONNECTED, FC, act(TensorType.FLOAT32, 1, 3),
                weights(TensorType.FLOAT32, null, 2, 3), weights(TensorType.FLOAT32, null, 2), act(TensorType.FLOAT32, 1, 2)));
        assertEquals(4, version(OpType.FULLY_CONNECTED, FC, act(TensorType.INT8, 1, 3),
                weights(TensorType.INT8, Q, 2, 3), bias, act(TensorType.INT8, 1, 2)));
        assertEquals(5, version(OpType.FULLY_CONNECTED, new OpOptions.FullyConnected(FusedActivation.NONE, true),
                act(TensorType.INT8, 1, 3), weights(TensorType.INT8, Q, 2, 3), bias, act(TensorType.INT8, 1, 2)));
        assertEquals(6, version(OpType.FULLY_CONNECTED, FC, act(TensorType.INT8, 1, 3),
                weights(TensorType.INT8, Q, 2, 3), act(TensorType.INT8, 1, 2)), "no bias");
        assertEquals(3, version(OpType.FULLY_CONNECTED, FC, act(TensorType.FLOAT32, 1, 3),
                weights(TensorType.INT8, Q, 2, 3), weights(TensorType.FLOAT32, null, 2), act(TensorType.FLOAT32, 1, 2)));
        assertEquals(12, version(OpType.FULLY_CONNECTED, FC, act(TensorType.FLOAT32, 1, 3),
                weights(TensorType.INT8, TWO_CHANNELS, 2, 3), weights(TensorType.FLOAT32, null, 2),
                act(TensorType.FLOAT32, 1, 2)));
    }

    @Test
    void poolsSoftmaxAndReshape() {
        OpOptions pool = new OpOptions.Pool2D(Padding.VALID, 2, 2, 2, 2, FusedActivation.NONE);
        for (OpType type : List.of(OpType.MAX_POOL_2D, OpType.AVERAGE_POOL_2D)) {
            assertEquals(1, version(type, pool, act(TensorType.FLOAT32, 1, 4, 4, 1), act(TensorType.FLOAT32, 1, 2, 2, 1)));
            assertEquals(2, version(type, pool, act(TensorType.INT8, 1, 4, 4, 1), act(TensorType.INT8, 1, 2, 2, 1)));
        }
        OpOptions softmax = new OpOptions.Softmax(1f);
        assertEquals(1, version(OpType.SOFTMAX, softmax, act(TensorType.FLOAT32, 1, 4), act(TensorType.FLOAT32, 1, 4)));
        assertEquals(2, version(OpType.SOFTMAX, softmax, act(TensorType.INT8, 1, 4), act(TensorType.INT8, 1, 4)));
        OpOptions reshape = new OpOptions.Reshape(new int[] {1, 4});
        assertEquals(1, version(OpType.RESHAPE, reshape, act(TensorType.INT8, 1, 2, 2), act(TensorType.INT8, 1, 4)));
    }

    @Test
    void quantizeAndDequantize() {
        OpOptions none = new OpOptions.None();
        Tensor perChannel = Tensor.activation("pc", TensorType.INT8, new int[] {2, 3}, TWO_CHANNELS);
        assertEquals(1, version(OpType.QUANTIZE, none, act(TensorType.FLOAT32, 1, 4), act(TensorType.INT8, 1, 4)));
        assertEquals(1, version(OpType.QUANTIZE, none, act(TensorType.INT8, 1, 4), act(TensorType.INT8, 1, 4)));
        assertEquals(3, version(OpType.QUANTIZE, none, act(TensorType.FLOAT32, 2, 3), perChannel));
        assertEquals(2, version(OpType.DEQUANTIZE, none, act(TensorType.INT8, 1, 4), act(TensorType.FLOAT32, 1, 4)));
        assertEquals(5, version(OpType.DEQUANTIZE, none, perChannel, act(TensorType.FLOAT32, 2, 3)));
    }
}
