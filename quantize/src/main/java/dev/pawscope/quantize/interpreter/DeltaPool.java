package dev.pawscope.quantize.interpreter;

import dev.pawscope.quantize.kernels.ActivationRange;
import dev.pawscope.quantize.kernels.WindowGeometry;

/**
 * Int8 MAX_POOL_2D and AVERAGE_POOL_2D, recomputed only for the windows that overlap the changed
 * inputs (same clipping, rounding and clamp as the reference kernel). A max pool often absorbs a
 * change entirely: then nothing is passed on.
 */
final class DeltaPool implements DeltaOp {

    private final int in;
    private final int out;
    private final WindowGeometry g;
    private final boolean max;
    private final int min;
    private final int maxClamp;

    DeltaPool(int in, int out, WindowGeometry g, boolean max, ActivationRange range) {
        this.in = in;
        this.out = out;
        this.g = g;
        this.max = max;
        this.min = range.min();
        this.maxClamp = range.max();
    }

    @Override
    public int input() {
        return in;
    }

    @Override
    public int output() {
        return out;
    }

    @Override
    public Object baselineAccumulators(byte[][] base) {
        return null;
    }

    @Override
    public void propagate(DeltaSession s, int opIndex) {
        int c = g.inC();
        int[] box = s.box;
        s.changes[in].boundingBox(g.inH(), g.inW(), c, box);
        int oy0 = AffectedOutputs.first(box[2], g.padH(), g.filterH(), 1, g.strideH());
        int oy1 = AffectedOutputs.last(box[3], g.padH(), g.strideH(), g.outH());
        int ox0 = AffectedOutputs.first(box[4], g.padW(), g.filterW(), 1, g.strideW());
        int ox1 = AffectedOutputs.last(box[5], g.padW(), g.strideW(), g.outW());
        byte[] x = s.values[in];
        byte[] y = s.values[out];
        byte[] yBase = s.base[out];
        ChangeList outChanges = s.changes[out];
        int[] window = s.channelScratch;
        for (int b = box[0]; b <= box[1]; b++) {
            for (int oy = oy0; oy <= oy1; oy++) {
                int inYOrigin = oy * g.strideH() - g.padH();
                int yStart = Math.max(0, inYOrigin);
                int yEnd = Math.min(g.inH(), inYOrigin + g.filterH());
                for (int ox = ox0; ox <= ox1; ox++) {
                    int inXOrigin = ox * g.strideW() - g.padW();
                    int xStart = Math.max(0, inXOrigin);
                    int xEnd = Math.min(g.inW(), inXOrigin + g.filterW());
                    java.util.Arrays.fill(window, 0, c, max ? Byte.MIN_VALUE : 0);
                    for (int iy = yStart; iy < yEnd; iy++) {
                        for (int ix = xStart; ix < xEnd; ix++) {
                            int i = ((b * g.inH() + iy) * g.inW() + ix) * c;
                            if (max) {
                                for (int ch = 0; ch < c; ch++) {
                                    window[ch] = Math.max(window[ch], x[i + ch]);
                                }
                            } else {
                                for (int ch = 0; ch < c; ch++) {
                                    window[ch] += x[i + ch];
                                }
                            }
                        }
                    }
                    int count = (yEnd - yStart) * (xEnd - xStart);
                    int o = ((b * g.outH() + oy) * g.outW() + ox) * c;
                    for (int ch = 0; ch < c; ch++) {
                        int v = window[ch];
                        if (!max) {
                            // C's truncating division, rounded half away from zero, as the reference kernel
                            v = v > 0 ? (v + count / 2) / count : (v - count / 2) / count;
                        }
                        byte q = (byte) Math.min(Math.max(v, min), maxClamp);
                        if (q != yBase[o + ch]) {
                            y[o + ch] = q;
                            outChanges.add(o + ch);
                        }
                    }
                }
            }
        }
    }
}
