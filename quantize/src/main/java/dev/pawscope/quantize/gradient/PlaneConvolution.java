package dev.pawscope.quantize.gradient;

import dev.pawscope.quantize.graph.FusedActivation;
import dev.pawscope.quantize.kernels.WindowGeometry;

/**
 * A stride-1 CONV_2D computed on zero-padded channel planes, so that every inner loop is one long
 * contiguous {@code a[i + j] += w * b[k + j]} that C2 turns into full-width vector code.
 *
 * <p>Why: in NHWC the contiguous runs are channel vectors of 8 to 64 values, too short for C2's
 * vector loops; and JDK 17's C2 vectorizes {@code y[j] += w * x[j]} but not the same loop with
 * offsets ({@code y[a + j] += w * x[b + j]}), so every hot loop here runs over whole arrays from 0. Here the input is copied into planes {@code [C_in][hp][wp]} with the padding as
 * zeros; with stride 1, output {@code (oy, ox)} reads padded {@code (oy + ky*dh, ox + kx*dw)}, so
 * for one tap the whole output plane, laid out with the padded width {@code wp}, is the input plane
 * shifted by {@code ky*dh*wp + kx*dw}. Each (output channel, input channel, tap) is then one
 * multiply-add over {@code outH * wp} values per image (the shifted input plane copied once per
 * input channel and tap); the {@code wp - outW} columns per row beyond the
 * output (and the rows below it) are computed and thrown away (4% of the work at 48x48, 15% at
 * 12x12, 27% at 6x6). The backward pass is
 * the same loop with the roles swapped: the input planes' gradient gathers the output planes'
 * gradient shifted back: per input channel and tap, the output channels' gradients are summed
 * (vectorized) and the sum added once, shifted; output channels whose gradient is zero everywhere
 * are skipped.
 *
 * <p>A batch is one tall plane per channel: the images are stacked vertically, each {@code hs}
 * rows high, and neighbouring images share their zero rows (likewise each row's right padding is the
 * next row's left padding, so rows are {@code wp} wide). So for a batch the loops run over all
 * images at once: pawnet's 12x12 and 6x6 planes, too short alone, become long loops over N
 * concatenated planes. The loops go in chunks of {@link #CHUNK} positions: per chunk the shifted
 * inputs of every (input channel, tap) are copied once (into L2), then {@link #BLOCK} output
 * channels at a time take all of them, their partial sums held in L1 and each input loaded once
 * for the block (the backward pass likewise blocks (input channel, tap) pairs).
 *
 * <p>Values match {@link ConvStep}'s other paths up to float rounding (another summation order).
 */
final class PlaneConvolution {

    /** Positions per chunk: a chunk of pawnet's conv4 inputs (48 x 9 taps x 512 floats) is 864 KB, in L2. */
    private static final int CHUNK = 512;
    /** Rows summed together in L1 (output channels forward, (input channel, tap) pairs backward). */
    private static final int BLOCK = 4; // 8 measured 2-3x slower (C2 keeps fewer streams in vectors)

    private final WindowGeometry g;
    private final int outC;
    private final int wp; // row width shared by input and output planes
    private final int hs; // rows per image in the stacked planes
    private final int planeLength; // floats per stacked padded input plane (room for the overrun)
    private final int outLength; // batches * hs * wp: output positions computed, some thrown away
    private final int[] offsets; // per tap: ky*dh*wp + kx*dw
    private final float[] weights; // [C_out][C_in][taps]
    private final float[] bias;

    PlaneConvolution(WindowGeometry g, int outC, float[] filter, float[] bias) {
        if (g.strideH() != 1 || g.strideW() != 1) {
            throw new IllegalArgumentException("plane convolution needs stride 1, found " + g.strideH() + "x"
                    + g.strideW());
        }
        this.g = g;
        this.outC = outC;
        int kh = g.filterH();
        int kw = g.filterW();
        int spanH = (kh - 1) * g.dilationH();
        int spanW = (kw - 1) * g.dilationW();
        // output column ox reads padded columns ox..ox+spanW; past wp that is the next row's left
        // padding, zero as long as wp >= outW + spanW - padW (and the image fits: wp >= padW + inW)
        this.wp = Math.max(g.outW() + spanW - g.padW(), g.inW() + g.padW());
        this.hs = Math.max(g.outH() + spanH - g.padH(), g.inH() + g.padH()); // the same argument for rows
        this.outLength = g.batches() * hs * wp;
        this.planeLength = (g.batches() * hs + spanH) * wp + spanW + 1;
        int taps = kh * kw;
        this.offsets = new int[taps];
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                offsets[y * kw + x] = y * g.dilationH() * wp + x * g.dilationW();
            }
        }
        int inC = g.inC();
        this.weights = new float[outC * inC * taps];
        for (int o = 0; o < outC; o++) {
            for (int t = 0; t < taps; t++) {
                for (int c = 0; c < inC; c++) {
                    weights[(o * inC + c) * taps + t] = filter[(o * taps + t) * inC + c];
                }
            }
        }
        this.bias = bias;
    }

    void forward(FusedActivation activation, float[] x, float[] y) {
        int k = g.inC() * offsets.length; // (input channel, tap) pairs
        float lower = activation.lower();
        float upper = activation.upper();
        float[] xp = toPlanes(x);
        float[][] shifted = new float[k][CHUNK]; // per (input channel, tap): the chunk's inputs, at 0
        float[][] partial = new float[BLOCK][CHUNK];
        float[][] yp = new float[outC][outLength];
        for (int j0 = 0; j0 < outLength; j0 += CHUNK) {
            int n = Math.min(CHUNK, outLength - j0);
            for (int c = 0; c < g.inC(); c++) {
                for (int t = 0; t < offsets.length; t++) {
                    // a copy at offset 0: C2 (JDK 17) vectorizes a[j] += w * b[j], not b[k + j]
                    System.arraycopy(xp, c * planeLength + offsets[t] + j0, shifted[c * offsets.length + t], 0, n);
                }
            }
            // BLOCK output channels at a time: their partial sums stay in L1 over all k inputs
            for (int o = 0; o < outC; o += BLOCK) {
                int m = Math.min(BLOCK, outC - o);
                for (int q = 0; q < m; q++) {
                    java.util.Arrays.fill(partial[q], 0, n, bias[o + q]);
                }
                for (int i = 0; i < k; i++) {
                    multiplyAdd(partial, m, weights, o * k + i, k, shifted[i], n);
                }
                for (int q = 0; q < m; q++) {
                    System.arraycopy(partial[q], 0, yp[o + q], j0, n);
                }
            }
        }
        int outSize = g.outH() * g.outW() * outC;
        for (int b = 0; b < g.batches(); b++) {
            for (int oy = 0; oy < g.outH(); oy++) {
                for (int ox = 0; ox < g.outW(); ox++) {
                    int i = b * outSize + (oy * g.outW() + ox) * outC;
                    int j = (b * hs + oy) * wp + ox;
                    for (int o = 0; o < outC; o++) {
                        y[i + o] = Math.min(Math.max(yp[o][j], lower), upper);
                    }
                }
            }
        }
    }

    void backward(float[] dz, float[] dx) {
        int inC = g.inC();
        int taps = offsets.length;
        int k = inC * taps;
        float[][] dzp = new float[outC][outLength]; // positions outside the images stay zero
        boolean[] live = new boolean[outC];
        int outSize = g.outH() * g.outW() * outC;
        for (int b = 0; b < g.batches(); b++) {
            for (int oy = 0; oy < g.outH(); oy++) {
                for (int ox = 0; ox < g.outW(); ox++) {
                    int i = b * outSize + (oy * g.outW() + ox) * outC;
                    int j = (b * hs + oy) * wp + ox;
                    for (int o = 0; o < outC; o++) {
                        float d = dz[i + o];
                        dzp[o][j] = d;
                        live[o] |= d != 0f;
                    }
                }
            }
        }
        float[] dxp = new float[inC * planeLength];
        float[][] chunk = new float[outC][CHUNK];
        float[][] sum = new float[BLOCK][CHUNK];
        for (int j0 = 0; j0 < outLength; j0 += CHUNK) {
            int n = Math.min(CHUNK, outLength - j0);
            for (int o = 0; o < outC; o++) {
                if (live[o]) {
                    System.arraycopy(dzp[o], j0, chunk[o], 0, n); // to offset 0, for the vector loop
                }
            }
            // per BLOCK (input channel, tap) pairs: the output channels' gradients summed in L1
            // (vectorized), then each sum added once, shifted
            for (int i = 0; i < k; i += BLOCK) {
                int m = Math.min(BLOCK, k - i);
                for (int q = 0; q < m; q++) {
                    java.util.Arrays.fill(sum[q], 0, n, 0f);
                }
                for (int o = 0; o < outC; o++) {
                    if (live[o]) {
                        multiplyAdd(sum, m, weights, o * k + i, 1, chunk[o], n);
                    }
                }
                for (int q = 0; q < m; q++) {
                    int c = (i + q) / taps;
                    int dst = c * planeLength + offsets[(i + q) % taps] + j0;
                    float[] s = sum[q];
                    for (int j = 0; j < n; j++) {
                        dxp[dst + j] += s[j];
                    }
                }
            }
        }
        int inSize = g.inH() * g.inW() * inC;
        for (int b = 0; b < g.batches(); b++) {
            for (int iy = 0; iy < g.inH(); iy++) {
                for (int ix = 0; ix < g.inW(); ix++) {
                    int i = b * inSize + (iy * g.inW() + ix) * inC;
                    int j = (b * hs + iy + g.padH()) * wp + ix + g.padW();
                    for (int c = 0; c < inC; c++) {
                        dx[i + c] += dxp[c * planeLength + j];
                    }
                }
            }
        }
    }

    /**
     * {@code y[q][0..n) += w[at + q * stride] * x[0..n)} for the first {@code m} rows of {@code y}
     * (at most {@link #BLOCK}): each x loaded once for all rows; all from index 0, so C2 vectorizes.
     */
    private static void multiplyAdd(float[][] y, int m, float[] w, int at, int stride, float[] x, int n) {
        if (m == BLOCK) {
            float[] y0 = y[0];
            float[] y1 = y[1];
            float[] y2 = y[2];
            float[] y3 = y[3];
            float w0 = w[at];
            float w1 = w[at + stride];
            float w2 = w[at + 2 * stride];
            float w3 = w[at + 3 * stride];
            for (int j = 0; j < n; j++) {
                float v = x[j];
                y0[j] += w0 * v;
                y1[j] += w1 * v;
                y2[j] += w2 * v;
                y3[j] += w3 * v;
            }
            return;
        }
        for (int q = 0; q < m; q++) {
            float[] yq = y[q];
            float wq = w[at + q * stride];
            for (int j = 0; j < n; j++) {
                yq[j] += wq * x[j];
            }
        }
    }

    /** The NHWC batch into zero-bordered stacked planes {@code [C_in][planeLength]}. */
    private float[] toPlanes(float[] x) {
        int channels = g.inC();
        float[] planes = new float[channels * planeLength];
        int inSize = g.inH() * g.inW() * channels;
        for (int b = 0; b < g.batches(); b++) {
            for (int iy = 0; iy < g.inH(); iy++) {
                for (int ix = 0; ix < g.inW(); ix++) {
                    int i = b * inSize + (iy * g.inW() + ix) * channels;
                    int j = (b * hs + iy + g.padH()) * wp + ix + g.padW();
                    for (int c = 0; c < channels; c++) {
                        planes[c * planeLength + j] = x[i + c];
                    }
                }
            }
        }
        return planes;
    }
}
