package dev.pawscope.quantize.interpreter;

/**
 * How far each conv output's accumulator may move without changing its requantized byte.
 *
 * <p>Why: in a delta run most reached outputs keep their baseline byte, and requantizing them
 * (a 64-bit multiply, rounding, clamp) was the largest single cost. A channel's requantization is
 * monotone in the accumulator ({@link ChannelRequantizer#monotone}), so the accumulators that give
 * byte {@code q} form one interval {@code [T(q), T(q+1))}. Per baseline output element that
 * becomes an interval of accumulator <em>changes</em> around 0; a change inside it provably leaves
 * the byte as it was, and only changes outside it are requantized.
 *
 * <p>The thresholds depend only on the op ({@link #thresholds}); the per-element intervals on the
 * baseline ({@link #of}), clamped to {@code [-LIMIT, LIMIT]} since the three-lane deltas they are
 * compared with stay well inside that.
 */
final class RequantizationSlack {

    /** Bound of the stored intervals; larger than any three-lane delta ({@code < 2^20}). */
    static final int LIMIT = 1 << 21;
    /** Entries per channel in the threshold table: bytes -128 .. 127 plus the end. */
    static final int PER_CHANNEL = 257;

    private RequantizationSlack() {}

    /**
     * For channel {@code c} and byte {@code q}, at {@code [c * 257 + q + 128]}: the smallest int
     * accumulator that requantizes to {@code q} or above ({@code 2^31} when none does), and {@code
     * 2^31} at {@code q = 128}. Entries of non-monotone channels are unused.
     */
    static long[] thresholds(ChannelRequantizer requantizer, int channels) {
        long[] t = new long[channels * PER_CHANNEL];
        for (int c = 0; c < channels; c++) {
            if (!requantizer.monotone(c)) {
                continue;
            }
            long from = Integer.MIN_VALUE;
            for (int q = -128; q <= 128; q++) {
                long lo = from; // thresholds do not decrease with q: search only above the last one
                long hi = 1L << 31;
                while (lo < hi) {
                    long mid = (lo + hi) >> 1;
                    if (q <= 127 && requantizer.apply((int) mid, c) >= q) {
                        hi = mid;
                    } else {
                        lo = mid + 1;
                    }
                }
                t[c * PER_CHANNEL + q + 128] = lo;
                from = Math.min(lo, Integer.MAX_VALUE);
            }
        }
        return t;
    }

    /**
     * Per output element {@code e} (NHWC, {@code outC} channels): {@code [2e]} the lowest and
     * {@code [2e] + [2e+1]} the highest accumulator change that keeps the baseline byte. An empty
     * interval ({@code [2e] > 0}) for channels whose requantization is not monotone, so they are
     * always requantized.
     *
     * @param accumulators the baseline accumulators, one per output element
     */
    static int[] of(byte[] baseOutput, int outC, long[] thresholds, ChannelRequantizer requantizer,
            int[] accumulators) {
        boolean[] monotone = new boolean[outC];
        for (int c = 0; c < outC; c++) {
            monotone[c] = requantizer.monotone(c);
        }
        int[] slack = new int[2 * baseOutput.length];
        for (int position = 0; position < baseOutput.length; position += outC) {
            for (int c = 0; c < outC; c++) {
                int e = position + c;
                if (!monotone[c]) {
                    slack[2 * e] = LIMIT + 1; // never inside: every change is requantized
                    continue;
                }
                long a = accumulators[e];
                int row = c * PER_CHANNEL + baseOutput[e] + 128;
                long lo = Math.max(thresholds[row] - a, -LIMIT);
                long hi = Math.min(thresholds[row + 1] - 1 - a, LIMIT);
                slack[2 * e] = (int) lo;
                slack[2 * e + 1] = (int) (hi - lo);
            }
        }
        return slack;
    }

    /** Whether a change {@code delta} of element {@code e}'s accumulator keeps its baseline byte. */
    static boolean keeps(int[] slack, int e, int delta) {
        return Integer.compareUnsigned(delta - slack[2 * e], slack[2 * e + 1]) <= 0;
    }
}
