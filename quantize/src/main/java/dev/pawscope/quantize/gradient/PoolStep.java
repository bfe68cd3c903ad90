package dev.pawscope.quantize.gradient;

import dev.pawscope.quantize.graph.FusedActivation;
import dev.pawscope.quantize.kernels.WindowGeometry;

/**
 * MAX_POOL_2D and AVERAGE_POOL_2D as TFLite computes them in float (the window is clipped to the
 * input; padding never enters a maximum or a mean) and their input gradients.
 *
 * <p>Max pooling sends each output's gradient to its window's maximum; on a tie, to the first
 * maximum in window order (row by row, then column), the element {@code Pool2DKernel} and libnd4j's
 * {@code maxpool2d_bp} (DL4J) pick too. The position is found again from the input on the way back
 * rather than stored (all channels of a window at once), so a trace is just values. Average pooling spreads {@code dz / count} over the
 * window's inputs.
 */
final class PoolStep implements Step {

    private final int input;
    private final int output;
    private final FusedActivation activation;
    private final WindowGeometry g;
    private final boolean max;
    private final WindowSpan rows;
    private final WindowSpan cols;

    PoolStep(int input, int output, FusedActivation activation, WindowGeometry g, boolean max) {
        this.input = input;
        this.output = output;
        this.activation = activation;
        this.g = g;
        this.max = max;
        this.rows = new WindowSpan(g.outH(), g.inH(), g.filterH(), g.strideH(), 1, g.padH());
        this.cols = new WindowSpan(g.outW(), g.inW(), g.filterW(), g.strideW(), 1, g.padW());
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
        int c = g.inC();
        for (int b = 0; b < g.batches(); b++) {
            for (int oy = 0; oy < g.outH(); oy++) {
                for (int ox = 0; ox < g.outW(); ox++) {
                    int yBase = ((b * g.outH() + oy) * g.outW() + ox) * c;
                    int count = (rows.end[oy] - rows.first[oy]) * (cols.end[ox] - cols.first[ox]);
                    if (count == 0) {
                        throw new IllegalStateException("pool window at output (" + oy + ", " + ox
                                + ") covers no input");
                    }
                    boolean firstTap = true;
                    for (int ky = rows.first[oy]; ky < rows.end[oy]; ky++) {
                        int iy = rows.origin[oy] + ky;
                        for (int kx = cols.first[ox]; kx < cols.end[ox]; kx++) {
                            int xBase = ((b * g.inH() + iy) * g.inW() + cols.origin[ox] + kx) * c;
                            if (firstTap) {
                                System.arraycopy(x, xBase, y, yBase, c);
                                firstTap = false;
                            } else if (max) {
                                for (int k = 0; k < c; k++) {
                                    y[yBase + k] = Math.max(y[yBase + k], x[xBase + k]);
                                }
                            } else {
                                for (int k = 0; k < c; k++) {
                                    y[yBase + k] += x[xBase + k];
                                }
                            }
                        }
                    }
                    if (!max) {
                        for (int k = 0; k < c; k++) {
                            y[yBase + k] /= count;
                        }
                    }
                    ActivationGradient.apply(activation, y, yBase, c);
                }
            }
        }
    }

    @Override
    public void backward(float[] x, float[] y, float[] dz, float[] dx) {
        int c = g.inC();
        int[] best = max ? new int[c] : null; // per channel: index in x of the window's first maximum
        float[] bestValue = max ? new float[c] : null;
        for (int b = 0; b < g.batches(); b++) {
            for (int oy = 0; oy < g.outH(); oy++) {
                for (int ox = 0; ox < g.outW(); ox++) {
                    int zBase = ((b * g.outH() + oy) * g.outW() + ox) * c;
                    int count = (rows.end[oy] - rows.first[oy]) * (cols.end[ox] - cols.first[ox]);
                    boolean firstTap = true;
                    for (int ky = rows.first[oy]; ky < rows.end[oy]; ky++) {
                        int iy = rows.origin[oy] + ky;
                        for (int kx = cols.first[ox]; kx < cols.end[ox]; kx++) {
                            int xBase = ((b * g.inH() + iy) * g.inW() + cols.origin[ox] + kx) * c;
                            if (!max) {
                                for (int k = 0; k < c; k++) {
                                    dx[xBase + k] += dz[zBase + k] / count;
                                }
                            } else if (firstTap) {
                                for (int k = 0; k < c; k++) {
                                    best[k] = xBase + k;
                                    bestValue[k] = x[xBase + k];
                                }
                            } else {
                                for (int k = 0; k < c; k++) {
                                    float v = x[xBase + k];
                                    if (v > bestValue[k]) { // strictly: a tie keeps the first
                                        bestValue[k] = v;
                                        best[k] = xBase + k;
                                    }
                                }
                            }
                            firstTap = false;
                        }
                    }
                    if (max) {
                        for (int k = 0; k < c; k++) {
                            dx[best[k]] += dz[zBase + k];
                        }
                    }
                }
            }
        }
    }
}
