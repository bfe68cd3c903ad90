package dev.pawscope.quantize.ptq;

/**
 * The values one activation tensor took over the calibration set: its extremes and, in a second
 * pass over the same inputs, a histogram between them from which percentiles are read.
 */
final class ActivationRangeStats {

    static final int BINS = 4096;

    private float min = Float.POSITIVE_INFINITY;
    private float max = Float.NEGATIVE_INFINITY;
    private long[] histogram;
    private long count;

    void observeRange(float[] values) {
        for (float v : values) {
            if (Float.isNaN(v) || Float.isInfinite(v)) {
                throw new IllegalArgumentException("the float model produced " + v
                        + " during calibration; check the input images and the model's weights");
            }
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
    }

    void observeHistogram(float[] values) {
        if (histogram == null) {
            histogram = new long[BINS];
        }
        double width = max - min;
        for (float v : values) {
            int bin = width == 0 ? 0 : (int) Math.min(BINS - 1, (v - min) / width * BINS);
            histogram[Math.max(bin, 0)]++;
            count++;
        }
    }

    float min() {
        return min;
    }

    float max() {
        return max;
    }

    /**
     * The value below which {@code fraction} of the observed values lie, at bin resolution (the
     * bin's upper edge for the upper tail, its lower edge for the lower tail, so the range errs wide).
     */
    float quantile(double fraction, boolean upperTail) {
        if (histogram == null || count == 0) {
            throw new IllegalStateException("no histogram: call observeHistogram first");
        }
        long target = (long) Math.ceil(fraction * count);
        long seen = 0;
        double width = (double) max - min;
        for (int bin = 0; bin < BINS; bin++) {
            seen += histogram[bin];
            if (seen >= target) {
                double edge = upperTail ? bin + 1 : bin;
                return (float) Math.min(max, min + width * edge / BINS);
            }
        }
        return max;
    }

    /** Fraction of observed values in bins wholly below {@code low} or above {@code high}. */
    double shareOutside(float low, float high) {
        if (histogram == null || count == 0) {
            return 0;
        }
        double width = (double) max - min;
        long outside = 0;
        for (int bin = 0; bin < BINS; bin++) {
            double binLow = min + width * bin / BINS;
            double binHigh = min + width * (bin + 1) / BINS;
            if (binHigh <= low || binLow >= high) {
                outside += histogram[bin];
            }
        }
        return (double) outside / count;
    }
}
