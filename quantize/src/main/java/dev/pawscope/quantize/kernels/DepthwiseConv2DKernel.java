package dev.pawscope.quantize.kernels;

import dev.pawscope.quantize.graph.FusedActivation;

/**
 * DEPTHWISE_CONV_2D as TFLite's reference kernels compute it: {@code
 * reference_integer_ops::DepthwiseConvPerChannel} for int8, {@code reference_ops::DepthwiseConv}
 * for float. Output channel {@code c_in * depthMultiplier + m} sees only input channel {@code c_in}.
 *
 * <p>Shapes: input {@code [N,H,W,C_in]}, filter {@code [1,KH,KW,C_out]}, bias {@code [C_out]},
 * output {@code [N,OH,OW,C_out]} with {@code C_out = C_in * depthMultiplier}.
 */
public final class DepthwiseConv2DKernel {

    private DepthwiseConv2DKernel() {}

    /** Parameters as {@link Conv2DKernel#int8}. */
    public static void int8(WindowGeometry g, int depthMultiplier, int inputOffset, int outputZeroPoint,
            OutputMultipliers multipliers, ActivationRange range,
            byte[] input, byte[] filter, int[] bias, byte[] output) {
        int outC = g.inC() * depthMultiplier;
        for (int b = 0; b < g.batches(); b++) {
            for (int oy = 0; oy < g.outH(); oy++) {
                int inYOrigin = oy * g.strideH() - g.padH();
                for (int ox = 0; ox < g.outW(); ox++) {
                    int inXOrigin = ox * g.strideW() - g.padW();
                    for (int ic = 0; ic < g.inC(); ic++) {
                        for (int m = 0; m < depthMultiplier; m++) {
                            int oc = ic * depthMultiplier + m;
                            // |acc| <= KH*KW * 128 * 255: no overflow for any real window.
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
                                    int inValue = input[g.inputIndex(b, iy, ix, ic)];
                                    int filterValue = filter[(fy * g.filterW() + fx) * outC + oc];
                                    acc += filterValue * (inValue + inputOffset);
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
    }

    public static void float32(WindowGeometry g, int depthMultiplier, FusedActivation activation,
            float[] input, float[] filter, float[] bias, float[] output) {
        int outC = g.inC() * depthMultiplier;
        for (int b = 0; b < g.batches(); b++) {
            for (int oy = 0; oy < g.outH(); oy++) {
                int inYOrigin = oy * g.strideH() - g.padH();
                for (int ox = 0; ox < g.outW(); ox++) {
                    int inXOrigin = ox * g.strideW() - g.padW();
                    for (int ic = 0; ic < g.inC(); ic++) {
                        for (int m = 0; m < depthMultiplier; m++) {
                            int oc = ic * depthMultiplier + m;
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
                                    total += input[g.inputIndex(b, iy, ix, ic)]
                                            * filter[(fy * g.filterW() + fx) * outC + oc];
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
}
