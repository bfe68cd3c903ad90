package dev.pawscope.quantize.interpreter;

/**
 * Which outputs of a sliding window (convolution or pool) can see a range of inputs along one
 * axis: output {@code o} reads inputs {@code o*stride - pad + f*dilation}, {@code 0 <= f < k}.
 * A superset with dilation (some outputs in the range skip the changed inputs); they simply
 * requantize to their baseline values.
 */
final class AffectedOutputs {

    private AffectedOutputs() {}

    /** The first output whose window reaches input {@code lo}, at least 0. */
    static int first(int lo, int pad, int k, int dilation, int stride) {
        return Math.max(0, Math.floorDiv(lo + pad - (k - 1) * dilation + stride - 1, stride));
    }

    /** The last output whose window starts at or before input {@code hi}, at most {@code outSize - 1}. */
    static int last(int hi, int pad, int stride, int outSize) {
        return Math.min(outSize - 1, Math.floorDiv(hi + pad, stride));
    }
}
