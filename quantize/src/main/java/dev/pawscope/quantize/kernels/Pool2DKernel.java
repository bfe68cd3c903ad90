package dev.pawscope.quantize.kernels;

import dev.pawscope.quantize.graph.FusedActivation;

/**
 * MAX_POOL_2D and AVERAGE_POOL_2D as TFLite's reference kernels compute them ({@code
 * reference_integer_ops::MaxPool/AveragePool} for int8, {@code reference_ops} for float). The
 * window is clipped to the input, so padding never enters a max or an average; int8 output shares
 * the input's scale and zero point.
 *
 * <p>Shapes: input {@code [N,H,W,C]}, output {@code [N,OH,OW,C]}.
 */
public final class Pool2DKernel {

    private Pool2DKernel() {}

    public static void maxInt8(WindowGeometry g, ActivationRange range, byte[] input, byte[] output) {
        forEachWindow(g, (b, oy, ox, c, yStart, yEnd, xStart, xEnd, inYOrigin, inXOrigin) -> {
            int max = Byte.MIN_VALUE;
            for (int fy = yStart; fy < yEnd; fy++) {
                for (int fx = xStart; fx < xEnd; fx++) {
                    max = Math.max(max, input[g.inputIndex(b, inYOrigin + fy, inXOrigin + fx, c)]);
                }
            }
            output[outputIndex(g, b, oy, ox, c)] = (byte) range.clamp(max);
        });
    }

    /** Rounds the mean half away from zero with C's truncating division, as TFLite does. */
    public static void averageInt8(WindowGeometry g, ActivationRange range, byte[] input, byte[] output) {
        forEachWindow(g, (b, oy, ox, c, yStart, yEnd, xStart, xEnd, inYOrigin, inXOrigin) -> {
            int acc = 0; // at most 127 * window taps
            int count = 0;
            for (int fy = yStart; fy < yEnd; fy++) {
                for (int fx = xStart; fx < xEnd; fx++) {
                    acc += input[g.inputIndex(b, inYOrigin + fy, inXOrigin + fx, c)];
                    count++;
                }
            }
            if (count == 0) {
                throw new IllegalStateException("average pool window at output (" + oy + ", " + ox
                        + ") covers no input; TFLite rejects this geometry too");
            }
            acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
            output[outputIndex(g, b, oy, ox, c)] = (byte) range.clamp(acc);
        });
    }

    public static void maxFloat32(WindowGeometry g, FusedActivation activation, float[] input, float[] output) {
        forEachWindow(g, (b, oy, ox, c, yStart, yEnd, xStart, xEnd, inYOrigin, inXOrigin) -> {
            float max = -Float.MAX_VALUE;
            for (int fy = yStart; fy < yEnd; fy++) {
                for (int fx = xStart; fx < xEnd; fx++) {
                    max = Math.max(max, input[g.inputIndex(b, inYOrigin + fy, inXOrigin + fx, c)]);
                }
            }
            output[outputIndex(g, b, oy, ox, c)] = activation.apply(max);
        });
    }

    public static void averageFloat32(WindowGeometry g, FusedActivation activation, float[] input, float[] output) {
        forEachWindow(g, (b, oy, ox, c, yStart, yEnd, xStart, xEnd, inYOrigin, inXOrigin) -> {
            float total = 0f;
            int count = 0;
            for (int fy = yStart; fy < yEnd; fy++) {
                for (int fx = xStart; fx < xEnd; fx++) {
                    total += input[g.inputIndex(b, inYOrigin + fy, inXOrigin + fx, c)];
                    count++;
                }
            }
            output[outputIndex(g, b, oy, ox, c)] = activation.apply(total / count);
        });
    }

    /** One output element's window: filter rows {@code [yStart, yEnd)}, columns {@code [xStart, xEnd)}. */
    @FunctionalInterface
    private interface WindowVisitor {
        void visit(int b, int oy, int ox, int c, int yStart, int yEnd, int xStart, int xEnd,
                int inYOrigin, int inXOrigin);
    }

    private static void forEachWindow(WindowGeometry g, WindowVisitor visitor) {
        for (int b = 0; b < g.batches(); b++) {
            for (int oy = 0; oy < g.outH(); oy++) {
                int inYOrigin = oy * g.strideH() - g.padH();
                int yStart = Math.max(0, -inYOrigin);
                int yEnd = Math.min(g.filterH(), g.inH() - inYOrigin);
                for (int ox = 0; ox < g.outW(); ox++) {
                    int inXOrigin = ox * g.strideW() - g.padW();
                    int xStart = Math.max(0, -inXOrigin);
                    int xEnd = Math.min(g.filterW(), g.inW() - inXOrigin);
                    for (int c = 0; c < g.inC(); c++) {
                        visitor.visit(b, oy, ox, c, yStart, yEnd, xStart, xEnd, inYOrigin, inXOrigin);
                    }
                }
            }
        }
    }

    private static int outputIndex(WindowGeometry g, int b, int oy, int ox, int c) {
        return ((b * g.outH() + oy) * g.outW() + ox) * g.inC() + c;
    }
}
