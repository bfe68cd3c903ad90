package dev.pawscope.quantize.gradient;

/**
 * For one spatial axis of a sliding window: which filter taps land inside the input, per output
 * coordinate. Precomputed once so the kernels' inner loops need no bounds checks: interior
 * windows get the whole filter, border windows a clipped range.
 */
final class WindowSpan {

    /** First tap inside the input, per output coordinate. */
    final int[] first;
    /** One past the last tap inside the input, per output coordinate ({@code >= first}). */
    final int[] end;
    /** Input coordinate of tap 0 (may be negative: padding), per output coordinate. */
    final int[] origin;

    WindowSpan(int outSize, int inSize, int filter, int stride, int dilation, int padding) {
        first = new int[outSize];
        end = new int[outSize];
        origin = new int[outSize];
        for (int o = 0; o < outSize; o++) {
            int start = o * stride - padding;
            int lo = start >= 0 ? 0 : Math.floorDiv(-start + dilation - 1, dilation);
            int hi = Math.min(filter, Math.floorDiv(inSize - 1 - start, dilation) + 1);
            origin[o] = start;
            first[o] = Math.min(lo, filter);
            end[o] = Math.max(first[o], hi);
        }
    }
}
