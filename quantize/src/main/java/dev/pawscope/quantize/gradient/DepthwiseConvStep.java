package dev.pawscope.quantize.gradient;

import dev.pawscope.quantize.graph.FusedActivation;
import dev.pawscope.quantize.kernels.WindowGeometry;

/**
 * DEPTHWISE_CONV_2D (filter {@code [1,KH,KW,C_in*M]}; output channel {@code c*M + m} sees only
 * input channel c) and its input gradient. TFLite's filter layout is already contiguous over
 * output channels, so it is used as it is.
 */
final class DepthwiseConvStep implements Step {

    private final int input;
    private final int output;
    private final FusedActivation activation;
    private final WindowGeometry g;
    private final int multiplier;
    private final float[] filter; // [KH][KW][C_in * M]
    private final float[] bias;
    private final WindowSpan rows;
    private final WindowSpan cols;

    DepthwiseConvStep(int input, int output, FusedActivation activation, WindowGeometry g, int multiplier,
            float[] filter, float[] bias) {
        this.input = input;
        this.output = output;
        this.activation = activation;
        this.g = g;
        this.multiplier = multiplier;
        this.filter = filter.clone();
        this.bias = bias == null ? new float[g.inC() * multiplier] : bias.clone();
        this.rows = new WindowSpan(g.outH(), g.inH(), g.filterH(), g.strideH(), g.dilationH(), g.padH());
        this.cols = new WindowSpan(g.outW(), g.inW(), g.filterW(), g.strideW(), g.dilationW(), g.padW());
    }

    @Override
    public int input() {
        return input;
    }

    @Override
    public int output() {
        return output;
    }

    @Override
    public FusedActivation activation() {
        return activation;
    }

    @Override
    public void forward(float[] x, float[] y) {
        int inC = g.inC();
        int outC = inC * multiplier;
        int kw = g.filterW();
        for (int b = 0; b < g.batches(); b++) {
            for (int oy = 0; oy < g.outH(); oy++) {
                for (int ox = 0; ox < g.outW(); ox++) {
                    int yBase = ((b * g.outH() + oy) * g.outW() + ox) * outC;
                    System.arraycopy(bias, 0, y, yBase, outC);
                    for (int ky = rows.first[oy]; ky < rows.end[oy]; ky++) {
                        int iy = rows.origin[oy] + ky * g.dilationH();
                        for (int kx = cols.first[ox]; kx < cols.end[ox]; kx++) {
                            int ix = cols.origin[ox] + kx * g.dilationW();
                            int xBase = ((b * g.inH() + iy) * g.inW() + ix) * inC;
                            int wBase = (ky * kw + kx) * outC;
                            if (multiplier == 1) {
                                for (int c = 0; c < inC; c++) {
                                    y[yBase + c] += filter[wBase + c] * x[xBase + c];
                                }
                            } else {
                                for (int c = 0; c < inC; c++) {
                                    float v = x[xBase + c];
                                    for (int m = 0; m < multiplier; m++) {
                                        int o = c * multiplier + m;
                                        y[yBase + o] += filter[wBase + o] * v;
                                    }
                                }
                            }
                        }
                    }
                    ActivationGradient.apply(activation, y, yBase, outC);
                }
            }
        }
    }

    @Override
    public void backward(float[] x, float[] y, float[] dz, float[] dx) {
        int inC = g.inC();
        int outC = inC * multiplier;
        int kw = g.filterW();
        for (int b = 0; b < g.batches(); b++) {
            for (int oy = 0; oy < g.outH(); oy++) {
                for (int ox = 0; ox < g.outW(); ox++) {
                    int zBase = ((b * g.outH() + oy) * g.outW() + ox) * outC;
                    for (int ky = rows.first[oy]; ky < rows.end[oy]; ky++) {
                        int iy = rows.origin[oy] + ky * g.dilationH();
                        for (int kx = cols.first[ox]; kx < cols.end[ox]; kx++) {
                            int ix = cols.origin[ox] + kx * g.dilationW();
                            int xBase = ((b * g.inH() + iy) * g.inW() + ix) * inC;
                            int wBase = (ky * kw + kx) * outC;
                            if (multiplier == 1) {
                                for (int c = 0; c < inC; c++) {
                                    dx[xBase + c] += filter[wBase + c] * dz[zBase + c];
                                }
                            } else {
                                for (int c = 0; c < inC; c++) {
                                    float sum = 0f;
                                    for (int m = 0; m < multiplier; m++) {
                                        int o = c * multiplier + m;
                                        sum += filter[wBase + o] * dz[zBase + o];
                                    }
                                    dx[xBase + c] += sum;
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
