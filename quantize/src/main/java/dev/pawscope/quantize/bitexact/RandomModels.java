package dev.pawscope.quantize.bitexact;

import dev.pawscope.quantize.graph.FusedActivation;
import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.OpOptions;
import dev.pawscope.quantize.graph.OpType;
import dev.pawscope.quantize.graph.Operator;
import dev.pawscope.quantize.graph.Padding;
import dev.pawscope.quantize.graph.Quantization;
import dev.pawscope.quantize.graph.Tensor;
import dev.pawscope.quantize.graph.TensorType;
import dev.pawscope.quantize.interpreter.TensorData;
import dev.pawscope.quantize.kernels.SoftmaxInt8;
import dev.pawscope.quantize.kernels.WindowGeometry;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Small random int8 models for bit-exactness checks: a chain of one to four spatial ops (CONV_2D,
 * DEPTHWISE_CONV_2D, MAX_POOL_2D, AVERAGE_POOL_2D) with random shapes, strides, dilations,
 * paddings, fused activations, zero points and scales, then sometimes RESHAPE + FULLY_CONNECTED
 * and SOFTMAX. Output scales follow the accumulators' spread, so outputs use the int8 range instead
 * of saturating. Case {@code n} is the same model on every machine.
 */
public final class RandomModels {

    private final SplittableRandom random;
    private final List<Tensor> tensors = new ArrayList<>();
    private final List<Operator> operators = new ArrayList<>();

    private final long seed;

    private RandomModels(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    /** A random model and an input for it. */
    public record Case(long seed, Graph graph, byte[] input) {
        public String summary() {
            StringBuilder s = new StringBuilder("case " + seed + ": input "
                    + java.util.Arrays.toString(graph.inputTensor().shape()));
            for (Operator op : graph.operators()) {
                s.append(" -> ").append(op.type()).append(' ').append(op.options());
            }
            return s.toString();
        }
    }

    public static Case generate(long seed) {
        return new RandomModels(seed).build();
    }

    private Case build() {
        int h = between(1, 12);
        int w = between(1, 12);
        int c = between(1, 6);
        int current = activation("input", new int[] {1, h, w, c}, randomActivationQuantization());
        int spatialOps = between(1, 4);
        for (int i = 0; i < spatialOps; i++) {
            int[] shape = tensors.get(current).shape();
            switch (random.nextInt(4)) {
                case 0 -> current = conv(current, shape, i);
                case 1 -> current = depthwise(current, shape, i);
                case 2 -> current = pool(OpType.MAX_POOL_2D, current, shape, i);
                default -> current = pool(OpType.AVERAGE_POOL_2D, current, shape, i);
            }
        }
        if (random.nextInt(3) > 0) {
            current = reshapeAndFullyConnected(current);
            if (random.nextBoolean()) {
                current = softmax(current);
            }
        }
        byte[] input = new byte[tensors.get(0).elementCount()];
        for (int i = 0; i < input.length; i++) {
            input[i] = (byte) between(-128, 127);
        }
        Graph graph = new Graph(tensors, operators, new int[] {0}, new int[] {current}, "pawscope random model");
        return new Case(seed, graph, input);
    }

    private int conv(int input, int[] inShape, int layer) {
        int kh = between(1, Math.min(5, inShape[1] + 2));
        int kw = between(1, Math.min(5, inShape[2] + 2));
        int outC = between(1, 8);
        Window win = window(inShape, kh, kw, true);
        int inC = inShape[3];
        Tensor in = tensors.get(input);
        float[] filterScales = randomScales(outC);
        byte[] filter = randomWeights(outC * kh * kw * inC);
        int f = constant(new Tensor("conv" + layer + "/filter", TensorType.INT8, new int[] {outC, kh, kw, inC},
                new Quantization(filterScales, new int[outC], 0), filter));
        int b = bias("conv" + layer + "/bias", in.quantization().scale(), filterScales, outC);
        float outScale = outputScale(in.quantization().scale(), filterScales, kh * kw * inC);
        int out = activation("conv" + layer, new int[] {1, win.geometry.outH(), win.geometry.outW(), outC},
                Quantization.perTensor(outScale, between(-100, 100)));
        operators.add(new Operator(OpType.CONV_2D, new int[] {input, f, b}, new int[] {out},
                new OpOptions.Conv2D(win.padding, win.strideW, win.strideH, randomActivation(), win.dilationW,
                        win.dilationH)));
        return out;
    }

    private int depthwise(int input, int[] inShape, int layer) {
        int kh = between(1, Math.min(5, inShape[1] + 2));
        int kw = between(1, Math.min(5, inShape[2] + 2));
        int multiplier = between(1, 3);
        int outC = inShape[3] * multiplier;
        Window win = window(inShape, kh, kw, true);
        Tensor in = tensors.get(input);
        float[] filterScales = randomScales(outC);
        int f = constant(new Tensor("dw" + layer + "/filter", TensorType.INT8, new int[] {1, kh, kw, outC},
                new Quantization(filterScales, new int[outC], 3), randomWeights(kh * kw * outC)));
        int b = bias("dw" + layer + "/bias", in.quantization().scale(), filterScales, outC);
        float outScale = outputScale(in.quantization().scale(), filterScales, kh * kw);
        int out = activation("dw" + layer, new int[] {1, win.geometry.outH(), win.geometry.outW(), outC},
                Quantization.perTensor(outScale, between(-100, 100)));
        operators.add(new Operator(OpType.DEPTHWISE_CONV_2D, new int[] {input, f, b}, new int[] {out},
                new OpOptions.DepthwiseConv2D(win.padding, win.strideW, win.strideH, multiplier, randomActivation(),
                        win.dilationW, win.dilationH)));
        return out;
    }

    private int pool(OpType type, int input, int[] inShape, int layer) {
        int kh = between(1, Math.min(4, inShape[1]));
        int kw = between(1, Math.min(4, inShape[2]));
        Window win = window(inShape, kh, kw, false);
        Tensor in = tensors.get(input);
        int out = activation((type == OpType.MAX_POOL_2D ? "maxpool" : "avgpool") + layer,
                new int[] {1, win.geometry.outH(), win.geometry.outW(), inShape[3]}, in.quantization());
        operators.add(new Operator(type, new int[] {input}, new int[] {out},
                new OpOptions.Pool2D(win.padding, win.strideW, win.strideH, kw, kh, randomActivation())));
        return out;
    }

    private int reshapeAndFullyConnected(int input) {
        Tensor in = tensors.get(input);
        int depth = in.elementCount();
        int flat = activation("flatten", new int[] {1, depth}, in.quantization());
        operators.add(new Operator(OpType.RESHAPE, new int[] {input}, new int[] {flat},
                new OpOptions.Reshape(new int[] {1, depth})));
        int outputs = between(1, 10);
        boolean perChannel = random.nextBoolean();
        float[] scales = randomScales(perChannel ? outputs : 1);
        int w = constant(new Tensor("fc/weights", TensorType.INT8, new int[] {outputs, depth},
                new Quantization(scales, new int[scales.length], 0), randomWeights(outputs * depth)));
        int b = bias("fc/bias", in.quantization().scale(), scales, outputs);
        float outScale = outputScale(in.quantization().scale(), scales, depth);
        int out = activation("fc", new int[] {1, outputs}, Quantization.perTensor(outScale, between(-100, 100)));
        operators.add(new Operator(OpType.FULLY_CONNECTED, new int[] {flat, w, b}, new int[] {out},
                new OpOptions.FullyConnected(randomActivation(), false)));
        return out;
    }

    private int softmax(int input) {
        Tensor in = tensors.get(input);
        int out = activation("softmax", in.shape(),
                Quantization.perTensor(SoftmaxInt8.OUTPUT_SCALE, SoftmaxInt8.OUTPUT_ZERO_POINT));
        float beta = new float[] {1f, 0.5f, 2f}[random.nextInt(3)];
        operators.add(new Operator(OpType.SOFTMAX, new int[] {input}, new int[] {out}, new OpOptions.Softmax(beta)));
        return out;
    }

    /** A window's padding, strides and dilations, redrawn until its output is at least 1x1. */
    private record Window(Padding padding, int strideH, int strideW, int dilationH, int dilationW,
            WindowGeometry geometry) {}

    private Window window(int[] inShape, int kh, int kw, boolean dilate) {
        while (true) {
            Padding padding = random.nextBoolean() ? Padding.SAME : Padding.VALID;
            int strideH = between(1, 3);
            int strideW = between(1, 3);
            int dilationH = dilate && random.nextInt(4) == 0 ? 2 : 1;
            int dilationW = dilate && random.nextInt(4) == 0 ? 2 : 1;
            int outH = WindowGeometry.outSize(padding, inShape[1], kh, strideH, dilationH);
            int outW = WindowGeometry.outSize(padding, inShape[2], kw, strideW, dilationW);
            if (outH >= 1 && outW >= 1) {
                return new Window(padding, strideH, strideW, dilationH, dilationW,
                        WindowGeometry.of(inShape, kh, kw, padding, strideH, strideW, dilationH, dilationW));
            }
        }
    }

    private int bias(String name, float inputScale, float[] weightScales, int channels) {
        float[] scales = new float[weightScales.length];
        for (int i = 0; i < scales.length; i++) {
            scales[i] = inputScale * weightScales[i];
        }
        int[] values = new int[channels];
        for (int i = 0; i < channels; i++) {
            values[i] = between(-20_000, 20_000);
        }
        return constant(new Tensor(name, TensorType.INT32, new int[] {channels},
                new Quantization(scales, new int[scales.length], 0), TensorData.fromInts(values)));
    }

    /**
     * A scale that maps the accumulator's typical spread (about {@code sqrt(taps) * 74 * 74} for
     * uniform int8 operands) to 20..90 output steps.
     */
    private float outputScale(float inputScale, float[] weightScales, int taps) {
        double meanWeightScale = 0;
        for (float s : weightScales) {
            meanWeightScale += s / weightScales.length;
        }
        double spread = Math.sqrt(taps) * 74 * 74 * inputScale * meanWeightScale;
        return (float) (spread / (20 + random.nextInt(70)));
    }

    private Quantization randomActivationQuantization() {
        return Quantization.perTensor((float) Math.exp(-6 + 4 * random.nextDouble()), between(-128, 127));
    }

    private float[] randomScales(int n) {
        float[] scales = new float[n];
        for (int i = 0; i < n; i++) {
            scales[i] = (float) Math.exp(-8 + 4 * random.nextDouble());
        }
        return scales;
    }

    private byte[] randomWeights(int n) {
        byte[] w = new byte[n];
        for (int i = 0; i < n; i++) {
            w[i] = (byte) between(-127, 127);
        }
        return w;
    }

    private FusedActivation randomActivation() {
        return switch (random.nextInt(4)) {
            case 0 -> FusedActivation.RELU;
            case 1 -> FusedActivation.RELU6;
            default -> FusedActivation.NONE;
        };
    }

    private int activation(String name, int[] shape, Quantization q) {
        tensors.add(Tensor.activation(name, TensorType.INT8, shape, q));
        return tensors.size() - 1;
    }

    private int constant(Tensor t) {
        tensors.add(t);
        return tensors.size() - 1;
    }

    private int between(int low, int high) {
        return low + random.nextInt(high - low + 1);
    }
}
