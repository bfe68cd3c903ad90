package dev.pawscope.quantize.kernels;

import java.math.BigInteger;

/**
 * The oracle for the gemmlowp helpers in {@link dev.pawscope.quantize.FixedPoint}: every primitive
 * defined on exact integers with BigInteger (no shifts, masks or overflow tricks), and the composite
 * functions written out step by step from gemmlowp's {@code fixedpoint.h} and TFLite's {@code
 * common.h} on top of those primitives.
 *
 * <ul>
 *   <li>SaturatingRoundingDoublingHighMul: {@code a * b / 2^31} to nearest, ties toward +infinity,
 *       clamped to int32.
 *   <li>RoundingDivideByPOT, and SaturatingRoundingMultiplyByPOT with a negative exponent: {@code x
 *       / 2^e} to nearest, ties away from zero.
 *   <li>SaturatingRoundingMultiplyByPOT with a positive exponent: {@code x * 2^e} clamped to int32.
 *   <li>RoundingHalfSum: {@code (a + b) / 2} to nearest, ties away from zero.
 *   <li>Plain {@code +} and {@code -} of gemmlowp: the exact result wrapped modulo 2^32.
 *   <li>{@code a & (2^k - 1)} for a two's-complement int: {@code a mod 2^k} (the non-negative
 *       remainder of floor division).
 * </ul>
 */
final class ExactGemmlowp {

    static final BigInteger TWO_POW_31 = BigInteger.ONE.shiftLeft(31);
    private static final BigInteger TWO_POW_32 = BigInteger.ONE.shiftLeft(32);
    private static final BigInteger INT32_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT32_MAX = BigInteger.valueOf(Integer.MAX_VALUE);

    private static final int[] EXP_BARREL = {1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242};

    private ExactGemmlowp() {}

    static int srdhm(int a, int b) {
        BigInteger product = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b));
        return clamp(roundHalfUp(product, TWO_POW_31));
    }

    static int rdbp(int x, int exponent) {
        return roundHalfAwayFromZero(BigInteger.valueOf(x), BigInteger.ONE.shiftLeft(exponent)).intValueExact();
    }

    static int srmbp(int x, int exponent) {
        if (exponent >= 0) {
            return clamp(BigInteger.valueOf(x).multiply(BigInteger.ONE.shiftLeft(exponent)));
        }
        return rdbp(x, -exponent);
    }

    static int rescale(int raw, int srcIntegerBits, int dstIntegerBits) {
        return srmbp(raw, srcIntegerBits - dstIntegerBits);
    }

    static int roundingHalfSum(int a, int b) {
        return roundHalfAwayFromZero(BigInteger.valueOf(a).add(BigInteger.valueOf(b)), BigInteger.TWO)
                .intValueExact();
    }

    static int add(int a, int b) {
        return wrap(BigInteger.valueOf(a).add(BigInteger.valueOf(b)));
    }

    static int sub(int a, int b) {
        return wrap(BigInteger.valueOf(a).subtract(BigInteger.valueOf(b)));
    }

    /** The number of leading zero bits of {@code x} read as an unsigned 32-bit integer. */
    static int countLeadingZeros(int x) {
        BigInteger unsigned = BigInteger.valueOf(x).mod(TWO_POW_32);
        return 32 - unsigned.bitLength();
    }

    static int multiplyByQuantizedMultiplierGreaterThanOne(int x, int multiplier, int leftShift) {
        return srdhm(wrap(BigInteger.valueOf(x).shiftLeft(leftShift)), multiplier);
    }

    /** gemmlowp's Taylor expansion of exp around -1/8, written out as in fixedpoint.h. */
    static int expOnIntervalBetweenNegativeOneQuarterAnd0Excl(int a) {
        int constantTerm = 1895147668;
        int oneThird = 715827883;
        int x = add(a, 1 << 28);
        int x2 = srdhm(x, x);
        int x3 = srdhm(x2, x);
        int x4 = srdhm(x2, x2);
        int x4Over4 = srmbp(x4, -2);
        int polynomial = srmbp(add(srdhm(add(x4Over4, x3), oneThird), x2), -1);
        return add(constantTerm, srdhm(constantTerm, add(x, polynomial)));
    }

    /** gemmlowp's exp_on_negative_values for {@code a <= 0}, from the real-number decomposition. */
    static int expOnNegativeValues(int a, int integerBits) {
        int fractionalBits = 31 - integerBits;
        BigInteger quarter = BigInteger.ONE.shiftLeft(fractionalBits - 2);
        BigInteger exactA = BigInteger.valueOf(a);
        BigInteger r = exactA.mod(quarter).subtract(quarter); // in [-1/4, 0)
        int result = expOnIntervalBetweenNegativeOneQuarterAnd0Excl(rescale(r.intValueExact(), integerBits, 0));
        BigInteger remainder = r.subtract(exactA); // -(a - r) >= 0, a multiple of 1/4
        for (int k = -2; k <= 4; k++) {
            if (integerBits > k && remainder.testBit(fractionalBits + k)) {
                result = srdhm(result, EXP_BARREL[k + 2]);
            }
        }
        if (integerBits > 5 && exactA.compareTo(BigInteger.ONE.shiftLeft(36 - integerBits).negate()) < 0) {
            result = 0;
        }
        return a == 0 ? Integer.MAX_VALUE : result;
    }

    /** gemmlowp's Newton-Raphson 1 / (1 + a), written out as in fixedpoint.h. */
    static int oneOverOnePlusXForXIn01(int a) {
        int halfDenominator = roundingHalfSum(a, Integer.MAX_VALUE);
        int x = add(1515870810, srdhm(halfDenominator, -1010580540));
        for (int i = 0; i < 3; i++) {
            int halfDenominatorTimesX = srdhm(halfDenominator, x);
            int oneMinus = sub(1 << 29, halfDenominatorTimesX);
            x = add(x, rescale(srdhm(x, oneMinus), 4, 2));
        }
        return rescale(x, 1, 0);
    }

    /** TFLite's GetReciprocal: {shiftedScale, numBitsOverUnit}. */
    static int[] getReciprocal(int x, int xIntegerDigits) {
        int headroomPlusOne = countLeadingZeros(x);
        BigInteger unsigned = BigInteger.valueOf(x).mod(TWO_POW_32);
        // the leading one moved to bit 31, then removed: s in [0, 2^31)
        BigInteger shifted = unsigned.shiftLeft(headroomPlusOne).mod(TWO_POW_32).subtract(TWO_POW_31);
        return new int[] {oneOverOnePlusXForXIn01(shifted.intValueExact()), xIntegerDigits - headroomPlusOne};
    }

    /** The nearest integer to n / d (d > 0); a tie goes to the larger integer. */
    static BigInteger roundHalfUp(BigInteger n, BigInteger d) {
        BigInteger[] qr = n.divideAndRemainder(d);
        BigInteger floor = qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
        BigInteger remainder = n.subtract(floor.multiply(d));
        return remainder.shiftLeft(1).compareTo(d) >= 0 ? floor.add(BigInteger.ONE) : floor;
    }

    /** The nearest integer to n / d (d > 0); a tie goes to the integer farther from zero. */
    static BigInteger roundHalfAwayFromZero(BigInteger n, BigInteger d) {
        BigInteger[] qr = n.abs().divideAndRemainder(d);
        BigInteger magnitude = qr[1].shiftLeft(1).compareTo(d) >= 0 ? qr[0].add(BigInteger.ONE) : qr[0];
        return n.signum() < 0 ? magnitude.negate() : magnitude;
    }

    static int clamp(BigInteger value) {
        return value.max(INT32_MIN).min(INT32_MAX).intValueExact();
    }

    static int wrap(BigInteger value) {
        BigInteger low = value.mod(TWO_POW_32);
        return (low.compareTo(INT32_MAX) > 0 ? low.subtract(TWO_POW_32) : low).intValueExact();
    }
}
