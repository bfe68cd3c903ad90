package dev.pawscope.quantize;

/**
 * The int32 fixed-point helpers every int8 kernel requantizes with.
 *
 * <p>Bit-exact with TensorFlow Lite's reference kernels in their default build
 * ({@code TFLITE_SINGLE_ROUNDING} unset, "double rounding"): gemmlowp's
 * {@code SaturatingRoundingDoublingHighMul} and {@code RoundingDivideByPOT}, composed as in
 * {@code tflite::MultiplyByQuantizedMultiplier(int32_t, int32_t, int)}, and TFLite's
 * {@code QuantizeMultiplier}. The C twin is {@code firmware/include/ps_fixedpoint.h} (same names,
 * snake_case); both are checked against {@code firmware/tests/golden/fixedpoint_vectors.txt}.
 */
public final class FixedPoint {

    private static final long Q31_ONE = 1L << 31;

    private FixedPoint() {}

    /**
     * {@code round(a * b / 2^31)}, ties toward positive infinity (-0.5 becomes 0, +0.5 becomes 1),
     * as the NEON {@code VQRDMULH} instruction that gemmlowp's sign-dependent nudge reproduces.
     *
     * <p>Overflow: the long product has {@code |a * b| <= 2^62}, so adding {@code 2^30} fits. The
     * only result outside int32 is {@code MIN_VALUE * MIN_VALUE} (+1.0 in Q0.31), which saturates
     * to {@code Integer.MAX_VALUE}.
     */
    public static int saturatingRoundingDoublingHighMul(int a, int b) {
        if (a == Integer.MIN_VALUE && b == Integer.MIN_VALUE) {
            return Integer.MAX_VALUE;
        }
        long ab = (long) a * b;
        // >> on a long is an arithmetic shift, i.e. floor division: floor(ab / 2^31 + 1/2).
        return (int) ((ab + (1L << 30)) >> 31);
    }

    /**
     * {@code round(x / 2^exponent)}, ties away from zero (+2.5 becomes 3, -2.5 becomes -3).
     *
     * <p>Overflow: none. For {@code exponent >= 1} the result's magnitude is at most {@code
     * ceil(|x| / 2) <= 2^30}; exponent 0 returns {@code x}.
     *
     * @param exponent in {@code [0, 31]}
     * @throws IllegalArgumentException if {@code exponent} is outside {@code [0, 31]}
     */
    public static int roundingDivideByPot(int x, int exponent) {
        if (exponent < 0 || exponent > 31) {
            throw new IllegalArgumentException(
                    "exponent must be in [0, 31], found " + exponent
                            + " (a right shift by 32 or more would discard every bit)");
        }
        if (exponent == 0) {
            return x;
        }
        int floor = x >> exponent;
        int remainder = x & (int) ((1L << exponent) - 1); // x - floor * 2^exponent, in [0, 2^e)
        int half = 1 << (exponent - 1);
        // A tie rounds up only for x >= 0: away from zero on both sides.
        boolean roundUp = remainder > half || (remainder == half && x >= 0);
        return roundUp ? floor + 1 : floor;
    }

    /**
     * {@code x * quantizedMultiplier * 2^(shift - 31)} with TFLite's double rounding: left shift
     * by {@code max(shift, 0)}, {@link #saturatingRoundingDoublingHighMul}, then {@link
     * #roundingDivideByPot} by {@code max(-shift, 0)}.
     *
     * <p>Overflow: the left shift wraps modulo 2^32, exactly as TFLite's {@code x * (1 <<
     * left_shift)} does on two's-complement targets; the quantizer must choose shifts for which
     * real accumulators never wrap (TFLite assumes the same). The multiply saturates only for
     * {@code MIN_VALUE * MIN_VALUE}, which a non-negative multiplier cannot produce.
     *
     * @param quantizedMultiplier Q0.31 in {@code [0, Integer.MAX_VALUE]}, normally {@code [2^30,
     *     2^31)}; the real multiplier is {@code quantizedMultiplier * 2^(shift - 31)}
     * @param shift the power-of-two exponent of the real multiplier, TFLite's sign convention:
     *     {@code shift > 0} multiplies by {@code 2^shift} (left shift before the multiply), {@code
     *     shift < 0} divides by {@code 2^-shift} (rounding right shift after it). With a normalized
     *     multiplier, {@code shift > 0} means a real multiplier >= 1 and {@code shift < 0} one below
     *     0.5. In {@code [-31, 30]}.
     * @throws IllegalArgumentException if {@code quantizedMultiplier < 0} or {@code shift} is
     *     outside {@code [-31, 30]}
     */
    public static int multiplyByQuantizedMultiplier(int x, int quantizedMultiplier, int shift) {
        if (quantizedMultiplier < 0) {
            throw new IllegalArgumentException("quantizedMultiplier must be >= 0 (Q0.31), found "
                    + quantizedMultiplier);
        }
        if (shift < QuantizedMultiplier.MIN_SHIFT || shift > QuantizedMultiplier.MAX_SHIFT) {
            throw new IllegalArgumentException("shift must be in [" + QuantizedMultiplier.MIN_SHIFT
                    + ", " + QuantizedMultiplier.MAX_SHIFT + "], found " + shift);
        }
        int leftShift = Math.max(shift, 0);
        int rightShift = Math.max(-shift, 0);
        return roundingDivideByPot(
                saturatingRoundingDoublingHighMul(x << leftShift, quantizedMultiplier), rightShift);
    }

    /** {@link #multiplyByQuantizedMultiplier(int, int, int)} with both parts of {@code m}. */
    public static int multiplyByQuantizedMultiplier(int x, QuantizedMultiplier m) {
        return multiplyByQuantizedMultiplier(x, m.multiplier(), m.shift());
    }

    /**
     * TFLite's {@code QuantizeMultiplier}: {@code realMultiplier = q * 2^shift} with {@code q} in
     * {@code [0.5, 1)} (frexp), multiplier {@code = round(q * 2^31)} (half away from zero); a
     * mantissa that rounds up to {@code 2^31} becomes {@code 2^30} with {@code shift + 1}. Zero, and
     * anything whose shift would be below -31 (roughly below {@code 2^-32}), becomes {@code (0,
     * 0)}: TFLite flushes such multipliers to zero.
     *
     * @throws IllegalArgumentException if {@code realMultiplier} is negative, NaN, infinite, or so
     *     large that its shift exceeds 30 (about {@code 2^30})
     */
    public static QuantizedMultiplier quantizeMultiplier(double realMultiplier) {
        if (!(realMultiplier >= 0) || Double.isInfinite(realMultiplier)) {
            throw new IllegalArgumentException(
                    "realMultiplier must be finite and >= 0 (a ratio of scales), found "
                            + realMultiplier);
        }
        if (realMultiplier == 0) {
            return new QuantizedMultiplier(0, 0);
        }
        int shift = frexpExponent(realMultiplier);
        double q = Math.scalb(realMultiplier, -shift); // exact: scaling by a power of two
        long qFixed = Math.round(q * Q31_ONE); // q > 0, so half-up is half away from zero
        if (qFixed == Q31_ONE) {
            qFixed /= 2;
            shift++;
        }
        if (shift < QuantizedMultiplier.MIN_SHIFT) {
            return new QuantizedMultiplier(0, 0);
        }
        if (shift > QuantizedMultiplier.MAX_SHIFT) {
            throw new IllegalArgumentException("realMultiplier must be < 2^30 so that shift <= "
                    + QuantizedMultiplier.MAX_SHIFT + ", found " + realMultiplier + " (shift "
                    + shift + "); check the input, weight and output scales");
        }
        return new QuantizedMultiplier((int) qFixed, shift);
    }

    /** The exponent e of C's frexp: {@code value = q * 2^e} with {@code q} in {@code [0.5, 1)}. */
    private static int frexpExponent(double positiveFinite) {
        if (positiveFinite < Double.MIN_NORMAL) {
            // Subnormal: scale into the normal range first; getExponent is only exact there.
            return frexpExponent(Math.scalb(positiveFinite, 64)) - 64;
        }
        return Math.getExponent(positiveFinite) + 1;
    }
}
