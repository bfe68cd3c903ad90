package dev.pawscope.quantize;

import java.math.BigInteger;

/**
 * The oracle: TFLite's fixed-point operations defined on exact rationals with BigInteger, sharing
 * no code and no bit tricks with {@link FixedPoint}.
 *
 * <ul>
 *   <li>SaturatingRoundingDoublingHighMul = {@code a * b / 2^31} rounded to nearest with ties
 *       toward +infinity (gemmlowp's nudge {@code 2^30} for a non-negative product and {@code 1 -
 *       2^30} for a negative one, followed by a truncating division, is exactly that), then
 *       clamped to int32.
 *   <li>RoundingDivideByPOT = {@code x / 2^exponent} rounded to nearest with ties away from zero.
 *   <li>MultiplyByQuantizedMultiplier = {@code x * 2^max(shift, 0)} wrapped to int32, then the two
 *       operations above.
 * </ul>
 */
final class ExactFixedPoint {

    private static final BigInteger INT32_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT32_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger TWO_POW_32 = BigInteger.ONE.shiftLeft(32);

    private ExactFixedPoint() {}

    static int saturatingRoundingDoublingHighMul(int a, int b) {
        BigInteger product = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b));
        return clampToInt32(roundHalfTowardPositiveInfinity(product, BigInteger.ONE.shiftLeft(31)));
    }

    static int roundingDivideByPot(int x, int exponent) {
        return toInt32Exactly(
                roundHalfAwayFromZero(BigInteger.valueOf(x), BigInteger.ONE.shiftLeft(exponent)));
    }

    static int multiplyByQuantizedMultiplier(int x, int quantizedMultiplier, int shift) {
        int shifted = wrapToInt32(BigInteger.valueOf(x).shiftLeft(Math.max(shift, 0)));
        return roundingDivideByPot(
                saturatingRoundingDoublingHighMul(shifted, quantizedMultiplier), Math.max(-shift, 0));
    }

    /** The nearest integer to n / d (d > 0); a tie goes to the larger integer. */
    static BigInteger roundHalfTowardPositiveInfinity(BigInteger n, BigInteger d) {
        BigInteger[] qr = n.divideAndRemainder(d); // truncating: the remainder has n's sign
        BigInteger floor = qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
        BigInteger remainder = n.subtract(floor.multiply(d)); // in [0, d)
        return remainder.shiftLeft(1).compareTo(d) >= 0 ? floor.add(BigInteger.ONE) : floor;
    }

    /** The nearest integer to n / d (d > 0); a tie goes to the integer farther from zero. */
    static BigInteger roundHalfAwayFromZero(BigInteger n, BigInteger d) {
        BigInteger[] qr = n.abs().divideAndRemainder(d);
        BigInteger magnitude =
                qr[1].shiftLeft(1).compareTo(d) >= 0 ? qr[0].add(BigInteger.ONE) : qr[0];
        return n.signum() < 0 ? magnitude.negate() : magnitude;
    }

    static int clampToInt32(BigInteger value) {
        return value.max(INT32_MIN).min(INT32_MAX).intValueExact();
    }

    static int toInt32Exactly(BigInteger value) {
        return value.intValueExact();
    }

    /** Two's-complement wrap modulo 2^32, the int32 result TFLite's {@code x * (1 << s)} gives. */
    static int wrapToInt32(BigInteger value) {
        BigInteger low = value.mod(TWO_POW_32); // in [0, 2^32)
        return (low.compareTo(INT32_MAX) > 0 ? low.subtract(TWO_POW_32) : low).intValueExact();
    }
}
