package dev.pawscope.quantize.kernels;

/**
 * A real requantization scale kept as the IEEE-754 double TFLite's reference FULLY_CONNECTED
 * computes with ({@code round((double) acc * scale)}, since TF 2.14; CONV_2D keeps the
 * fixed-point multiplier), split into an integer significand and a power of two so that firmware
 * without a double-precision unit can reproduce the product bit for bit (see {@code
 * ps_multiply_by_double_scale} in {@code ps_fixedpoint.h}).
 *
 * @param mantissa the 53-bit significand with its leading 1 ({@code 2^52 <= mantissa < 2^53}),
 *     or 0 for a zero scale
 * @param exponent {@code scale = mantissa * 2^exponent}
 */
public record DoubleScale(long mantissa, int exponent) {

    public static final int SIGNIFICAND_BITS = 53;

    public DoubleScale {
        if (mantissa != 0 && (mantissa < (1L << 52) || mantissa >= (1L << 53))) {
            throw new IllegalArgumentException("mantissa must be 0 or in [2^52, 2^53), found " + mantissa);
        }
    }

    /** TFLite's {@code (double) inputScale * (double) filterScale / (double) outputScale}. */
    public static double effective(float inputScale, float filterScale, float outputScale) {
        return (double) inputScale * (double) filterScale / (double) outputScale;
    }

    /** The exact split of a non-negative, normal (or zero) double. */
    public static DoubleScale of(double scale) {
        if (!(scale >= 0) || Double.isInfinite(scale) || (scale != 0 && scale < Double.MIN_NORMAL)) {
            throw new IllegalArgumentException("expected a finite, non-negative, normal scale, found " + scale);
        }
        if (scale == 0) {
            return new DoubleScale(0, 0);
        }
        long bits = Double.doubleToRawLongBits(scale);
        long mantissa = (bits & ((1L << 52) - 1)) | (1L << 52);
        int exponent = (int) ((bits >>> 52) & 0x7FF) - 1023 - 52;
        return new DoubleScale(mantissa, exponent);
    }

    public double value() {
        return Math.scalb((double) mantissa, exponent);
    }

    /**
     * {@code (int32) round((double) acc * value())} exactly as C computes it: an IEEE-754 double
     * product (round to nearest even) rounded half away from zero. Results beyond int32 saturate
     * (C leaves them undefined; the clamp to int8 follows anyway).
     */
    public int multiply(int acc) {
        double product = (double) acc * value();
        double rounded = Rounding.roundHalfAwayFromZero(product);
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, rounded));
    }
}
