package dev.pawscope.quantize.gradient;

import dev.pawscope.quantize.graph.FusedActivation;
import dev.pawscope.quantize.kernels.WindowGeometry;

/**
 * CONV_2D (filter {@code [C_out,KH,KW,C_in]}, NHWC) and its input gradient.
 *
 * <p>The filter is laid out again at preparation so that every inner loop reads weights in order:
 * {@code [KH][KW][C_in][C_out]} for the general forward pass, {@code [KH][KW][C_out][C_in]} for the
 * backward pass ({@code dx[c] += w[c] * dz}), and {@code [C_out/8][KH][KW][C_in][8]} for the
 * blocked forward pass. Windows are clipped once per output row and column ({@link WindowSpan}),
 * so no tap is bounds-checked. The sums run in another order than {@code Conv2DKernel}'s, so values
 * agree with the interpreter only up to float rounding.
 *
 * <p>Stride-1 convolutions with large output planes (pawnet's first three forward, its first
 * backward) go to {@link PlaneConvolution}, whose inner loops run over whole planes; it loses to
 * the register-blocked code below on small planes, where a vector loop of 48 values does not pay
 * for itself and where the blocked backward pass skips the zeros max pooling leaves. Otherwise:
 * channel loops of 8 to 64 are too short for C2's vector loops to pay off (their set-up and
 * scalar tails dominate), so the common shapes have straight-line code instead: when C_out is a
 * multiple of 8, the forward pass keeps 8 output channels in registers across the whole window;
 * when C_in is 1 or a multiple of 8, the backward pass lists the output channels with a non-zero
 * gradient once per position (after max pooling, at most one in four positions has any) and keeps
 * 8 input channels (or the one) in registers over that list. Those paths use {@link Math#fma}, one
 * instruction on x86-64. Other shapes take plain loops over contiguous channels.
 */
final class ConvStep implements Step {

    /** Channels summed at once in registers. */
    private static final int BLOCK = 8;
    /** Output plane sizes from which plane loops beat registers, forward and backward (measured on pawnet). */
    private static final int PLANE_FORWARD = 128;
    private static final int PLANE_BACKWARD = 1024;

    private final int input;
    private final int output;
    private final FusedActivation activation;
    private final WindowGeometry g;
    private final int outC;
    private final float[] forwardWeights; // [KH][KW][C_in][C_out]
    private final float[] blockedWeights; // [C_out / 8][KH][KW][C_in][8], null unless C_out % 8 == 0
    private final float[] backwardWeights; // [KH][KW][C_out][C_in]
    private final float[] bias; // C_out values, zeros if the op has none
    private final WindowSpan rows;
    private final WindowSpan cols;
    private final PlaneConvolution planes; // stride 1 only, else null
    private final boolean planesForward;
    private final boolean planesBackward;

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
        this.blockedWeights = outC % BLOCK == 0 ? blocked(forwardWeights, kh * kw * inC, outC) : null;
        this.bias = bias == null ? new float[outC] : bias.clone();
        this.rows = new WindowSpan(g.outH(), g.inH(), kh, g.strideH(), g.dilationH(), g.padH());
        this.cols = new WindowSpan(g.outW(), g.inW(), kw, g.strideW(), g.dilationW(), g.padW());
        this.planes = g.strideH() == 1 && g.strideW() == 1 ? new PlaneConvolution(g, outC, filter, this.bias) : null;
        int plane = g.batches() * g.outH() * g.outW(); // a batch's planes are stacked into one
        this.planesForward = planes != null && (plane >= PLANE_FORWARD || outC % BLOCK != 0);
        // backward by the image's plane: below it, the blocked path's skipping of the zeros max
        // pooling leaves beats even a batch's long plane loops (which cannot skip them)
        int imagePlane = g.outH() * g.outW();
        this.planesBackward = planes != null && (imagePlane >= PLANE_BACKWARD || (g.inC() != 1 && g.inC() % BLOCK != 0));
    }

    /** {@code [rows][C_out]} to {@code [C_out / 8][rows][8]}. */
    private static float[] blocked(float[] forward, int rows, int outC) {
        float[] w = new float[forward.length];
        int i = 0;
        for (int block = 0; block < outC; block += BLOCK) {
            for (int r = 0; r < rows; r++) {
                for (int k = 0; k < BLOCK; k++) {
                    w[i++] = forward[r * outC + block + k];
                }
            }
        }
        return w;
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
        if (planesForward) {
            planes.forward(activation, x, y);
            return;
        }
        if (blockedWeights != null) {
            forwardBlocked(x, y);
            return;
        }
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
                                if (v != 0f) { // after a ReLU, often
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

    /** The forward pass with 8 output channels at a time summed in registers. */
    private void forwardBlocked(float[] x, float[] y) {
        int inC = g.inC();
        int inH = g.inH();
        int inW = g.inW();
        int kw = g.filterW();
        int dh = g.dilationH();
        int dw = g.dilationW();
        int blockStride = g.filterH() * kw * inC * BLOCK;
        float[] w = blockedWeights;
        float lower = activation.lower(); // the fused clamp; NONE's is infinite both ways
        float upper = activation.upper();
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
                    for (int block = 0; block < outC; block += BLOCK) {
                        float a0 = bias[block];
                        float a1 = bias[block + 1];
                        float a2 = bias[block + 2];
                        float a3 = bias[block + 3];
                        float a4 = bias[block + 4];
                        float a5 = bias[block + 5];
                        float a6 = bias[block + 6];
                        float a7 = bias[block + 7];
                        int wBlock = (block / BLOCK) * blockStride;
                        for (int ky = yFirst; ky < yEnd; ky++) {
                            int rowBase = (b * inH + iyOrigin + ky * dh) * inW;
                            for (int kx = xFirst; kx < xEnd; kx++) {
                                int xBase = (rowBase + ixOrigin + kx * dw) * inC;
                                int p = wBlock + (ky * kw + kx) * inC * BLOCK;
                                for (int c = 0; c < inC; c++, p += BLOCK) {
                                    float v = x[xBase + c]; // no zero test: it mispredicts
                                    a0 = Math.fma(w[p], v, a0);
                                    a1 = Math.fma(w[p + 1], v, a1);
                                    a2 = Math.fma(w[p + 2], v, a2);
                                    a3 = Math.fma(w[p + 3], v, a3);
                                    a4 = Math.fma(w[p + 4], v, a4);
                                    a5 = Math.fma(w[p + 5], v, a5);
                                    a6 = Math.fma(w[p + 6], v, a6);
                                    a7 = Math.fma(w[p + 7], v, a7);
                                }
                            }
                        }
                        int o = yBase + block;
                        y[o] = Math.min(Math.max(a0, lower), upper);
                        y[o + 1] = Math.min(Math.max(a1, lower), upper);
                        y[o + 2] = Math.min(Math.max(a2, lower), upper);
                        y[o + 3] = Math.min(Math.max(a3, lower), upper);
                        y[o + 4] = Math.min(Math.max(a4, lower), upper);
                        y[o + 5] = Math.min(Math.max(a5, lower), upper);
                        y[o + 6] = Math.min(Math.max(a6, lower), upper);
                        y[o + 7] = Math.min(Math.max(a7, lower), upper);
                    }
                }
            }
        }
    }

    @Override
    public void backward(float[] x, float[] y, float[] dz, float[] dx) {
        if (planesBackward) {
            planes.backward(dz, dx);
            return;
        }
        if (g.inC() == 1 || g.inC() % BLOCK == 0) {
            backwardBlocked(dz, dx);
            return;
        }
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

    /** The backward pass for one input channel or a multiple of 8 (see the class comment). */
    private void backwardBlocked(float[] dz, float[] dx) {
        int inC = g.inC();
        int inH = g.inH();
        int inW = g.inW();
        int kw = g.filterW();
        int dh = g.dilationH();
        int dw = g.dilationW();
        float[] w = backwardWeights;
        int[] live = new int[outC]; // weight offsets (o * C_in) of the output channels with a gradient
        float[] liveGradient = new float[outC];
        for (int b = 0; b < g.batches(); b++) {
            for (int oy = 0; oy < g.outH(); oy++) {
                int yFirst = rows.first[oy];
                int yEnd = rows.end[oy];
                int iyOrigin = rows.origin[oy];
                for (int ox = 0; ox < g.outW(); ox++) {
                    int zBase = ((b * g.outH() + oy) * g.outW() + ox) * outC;
                    int n = 0;
                    for (int o = 0; o < outC; o++) {
                        float d = dz[zBase + o];
                        if (d != 0f) {
                            live[n] = o * inC;
                            liveGradient[n++] = d;
                        }
                    }
                    if (n == 0) {
                        continue;
                    }
                    int xFirst = cols.first[ox];
                    int xEnd = cols.end[ox];
                    int ixOrigin = cols.origin[ox];
                    for (int ky = yFirst; ky < yEnd; ky++) {
                        int rowBase = (b * inH + iyOrigin + ky * dh) * inW;
                        for (int kx = xFirst; kx < xEnd; kx++) {
                            int xBase = (rowBase + ixOrigin + kx * dw) * inC;
                            int wTap = (ky * kw + kx) * outC * inC;
                            if (inC == 1) {
                                float a = dx[xBase];
                                for (int j = 0; j < n; j++) {
                                    a = Math.fma(w[wTap + live[j]], liveGradient[j], a);
                                }
                                dx[xBase] = a;
                                continue;
                            }
                            for (int c = 0; c < inC; c += BLOCK) {
                                int i = xBase + c;
                                float a0 = dx[i];
                                float a1 = dx[i + 1];
                                float a2 = dx[i + 2];
                                float a3 = dx[i + 3];
                                float a4 = dx[i + 4];
                                float a5 = dx[i + 5];
                                float a6 = dx[i + 6];
                                float a7 = dx[i + 7];
                                for (int j = 0; j < n; j++) {
                                    int p = wTap + live[j] + c;
                                    float d = liveGradient[j];
                                    a0 = Math.fma(w[p], d, a0);
                                    a1 = Math.fma(w[p + 1], d, a1);
                                    a2 = Math.fma(w[p + 2], d, a2);
                                    a3 = Math.fma(w[p + 3], d, a3);
                                    a4 = Math.fma(w[p + 4], d, a4);
                                    a5 = Math.fma(w[p + 5], d, a5);
                                    a6 = Math.fma(w[p + 6], d, a6);
                                    a7 = Math.fma(w[p + 7], d, a7);
                                }
                                dx[i] = a0;
                                dx[i + 1] = a1;
                                dx[i + 2] = a2;
                                dx[i + 3] = a3;
                                dx[i + 4] = a4;
                                dx[i + 5] = a5;
                                dx[i + 6] = a6;
                                dx[i + 7] = a7;
                            }
                        }
                    }
                }
            }
        }
    }
}
