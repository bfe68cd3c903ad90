package dev.pawscope.quantize.ptq;

import dev.pawscope.quantize.graph.FusedActivation;
import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.OpOptions;
import dev.pawscope.quantize.graph.OpType;
import dev.pawscope.quantize.graph.Operator;
import dev.pawscope.quantize.graph.Padding;
import dev.pawscope.quantize.graph.Tensor;
import dev.pawscope.quantize.graph.TensorType;
import dev.pawscope.quantize.interpreter.TensorData;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small float32 classifiers with random weights, and smooth random images to feed them. */
final class FloatNets {

    static final int SIZE = 12;

    private FloatNets() {}

    /** conv(8,3,same,relu) - maxpool 2 - depthwise(3,relu6) - avgpool 2 - reshape - fc(4) - softmax. */
    static Graph convNet(long seed) {
        Random r = new Random(seed);
        List<Tensor> t = new ArrayList<>();
        t.add(act("input", 1, SIZE, SIZE, 1));
        t.add(constant("conv/filter", r, 0.4f, 8, 3, 3, 1));
        t.add(constant("conv/bias", r, 0.1f, 8));
        t.add(act("conv", 1, SIZE, SIZE, 8));
        t.add(act("maxpool", 1, SIZE / 2, SIZE / 2, 8));
        t.add(constant("dw/filter", r, 0.4f, 1, 3, 3, 8));
        t.add(constant("dw/bias", r, 0.1f, 8));
        t.add(act("dw", 1, SIZE / 2, SIZE / 2, 8));
        t.add(act("avgpool", 1, SIZE / 4, SIZE / 4, 8));
        int flat = SIZE / 4 * SIZE / 4 * 8;
        t.add(act("flatten", 1, flat));
        t.add(constant("fc/weights", r, 0.2f, 4, flat));
        t.add(constant("fc/bias", r, 0.1f, 4));
        t.add(act("fc", 1, 4));
        t.add(act("softmax", 1, 4));
        List<Operator> ops = List.of(
                new Operator(OpType.CONV_2D, new int[] {0, 1, 2}, new int[] {3},
                        new OpOptions.Conv2D(Padding.SAME, 1, 1, FusedActivation.RELU, 1, 1)),
                new Operator(OpType.MAX_POOL_2D, new int[] {3}, new int[] {4},
                        new OpOptions.Pool2D(Padding.VALID, 2, 2, 2, 2, FusedActivation.NONE)),
                new Operator(OpType.DEPTHWISE_CONV_2D, new int[] {4, 5, 6}, new int[] {7},
                        new OpOptions.DepthwiseConv2D(Padding.SAME, 1, 1, 1, FusedActivation.RELU6, 1, 1)),
                new Operator(OpType.AVERAGE_POOL_2D, new int[] {7}, new int[] {8},
                        new OpOptions.Pool2D(Padding.VALID, 2, 2, 2, 2, FusedActivation.NONE)),
                new Operator(OpType.RESHAPE, new int[] {8}, new int[] {9}, new OpOptions.Reshape(new int[] {1, flat})),
                new Operator(OpType.FULLY_CONNECTED, new int[] {9, 10, 11}, new int[] {12},
                        new OpOptions.FullyConnected(FusedActivation.NONE, false)),
                new Operator(OpType.SOFTMAX, new int[] {12}, new int[] {13}, new OpOptions.Softmax(1f)));
        return new Graph(t, ops, new int[] {0}, new int[] {13}, "float test net");
    }

    /** Blobs and gradients in [-1, 1]: enough structure for the convolutions to respond to. */
    static List<float[]> images(long seed, int count) {
        Random r = new Random(seed);
        List<float[]> images = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            float[] x = new float[SIZE * SIZE];
            double cx = r.nextDouble() * SIZE;
            double cy = r.nextDouble() * SIZE;
            double radius = 2 + r.nextDouble() * 4;
            double slope = r.nextDouble() - 0.5;
            for (int y = 0; y < SIZE; y++) {
                for (int i = 0; i < SIZE; i++) {
                    double blob = Math.hypot(i - cx, y - cy) < radius ? 0.8 : -0.4;
                    double v = blob + slope * (i - SIZE / 2.0) / SIZE + 0.1 * r.nextGaussian();
                    x[y * SIZE + i] = (float) Math.max(-1, Math.min(1, v));
                }
            }
            images.add(x);
        }
        return images;
    }

    private static Tensor act(String name, int... shape) {
        return Tensor.activation(name, TensorType.FLOAT32, shape, null);
    }

    private static Tensor constant(String name, Random r, float std, int... shape) {
        float[] v = new float[Tensor.elementCount(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * std);
        }
        return new Tensor(name, TensorType.FLOAT32, shape, null, TensorData.fromFloats(v));
    }
}
