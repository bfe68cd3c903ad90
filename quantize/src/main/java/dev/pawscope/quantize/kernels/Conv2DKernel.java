package dev.pawscope.quantize.kernels;

import dev.pawscope.quantize.graph.FusedActivation;

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
     * @param inputOffset minus the input zero point (added to every input value, as TFLite does)
     * @param outputZeroPoint added after requantization
     * @param bias int32 with scale {@code inputScale * filterScale[c]}, or null
     */
    public static void int8(WindowGeometry g, int outC, int inputOffset, int outputZeroPoint,
            OutputMultipliers multipliers, ActivationRange range,
            byte[] input, byte[] filter, int[] bias, byte[] output) {
        int inC = g.inC();
        for (int b = 0; b < g.batches(); b++) {
            for (int oy = 0; oy < g.outH(); oy++) {
                int inYOrigin = oy * g.strideH() - g.padH();
                for (int ox = 0; ox < g.outW(); ox++) {
                    int inXOrigin = ox * g.strideW() - g.padW();
                    for (int oc = 0; oc < outC; oc++) {
                        // |acc| <= KH*KW*C_in * 128 * 255 < 2^31 for any window below 65,000 taps.
                        int acc = 0;
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
                                    acc += filter[f + ic] * (input[in + ic] + inputOffset);
                                }
                            }
                        }
                        if (bias != null) {
                            acc += bias[oc];
                        }
                        acc = multipliers.requantize(acc, oc) + outputZeroPoint;
                        output[((b * g.outH() + oy) * g.outW() + ox) * outC + oc] = (byte) range.clamp(acc);
                    }
                }
            }
        }
    }

    /** Float: sum in filter order (y, x, c_in), then bias, then the activation clamp. */
    public static void float32(WindowGeometry g, int outC, FusedActivation activation,
            float[] input, float[] filter, float[] bias, float[] output) {
        int inC = g.inC();
        for (int b = 0; b < g.batches(); b++) {
            for (int oy = 0; oy < g.outH(); oy++) {
                int inYOrigin = oy * g.strideH() - g.padH();
                for (int ox = 0; ox < g.outW(); ox++) {
                    int inXOrigin = ox * g.strideW() - g.padW();
                    for (int oc = 0; oc < outC; oc++) {
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
                        float value = total + (bias == null ? 0f : bias[oc]);
                        output[((b * g.outH() + oy) * g.outW() + ox) * outC + oc] = activation.apply(value);
                    }
                }
            }
        }
    }
}
