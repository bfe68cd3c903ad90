package dev.pawscope.quantize.gradient;

import dev.pawscope.quantize.graph.FusedActivation;
import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.OpOptions;
import dev.pawscope.quantize.graph.OpType;
import dev.pawscope.quantize.graph.Operator;
import dev.pawscope.quantize.graph.Padding;
import dev.pawscope.quantize.graph.Tensor;
import dev.pawscope.quantize.graph.TensorType;
import dev.pawscope.quantize.interpreter.TensorData;
import dev.pawscope.quantize.kernels.WindowGeometry;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Small float32 graphs with random weights, built op by op (NHWC, batch 1). */
final class FloatGraphs {

    private final SplittableRandom random;
    private final List<Tensor> tensors = new ArrayList<>();
    private final List<Operator> ops = new ArrayList<>();
    private int current;
    private int[] shape;

    FloatGraphs(long seed, int h, int w, int c) {
        random = new SplittableRandom(seed);
        shape = new int[] {1, h, w, c};
        current = activation(shape);
    }

    FloatGraphs conv(int filters, int kh, int kw, Padding padding, int stride, int dilation, FusedActivation act) {
        int inC = shape[3];
        int filter = constant(new int[] {filters, kh, kw, inC}, 1.5 / Math.sqrt(kh * kw * inC));
        int bias = constant(new int[] {filters}, 0.3);
        WindowGeometry g = WindowGeometry.of(shape, kh, kw, padding, stride, stride, dilation, dilation);
        return op(OpType.CONV_2D, new int[] {current, filter, bias}, new int[] {1, g.outH(), g.outW(), filters},
                new OpOptions.Conv2D(padding, stride, stride, act, dilation, dilation));
    }

    FloatGraphs depthwise(int multiplier, int k, Padding padding, int stride, int dilation, FusedActivation act) {
        int outC = shape[3] * multiplier;
        int filter = constant(new int[] {1, k, k, outC}, 1.5 / k);
        int bias = constant(new int[] {outC}, 0.3);
        WindowGeometry g = WindowGeometry.of(shape, k, k, padding, stride, stride, dilation, dilation);
        return op(OpType.DEPTHWISE_CONV_2D, new int[] {current, filter, bias}, new int[] {1, g.outH(), g.outW(), outC},
                new OpOptions.DepthwiseConv2D(padding, stride, stride, multiplier, act, dilation, dilation));
    }

    FloatGraphs pool(boolean max, int k, Padding padding, int stride, FusedActivation act) {
        WindowGeometry g = WindowGeometry.of(shape, k, k, padding, stride, stride, 1, 1);
        return op(max ? OpType.MAX_POOL_2D : OpType.AVERAGE_POOL_2D, new int[] {current},
                new int[] {1, g.outH(), g.outW(), shape[3]}, new OpOptions.Pool2D(padding, stride, stride, k, k, act));
    }

    FloatGraphs flatten() {
        int n = Tensor.elementCount(shape);
        return op(OpType.RESHAPE, new int[] {current}, new int[] {1, n}, new OpOptions.Reshape(new int[] {1, n}));
    }

    FloatGraphs dense(int units, FusedActivation act) {
        int depth = shape[shape.length - 1];
        int weights = constant(new int[] {units, depth}, 1.5 / Math.sqrt(depth));
        int bias = constant(new int[] {units}, 0.3);
        return op(OpType.FULLY_CONNECTED, new int[] {current, weights, bias}, new int[] {1, units},
                new OpOptions.FullyConnected(act, false));
    }

    FloatGraphs softmax(float beta) {
        return op(OpType.SOFTMAX, new int[] {current}, shape.clone(), new OpOptions.Softmax(beta));
    }

    Graph build() {
        return new Graph(tensors, ops, new int[] {0}, new int[] {current}, "random float graph");
    }

    private FloatGraphs op(OpType type, int[] inputs, int[] outShape, OpOptions options) {
        int out = activation(outShape);
        ops.add(new Operator(type, inputs, new int[] {out}, options));
        current = out;
        shape = outShape;
        return this;
    }

    private int activation(int[] s) {
        tensors.add(Tensor.activation("t" + tensors.size(), TensorType.FLOAT32, s, null));
        return tensors.size() - 1;
    }

    private int constant(int[] s, double spread) {
        float[] values = new float[Tensor.elementCount(s)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * spread * Math.sqrt(3));
        }
        tensors.add(new Tensor("c" + tensors.size(), TensorType.FLOAT32, s, null, TensorData.fromFloats(values)));
        return tensors.size() - 1;
    }
}
