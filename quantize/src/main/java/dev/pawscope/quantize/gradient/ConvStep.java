package dev.pawscope.quantize.gradient;

import dev.pawscope.quantize.graph.FusedActivation;
import dev.pawscope.quantize.kernels.WindowGeometry;

/**
 * CONV_2D (filter {@code [C_out,KH,KW,C_in]}, NHWC) and its input gradient.
 *
 * <p>The filter is laid out twice at preparation: {@code [KH][KW][C_in][C_out]} for the forward
 * pass and {@code [KH][KW][C_out][C_in]} for the backward pass, so both inner loops run over a
 * contiguous channel vector ({@code y[o] += w[o] * x}, {@code dx[c] += w[c] * dz}) that C2
 * vectorizes; dot products would not be (Java keeps float reductions in order). Zero inputs (after
 * a ReLU, often most) and zero output gradients (after max pooling, at least three in four) are
 * skipped. The sums run in another order than {@code Conv2DKernel}'s, so values agree with the
 * interpreter only up to float rounding.
 */
final class ConvStep implements Step {

    private final int input;
    private final int output;
    private final FusedActivation activation;
    private final WindowGeometry g;
    private final int outC;
    private final float[] forwardWeights; // [KH][KW][C_in][C_out]
    private final float[] backwardWeights; // [KH][KW][C_out][C_in]
    private final float[] bias; // C_out values, zeros if the op has none
    private final WindowSpan rows;
    private final WindowSpan cols;

    ConvStep(int input, int output, FusedActivation activation, WindowGeometry g, int outC, float[] filter,
            float[] bias) {
        this.input = input;
        this.output = output;
        this.activation = activation;
        this.g = g;
        this.outC = outC;
        int kh = g.filterH();
        int kw = g.filterW();
        int inC = g.inC();
        this.forwardWeights = new float[filter.length];
        this.backwardWeights = new float[filter.length];
        for (int o = 0; o < outC; o++) {
            for (int y = 0; y < kh; y++) {
                for (int x = 0; x < kw; x++) {
                    for (int c = 0; c < inC; c++) {
                        float w = filter[((o * kh + y) * kw + x) * inC + c];
                        int tap = y * kw + x;
                        forwardWeights[(tap * inC + c) * outC + o] = w;
                        backwardWeights[(tap * outC + o) * inC + c] = w;
                    }
                }
            }
        }
        this.bias = bias == null ? new float[outC] : bias.clone();
        this.rows = new WindowSpan(g.outH(), g.inH(), kh, g.strideH(), g.dilationH(), g.padH());
        this.cols = new WindowSpan(g.outW(), g.inW(), kw, g.strideW(), g.dilationW(), g.padW());
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
        int inH = g.inH();
        int inW = g.inW();
        int kw = g.filterW();
        int dh = g.dilationH();
        int dw = g.dilationW();
        float[] w = forwardWeights;
        for (int b = 0; b < g.batches(); b++) {
            for (int oy = 0; oy < g.outH(); oy++) {
                int yFirst = rows.first[oy];
                int yEnd = rows.end[oy];
                int iyOrigin = rows.origin[oy];
                for (int ox = 0; ox < g.outW(); ox++) {
                    int xFirst = cols.first[ox];
                    int xEnd = cols.end[ox];
                    int ixOrigin = cols.origin[ox];
                    int yBase = ((b * g.outH() + oy) * g.outW() + ox) * outC;
                    System.arraycopy(bias, 0, y, yBase, outC);
                    for (int ky = yFirst; ky < yEnd; ky++) {
                        int rowBase = (b * inH + iyOrigin + ky * dh) * inW;
                        for (int kx = xFirst; kx < xEnd; kx++) {
                            int xBase = (rowBase + ixOrigin + kx * dw) * inC;
                            int wTap = (ky * kw + kx) * inC * outC;
                            for (int c = 0; c < inC; c++) {
                                float v = x[xBase + c];
                                if (v != 0f) {
                                    int wBase = wTap + c * outC;
                                    for (int o = 0; o < outC; o++) {
                                        y[yBase + o] += w[wBase + o] * v;
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
        int inH = g.inH();
        int inW = g.inW();
        int kw = g.filterW();
        int dh = g.dilationH();
        int dw = g.dilationW();
        float[] w = backwardWeights;
        for (int b = 0; b < g.batches(); b++) {
            for (int oy = 0; oy < g.outH(); oy++) {
                int yFirst = rows.first[oy];
                int yEnd = rows.end[oy];
                int iyOrigin = rows.origin[oy];
                for (int ox = 0; ox < g.outW(); ox++) {
                    int xFirst = cols.first[ox];
                    int xEnd = cols.end[ox];
                    int ixOrigin = cols.origin[ox];
                    int zBase = ((b * g.outH() + oy) * g.outW() + ox) * outC;
                    for (int o = 0; o < outC; o++) {
                        float d = dz[zBase + o];
                        if (d == 0f) {
                            continue;
                        }
                        for (int ky = yFirst; ky < yEnd; ky++) {
                            int rowBase = (b * inH + iyOrigin + ky * dh) * inW;
                            for (int kx = xFirst; kx < xEnd; kx++) {
                                int xBase = (rowBase + ixOrigin + kx * dw) * inC;
                                int wBase = ((ky * kw + kx) * outC + o) * inC;
                                for (int c = 0; c < inC; c++) {
                                    dx[xBase + c] += w[wBase + c] * d;
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
