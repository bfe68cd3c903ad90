package dev.pawscope.quantize.kernels;

import dev.pawscope.quantize.graph.FusedActivation;
import java.util.Arrays;

/**
 * CONV_2D as TFLite's reference kernels compute it: {@code reference_integer_ops::ConvPerChannel}
 * for int8 and {@code reference_ops::Conv} for float.
 *
 * <p>Shapes: input {@code [N,H,W,C_in]}, filter {@code [C_out,KH,KW,C_in]}, bias {@code [C_out]},
 * output {@code [N,OH,OW,C_out]}.
 */
public final class Conv2DKernel {

    private Conv2DKernel() {}

    /**
     * Window by window, any stride and dilation. The interpreter runs {@link Int8ConvPlanes} instead
     * where planes pay; the sums are the same integers, so the outputs are the same bytes.
     *
     * @param inputOffset minus the input zero point (added to every input value, as TFLite does)
     * @param outputZeroPoint added after requantization
     * @param bias int32 with scale {@code inputScale * filterScale[c]}, or null
     */
    public static void int8(WindowGeometry g, int outC, int inputOffset, int outputZeroPoint,
            OutputMultipliers multipliers, ActivationRange range,
            byte[] input, byte[] filter, int[] bias, byte[] output) {
        int inC = g.inC();
        int taps = g.filterH() * g.filterW() * inC; // one output's window, in the filter's (y, x, c_in) order
        int[] weights = new int[outC * taps];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = filter[i];
        }
        // The window's inputs plus the offset; taps outside the image stay 0, i.e. they add nothing,
        // exactly as TFLite skips them. Integer sums are exact, so the order of the dot product is free.
        int[] window = new int[taps];
        int[] acc4 = new int[4];
        for (int b = 0; b < g.batches(); b++) {
            for (int oy = 0; oy < g.outH(); oy++) {
                int inYOrigin = oy * g.strideH() - g.padH();
                for (int ox = 0; ox < g.outW(); ox++) {
                    int inXOrigin = ox * g.strideW() - g.padW();
                    fillWindow(g, b, inYOrigin, inXOrigin, inputOffset, input, window);
                    int out = ((b * g.outH() + oy) * g.outW() + ox) * outC;
                    int oc = 0;
                    for (; oc + 4 <= outC; oc += 4) {
                        dot4(weights, oc * taps, window, taps, acc4);
                        for (int j = 0; j < 4; j++) {
                            output[out + oc + j] = requantize(acc4[j], oc + j, bias, multipliers, outputZeroPoint,
                                    range);
                        }
                    }
                    for (; oc < outC; oc++) {
                        output[out + oc] = requantize(dot(weights, oc * taps, window, taps), oc, bias, multipliers,
                                outputZeroPoint, range);
                    }
                }
            }
        }
    }

    /**
     * Output values from accumulators that already hold the bias (as {@link Int8ConvPlanes} makes
     * them), NHWC with {@code outC} channels.
     */
    public static void requantizeAll(int[] accumulators, int outC, int outputZeroPoint, OutputMultipliers multipliers,
            ActivationRange range, byte[] output) {
        for (int i = 0; i < accumulators.length; i++) {
            output[i] = requantize(accumulators[i], i % outC, null, multipliers, outputZeroPoint, range);
        }
    }

    private static byte requantize(int acc, int oc, int[] bias, OutputMultipliers multipliers, int outputZeroPoint,
            ActivationRange range) {
        // |acc| <= KH*KW*C_in * 128 * 255 < 2^31 for any window below 65,000 taps.
        if (bias != null) {
            acc += bias[oc];
        }
        return (byte) range.clamp(multipliers.requantize(acc, oc) + outputZeroPoint);
    }

    private static void fillWindow(WindowGeometry g, int b, int inYOrigin, int inXOrigin, int inputOffset,
            byte[] input, int[] window) {
        int inC = g.inC();
        int k = 0;
        for (int fy = 0; fy < g.filterH(); fy++) {
            int iy = inYOrigin + g.dilationH() * fy;
            for (int fx = 0; fx < g.filterW(); fx++, k += inC) {
                int ix = inXOrigin + g.dilationW() * fx;
                if (iy < 0 || iy >= g.inH() || ix < 0 || ix >= g.inW()) {
                    Arrays.fill(window, k, k + inC, 0);
                    continue;
                }
                int in = g.inputIndex(b, iy, ix, 0);
                for (int ic = 0; ic < inC; ic++) {
                    window[k + ic] = input[in + ic] + inputOffset;
                }
            }
        }
    }

    /** Four output channels' sums over one window: each window value is loaded once for four filters. */
    private static void dot4(int[] w, int offset, int[] x, int n, int[] sums) {
        int s0 = 0;
        int s1 = 0;
        int s2 = 0;
        int s3 = 0;
        int o1 = offset + n;
        int o2 = o1 + n;
        int o3 = o2 + n;
        for (int i = 0; i < n; i++) {
            int v = x[i];
            s0 += w[offset + i] * v;
            s1 += w[o1 + i] * v;
            s2 += w[o2 + i] * v;
            s3 += w[o3 + i] * v;
        }
        sums[0] = s0;
        sums[1] = s1;
        sums[2] = s2;
        sums[3] = s3;
    }

    /** One output channel's sum over one window. */
    private static int dot(int[] a, int offset, int[] b, int n) {
        int sum = 0;
        for (int i = 0; i < n; i++) {
            sum += a[offset + i] * b[i];
        }
        return sum;
    }

    /**
     * Float: sum in filter order (y, x, c_in), then bias, then the activation clamp. Windows inside
     * the image are gathered once and shared by four filters; windows over the padding skip the
     * missing taps, as TFLite does (so every sum sees the same additions in the same order).
     */
    public static void float32(WindowGeometry g, int outC, FusedActivation activation,
            float[] input, float[] filter, float[] bias, float[] output) {
        int inC = g.inC();
        int taps = g.filterH() * g.filterW() * inC;
        float[] window = new float[taps];
        float[] sums = new float[4];
        for (int b = 0; b < g.batches(); b++) {
            for (int oy = 0; oy < g.outH(); oy++) {
                int inYOrigin = oy * g.strideH() - g.padH();
                for (int ox = 0; ox < g.outW(); ox++) {
                    int inXOrigin = ox * g.strideW() - g.padW();
                    int out = ((b * g.outH() + oy) * g.outW() + ox) * outC;
                    int oc = 0;
                    if (inside(g, inYOrigin, inXOrigin)) {
                        gatherWindow(g, b, inYOrigin, inXOrigin, input, window);
                        for (; oc + 4 <= outC; oc += 4) {
                            dot4(filter, oc * taps, window, taps, sums);
                            for (int j = 0; j < 4; j++) {
                                output[out + oc + j] = activation.apply(sums[j] + (bias == null ? 0f : bias[oc + j]));
                            }
                        }
                    }
                    for (; oc < outC; oc++) {
                        float value = windowSum(g, b, inYOrigin, inXOrigin, oc, input, filter)
                                + (bias == null ? 0f : bias[oc]);
                        output[out + oc] = activation.apply(value);
                    }
                }
            }
        }
    }

    /** Whether every tap of the window at this origin lies in the image. */
    private static boolean inside(WindowGeometry g, int inYOrigin, int inXOrigin) {
        return inYOrigin >= 0 && inXOrigin >= 0 && inYOrigin + g.dilationH() * (g.filterH() - 1) < g.inH()
                && inXOrigin + g.dilationW() * (g.filterW() - 1) < g.inW();
    }

    private static void gatherWindow(WindowGeometry g, int b, int inYOrigin, int inXOrigin, float[] input,
            float[] window) {
        int inC = g.inC();
        int k = 0;
        for (int fy = 0; fy < g.filterH(); fy++) {
            for (int fx = 0; fx < g.filterW(); fx++, k += inC) {
                System.arraycopy(input, g.inputIndex(b, inYOrigin + g.dilationH() * fy,
                        inXOrigin + g.dilationW() * fx, 0), window, k, inC);
            }
        }
    }

    /** One output's sum over the taps inside the image, in filter order. */
    private static float windowSum(WindowGeometry g, int b, int inYOrigin, int inXOrigin, int oc, float[] input,
            float[] filter) {
        int inC = g.inC();
        float total = 0f;
        for (int fy = 0; fy < g.filterH(); fy++) {
            int iy = inYOrigin + g.dilationH() * fy;
            if (iy < 0 || iy >= g.inH()) {
                continue;
            }
            for (int fx = 0; fx < g.filterW(); fx++) {
                int ix = inXOrigin + g.dilationW() * fx;
                if (ix < 0 || ix >= g.inW()) {
                    continue;
                }
                int in = g.inputIndex(b, iy, ix, 0);
                int f = ((oc * g.filterH() + fy) * g.filterW() + fx) * inC;
                for (int ic = 0; ic < inC; ic++) {
                    total += input[in + ic] * filter[f + ic];
                }
            }
        }
        return total;
    }

    /** Four filters' sums over one gathered window, each in tap order. */
    private static void dot4(float[] w, int offset, float[] x, int n, float[] sums) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int o1 = offset + n;
        int o2 = o1 + n;
        int o3 = o2 + n;
        for (int i = 0; i < n; i++) {
            float v = x[i];
            s0 += v * w[offset + i];
            s1 += v * w[o1 + i];
            s2 += v * w[o2 + i];
            s3 += v * w[o3 + i];
        }
        sums[0] = s0;
        sums[1] = s1;
        sums[2] = s2;
        sums[3] = s3;
    }
}
