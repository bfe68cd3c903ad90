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
 *
 * <p>The second half of the class holds the gemmlowp {@code fixedpoint.h} functions and the
 * TFLite {@code common.h} helpers that the quantized softmax is built from ({@link #expOnNegativeValues},
 * {@link #getReciprocal} and their parts). They work on raw int32 values of gemmlowp's {@code
 * FixedPoint<int32_t, N>}, written Q{@code N}.{@code 31-N} here: {@code N} integer bits, {@code 31 - N}
 * fractional bits, real value {@code raw / 2^(31-N)}; Q0.31 covers {@code [-1, 1)}. gemmlowp's
 * plain {@code +} and {@code -} on such values wrap modulo 2^32 (what every two's-complement target
 * does with the C++ signed overflow), and so does Java's {@code int} arithmetic used here.
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

    // ---------------------------------------------------------------------------------------------
    // gemmlowp fixedpoint.h and TFLite common.h helpers used by the quantized softmax
    // ---------------------------------------------------------------------------------------------

    /** exp(-1/8) in Q0.31: the centre of the Taylor expansion in the quarter-interval exp. */
    private static final int EXP_MINUS_ONE_EIGHTH_Q0_31 = 1895147668;

    /** 1/3 in Q0.31. */
    private static final int ONE_THIRD_Q0_31 = 715827883;

    /**
     * {@code exp(-2^k)} in Q0.31 for {@code k = -2 .. 4}, index {@code k + 2}: the barrel-shifter
     * factors of {@link #expOnNegativeValues}, each the nearest Q0.31 value to the real constant.
     */
    private static final int[] EXP_MINUS_TWO_TO_THE_K_Q0_31 = {
        1672461947, // exp(-1/4)
        1302514674, // exp(-1/2)
        790015084, // exp(-1)
        290630308, // exp(-2)
        39332535, // exp(-4)
        720401, // exp(-8)
        242, // exp(-16)
    };

    /** 48/17 in Q2.29: the Newton-Raphson starting offset of {@link #oneOverOnePlusXForXIn01}. */
    private static final int FORTY_EIGHT_SEVENTEENTHS_Q2_29 = 1515870810;

    /** -32/17 in Q2.29: the Newton-Raphson starting slope of {@link #oneOverOnePlusXForXIn01}. */
    private static final int MINUS_THIRTY_TWO_SEVENTEENTHS_Q2_29 = -1010580540;

    /** 1.0 in Q2.29. */
    private static final int ONE_Q2_29 = 1 << 29;

    /**
     * gemmlowp's {@code RoundingHalfSum} for int32 (NEON {@code VRHADD}): {@code (a + b) / 2}
     * rounded to nearest, ties away from zero (+2.5 becomes 3, -2.5 becomes -3).
     *
     * <p>Overflow: none. The sum is formed in a long, and {@code (a + b) / 2} rounded away from zero
     * lies in {@code [MIN_VALUE, MAX_VALUE]} for every pair of ints ({@code MAX + MAX} gives {@code
     * MAX}, {@code MIN + MIN} gives {@code MIN}).
     */
    public static int roundingHalfSum(int a, int b) {
        long sum = (long) a + b;
        long sign = sum >= 0 ? 1 : -1;
        // Java's long division truncates toward zero, as C++'s does: (sum + sign) / 2 rounds a
        // half away from zero and every other fraction to nearest.
        return (int) ((sum + sign) / 2);
    }

    /**
     * gemmlowp's {@code SaturatingRoundingMultiplyByPOT<exponent>}: {@code x * 2^exponent}.
     *
     * <ul>
     *   <li>{@code exponent > 0}: a left shift that saturates, i.e. the exact product clamped to
     *       {@code [MIN_VALUE, MAX_VALUE]} (gemmlowp compares {@code x} with {@code +-(2^(31 -
     *       exponent) - 1)} and substitutes the bound).
     *   <li>{@code exponent < 0}: {@link #roundingDivideByPot} by {@code -exponent}, round to
     *       nearest with ties away from zero; never overflows.
     *   <li>{@code exponent == 0}: {@code x}.
     * </ul>
     *
     * @param exponent in {@code [-31, 31]}
     * @throws IllegalArgumentException if {@code exponent} is outside {@code [-31, 31]}
     */
    public static int saturatingRoundingMultiplyByPot(int x, int exponent) {
        if (exponent < -31 || exponent > 31) {
            throw new IllegalArgumentException("exponent must be in [-31, 31], found " + exponent
                    + " (a shift by 32 or more would discard every bit)");
        }
        if (exponent <= 0) {
            return roundingDivideByPot(x, -exponent);
        }
        int threshold = (1 << (31 - exponent)) - 1; // the largest |x| whose product fits
        if (x > threshold) {
            return Integer.MAX_VALUE;
        }
        if (x < -threshold) {
            return Integer.MIN_VALUE;
        }
        return x << exponent;
    }

    /**
     * gemmlowp's {@code Rescale<dstIntegerBits>} of a {@code FixedPoint<int32_t, srcIntegerBits>}:
     * the same real value in Q{@code dst}.{@code 31-dst}, i.e. {@link
     * #saturatingRoundingMultiplyByPot} by {@code srcIntegerBits - dstIntegerBits}. Gaining integer
     * bits rounds (ties away from zero); losing them saturates values that no longer fit.
     *
     * @param srcIntegerBits integer bits of {@code raw}'s format, in {@code [0, 31]}
     * @param dstIntegerBits integer bits of the result's format, in {@code [0, 31]}
     * @throws IllegalArgumentException if either is outside {@code [0, 31]}
     */
    public static int rescale(int raw, int srcIntegerBits, int dstIntegerBits) {
        requireIntegerBits("srcIntegerBits", srcIntegerBits, 31);
        requireIntegerBits("dstIntegerBits", dstIntegerBits, 31);
        return saturatingRoundingMultiplyByPot(raw, srcIntegerBits - dstIntegerBits);
    }

    /**
     * TFLite's {@code MultiplyByQuantizedMultiplierGreaterThanOne} (double-rounding build): {@link
     * #saturatingRoundingDoublingHighMul}{@code (x * 2^leftShift, quantizedMultiplier)}, i.e. {@code
     * x * quantizedMultiplier * 2^(leftShift - 31)} with one rounding (ties toward +infinity).
     *
     * <p>Overflow: {@code x * 2^leftShift} wraps modulo 2^32, exactly as TFLite's {@code x * (1 <<
     * left_shift)} does on two's-complement targets (for {@code leftShift == 31} C++'s {@code 1 <<
     * 31} is {@code INT32_MIN}, and so is Java's); callers keep {@code |x| * 2^leftShift < 2^31}, as
     * the softmax does through its {@code diff_min}. Unlike {@link #multiplyByQuantizedMultiplier}
     * there is no right shift, so the shift may be 31.
     *
     * @param quantizedMultiplier Q0.31, {@code >= 0}
     * @param leftShift in {@code [0, 31]}
     * @throws IllegalArgumentException if {@code quantizedMultiplier < 0} or {@code leftShift} is
     *     outside {@code [0, 31]}
     */
    public static int multiplyByQuantizedMultiplierGreaterThanOne(
            int x, int quantizedMultiplier, int leftShift) {
        if (quantizedMultiplier < 0) {
            throw new IllegalArgumentException("quantizedMultiplier must be >= 0 (Q0.31), found "
                    + quantizedMultiplier);
        }
        if (leftShift < 0 || leftShift > 31) {
            throw new IllegalArgumentException("leftShift must be in [0, 31], found " + leftShift);
        }
        return saturatingRoundingDoublingHighMul(x << leftShift, quantizedMultiplier);
    }

    /**
     * TFLite's {@code CountLeadingZeros(static_cast<uint32_t>(x))}: the number of zero bits above
     * the highest set bit of {@code x} read as an unsigned 32-bit value; 32 for 0, 0 for any
     * negative {@code x}.
     */
    public static int countLeadingZeros(int x) {
        return Integer.numberOfLeadingZeros(x); // already unsigned: the sign bit counts as a set bit
    }

    /**
     * gemmlowp's {@code exp_on_interval_between_negative_one_quarter_and_0_excl}: {@code exp(a)}
     * for {@code a} in Q0.31, meant for {@code a} in {@code [-1/4, 0)}, i.e. raw {@code [-2^29, 0)};
     * the result is Q0.31.
     *
     * <p>Method: the fourth-order Taylor expansion around {@code -1/8}, {@code exp(-1/8) * (1 + x +
     * x^2/2 + x^3/6 + x^4/24)} with {@code x = a + 1/8}, evaluated with {@link
     * #saturatingRoundingDoublingHighMul} (each product rounded, ties toward +infinity), {@code /4}
     * and {@code /2} as {@link #roundingDivideByPot} (ties away from zero), in this order: {@code
     * x2 = x*x}, {@code x3 = x2*x}, {@code x4 = x2*x2}, {@code t = ((x4/4 + x3) * (1/3) + x2) / 2},
     * result {@code exp(-1/8) + exp(-1/8) * (x + t)}. On {@code [-1/4, 0)} the truncation error
     * {@code e^(1/8) (1/8)^5 / 120} is below {@code 3.3e-7} relative (under 500 raw units); the
     * roundings add a few units more.
     *
     * <p>Overflow: the additions wrap modulo 2^32 like gemmlowp's int32 {@code +}; no intermediate
     * leaves int32 for inputs in the intended interval. Other inputs are evaluated bit for bit as
     * gemmlowp does, but the result is not {@code exp(a)} there.
     */
    public static int expOnIntervalBetweenNegativeOneQuarterAnd0Excl(int a) {
        int x = a + (1 << 28); // a + 1/8
        int x2 = saturatingRoundingDoublingHighMul(x, x);
        int x3 = saturatingRoundingDoublingHighMul(x2, x);
        int x4 = saturatingRoundingDoublingHighMul(x2, x2);
        int x4Over4 = saturatingRoundingMultiplyByPot(x4, -2);
        int x4Over24PlusX3Over6PlusX2Over2 = saturatingRoundingMultiplyByPot(
                saturatingRoundingDoublingHighMul(x4Over4 + x3, ONE_THIRD_Q0_31) + x2, -1);
        return EXP_MINUS_ONE_EIGHTH_Q0_31 + saturatingRoundingDoublingHighMul(
                EXP_MINUS_ONE_EIGHTH_Q0_31, x + x4Over24PlusX3Over6PlusX2Over2);
    }

    /**
     * gemmlowp's {@code exp_on_negative_values}: {@code exp(a)} for {@code a <= 0} given in
     * Q{@code integerBits}.{@code 31-integerBits}; the result is Q0.31 (softmax uses {@code
     * integerBits = 5}, inputs in {@code [-32, 0]}).
     *
     * <p>Method: {@code a = r + q} with {@code r} in {@code [-1/4, 0)} taken from the bits of
     * {@code a} below 1/4 ({@code r = (a mod 1/4) - 1/4}) and {@code -q} a non-negative multiple of
     * 1/4. {@code exp(r)} comes from {@link #expOnIntervalBetweenNegativeOneQuarterAnd0Excl} (after
     * {@link #rescale} to Q0.31), and is then multiplied, by {@link
     * #saturatingRoundingDoublingHighMul}, by {@code exp(-2^k)} for every bit {@code k} (from
     * {@code -2} up to {@code min(4, integerBits - 1)}) set in {@code -q}. For {@code integerBits >
     * 5} inputs below {@code -32} give 0; {@code a == 0} gives {@code Integer.MAX_VALUE} (1.0 does
     * not exist in Q0.31). Every multiplication rounds down the already inexact value, so results
     * carry the quarter-interval error plus about one raw unit per factor.
     *
     * <p>Overflow: none for {@code a <= 0}: the subtractions stay within int32. Positive {@code a}
     * is computed as gemmlowp computes it, but the result is not {@code exp(a)}.
     *
     * @param integerBits the {@code tIntegerBits} of the input's format, in {@code [0, 29]} (with
     *     30 or 31 gemmlowp's 1/4 constant would need a negative shift)
     * @throws IllegalArgumentException if {@code integerBits} is outside {@code [0, 29]}
     */
    public static int expOnNegativeValues(int a, int integerBits) {
        requireIntegerBits("integerBits", integerBits, 29);
        int fractionalBits = 31 - integerBits;
        int oneQuarter = 1 << (fractionalBits - 2);
        int mask = oneQuarter - 1;
        int aModQuarterMinusOneQuarter = (a & mask) - oneQuarter; // in [-1/4, 0)
        int result = expOnIntervalBetweenNegativeOneQuarterAnd0Excl(
                rescale(aModQuarterMinusOneQuarter, integerBits, 0));
        int remainder = aModQuarterMinusOneQuarter - a; // -q >= 0, a multiple of 1/4
        for (int k = -2; k <= 4; k++) {
            if (integerBits > k) { // gemmlowp skips bits the format cannot hold
                int bit = 1 << (fractionalBits + k); // 2^k in this format; fractionalBits + k <= 30
                if ((remainder & bit) != 0) {
                    result = saturatingRoundingDoublingHighMul(
                            result, EXP_MINUS_TWO_TO_THE_K_Q0_31[k + 2]);
                }
            }
        }
        if (integerBits > 5) {
            int minusThirtyTwo = -(1 << (36 - integerBits));
            if (a < minusThirtyTwo) {
                result = 0;
            }
        }
        return a == 0 ? Integer.MAX_VALUE : result;
    }

    /**
     * gemmlowp's {@code one_over_one_plus_x_for_x_in_0_1}: {@code 1 / (1 + a)} for {@code a} in
     * Q0.31, meant for {@code a} in {@code [0, 1)} (raw {@code [0, MAX_VALUE]}); the result is Q0.31
     * in {@code (1/2, 1]}, 1 saturating to {@code Integer.MAX_VALUE}.
     *
     * <p>Method: {@code d = (1 + a) / 2} by {@link #roundingHalfSum} with {@code MAX_VALUE} standing
     * for 1, then Newton-Raphson on {@code 1/d} in Q2.29: start {@code x = 48/17 - 32/17 * d}, three
     * times {@code x += rescale_{4->2}(x * (1 - d * x))} (products by {@link
     * #saturatingRoundingDoublingHighMul}, the rescale a saturating left shift by 2), and return
     * {@code x / 2} rescaled from Q1.30 to Q0.31 (a saturating left shift by 1). The iteration's
     * error is far below one raw unit; the roundings leave a few units.
     *
     * <p>Overflow: additions wrap modulo 2^32 like gemmlowp's; within the intended interval none
     * does. Negative {@code a} is evaluated as gemmlowp does, but the result is not {@code 1/(1+a)}.
     */
    public static int oneOverOnePlusXForXIn01(int a) {
        int halfDenominator = roundingHalfSum(a, Integer.MAX_VALUE); // Q0.31
        int x = FORTY_EIGHT_SEVENTEENTHS_Q2_29
                + saturatingRoundingDoublingHighMul(halfDenominator, MINUS_THIRTY_TWO_SEVENTEENTHS_Q2_29);
        for (int i = 0; i < 3; i++) {
            int halfDenominatorTimesX = saturatingRoundingDoublingHighMul(halfDenominator, x); // Q2.29
            int oneMinusHalfDenominatorTimesX = ONE_Q2_29 - halfDenominatorTimesX;
            x = x + rescale(saturatingRoundingDoublingHighMul(x, oneMinusHalfDenominatorTimesX), 4, 2);
        }
        // ExactMulByPot<-1> reinterprets Q2.29 as Q1.30 (x / 2); Rescale<0> then goes to Q0.31.
        return rescale(x, 1, 0);
    }

    /**
     * The result of {@link #getReciprocal}: {@code 1 / x_real = shiftedScale / 2^31 * 2^-numBitsOverUnit}.
     *
     * @param shiftedScale Q0.31 in {@code (2^30, MAX_VALUE]}, i.e. {@code (1/2, 1]}
     * @param numBitsOverUnit how many powers of two {@code x_real} exceeds 1 by: {@code x_real =
     *     (1 + s) * 2^numBitsOverUnit} with {@code s} in {@code [0, 1)}; negative when {@code x_real
     *     < 1}
     */
    public record Reciprocal(int shiftedScale, int numBitsOverUnit) {}

    /**
     * TFLite's {@code GetReciprocal(x, x_integer_digits, &num_bits_over_unit)}: the reciprocal of
     * {@code x_real = x / 2^(31 - xIntegerDigits)} (with {@code x} read as unsigned 32-bit), as a
     * normalized Q0.31 mantissa and a power of two (see {@link Reciprocal}).
     *
     * <p>Method: {@code h = }{@link #countLeadingZeros}{@code (x)}, {@code numBitsOverUnit =
     * xIntegerDigits - h}; {@code x << h} (unsigned, so the leading one lands on bit 31) minus
     * {@code 2^31} is {@code s} in Q0.31, and {@link #oneOverOnePlusXForXIn01}{@code (s)} is the
     * mantissa. Rounding is that of {@link #oneOverOnePlusXForXIn01}.
     *
     * <p>Overflow: none; the unsigned shift and subtraction are exact modulo 2^32 as in C++.
     *
     * @param x non-zero; negative values are read as unsigned, as C++'s {@code
     *     static_cast<uint32_t>(x)} does
     * @throws IllegalArgumentException if {@code x == 0} (C++ would shift by 32, which is undefined)
     */
    public static Reciprocal getReciprocal(int x, int xIntegerDigits) {
        if (x == 0) {
            throw new IllegalArgumentException("x must be non-zero, found 0 (the reciprocal of zero;"
                    + " TFLite's GetReciprocal would shift by 32, which is undefined in C++)");
        }
        int headroomPlusOne = countLeadingZeros(x);
        int numBitsOverUnit = xIntegerDigits - headroomPlusOne;
        // (uint32)x << h has its top bit set; subtracting 2^31 (wrapping) clears it.
        int shiftedSumMinusOne = (x << headroomPlusOne) - Integer.MIN_VALUE;
        return new Reciprocal(oneOverOnePlusXForXIn01(shiftedSumMinusOne), numBitsOverUnit);
    }

    private static void requireIntegerBits(String name, int integerBits, int max) {
        if (integerBits < 0 || integerBits > max) {
            throw new IllegalArgumentException(
                    name + " must be in [0, " + max + "], found " + integerBits);
        }
    }
}
