package dev.pawscope.quantize.kernels;

import java.util.Arrays;

/**
 * The int32 accumulators of an int8 CONV_2D ({@code bias + sum of w * (x + inputOffset)}, before
 * requantization), computed plane by plane so that the JIT vectorizes the sums.
 *
 * <p>Per image, each input channel becomes a plane of {@code x + inputOffset} with zero borders as
 * wide as the padding, {@code OW + KW - 1} columns per row. For a tap (ky, kx), the plane shifted by
 * {@code ky * rowWidth + kx} lines up with a "wide" output plane of {@code OH} rows of the same width,
 * so one tap of one channel pair is the loop {@code acc[i] += w * shifted[i]} over the whole output,
 * starting at index 0 — the shape JDK 17's C2 turns into vector multiply-adds (it does not for a
 * window-by-window dot product). The columns past {@code OW} are computed and dropped.
 *
 * <p>Integer sums are exact, so the order of the additions is free and the accumulators equal the
 * reference kernel's: zero borders add nothing, as TFLite skips taps outside the image. Only stride
 * 1 and dilation 1; {@link #supports} says so. Immutable after construction; {@link #accumulate}
 * allocates its scratch, so one instance may be shared by threads.
 */
public final class Int8ConvPlanes {

    private final WindowGeometry g;
    private final int outC;
    private final int inputOffset;
    /** {@code [inC][KH * KW][outC]}: the out-channel weights of one (channel, tap) side by side. */
    private final int[] weights;
    private final int[] bias;
    private final int rowWidth;
    private final int planeRows;
    private final int wideSize;

    /**
     * @param filter {@code [outC][KH][KW][inC]} int8 weights
     * @param bias int32 biases, or null
     * @throws IllegalArgumentException if the convolution is strided or dilated
     */
    public Int8ConvPlanes(WindowGeometry g, int outC, int inputOffset, byte[] filter, int[] bias) {
        if (!supports(g)) {
            throw new IllegalArgumentException("plane convolution needs stride 1 and dilation 1, found strides "
                    + g.strideH() + "x" + g.strideW() + " and dilations " + g.dilationH() + "x" + g.dilationW());
        }
        this.g = g;
        this.outC = outC;
        this.inputOffset = inputOffset;
        this.bias = bias == null ? null : bias.clone();
        int taps = g.filterH() * g.filterW();
        int inC = g.inC();
        this.weights = new int[inC * taps * outC];
        for (int oc = 0; oc < outC; oc++) {
            for (int t = 0; t < taps; t++) {
                for (int ic = 0; ic < inC; ic++) {
                    weights[(ic * taps + t) * outC + oc] = filter[(oc * taps + t) * inC + ic];
                }
            }
        }
        this.rowWidth = g.outW() + g.filterW() - 1;
        this.planeRows = g.outH() + g.filterH() - 1;
        this.wideSize = g.outH() * rowWidth;
    }

    /** Whether a convolution of this geometry can run on planes: stride 1, dilation 1. */
    public static boolean supports(WindowGeometry g) {
        return g.strideH() == 1 && g.strideW() == 1 && g.dilationH() == 1 && g.dilationW() == 1;
    }

    /**
     * Whether planes are the faster way for this geometry: below about a hundred outputs per plane
     * the per-loop overhead outweighs the vector width (measured on pawnet's 6x6 layer: 0.6 GMAC/s
     * on planes, against 2-4 on its 24x24 and 12x12 layers).
     */
    public static boolean pays(WindowGeometry g) {
        return supports(g) && g.outH() * (g.outW() + g.filterW() - 1) >= 100;
    }

    /** The accumulators of every output, NHWC {@code [N][OH][OW][outC]}. */
    public int[] accumulate(byte[] input) {
        int inC = g.inC();
        int taps = g.filterH() * g.filterW();
        int[] result = new int[g.batches() * g.outH() * g.outW() * outC];
        // One wide plane per output channel; the shifted copy of the current tap's input plane.
        int[][] wide = new int[outC][wideSize];
        int[] plane = new int[planeRows * rowWidth + g.filterW()]; // tail: the last tap's shift reads past the rows
        int[] shifted = new int[wideSize];
        for (int b = 0; b < g.batches(); b++) {
            for (int[] w : wide) {
                Arrays.fill(w, 0);
            }
            for (int ic = 0; ic < inC; ic++) {
                fillPlane(input, b, ic, plane);
                for (int ky = 0; ky < g.filterH(); ky++) {
                    for (int kx = 0; kx < g.filterW(); kx++) {
                        System.arraycopy(plane, ky * rowWidth + kx, shifted, 0, wideSize);
                        int w0 = (ic * taps + ky * g.filterW() + kx) * outC;
                        for (int oc = 0; oc < outC; oc++) {
                            int w = weights[w0 + oc];
                            if (w != 0) {
                                multiplyAdd(wide[oc], w, shifted);
                            }
                        }
                    }
                }
            }
            for (int oy = 0; oy < g.outH(); oy++) {
                for (int ox = 0; ox < g.outW(); ox++) {
                    int o = ((b * g.outH() + oy) * g.outW() + ox) * outC;
                    int i = oy * rowWidth + ox;
                    for (int oc = 0; oc < outC; oc++) {
                        result[o + oc] = wide[oc][i] + (bias == null ? 0 : bias[oc]);
                    }
                }
            }
        }
        return result;
    }

    /** {@code acc[i] += w * x[i]} over the whole arrays: a loop C2 vectorizes. */
    private static void multiplyAdd(int[] acc, int w, int[] x) {
        for (int i = 0; i < acc.length; i++) {
            acc[i] += w * x[i];
        }
    }

    /** Channel {@code ic} of image {@code b} plus the offset, inside zero borders as wide as the padding. */
    private void fillPlane(byte[] input, int b, int ic, int[] plane) {
        Arrays.fill(plane, 0);
        int inC = g.inC();
        for (int r = 0; r < planeRows; r++) {
            int iy = r - g.padH();
            if (iy < 0 || iy >= g.inH()) {
                continue;
            }
            for (int c = 0; c < rowWidth; c++) {
                int ix = c - g.padW();
                if (ix >= 0 && ix < g.inW()) {
                    plane[r * rowWidth + c] = input[g.inputIndex(b, iy, ix, 0) + ic] + inputOffset;
                }
            }
        }
    }
}
