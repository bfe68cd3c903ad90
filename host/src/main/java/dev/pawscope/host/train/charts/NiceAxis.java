package dev.pawscope.host.train.charts;

import java.util.Locale;

/**
 * A value axis from {@code lo} to {@code hi} with ticks every {@code step}, where the step is
 * 1, 2 or 5 × 10^k so a reader can interpolate between ticks in their head.
 */
record NiceAxis(double lo, double hi, double step) {

    NiceAxis {
        if (!(step > 0) || !(hi > lo)) {
            throw new IllegalArgumentException("expected lo < hi and step > 0, found lo=" + lo + " hi=" + hi
                    + " step=" + step);
        }
    }

    /** The smallest 1/2/5 × 10^k step that splits {@code span} into at most {@code maxTicks} parts. */
    static double niceStep(double span, int maxTicks) {
        double raw = span / Math.max(1, maxTicks);
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / magnitude;
        // A hair of tolerance so 0.2 / 10^-1 landing on 2.0000000000000004 still counts as 2.
        double nice = f <= 1 + 1e-9 ? 1 : f <= 2 + 1e-9 ? 2 : f <= 5 + 1e-9 ? 5 : 10;
        return nice * magnitude;
    }

    /** An axis whose ends are ticks and which contains [min, max]. */
    static NiceAxis covering(double min, double max, int maxTicks) {
        if (!(max > min)) {
            // One distinct value still needs a visible range around it.
            double pad = Math.max(Math.abs(min) * 0.05, 0.01);
            min -= pad;
            max += pad;
        }
        double step = niceStep(max - min, maxTicks);
        double lo = Math.floor(min / step + 1e-9) * step;
        double hi = Math.ceil(max / step - 1e-9) * step;
        return new NiceAxis(lo, hi, step);
    }

    double[] ticks() {
        // Ticks are computed as integer multiples of step, never accumulated, so 0.1 + 0.2 drift never shows.
        long first = Math.round(lo / step);
        long last = Math.round(hi / step);
        double[] ticks = new double[(int) (last - first + 1)];
        for (int i = 0; i < ticks.length; i++) {
            ticks[i] = (first + i) * step;
        }
        return ticks;
    }

    /** Where {@code value} sits between lo (0) and hi (1). */
    double fraction(double value) {
        return (value - lo) / (hi - lo);
    }

    /** A tick label with just enough decimals for the step, after multiplying by {@code scale}. */
    String label(double value, double scale, String suffix) {
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step * scale) + 1e-9));
        double v = value * scale;
        if (Math.abs(v) < step * scale * 1e-6) {
            v = 0; // no "-0.0"
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", v) + suffix;
    }
}
