package dev.pawscope.quantize.gradient;

import dev.pawscope.quantize.graph.FusedActivation;
import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.OpOptions;
import dev.pawscope.quantize.graph.Operator;
import dev.pawscope.quantize.graph.Tensor;
import dev.pawscope.quantize.interpreter.TensorData;
import dev.pawscope.quantize.kernels.WindowGeometry;

/**
 * A naive float64 evaluation of a float32 graph, written independently of the engine (loops with
 * bounds checks, TFLite's semantics), for finite differences that float rounding does not swamp.
 */
final class DoubleReference {

    private final Graph graph;

    DoubleReference(Graph graph) {
        this.graph = graph;
    }

    /** Every tensor's value after starting from {@code value} at {@code tensor} (ops after its producer). */
    double[][] run(int tensor, double[] value) {
        double[][] v = new double[graph.tensors().size()][];
        v[tensor] = value.clone();
        int first = 0;
        for (int i = 0; i < graph.operators().size(); i++) {
            if (graph.operators().get(i).output() == tensor) {
                first = i + 1;
            }
        }
        for (int i = first; i < graph.operators().size(); i++) {
            Operator op = graph.operators().get(i);
            v[op.output()] = apply(op, v[op.input(0)]);
        }
        return v;
    }

    private double[] apply(Operator op, double[] x) {
        Tensor in = graph.tensor(op.input(0));
        Tensor out = graph.tensor(op.output());
        double[] y = new double[out.elementCount()];
        switch (op.type()) {
            case CONV_2D, DEPTHWISE_CONV_2D -> {
                boolean depthwise = op.type() == dev.pawscope.quantize.graph.OpType.DEPTHWISE_CONV_2D;
                Tensor filter = graph.tensor(op.input(1));
                float[] w = TensorData.toFloats(filter.data());
                float[] b = op.input(2) == -1 ? null : TensorData.toFloats(graph.tensor(op.input(2)).data());
                WindowGeometry g;
                FusedActivation act;
                int multiplier = 1;
                if (depthwise) {
                    OpOptions.DepthwiseConv2D o = (OpOptions.DepthwiseConv2D) op.options();
                    g = WindowGeometry.of(in.shape(), filter.dim(1), filter.dim(2), o.padding(), o.strideH(),
                            o.strideW(), o.dilationH(), o.dilationW());
                    act = o.activation();
                    multiplier = o.depthMultiplier();
                } else {
                    OpOptions.Conv2D o = (OpOptions.Conv2D) op.options();
                    g = WindowGeometry.of(in.shape(), filter.dim(1), filter.dim(2), o.padding(), o.strideH(),
                            o.strideW(), o.dilationH(), o.dilationW());
                    act = o.activation();
                }
                int outC = out.dim(3);
                for (int oy = 0; oy < g.outH(); oy++) {
                    for (int ox = 0; ox < g.outW(); ox++) {
                        for (int oc = 0; oc < outC; oc++) {
                            double sum = b == null ? 0 : b[oc];
                            for (int ky = 0; ky < g.filterH(); ky++) {
                                for (int kx = 0; kx < g.filterW(); kx++) {
                                    int iy = oy * g.strideH() - g.padH() + ky * g.dilationH();
                                    int ix = ox * g.strideW() - g.padW() + kx * g.dilationW();
                                    if (iy < 0 || iy >= g.inH() || ix < 0 || ix >= g.inW()) {
                                        continue;
                                    }
                                    if (depthwise) {
                                        int ic = oc / multiplier;
                                        sum += w[(ky * g.filterW() + kx) * outC + oc]
                                                * x[(iy * g.inW() + ix) * g.inC() + ic];
                                    } else {
                                        for (int ic = 0; ic < g.inC(); ic++) {
                                            sum += w[((oc * g.filterH() + ky) * g.filterW() + kx) * g.inC() + ic]
                                                    * x[(iy * g.inW() + ix) * g.inC() + ic];
                                        }
                                    }
                                }
                            }
                            y[(oy * g.outW() + ox) * outC + oc] = clamp(act, sum);
                        }
                    }
                }
            }
            case MAX_POOL_2D, AVERAGE_POOL_2D -> {
                OpOptions.Pool2D o = (OpOptions.Pool2D) op.options();
                WindowGeometry g = WindowGeometry.of(in.shape(), o.filterH(), o.filterW(), o.padding(), o.strideH(),
                        o.strideW(), 1, 1);
                boolean max = op.type() == dev.pawscope.quantize.graph.OpType.MAX_POOL_2D;
                for (int oy = 0; oy < g.outH(); oy++) {
                    for (int ox = 0; ox < g.outW(); ox++) {
                        for (int c = 0; c < g.inC(); c++) {
                            double acc = max ? Double.NEGATIVE_INFINITY : 0;
                            int count = 0;
                            for (int ky = 0; ky < g.filterH(); ky++) {
                                for (int kx = 0; kx < g.filterW(); kx++) {
                                    int iy = oy * g.strideH() - g.padH() + ky;
                                    int ix = ox * g.strideW() - g.padW() + kx;
                                    if (iy < 0 || iy >= g.inH() || ix < 0 || ix >= g.inW()) {
                                        continue;
                                    }
                                    double v = x[(iy * g.inW() + ix) * g.inC() + c];
                                    acc = max ? Math.max(acc, v) : acc + v;
                                    count++;
                                }
                            }
                            y[(oy * g.outW() + ox) * g.inC() + c] = clamp(o.activation(), max ? acc : acc / count);
                        }
                    }
                }
            }
            case FULLY_CONNECTED -> {
                OpOptions.FullyConnected o = (OpOptions.FullyConnected) op.options();
                Tensor weights = graph.tensor(op.input(1));
                float[] w = TensorData.toFloats(weights.data());
                float[] b = op.input(2) == -1 ? null : TensorData.toFloats(graph.tensor(op.input(2)).data());
                int outputs = weights.dim(0);
                int depth = weights.dim(1);
                for (int o2 = 0; o2 < outputs; o2++) {
                    double sum = b == null ? 0 : b[o2];
                    for (int i = 0; i < depth; i++) {
                        sum += w[o2 * depth + i] * x[i];
                    }
                    y[o2] = clamp(o.activation(), sum);
                }
            }
            case RESHAPE -> System.arraycopy(x, 0, y, 0, x.length);
            case SOFTMAX -> {
                double beta = ((OpOptions.Softmax) op.options()).beta();
                double max = Double.NEGATIVE_INFINITY;
                for (double v : x) {
                    max = Math.max(max, v);
                }
                double sum = 0;
                for (int i = 0; i < x.length; i++) {
                    y[i] = Math.exp(beta * (x[i] - max));
                    sum += y[i];
                }
                for (int i = 0; i < y.length; i++) {
                    y[i] /= sum;
                }
            }
            default -> throw new IllegalArgumentException(op.type().toString());
        }
        return y;
    }

    private static double clamp(FusedActivation act, double v) {
        return Math.min(Math.max(v, act.lower()), act.upper());
    }
}
