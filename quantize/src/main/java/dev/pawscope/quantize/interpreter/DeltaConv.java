package dev.pawscope.quantize.interpreter;

import dev.pawscope.quantize.interpreter.Interpreter.PreparedOp;
import dev.pawscope.quantize.kernels.Int8ConvPlanes;
import dev.pawscope.quantize.kernels.WindowGeometry;

/**
 * Int8 CONV_2D by accumulator deltas. Integer sums are exact, so for a changed input value every
 * output it feeds gets {@code w * (x_new - x_base)} added to its kept accumulator (the input
 * offset cancels, padding taps stay 0) and ends exactly where a full recomputation would; only
 * the outputs around the changes are requantized and compared.
 *
 * <p>Two channels per long: the accumulators of channels {@code 2j} and {@code 2j+1} are kept as
 * {@code hi * 2^32 + lo} in one long, and a weight pair likewise, so one 64-bit multiply-add
 * updates both ({@code d * (w_hi * 2^32 + w_lo) = d*w_hi * 2^32 + d*w_lo}, exact in a long since
 * every value fits in an int). Java 17's C2 does not vectorize a multiply-add between two int
 * arrays at different offsets, so this halves the scalar work instead. {@code lo} is read back as
 * the low 32 bits, {@code hi} as the rest.
 *
 * <p>Weights are laid out once as rows {@code [fy][fx][c_in]} of packed output-channel pairs, so
 * one changed input value updates one contiguous row per tap.
 */
final class DeltaConv implements DeltaOp {

    private final int in;
    private final int out;
    private final WindowGeometry g;
    private final int outC;
    /** Longs per output position: output channels in pairs. */
    private final int pairs;
    private final long[] weights;
    /** The baseline's full sums when planes are faster (see {@link Int8ConvPlanes#pays}), else null. */
    private final Int8ConvPlanes planes;
    private final long[] bias;
    private final int inputOffset;
    private final ChannelRequantizer requantizer;
    private final PreparedOp full;
    /**
     * For stride-1, undilated columns: rows {@code [fy][c_in]} of {@code KW} packed rows in
     * reverse {@code fx} order, because one input column feeds the outputs {@code ox = ix + pad -
     * fx}, which lie side by side in memory; one changed value then updates a filter row's outputs
     * in one loop of up to {@code KW * pairs} longs. Null for other geometries.
     */
    private final long[] weightsByColumn;
    /**
     * The same rows with three channels per long in 21-bit lanes ({@code w0 + w1*2^21 + w2*2^42}),
     * for runs whose changes are small enough: see {@link #propagate}. Null when {@link
     * #weightsByColumn} is.
     */
    private final long[] weightsByColumn3;
    /** Longs per output position in the three-lane delta scratch. */
    private final int triples;
    private final int maxAbsWeight;
    /** {@link RequantizationSlack#thresholds} for the three-lane path; null when it is not used. */
    private final long[] thresholds;
    /** Per input row: the (filter row, output row) pairs that read it, flattened; likewise per column. */
    private final int[][] rowTaps;
    private final int[][] colTaps;

    /**
     * @param filter {@code [C_out,KH,KW,C_in]}
     * @param bias int32 {@code [C_out]} or null
     */
    DeltaConv(int in, int out, WindowGeometry g, int outC, byte[] filter, int[] bias, Int8OpParams q,
            PreparedOp full) {
        this.in = in;
        this.out = out;
        this.g = g;
        this.outC = outC;
        this.pairs = (outC + 1) / 2;
        int inC = g.inC();
        int taps = g.filterH() * g.filterW();
        this.weights = new long[taps * inC * pairs];
        for (int t = 0; t < taps; t++) {
            for (int ic = 0; ic < inC; ic++) {
                for (int j = 0; j < pairs; j++) {
                    int lo = filter[((2 * j) * taps + t) * inC + ic];
                    int hi = 2 * j + 1 < outC ? filter[((2 * j + 1) * taps + t) * inC + ic] : 0;
                    weights[(t * inC + ic) * pairs + j] = pack(lo, hi);
                }
            }
        }
        this.bias = new long[pairs];
        for (int j = 0; j < pairs; j++) {
            this.bias[j] = bias == null ? 0 : pack(bias[2 * j], 2 * j + 1 < outC ? bias[2 * j + 1] : 0);
        }
        this.inputOffset = q.inputOffset();
        this.requantizer = new ChannelRequantizer(q, outC);
        this.full = full;
        this.planes = Int8ConvPlanes.pays(g) ? new Int8ConvPlanes(g, outC, inputOffset, filter, bias) : null;
        if (g.strideW() == 1 && g.dilationW() == 1) {
            int kw = g.filterW();
            this.weightsByColumn = new long[weights.length];
            for (int fy = 0; fy < g.filterH(); fy++) {
                for (int fx = 0; fx < kw; fx++) {
                    for (int ic = 0; ic < inC; ic++) {
                        System.arraycopy(weights, ((fy * kw + fx) * inC + ic) * pairs, weightsByColumn,
                                ((fy * inC + ic) * kw + (kw - 1 - fx)) * pairs, pairs);
                    }
                }
            }
            this.weightsByColumn3 = new long[g.filterH() * inC * kw * ((outC + 2) / 3)];
            int t3 = (outC + 2) / 3;
            for (int fy = 0; fy < g.filterH(); fy++) {
                for (int fx = 0; fx < kw; fx++) {
                    for (int ic = 0; ic < inC; ic++) {
                        for (int t = 0; t < t3; t++) {
                            long packed = 0;
                            for (int lane = 2; lane >= 0; lane--) {
                                int oc = 3 * t + lane;
                                int w = oc < outC ? filter[(oc * taps + fy * kw + fx) * inC + ic] : 0;
                                packed = packed * (1L << LANE_BITS) + w;
                            }
                            weightsByColumn3[((fy * inC + ic) * kw + (kw - 1 - fx)) * t3 + t] = packed;
                        }
                    }
                }
            }
        } else {
            this.weightsByColumn = null;
            this.weightsByColumn3 = null;
        }
        this.triples = (outC + 2) / 3;
        this.thresholds = weightsByColumn3 == null ? null : RequantizationSlack.thresholds(requantizer, outC);
        int maxAbs = 0;
        for (byte w : filter) {
            maxAbs = Math.max(maxAbs, Math.abs(w));
        }
        this.maxAbsWeight = maxAbs;
        this.rowTaps = taps(g.inH(), g.filterH(), g.padH(), g.strideH(), g.dilationH(), g.outH());
        this.colTaps = taps(g.inW(), g.filterW(), g.padW(), g.strideW(), g.dilationW(), g.outW());
    }

    /** For each input coordinate, the (filter index, output coordinate) pairs whose window reads it. */
    static int[][] taps(int inSize, int filter, int pad, int stride, int dilation, int outSize) {
        int[][] taps = new int[inSize][];
        for (int i = 0; i < inSize; i++) {
            int[] pairs = new int[2 * filter];
            int n = 0;
            for (int f = 0; f < filter; f++) {
                int o = i + pad - f * dilation; // = output * stride
                if (o >= 0 && o % stride == 0 && o / stride < outSize) {
                    pairs[n++] = f;
                    pairs[n++] = o / stride;
                }
            }
            taps[i] = java.util.Arrays.copyOf(pairs, n);
        }
        return taps;
    }

    /** Bits per lane of the three-lane delta scratch; lanes hold values in {@code [-2^20, 2^20)}. */
    static final int LANE_BITS = 21;


    @Override
    public int laneScratchSize() {
        return weightsByColumn3 == null ? 0 : g.batches() * g.outH() * g.outW() * triples;
    }

    @Override
    public int[] requantizationSlack(byte[][] base, Object baseAccumulators) {
        if (thresholds == null) {
            return null;
        }
        long[] acc = (long[]) baseAccumulators;
        int[] unpacked = new int[base[out].length];
        for (int position = 0, e = 0; e < unpacked.length; position++) {
            for (int oc = 0; oc < outC; oc++, e++) {
                long p = acc[position * pairs + (oc >> 1)];
                unpacked[e] = (oc & 1) == 0 ? low(p) : high(p);
            }
        }
        return RequantizationSlack.of(base[out], outC, thresholds, requantizer, unpacked);
    }

    static long pack(int lo, int hi) {
        return ((long) hi << 32) + lo;
    }

    static int low(long packed) {
        return (int) packed;
    }

    static int high(long packed) {
        return (int) ((packed - (int) packed) >> 32);
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
        long[] acc = planes != null ? packedPlaneSums(base[in]) : windowSums(base[in]);
        byte[] result = new byte[g.batches() * g.outH() * g.outW() * outC];
        for (int k = 0; k < result.length; k++) {
            long p = acc[(k / outC) * pairs + (k % outC) / 2];
            result[k] = requantizer.apply((k % outC) % 2 == 0 ? low(p) : high(p), k % outC);
        }
        DeltaSession.setOrCheck(base, out, result, "delta conv");
        return acc;
    }

    /** The full sums from the vectorized plane kernel, packed in channel pairs. */
    private long[] packedPlaneSums(byte[] x) {
        int[] sums = planes.accumulate(x);
        long[] acc = new long[g.batches() * g.outH() * g.outW() * pairs];
        for (int p = 0, j = 0; p < sums.length; p += outC) {
            for (int c = 0; c < outC; c += 2, j++) {
                acc[j] = pack(sums[p + c], c + 1 < outC ? sums[p + c + 1] : 0);
            }
        }
        return acc;
    }

    /** The full sums window by window, two channels per multiply-add (any stride and dilation). */
    private long[] windowSums(byte[] x) {
        int inC = g.inC();
        long[] acc = new long[g.batches() * g.outH() * g.outW() * pairs];
        for (int b = 0; b < g.batches(); b++) {
            for (int oy = 0; oy < g.outH(); oy++) {
                for (int ox = 0; ox < g.outW(); ox++) {
                    int a = ((b * g.outH() + oy) * g.outW() + ox) * pairs;
                    System.arraycopy(bias, 0, acc, a, pairs);
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
                            int w = (fy * g.filterW() + fx) * inC * pairs;
                            for (int ic = 0; ic < inC; ic++, w += pairs) {
                                addRow(acc, a, x[i + ic] + inputOffset, w);
                            }
                        }
                    }
                }
            }
        }
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
        // Three lanes when no accumulator's change can leave [-2^20, 2^20): each output's change is
        // a sum over some of the changed values of d * w, so sum(|d|) * max|w| bounds them all.
        boolean threeLanes = false;
        if (weightsByColumn3 != null) {
            long sumAbs = 0;
            for (int k = 0; k < changes.size(); k++) {
                sumAbs += Math.abs(x[changes.get(k)] - xBase[changes.get(k)]);
            }
            threeLanes = sumAbs * maxAbsWeight < (1L << (LANE_BITS - 1));
        }
        long[] acc = threeLanes ? s.laneScratch[opIndex] : (long[]) s.acc[opIndex];
        long[] spanWeights = threeLanes ? weightsByColumn3 : weightsByColumn;
        int perPosition = threeLanes ? triples : pairs;
        int inC = g.inC();
        int[] channel = s.channelScratch;
        int[] delta = s.deltaScratch;
        int[] box = s.box;
        int[] stamp = s.positionStamp;
        int generation = s.nextGeneration();
        int bMin = Integer.MAX_VALUE;
        int bMax = -1;
        int yMin = Integer.MAX_VALUE;
        int yMax = -1;
        int xMin = Integer.MAX_VALUE;
        int xMax = -1;
        int n = changes.size();
        for (int k = 0; k < n;) {
            // One input position at a time: its changed channels, then each tap's output row once.
            int p = changes.get(k) / inC;
            int positionStart = p * inC;
            int positionEnd = positionStart + inC;
            int count = 0;
            for (int i; k < n && (i = changes.get(k)) < positionEnd; k++, count++) {
                channel[count] = i - positionStart;
                delta[count] = x[i] - xBase[i];
            }
            int ix = p % g.inW();
            p /= g.inW();
            int iy = p % g.inH();
            int b = p / g.inH();
            bMin = Math.min(bMin, b);
            bMax = Math.max(bMax, b);
            yMin = Math.min(yMin, iy);
            yMax = Math.max(yMax, iy);
            xMin = Math.min(xMin, ix);
            xMax = Math.max(xMax, ix);
            int[] rows = rowTaps[iy];
            if (weightsByColumn != null) {
                int kw = g.filterW();
                int oxLo = Math.max(0, ix + g.padW() - (kw - 1));
                int oxHi = Math.min(g.outW() - 1, ix + g.padW());
                if (oxLo > oxHi) {
                    continue;
                }
                int firstColumn = kw - 1 - (ix + g.padW() - oxLo);
                int length = (oxHi - oxLo + 1) * perPosition;
                for (int r = 0; r < rows.length; r += 2) {
                    int rowBase = (b * g.outH() + rows[r + 1]) * g.outW();
                    for (int ox = oxLo; ox <= oxHi; ox++) {
                        stamp[rowBase + ox] = generation;
                    }
                    int a = (rowBase + oxLo) * perPosition;
                    int w = rows[r] * inC;
                    int m = 0;
                    for (; m + 8 <= count; m += 8) {
                        addSpan8(acc, spanWeights, a, length, delta, m, channel, w, kw, firstColumn, perPosition);
                    }
                    for (; m + 4 <= count; m += 4) {
                        addSpan4(acc, spanWeights, a, length, delta, m,
                                ((w + channel[m]) * kw + firstColumn) * perPosition,
                                ((w + channel[m + 1]) * kw + firstColumn) * perPosition,
                                ((w + channel[m + 2]) * kw + firstColumn) * perPosition,
                                ((w + channel[m + 3]) * kw + firstColumn) * perPosition);
                    }
                    for (; m < count; m++) {
                        addSpan(acc, spanWeights, a, delta[m], ((w + channel[m]) * kw + firstColumn) * perPosition,
                                length);
                    }
                }
                continue;
            }
            int[] cols = colTaps[ix];
            for (int r = 0; r < rows.length; r += 2) {
                int rowBase = (b * g.outH() + rows[r + 1]) * g.outW();
                int tapRow = rows[r] * g.filterW();
                for (int c = 0; c < cols.length; c += 2) {
                    stamp[rowBase + cols[c + 1]] = generation;
                    int a = (rowBase + cols[c + 1]) * pairs;
                    int w = (tapRow + cols[c]) * inC * pairs;
                    for (int m = 0; m < count; m++) {
                        addRow(acc, a, delta[m], w + channel[m] * pairs);
                    }
                }
            }
        }
        box[0] = bMin;
        box[1] = bMax;
        box[2] = yMin;
        box[3] = yMax;
        box[4] = xMin;
        box[5] = xMax;
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
        if (threeLanes) {
            requantizeLanes(s, opIndex, acc, stamp, generation, box, oy0, oy1, ox0, ox1);
            return;
        }
        for (int b = box[0]; b <= box[1]; b++) {
            for (int oy = oy0; oy <= oy1; oy++) {
                int rowBase = (b * g.outH() + oy) * g.outW();
                for (int ox = ox0; ox <= ox1; ox++) {
                    if (stamp[rowBase + ox] != generation) {
                        continue; // no changed input reaches this output (sparse changes in the box)
                    }
                    int a = (rowBase + ox) * pairs;
                    int o = (rowBase + ox) * outC;
                    for (int j = 0, oc = 0; j < pairs; j++, oc += 2) {
                        long packed = acc[a + j];
                        byte v = requantizer.apply(low(packed), oc);
                        if (v != yBase[o + oc]) {
                            y[o + oc] = v;
                            outChanges.add(o + oc);
                        }
                        if (oc + 1 < outC) {
                            v = requantizer.apply(high(packed), oc + 1);
                            if (v != yBase[o + oc + 1]) {
                                y[o + oc + 1] = v;
                                outChanges.add(o + oc + 1);
                            }
                        }
                    }
                }
            }
        }
        s.touchAccumulators(opIndex, ((box[0] * g.outH() + oy0) * g.outW() + ox0) * pairs,
                ((box[1] * g.outH() + oy1) * g.outW() + ox1 + 1) * pairs);
    }

    /**
     * The outputs a three-lane run reached: base accumulator plus the lane's change, requantized
     * and compared; the scratch lanes are zeroed again by the session's restore.
     */
    private void requantizeLanes(DeltaSession s, int opIndex, long[] lanes, int[] stamp, int generation, int[] box,
            int oy0, int oy1, int ox0, int ox1) {
        long[] baseAcc = (long[]) s.baseAcc[opIndex];
        int[] slack = s.slack[opIndex];
        int[] channel = s.channelScratch;
        int[] delta = s.deltaScratch;
        byte[] y = s.values[out];
        byte[] yBase = s.base[out];
        ChangeList outChanges = s.changes[out];
        for (int b = box[0]; b <= box[1]; b++) {
            for (int oy = oy0; oy <= oy1; oy++) {
                int rowBase = (b * g.outH() + oy) * g.outW();
                for (int ox = ox0; ox <= ox1; ox++) {
                    int position = rowBase + ox;
                    if (stamp[position] != generation) {
                        continue;
                    }
                    int a = position * triples;
                    int a2 = position * pairs;
                    int o = position * outC;
                    // First the channels whose change may leave their baseline byte's interval
                    // (most do not), collected without a branch since which ones is unpredictable.
                    int n = 0;
                    for (int t = 0, oc = 0; t < triples; t++) {
                        long packed = lanes[a + t];
                        for (int lane = 0; lane < 3 && oc < outC; lane++, oc++) {
                            long low = (packed << (64 - LANE_BITS)) >> (64 - LANE_BITS);
                            packed = (packed - low) >> LANE_BITS;
                            channel[n] = oc;
                            delta[n] = (int) low;
                            n += RequantizationSlack.keeps(slack, o + oc, (int) low) ? 0 : 1;
                        }
                    }
                    outChanges.reserve(n);
                    for (int k = 0; k < n; k++) {
                        int oc = channel[k];
                        long base = baseAcc[a2 + (oc >> 1)];
                        int value = ((oc & 1) == 0 ? low(base) : high(base)) + delta[k];
                        byte v = requantizer.apply(value, oc);
                        y[o + oc] = v; // y still holds the baseline here: rewriting an equal byte is harmless
                        outChanges.addIf(o + oc, v != yBase[o + oc]);
                    }
                }
            }
        }
        s.touchLanes(opIndex, ((box[0] * g.outH() + oy0) * g.outW() + ox0) * triples,
                ((box[1] * g.outH() + oy1) * g.outW() + ox1 + 1) * triples);
    }

    /** {@code acc[a + j] += v * wt[w + j]} over neighbouring outputs' packed channels. */
    private static void addSpan(long[] acc, long[] wt, int a, long v, int w, int length) {
        for (int j = 0; j < length; j++) {
            acc[a + j] += v * wt[w + j];
        }
    }

    /**
     * Four changed input channels of one position at once: each accumulator is loaded and stored
     * once per four multiply-adds instead of once per one.
     */
    private static void addSpan4(long[] acc, long[] wt, int a, int length, int[] delta, int m, int w0, int w1, int w2,
            int w3) {
        long d0 = delta[m];
        long d1 = delta[m + 1];
        long d2 = delta[m + 2];
        long d3 = delta[m + 3];
        for (int j = 0; j < length; j++) {
            acc[a + j] += d0 * wt[w0 + j] + d1 * wt[w1 + j] + d2 * wt[w2 + j] + d3 * wt[w3 + j];
        }
    }

    /**
     * Eight changed input channels of one position at once ({@link #addSpan4} with half the
     * accumulator loads and stores again); the weight row of channel {@code c} starts at {@code
     * ((w + c) * kw + firstColumn) * perPosition}.
     */
    private static void addSpan8(long[] acc, long[] wt, int a, int length, int[] delta, int m, int[] channel, int w,
            int kw, int firstColumn, int perPosition) {
        long d0 = delta[m];
        long d1 = delta[m + 1];
        long d2 = delta[m + 2];
        long d3 = delta[m + 3];
        long d4 = delta[m + 4];
        long d5 = delta[m + 5];
        long d6 = delta[m + 6];
        long d7 = delta[m + 7];
        int w0 = ((w + channel[m]) * kw + firstColumn) * perPosition;
        int w1 = ((w + channel[m + 1]) * kw + firstColumn) * perPosition;
        int w2 = ((w + channel[m + 2]) * kw + firstColumn) * perPosition;
        int w3 = ((w + channel[m + 3]) * kw + firstColumn) * perPosition;
        int w4 = ((w + channel[m + 4]) * kw + firstColumn) * perPosition;
        int w5 = ((w + channel[m + 5]) * kw + firstColumn) * perPosition;
        int w6 = ((w + channel[m + 6]) * kw + firstColumn) * perPosition;
        int w7 = ((w + channel[m + 7]) * kw + firstColumn) * perPosition;
        for (int j = 0; j < length; j++) {
            acc[a + j] += d0 * wt[w0 + j] + d1 * wt[w1 + j] + d2 * wt[w2 + j] + d3 * wt[w3 + j]
                    + d4 * wt[w4 + j] + d5 * wt[w5 + j] + d6 * wt[w6 + j] + d7 * wt[w7 + j];
        }
    }

    /** {@code acc[a + j] += v * weights[w + j]} over one row of channel pairs. */
    private void addRow(long[] acc, int a, long v, int w) {
        long[] wt = weights;
        for (int j = 0; j < pairs; j++) {
            acc[a + j] += v * wt[w + j];
        }
    }
}
