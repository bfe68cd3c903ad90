package dev.pawscope.quantize.oracle;

import dev.pawscope.quantize.graph.FusedActivation;
import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.OpOptions;
import dev.pawscope.quantize.graph.OpType;
import dev.pawscope.quantize.graph.Operator;
import dev.pawscope.quantize.graph.Padding;
import dev.pawscope.quantize.graph.Quantization;
import dev.pawscope.quantize.graph.Tensor;
import dev.pawscope.quantize.graph.TensorType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small graphs with known weights for the oracle tests. */
final class OracleTestGraphs {

    private OracleTestGraphs() {}

    /** Filter of {@link #floatConv()}: 2 output channels, 2x2, 1 input channel (OHWI). */
    static final float[] CONV_FILTER = {1, 2, 3, 4, -1, 0, 0, 1};
    static final float[] CONV_BIAS = {0.5f, -1f};
    /** Input of {@link #floatConv()}: 3x3, values 1..9 row by row. */
    static final float[] CONV_INPUT = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    /**
     * Hand-computed output of {@link #floatConv()} on {@link #CONV_INPUT}, NHWC [1,2,2,2]. At
     * (y, x): channel 0 = in[y][x] + 2 in[y][x+1] + 3 in[y+1][x] + 4 in[y+1][x+1] + 0.5, channel 1
     * = in[y+1][x+1] - in[y][x] - 1 = 4 - 1 everywhere.
     */
    static final float[] CONV_EXPECTED = {
        1 + 2 * 2 + 3 * 4 + 4 * 5 + 0.5f, 3,
        2 + 2 * 3 + 3 * 5 + 4 * 6 + 0.5f, 3,
        4 + 2 * 5 + 3 * 7 + 4 * 8 + 0.5f, 3,
        5 + 2 * 6 + 3 * 8 + 4 * 9 + 0.5f, 3,
    };

    /** One float32 CONV_2D: [1,3,3,1] * [2,2,2,1] + bias, VALID, stride 1 -> [1,2,2,2]. */
    static Graph floatConv() {
        List<Tensor> tensors = List.of(
                Tensor.activation("input", TensorType.FLOAT32, new int[] {1, 3, 3, 1}, null),
                new Tensor("conv/filter", TensorType.FLOAT32, new int[] {2, 2, 2, 1}, null, floats(CONV_FILTER)),
                new Tensor("conv/bias", TensorType.FLOAT32, new int[] {2}, null, floats(CONV_BIAS)),
                Tensor.activation("conv/output", TensorType.FLOAT32, new int[] {1, 2, 2, 2}, null));
        Operator conv = new Operator(OpType.CONV_2D, new int[] {0, 1, 2}, new int[] {3},
                new OpOptions.Conv2D(Padding.VALID, 1, 1, FusedActivation.NONE, 1, 1));
        return new Graph(tensors, List.of(conv), new int[] {0}, new int[] {3}, "oracle test: float conv");
    }

    /**
     * Every op pawscope supports, int8 in the middle, float at both ends: QUANTIZE, CONV_2D
     * (per-channel, RELU), DEPTHWISE_CONV_2D (per-channel, stride 2, RELU6), AVERAGE_POOL_2D,
     * MAX_POOL_2D, RESHAPE, FULLY_CONNECTED, SOFTMAX, DEQUANTIZE. Input float32 [1,8,8,1] in [-1, 1).
     * Random weights from {@code seed}. The only graph output is the last op's.
     */
    static Graph int8Chain(long seed) {
        Random random = new Random(seed);
        List<Tensor> t = new ArrayList<>();
        List<Operator> ops = new ArrayList<>();

        Quantization inQ = Quantization.perTensor(1f / 128, 0);
        int input = add(t, Tensor.activation("input", TensorType.FLOAT32, new int[] {1, 8, 8, 1}, null));
        int quantized = add(t, Tensor.activation("quantize/output", TensorType.INT8, new int[] {1, 8, 8, 1}, inQ));
        ops.add(new Operator(OpType.QUANTIZE, new int[] {input}, new int[] {quantized}, new OpOptions.None()));

        // CONV_2D 3x3, 1 -> 4 channels, SAME, RELU; per-channel weights along dimension 0
        float[] convScales = {0.011f, 0.007f, 0.013f, 0.005f};
        int convFilter = add(t, new Tensor("conv/filter", TensorType.INT8, new int[] {4, 3, 3, 1},
                new Quantization(convScales, new int[4], 0), randomInt8(random, 4 * 3 * 3)));
        int convBias = add(t, bias("conv/bias", inQ.scale(), convScales, 4, random));
        Quantization convQ = Quantization.perTensor(0.02f, -128);
        int convOut = add(t, Tensor.activation("conv/output", TensorType.INT8, new int[] {1, 8, 8, 4}, convQ));
        ops.add(new Operator(OpType.CONV_2D, new int[] {quantized, convFilter, convBias}, new int[] {convOut},
                new OpOptions.Conv2D(Padding.SAME, 1, 1, FusedActivation.RELU, 1, 1)));

        // DEPTHWISE_CONV_2D 3x3, multiplier 1, stride 2, SAME, RELU6; per-channel along dimension 3
        float[] dwScales = {0.02f, 0.03f, 0.015f, 0.025f};
        int dwFilter = add(t, new Tensor("dw/filter", TensorType.INT8, new int[] {1, 3, 3, 4},
                new Quantization(dwScales, new int[4], 3), randomInt8(random, 3 * 3 * 4)));
        int dwBias = add(t, bias("dw/bias", convQ.scale(), dwScales, 4, random));
        Quantization dwQ = Quantization.perTensor(6f / 255, -128);
        int dwOut = add(t, Tensor.activation("dw/output", TensorType.INT8, new int[] {1, 4, 4, 4}, dwQ));
        ops.add(new Operator(OpType.DEPTHWISE_CONV_2D, new int[] {convOut, dwFilter, dwBias}, new int[] {dwOut},
                new OpOptions.DepthwiseConv2D(Padding.SAME, 2, 2, 1, FusedActivation.RELU6, 1, 1)));

        // AVERAGE_POOL_2D 2x2 stride 1 VALID, then MAX_POOL_2D 2x2 stride 1 VALID (same quantization)
        int avgOut = add(t, Tensor.activation("avgpool/output", TensorType.INT8, new int[] {1, 3, 3, 4}, dwQ));
        ops.add(new Operator(OpType.AVERAGE_POOL_2D, new int[] {dwOut}, new int[] {avgOut},
                new OpOptions.Pool2D(Padding.VALID, 1, 1, 2, 2, FusedActivation.NONE)));
        int maxOut = add(t, Tensor.activation("maxpool/output", TensorType.INT8, new int[] {1, 2, 2, 4}, dwQ));
        ops.add(new Operator(OpType.MAX_POOL_2D, new int[] {avgOut}, new int[] {maxOut},
                new OpOptions.Pool2D(Padding.VALID, 1, 1, 2, 2, FusedActivation.NONE)));

        // RESHAPE [1,2,2,4] -> [1,16]
        int shape = add(t, new Tensor("reshape/shape", TensorType.INT32, new int[] {2}, null, ints(1, 16)));
        int flat = add(t, Tensor.activation("reshape/output", TensorType.INT8, new int[] {1, 16}, dwQ));
        ops.add(new Operator(OpType.RESHAPE, new int[] {maxOut, shape}, new int[] {flat},
                new OpOptions.Reshape(new int[] {1, 16})));

        // FULLY_CONNECTED 16 -> 3, per-tensor weights
        float fcScale = 0.01f;
        int fcWeights = add(t, new Tensor("fc/weights", TensorType.INT8, new int[] {3, 16},
                Quantization.perTensor(fcScale, 0), randomInt8(random, 3 * 16)));
        int fcBias = add(t, bias("fc/bias", dwQ.scale(), new float[] {fcScale}, 3, random));
        Quantization fcQ = Quantization.perTensor(0.004f, 3);
        int logits = add(t, Tensor.activation("fc/output", TensorType.INT8, new int[] {1, 3}, fcQ));
        ops.add(new Operator(OpType.FULLY_CONNECTED, new int[] {flat, fcWeights, fcBias}, new int[] {logits},
                new OpOptions.FullyConnected(FusedActivation.NONE, false)));

        // SOFTMAX (TFLite wants int8 outputs at scale 1/256, zero point -128), DEQUANTIZE
        int probs = add(t, Tensor.activation("softmax/output", TensorType.INT8, new int[] {1, 3},
                Quantization.perTensor(1f / 256, -128)));
        ops.add(new Operator(OpType.SOFTMAX, new int[] {logits}, new int[] {probs}, new OpOptions.Softmax(1f)));
        int output = add(t, Tensor.activation("output", TensorType.FLOAT32, new int[] {1, 3}, null));
        ops.add(new Operator(OpType.DEQUANTIZE, new int[] {probs}, new int[] {output}, new OpOptions.None()));

        return new Graph(t, ops, new int[] {input}, new int[] {output}, "oracle test: int8 chain, seed " + seed);
    }

    /** A float32 input in [-1, 1) for {@link #int8Chain}. */
    static byte[] chainInput(long seed) {
        Random random = new Random(seed);
        float[] values = new float[8 * 8];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat() * 2 - 1;
        }
        return floats(values);
    }

    /**
     * An int32 bias of {@code channels} values in [-512, 512), quantized at input scale x weight
     * scale (one scale per weight scale: per-channel or per-tensor like the weights).
     */
    private static Tensor bias(String name, float inputScale, float[] weightScales, int channels, Random random) {
        float[] scales = new float[weightScales.length];
        for (int c = 0; c < scales.length; c++) {
            scales[c] = inputScale * weightScales[c];
        }
        int[] values = new int[channels];
        for (int c = 0; c < channels; c++) {
            values[c] = random.nextInt(1024) - 512;
        }
        return new Tensor(name, TensorType.INT32, new int[] {channels},
                new Quantization(scales, new int[scales.length], 0), ints(values));
    }

    private static int add(List<Tensor> tensors, Tensor tensor) {
        tensors.add(tensor);
        return tensors.size() - 1;
    }

    private static byte[] randomInt8(Random random, int count) {
        byte[] data = new byte[count];
        for (int i = 0; i < count; i++) {
            data[i] = (byte) (random.nextInt(255) - 127);
        }
        return data;
    }

    static byte[] floats(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buffer.putFloat(v);
        }
        return buffer.array();
    }

    static float[] toFloats(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.length / 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = buffer.getFloat();
        }
        return values;
    }

    static byte[] ints(int... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            buffer.putInt(v);
        }
        return buffer.array();
    }
}
