package dev.pawscope.quantize.interpreter;

import dev.pawscope.quantize.interpreter.Interpreter.PreparedOp;
import dev.pawscope.quantize.kernels.WindowGeometry;

/**
 * Int8 DEPTHWISE_CONV_2D by accumulator deltas, as {@link DeltaConv} does for CONV_2D: a changed
 * input value adds {@code w * (x_new - x_base)} to the kept accumulators of the outputs it feeds
 * (exact integer sums; the input offset cancels), then only the outputs around the changes are
 * requantized and compared.
 *
 * <p>Weights are widened to int once and laid out as rows {@code [fy][fx][c_in]} of the {@code
 * depthMultiplier} output channels one input value feeds (contiguous from {@code c_in *
 * depthMultiplier}).
 */
final class DeltaDepthwiseConv implements DeltaOp {

    private final int in;
    private final int out;
    private final WindowGeometry g;
    private final int outC;
    /** Output channels one input value feeds: the depth multiplier. */
    private final int row;
    private final int[] weights;
    private final int[] bias;
    private final int inputOffset;
    private final ChannelRequantizer requantizer;
    private final PreparedOp full;

    /**
     * @param filter {@code [1,KH,KW,C_out]}
     * @param bias int32 {@code [C_out]} or null
     */
    DeltaDepthwiseConv(int in, int out, WindowGeometry g, int outC, byte[] filter, int[] bias,
            Int8OpParams q, PreparedOp full) {
        this.in = in;
        this.out = out;
        this.g = g;
        this.outC = outC;
        this.row = outC / g.inC();
        int inC = g.inC();
        int taps = g.filterH() * g.filterW();
        this.weights = new int[taps * inC * row];
        for (int t = 0; t < taps; t++) {
            for (int ic = 0; ic < inC; ic++) {
                for (int r = 0; r < row; r++) {
                    weights[(t * inC + ic) * row + r] = filter[t * outC + ic * row + r]; // [1][t][ic * row + m]
                }
            }
        }
        this.bias = bias == null ? new int[outC] : bias.clone();
        this.inputOffset = q.inputOffset();
        this.requantizer = new ChannelRequantizer(q, outC);
        this.full = full;
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
        byte[] x = base[in];
        int inC = g.inC();
        int[] acc = new int[g.batches() * g.outH() * g.outW() * outC];
        for (int b = 0; b < g.batches(); b++) {
            for (int oy = 0; oy < g.outH(); oy++) {
                for (int ox = 0; ox < g.outW(); ox++) {
                    int a = ((b * g.outH() + oy) * g.outW() + ox) * outC;
                    System.arraycopy(bias, 0, acc, a, outC);
                    for (int fy = 0; fy < g.filterH(); fy++) {
                        int iy = oy * g.strideH() - g.padH() + fy * g.dilationH();
                        if (iy < 0 || iy >= g.inH()) {
                            continue;
                        }
                        for (int fx = 0; fx < g.filterW(); fx++) {
                            int ix = ox * g.strideW() - g.padW() + fx * g.dilationW();
                            if (ix < 0 || ix >= g.inW()) {
                                continue;
                            }
                            int i = ((b * g.inH() + iy) * g.inW() + ix) * inC;
                            int t = fy * g.filterW() + fx;
                            for (int ic = 0; ic < inC; ic++) {
                                addRow(acc, a + ic * row, x[i + ic] + inputOffset,
                                        (t * inC + ic) * row);
                            }
                        }
                    }
                }
            }
        }
        byte[] result = new byte[acc.length];
        for (int k = 0; k < acc.length; k++) {
            result[k] = requantizer.apply(acc[k], k % outC);
        }
        DeltaSession.setOrCheck(base, out, result, "delta depthwise conv");
        return acc;
    }

    @Override
    public void propagate(DeltaSession s, int opIndex) {
        ChangeList changes = s.changes[in];
        if (changes.size() > s.recomputeAbove * s.base[in].length) {
            s.recomputeFully(full, in, out, opIndex); // the delta would cost about as much as the op
            return;
        }
        byte[] x = s.values[in];
        byte[] xBase = s.base[in];
        int[] acc = (int[]) s.acc[opIndex];
        int inC = g.inC();
        for (int k = 0; k < changes.size(); k++) {
            int i = changes.get(k);
            int d = x[i] - xBase[i];
            int ic = i % inC;
            int p = i / inC;
            int ix = p % g.inW();
            p /= g.inW();
            int iy = p % g.inH();
            int b = p / g.inH();
            for (int fy = 0; fy < g.filterH(); fy++) {
                int ny = iy + g.padH() - fy * g.dilationH();
                if (ny < 0) {
                    break; // later taps reach further up
                }
                if (ny % g.strideH() != 0 || ny / g.strideH() >= g.outH()) {
                    continue;
                }
                int oy = ny / g.strideH();
                for (int fx = 0; fx < g.filterW(); fx++) {
                    int nx = ix + g.padW() - fx * g.dilationW();
                    if (nx < 0) {
                        break;
                    }
                    if (nx % g.strideW() != 0 || nx / g.strideW() >= g.outW()) {
                        continue;
                    }
                    int a = ((b * g.outH() + oy) * g.outW() + nx / g.strideW()) * outC;
                    addRow(acc, a + ic * row, d, ((fy * g.filterW() + fx) * inC + ic) * row);
                }
            }
        }
        int[] box = s.box;
        changes.boundingBox(g.inH(), g.inW(), inC, box);
        int oy0 = AffectedOutputs.first(box[2], g.padH(), g.filterH(), g.dilationH(), g.strideH());
        int oy1 = AffectedOutputs.last(box[3], g.padH(), g.strideH(), g.outH());
        int ox0 = AffectedOutputs.first(box[4], g.padW(), g.filterW(), g.dilationW(), g.strideW());
        int ox1 = AffectedOutputs.last(box[5], g.padW(), g.strideW(), g.outW());
        if (oy0 > oy1 || ox0 > ox1) {
            return; // the changes fall between strided windows
        }
        byte[] y = s.values[out];
        byte[] yBase = s.base[out];
        ChangeList outChanges = s.changes[out];
        for (int b = box[0]; b <= box[1]; b++) {
            for (int oy = oy0; oy <= oy1; oy++) {
                int rowStart = ((b * g.outH() + oy) * g.outW()) * outC;
                for (int k = rowStart + ox0 * outC, end = rowStart + (ox1 + 1) * outC, oc = 0; k < end; k++) {
                    byte v = requantizer.apply(acc[k], oc);
                    if (v != yBase[k]) {
                        y[k] = v;
                        outChanges.add(k);
                    }
                    if (++oc == outC) {
                        oc = 0;
                    }
                }
            }
        }
        s.touchAccumulators(opIndex, ((box[0] * g.outH() + oy0) * g.outW() + ox0) * outC,
                ((box[1] * g.outH() + oy1) * g.outW() + ox1 + 1) * outC);
    }

    /** {@code acc[a + r] += v * weights[w + r]} over one weight row: the vectorizable inner loop. */
    private void addRow(int[] acc, int a, int v, int w) {
        int[] wt = weights;
        for (int r = 0; r < row; r++) {
            acc[a + r] += v * wt[w + r];
        }
    }
}
