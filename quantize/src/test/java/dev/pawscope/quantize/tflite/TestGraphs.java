package dev.pawscope.quantize.tflite;

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
import java.util.SplittableRandom;

/**
 * Small graphs with every op type, for tests that need a whole model: the same little convnet as
 * float32, as int8, and as int8 with float input and output.
 *
 * <pre>
 * input [1,12,12,1]
 *   CONV_2D           8 filters 3x3, SAME, stride 1, RELU   -> [1,12,12,8]
 *   MAX_POOL_2D       2x2, stride 2, VALID                  -> [1,6,6,8]
 *   DEPTHWISE_CONV_2D 3x3, multiplier 1, SAME, RELU6        -> [1,6,6,8]
 *   AVERAGE_POOL_2D   2x2, stride 2, VALID                  -> [1,3,3,8]
 *   RESHAPE           [1,72]
 *   FULLY_CONNECTED   4 outputs                             -> [1,4]
 *   SOFTMAX           beta 1                                -> [1,4]
 * </pre>
 *
 * Weights are pseudo-random but fixed (one seed per graph), so every call returns an equal graph.
 * The int8 graphs are quantized the way TFLite's converter does it: per-channel symmetric weights
 * (CONV_2D along dimension 0, DEPTHWISE_CONV_2D along 3, FULLY_CONNECTED along 0), INT32 biases at
 * input scale x weight scale, asymmetric int8 activations, pools and RESHAPE keeping their input's
 * quantization, SOFTMAX output at 1/256 with zero point -128. The int8 RESHAPE takes its shape
 * from a constant INT32 input (as the converter writes it); the float32 one only from its options.
 */
public final class TestGraphs {

    public static final int[] INPUT_SHAPE = {1, 12, 12, 1};
    public static final int FILTERS = 8;
    public static final int CLASSES = 4;

    private static final int FLAT = 3 * 3 * FILTERS;
    private static final Quantization INPUT_Q = Quantization.perTensor(2f / 255, -1);
    private static final Quantization CONV_Q = Quantization.perTensor(0.05f, -128);
    private static final Quantization DW_Q = Quantization.perTensor(6f / 255, -128);
    private static final Quantization FC_Q = Quantization.perTensor(0.1f, 5);
    private static final Quantization SOFTMAX_Q = Quantization.perTensor(1f / 256, -128);

    private TestGraphs() {}

    /** The convnet in float32: float32 input, logits through SOFTMAX to float32 probabilities. */
    public static Graph float32ConvNet() {
        Builder b = new Builder(11);
        int input = b.add(Tensor.activation("input", TensorType.FLOAT32, INPUT_SHAPE, null));
        int probs = b.float32Body(input);
        return b.graph(input, probs, "pawscope test: float32 convnet");
    }

    /** The convnet in int8: int8 input and output, as TFLite Micro runs it. */
    public static Graph int8ConvNet() {
        Builder b = new Builder(22);
        int input = b.add(Tensor.activation("input", TensorType.INT8, INPUT_SHAPE, INPUT_Q));
        int probs = b.int8Body(input);
        return b.graph(input, probs, "pawscope test: int8 convnet");
    }

    /** The int8 convnet between a QUANTIZE of a float32 input and a DEQUANTIZE to float32 probabilities. */
    public static Graph int8ConvNetFloatIo() {
        Builder b = new Builder(33);
        int input = b.add(Tensor.activation("input", TensorType.FLOAT32, INPUT_SHAPE, null));
        int quantized = b.add(Tensor.activation("quantize/output", TensorType.INT8, INPUT_SHAPE, INPUT_Q));
        b.op(OpType.QUANTIZE, new int[] {input}, quantized, new OpOptions.None());
        int probs = b.int8Body(quantized);
        int output = b.add(Tensor.activation("output", TensorType.FLOAT32, new int[] {1, CLASSES}, null));
        b.op(OpType.DEQUANTIZE, new int[] {probs}, output, new OpOptions.None());
        return b.graph(input, output, "pawscope test: int8 convnet, float input and output");
    }

    /** The graph with the tensor named {@code name} replaced (to break one thing in a valid graph). */
    public static Graph withTensor(Graph graph, String name, Tensor replacement) {
        List<Tensor> tensors = new ArrayList<>(graph.tensors());
        int index = indexOf(graph, name);
        tensors.set(index, replacement);
        return new Graph(tensors, graph.operators(), graph.inputs(), graph.outputs(), graph.description());
    }

    /** The tensor named {@code name}. */
    public static Tensor tensor(Graph graph, String name) {
        return graph.tensor(indexOf(graph, name));
    }

    private static int indexOf(Graph graph, String name) {
        for (int i = 0; i < graph.tensors().size(); i++) {
            if (graph.tensor(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no tensor '" + name + "' in " + graph.description());
    }

    public static byte[] int32Bytes(int... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            buffer.putInt(v);
        }
        return buffer.array();
    }

    public static byte[] float32Bytes(float... values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buffer.putFloat(v);
        }
        return buffer.array();
    }

    /** Collects tensors and ops; random weights from one seed. */
    private static final class Builder {
        private final SplittableRandom random;
        private final List<Tensor> tensors = new ArrayList<>();
        private final List<Operator> ops = new ArrayList<>();

        Builder(long seed) {
            this.random = new SplittableRandom(seed);
        }

        int add(Tensor tensor) {
            tensors.add(tensor);
            return tensors.size() - 1;
        }

        void op(OpType type, int[] inputs, int output, OpOptions options) {
            ops.add(new Operator(type, inputs, new int[] {output}, options));
        }

        Graph graph(int input, int output, String description) {
            return new Graph(tensors, ops, new int[] {input}, new int[] {output}, description);
        }

        int float32Body(int input) {
            int convFilter = add(floatConst("conv/filter", FILTERS, 3, 3, 1));
            int convBias = add(floatConst("conv/bias", FILTERS));
            int conv = add(floatActivation("conv/output", 1, 12, 12, FILTERS));
            op(OpType.CONV_2D, new int[] {input, convFilter, convBias}, conv,
                    new OpOptions.Conv2D(Padding.SAME, 1, 1, FusedActivation.RELU, 1, 1));
            int maxPool = add(floatActivation("maxpool/output", 1, 6, 6, FILTERS));
            op(OpType.MAX_POOL_2D, new int[] {conv}, maxPool,
                    new OpOptions.Pool2D(Padding.VALID, 2, 2, 2, 2, FusedActivation.NONE));
            int dwFilter = add(floatConst("dw/filter", 1, 3, 3, FILTERS));
            int dwBias = add(floatConst("dw/bias", FILTERS));
            int dw = add(floatActivation("dw/output", 1, 6, 6, FILTERS));
            op(OpType.DEPTHWISE_CONV_2D, new int[] {maxPool, dwFilter, dwBias}, dw,
                    new OpOptions.DepthwiseConv2D(Padding.SAME, 1, 1, 1, FusedActivation.RELU6, 1, 1));
            int avgPool = add(floatActivation("avgpool/output", 1, 3, 3, FILTERS));
            op(OpType.AVERAGE_POOL_2D, new int[] {dw}, avgPool,
                    new OpOptions.Pool2D(Padding.VALID, 2, 2, 2, 2, FusedActivation.NONE));
            int flat = add(floatActivation("reshape/output", 1, FLAT));
            op(OpType.RESHAPE, new int[] {avgPool}, flat, new OpOptions.Reshape(new int[] {1, FLAT}));
            int fcWeights = add(floatConst("fc/weights", CLASSES, FLAT));
            int fcBias = add(floatConst("fc/bias", CLASSES));
            int logits = add(floatActivation("fc/output", 1, CLASSES));
            op(OpType.FULLY_CONNECTED, new int[] {flat, fcWeights, fcBias}, logits,
                    new OpOptions.FullyConnected(FusedActivation.NONE, false));
            int probs = add(floatActivation("softmax/output", 1, CLASSES));
            op(OpType.SOFTMAX, new int[] {logits}, probs, new OpOptions.Softmax(1f));
            return probs;
        }

        int int8Body(int input) {
            float inScale = tensors.get(input).quantization().scale();
            float[] convScales = weightScales(FILTERS);
            int convFilter = add(int8Const("conv/filter", new Quantization(convScales, new int[FILTERS], 0),
                    FILTERS, 3, 3, 1));
            int convBias = add(int32Bias("conv/bias", inScale, convScales));
            int conv = add(Tensor.activation("conv/output", TensorType.INT8, new int[] {1, 12, 12, FILTERS}, CONV_Q));
            op(OpType.CONV_2D, new int[] {input, convFilter, convBias}, conv,
                    new OpOptions.Conv2D(Padding.SAME, 1, 1, FusedActivation.RELU, 1, 1));
            int maxPool = add(Tensor.activation("maxpool/output", TensorType.INT8, new int[] {1, 6, 6, FILTERS}, CONV_Q));
            op(OpType.MAX_POOL_2D, new int[] {conv}, maxPool,
                    new OpOptions.Pool2D(Padding.VALID, 2, 2, 2, 2, FusedActivation.NONE));
            float[] dwScales = weightScales(FILTERS);
            int dwFilter = add(int8Const("dw/filter", new Quantization(dwScales, new int[FILTERS], 3),
                    1, 3, 3, FILTERS));
            int dwBias = add(int32Bias("dw/bias", CONV_Q.scale(), dwScales));
            int dw = add(Tensor.activation("dw/output", TensorType.INT8, new int[] {1, 6, 6, FILTERS}, DW_Q));
            op(OpType.DEPTHWISE_CONV_2D, new int[] {maxPool, dwFilter, dwBias}, dw,
                    new OpOptions.DepthwiseConv2D(Padding.SAME, 1, 1, 1, FusedActivation.RELU6, 1, 1));
            int avgPool = add(Tensor.activation("avgpool/output", TensorType.INT8, new int[] {1, 3, 3, FILTERS}, DW_Q));
            op(OpType.AVERAGE_POOL_2D, new int[] {dw}, avgPool,
                    new OpOptions.Pool2D(Padding.VALID, 2, 2, 2, 2, FusedActivation.NONE));
            int shape = add(new Tensor("reshape/shape", TensorType.INT32, new int[] {2}, null, int32Bytes(1, FLAT)));
            int flat = add(Tensor.activation("reshape/output", TensorType.INT8, new int[] {1, FLAT}, DW_Q));
            op(OpType.RESHAPE, new int[] {avgPool, shape}, flat, new OpOptions.Reshape(new int[] {1, FLAT}));
            float[] fcScales = weightScales(CLASSES);
            int fcWeights = add(int8Const("fc/weights", new Quantization(fcScales, new int[CLASSES], 0),
                    CLASSES, FLAT));
            int fcBias = add(int32Bias("fc/bias", DW_Q.scale(), fcScales));
            int logits = add(Tensor.activation("fc/output", TensorType.INT8, new int[] {1, CLASSES}, FC_Q));
            op(OpType.FULLY_CONNECTED, new int[] {flat, fcWeights, fcBias}, logits,
                    new OpOptions.FullyConnected(FusedActivation.NONE, false));
            int probs = add(Tensor.activation("softmax/output", TensorType.INT8, new int[] {1, CLASSES}, SOFTMAX_Q));
            op(OpType.SOFTMAX, new int[] {logits}, probs, new OpOptions.Softmax(1f));
            return probs;
        }

        private Tensor floatConst(String name, int... shape) {
            float[] values = new float[Tensor.elementCount(shape)];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (random.nextDouble() - 0.5);
            }
            return new Tensor(name, TensorType.FLOAT32, shape, null, float32Bytes(values));
        }

        private static Tensor floatActivation(String name, int... shape) {
            return Tensor.activation(name, TensorType.FLOAT32, shape, null);
        }

        /** Symmetric int8 weights in [-127, 127]. */
        private Tensor int8Const(String name, Quantization q, int... shape) {
            byte[] values = new byte[Tensor.elementCount(shape)];
            for (int i = 0; i < values.length; i++) {
                values[i] = (byte) (random.nextInt(255) - 127);
            }
            return new Tensor(name, TensorType.INT8, shape, q, values);
        }

        private float[] weightScales(int channels) {
            float[] scales = new float[channels];
            for (int c = 0; c < channels; c++) {
                scales[c] = (float) (0.002 + 0.01 * random.nextDouble());
            }
            return scales;
        }

        /** One INT32 value per channel in [-1000, 1000), at scale input scale x weight scale, zero point 0. */
        private Tensor int32Bias(String name, float inputScale, float[] weightScales) {
            float[] scales = new float[weightScales.length];
            int[] values = new int[weightScales.length];
            for (int c = 0; c < scales.length; c++) {
                scales[c] = inputScale * weightScales[c];
                values[c] = random.nextInt(2000) - 1000;
            }
            return new Tensor(name, TensorType.INT32, new int[] {scales.length},
                    new Quantization(scales, new int[scales.length], 0), int32Bytes(values));
        }
    }
}
