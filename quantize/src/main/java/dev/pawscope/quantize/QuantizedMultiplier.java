package dev.pawscope.quantize;

import java.math.BigDecimal;

/**
 * A real multiplier in TFLite's fixed-point form: {@code multiplier * 2^(shift - 31)}.
 *
 * @param multiplier Q0.31 mantissa in {@code [0, 2^31 - 1]}; {@link FixedPoint#quantizeMultiplier}
 *     yields {@code [2^30, 2^31)} for every non-zero multiplier and 0 for zero
 * @param shift the {@code shift} argument of {@link FixedPoint#multiplyByQuantizedMultiplier}, whose
 *     documentation defines its sign; in {@code [-31, 30]}
 */
public record QuantizedMultiplier(int multiplier, int shift) {

    /** The smallest shift {@link FixedPoint#multiplyByQuantizedMultiplier} accepts. */
    public static final int MIN_SHIFT = -31;

    /** The largest shift {@link FixedPoint#multiplyByQuantizedMultiplier} accepts. */
    public static final int MAX_SHIFT = 30;

    public QuantizedMultiplier {
        if (multiplier < 0) {
            throw new IllegalArgumentException(
                    "multiplier must be >= 0 (Q0.31), found " + multiplier);
        }
        if (shift < MIN_SHIFT || shift > MAX_SHIFT) {
            throw new IllegalArgumentException("shift must be in [" + MIN_SHIFT + ", " + MAX_SHIFT
                    + "], found " + shift);
        }
    }

    /** The exact real value {@code multiplier * 2^(shift - 31)}. */
    public BigDecimal exactValue() {
        BigDecimal mantissa = BigDecimal.valueOf(multiplier);
        int exponent = shift - 31;
        return exponent >= 0
                ? mantissa.multiply(BigDecimal.valueOf(2).pow(exponent))
                : mantissa.divide(BigDecimal.valueOf(2).pow(-exponent)); // exact: a power of two
    }
}
