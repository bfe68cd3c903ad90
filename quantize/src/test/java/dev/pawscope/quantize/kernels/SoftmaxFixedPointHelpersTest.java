package dev.pawscope.quantize.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.quantize.FixedPoint;
import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The gemmlowp / TFLite helpers that {@link FixedPoint} gained for the softmax, each checked bit for
 * bit against {@link ExactGemmlowp} (exact integer definitions) on edge and random inputs, and the
 * approximations ({@code exp}, {@code 1/(1+x)}, the reciprocal) against double-precision math within
 * their documented error.
 */
class SoftmaxFixedPointHelpersTest {

    private static final int RANDOM_CASES = 100_000;
    private static final double TWO_POW_31 = 2147483648.0;

    static final int[] EDGES = {
        Integer.MIN_VALUE, Integer.MIN_VALUE + 1, -(1 << 30) - 1, -(1 << 30), -(1 << 30) + 1, -(1 << 29),
        -(1 << 28), -65537, -65536, -3, -2, -1, 0, 1, 2, 3, 65536, 65537, 1 << 28, 1 << 29, (1 << 30) - 1,
        1 << 30, (1 << 30) + 1, Integer.MAX_VALUE - 1, Integer.MAX_VALUE,
    };

    // --- RoundingHalfSum ---

    @Test
    void roundingHalfSumEqualsTheExactHalfSumRoundedAwayFromZeroForEveryPairOfEdges() {
        for (int a : EDGES) {
            for (int b : EDGES) {
                assertEquals(ExactGemmlowp.roundingHalfSum(a, b), FixedPoint.roundingHalfSum(a, b), a + " " + b);
            }
        }
    }

    @Test
    void roundingHalfSumEqualsTheExactHalfSumOnRandomPairs() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < RANDOM_CASES; i++) {
            int a = nextInt(random);
            int b = nextInt(random);
            assertEquals(ExactGemmlowp.roundingHalfSum(a, b), FixedPoint.roundingHalfSum(a, b), a + " " + b);
        }
    }

    @Test
    void roundingHalfSumRoundsTiesAwayFromZeroAndNeverOverflows() {
        assertEquals(2, FixedPoint.roundingHalfSum(1, 2), "1.5");
        assertEquals(-2, FixedPoint.roundingHalfSum(-1, -2), "-1.5");
        assertEquals(-1, FixedPoint.roundingHalfSum(Integer.MIN_VALUE, Integer.MAX_VALUE), "-0.5");
        assertEquals(Integer.MAX_VALUE, FixedPoint.roundingHalfSum(Integer.MAX_VALUE, Integer.MAX_VALUE));
        assertEquals(Integer.MIN_VALUE, FixedPoint.roundingHalfSum(Integer.MIN_VALUE, Integer.MIN_VALUE));
        assertEquals(1 << 30, FixedPoint.roundingHalfSum(0, Integer.MAX_VALUE), "(0 + 1.0) / 2 in Q0.31");
    }

    // --- SaturatingRoundingMultiplyByPOT and Rescale ---

    @Test
    void multiplyByPotEqualsTheExactClampedOrRoundedProductForEveryEdgeAndExponent() {
        for (int x : EDGES) {
            for (int exponent = -31; exponent <= 31; exponent++) {
                assertEquals(ExactGemmlowp.srmbp(x, exponent), FixedPoint.saturatingRoundingMultiplyByPot(x, exponent),
                        x + " * 2^" + exponent);
            }
        }
    }

    @Test
    void multiplyByPotEqualsTheExactResultOnRandomInputs() {
        SplittableRandom random = new SplittableRandom(12);
        for (int i = 0; i < RANDOM_CASES; i++) {
            int x = nextInt(random);
            int exponent = random.nextInt(-31, 32);
            assertEquals(ExactGemmlowp.srmbp(x, exponent), FixedPoint.saturatingRoundingMultiplyByPot(x, exponent),
                    x + " * 2^" + exponent);
        }
    }

    @Test
    void multiplyByPotSaturatesJustPastTheLargestExactProduct() {
        assertEquals(Integer.MAX_VALUE - 3, FixedPoint.saturatingRoundingMultiplyByPot((1 << 29) - 1, 2), "exact");
        assertEquals(Integer.MAX_VALUE, FixedPoint.saturatingRoundingMultiplyByPot(1 << 29, 2));
        assertEquals(Integer.MIN_VALUE, FixedPoint.saturatingRoundingMultiplyByPot(-(1 << 29), 2), "exactly -2^31");
        assertEquals(Integer.MIN_VALUE, FixedPoint.saturatingRoundingMultiplyByPot(-(1 << 29) - 1, 2));
        assertEquals(Integer.MAX_VALUE, FixedPoint.saturatingRoundingMultiplyByPot(1, 31));
        assertEquals(0, FixedPoint.saturatingRoundingMultiplyByPot(0, 31));
        assertEquals(-3, FixedPoint.saturatingRoundingMultiplyByPot(-5, -1), "-2.5 away from zero");
    }

    @Test
    void multiplyByPotRejectsExponentsBeyond31() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FixedPoint.saturatingRoundingMultiplyByPot(1, 32));
        assertTrue(e.getMessage().contains("[-31, 31]") && e.getMessage().contains("found 32"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FixedPoint.saturatingRoundingMultiplyByPot(1, -32));
    }

    @Test
    void rescaleMovesTheBinaryPointByTheDifferenceOfIntegerBits() {
        SplittableRandom random = new SplittableRandom(13);
        for (int i = 0; i < RANDOM_CASES / 10; i++) {
            int raw = nextInt(random);
            int src = random.nextInt(0, 32);
            int dst = random.nextInt(0, 32);
            assertEquals(ExactGemmlowp.rescale(raw, src, dst), FixedPoint.rescale(raw, src, dst),
                    raw + " Q" + src + " -> Q" + dst);
        }
        assertEquals(1 << 19, FixedPoint.rescale(Integer.MAX_VALUE, 0, 12), "1.0 from Q0.31 to Q12.19");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FixedPoint.rescale(1, 32, 0));
        assertTrue(e.getMessage().contains("srcIntegerBits") && e.getMessage().contains("found 32"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FixedPoint.rescale(1, 0, -1));
    }

    // --- MultiplyByQuantizedMultiplierGreaterThanOne ---

    @Test
    void greaterThanOneMultiplyEqualsTheWrappedShiftThenExactRoundingForEdgesAndEveryShift() {
        int[] multipliers = {0, 1, 1 << 30, (1 << 30) + 1, 1801439851, Integer.MAX_VALUE};
        for (int x : EDGES) {
            for (int multiplier : multipliers) {
                for (int shift = 0; shift <= 31; shift++) {
                    assertEquals(ExactGemmlowp.multiplyByQuantizedMultiplierGreaterThanOne(x, multiplier, shift),
                            FixedPoint.multiplyByQuantizedMultiplierGreaterThanOne(x, multiplier, shift),
                            x + " " + multiplier + " " + shift);
                }
            }
        }
    }

    @Test
    void greaterThanOneMultiplyEqualsTheExactDefinitionOnSoftmaxLikeInputs() {
        SplittableRandom random = new SplittableRandom(14);
        for (int i = 0; i < RANDOM_CASES; i++) {
            int shift = random.nextInt(0, 32);
            int radius = SoftmaxInt8.calculateInputRadius(shift);
            int x = -random.nextInt(0, Math.min(radius, 255) + 1);
            int multiplier = random.nextInt(1 << 30, Integer.MAX_VALUE) + 1;
            assertEquals(ExactGemmlowp.multiplyByQuantizedMultiplierGreaterThanOne(x, multiplier, shift),
                    FixedPoint.multiplyByQuantizedMultiplierGreaterThanOne(x, multiplier, shift),
                    x + " " + multiplier + " " + shift);
        }
    }

    @Test
    void greaterThanOneMultiplyRejectsANegativeMultiplierAndShiftsOutsideZeroTo31() {
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> FixedPoint.multiplyByQuantizedMultiplierGreaterThanOne(1, -1, 0));
        assertTrue(negative.getMessage().contains(">= 0") && negative.getMessage().contains("found -1"),
                negative.getMessage());
        IllegalArgumentException shift = assertThrows(IllegalArgumentException.class,
                () -> FixedPoint.multiplyByQuantizedMultiplierGreaterThanOne(1, 1 << 30, 32));
        assertTrue(shift.getMessage().contains("[0, 31]") && shift.getMessage().contains("found 32"), shift.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> FixedPoint.multiplyByQuantizedMultiplierGreaterThanOne(1, 1 << 30, -1));
    }

    // --- CountLeadingZeros ---

    @Test
    void countLeadingZerosCountsTheUnsignedValuesLeadingZeros() {
        for (int bit = 0; bit < 32; bit++) {
            for (int delta = -1; delta <= 1; delta++) {
                int x = (1 << bit) + delta;
                assertEquals(ExactGemmlowp.countLeadingZeros(x), FixedPoint.countLeadingZeros(x), Integer.toHexString(x));
            }
        }
        assertEquals(32, FixedPoint.countLeadingZeros(0));
        assertEquals(0, FixedPoint.countLeadingZeros(-1), "0xffffffff as uint32_t");
        assertEquals(0, FixedPoint.countLeadingZeros(Integer.MIN_VALUE));
        assertEquals(12, FixedPoint.countLeadingZeros(1 << 19), "1.0 in Q12.19");
    }

    // --- exp on [-1/4, 0) ---

    @Test
    void quarterIntervalExpEqualsTheStepByStepExactEvaluationOnRandomInputs() {
        SplittableRandom random = new SplittableRandom(15);
        for (int i = 0; i < RANDOM_CASES; i++) {
            int a = i < 4 ? new int[] {-(1 << 29), -1, -(1 << 28), -(1 << 28) - 1}[i] : -random.nextInt(1, (1 << 29) + 1);
            assertEquals(ExactGemmlowp.expOnIntervalBetweenNegativeOneQuarterAnd0Excl(a),
                    FixedPoint.expOnIntervalBetweenNegativeOneQuarterAnd0Excl(a), "a=" + a);
        }
    }

    @Test
    void quarterIntervalExpIsWithinItsTaylorErrorOfTheTrueExp() {
        SplittableRandom random = new SplittableRandom(16);
        for (int i = 0; i < RANDOM_CASES; i++) {
            int a = -random.nextInt(1, (1 << 29) + 1);
            double exact = Math.exp(a / TWO_POW_31) * TWO_POW_31;
            int actual = FixedPoint.expOnIntervalBetweenNegativeOneQuarterAnd0Excl(a);
            assertTrue(Math.abs(actual - exact) <= 3.3e-7 * exact + 16,
                    () -> "a=" + a + ": " + actual + " vs exp " + exact);
        }
    }

    @Test
    void quarterIntervalExpOfMinusOneQuarterTracedByHand() {
        // a = -1/4 = -2^29, so x = a + 1/8 = -2^28 and every power of x is an exact power of two:
        //   x2 = 2^56 / 2^31 = 2^25 = 33554432, x3 = -2^22 = -4194304, x4 = 2^19 = 524288
        //   x4 / 4 = 131072;  x4/4 + x3 = -4063232
        //   * 1/3: -4063232 * 715827883 / 2^31 = -1354410.667   -> nearest: -1354411
        //   + x2 = 32200021;  / 2 = 16100010.5 (a tie)          -> away from zero: 16100011
        //   x + that = -252335445
        //   exp(-1/8) * it: 1895147668 * -252335445 / 2^31 = -222685248.659 -> -222685249
        //   exp(-1/8) + that = 1672462419 (exp(-1/4) * 2^31 = 1672461946.7: the Taylor error, 472)
        assertEquals(1 << 25, FixedPoint.saturatingRoundingDoublingHighMul(-(1 << 28), -(1 << 28)));
        assertEquals(-1354411, FixedPoint.saturatingRoundingDoublingHighMul(-4063232, 715827883));
        assertEquals(16100011, FixedPoint.saturatingRoundingMultiplyByPot(32200021, -1));
        assertEquals(-222685249, FixedPoint.saturatingRoundingDoublingHighMul(1895147668, -252335445));
        assertEquals(1672462419, FixedPoint.expOnIntervalBetweenNegativeOneQuarterAnd0Excl(-(1 << 29)));
    }

    @Test
    void expOfMinusOneQuarterInQ5IsThePolynomialAloneWithNoBarrelFactor() {
        // -1/4 in Q5.26 is -2^24: its bits below 1/4 are zero, so r = -1/4 and the remainder is 0
        assertEquals(1672462419, FixedPoint.expOnNegativeValues(-(1 << 24), 5));
        // -1/2 = -1/4 + -1/4: the polynomial times exp(-1/4) = 1672461947
        assertEquals(FixedPoint.saturatingRoundingDoublingHighMul(1672462419, 1672461947),
                FixedPoint.expOnNegativeValues(-(1 << 25), 5));
    }

    // --- exp on negative values ---

    @Test
    void expOnNegativeValuesEqualsTheExactDecompositionForSeveralFormats() {
        SplittableRandom random = new SplittableRandom(17);
        for (int integerBits : new int[] {0, 1, 2, 4, 5, 6, 12, 29}) {
            int quarter = 1 << (29 - integerBits);
            for (int i = 0; i < RANDOM_CASES / 5; i++) {
                int a;
                switch (i % 4) {
                    case 0 -> a = random.nextInt(Integer.MIN_VALUE, 1); // anywhere in range
                    case 1 -> a = -random.nextInt(0, 1 << 24); // near zero
                    case 2 -> a = -quarter * random.nextInt(0, Math.min(1 << 20, Integer.MAX_VALUE / quarter) + 1); // k/4
                    default -> a = EDGES[random.nextInt(EDGES.length)] | Integer.MIN_VALUE; // negative edges
                }
                int input = a;
                assertEquals(ExactGemmlowp.expOnNegativeValues(input, integerBits),
                        FixedPoint.expOnNegativeValues(input, integerBits), () -> "Q" + integerBits + " a=" + input);
            }
        }
    }

    @Test
    void expOnNegativeValuesIsWithinTheQuarterIntervalErrorOfTheTrueExp() {
        SplittableRandom random = new SplittableRandom(18);
        for (int integerBits : new int[] {0, 5, 6, 10}) {
            double unit = Math.scalb(1.0, 31 - integerBits);
            for (int i = 0; i < RANDOM_CASES / 4; i++) {
                int a = random.nextBoolean() ? random.nextInt(Integer.MIN_VALUE, 1) : -random.nextInt(0, 1 << 27);
                double real = a / unit;
                double exact = integerBits > 5 && real < -32 ? 0 : Math.min(Math.exp(real) * TWO_POW_31, Integer.MAX_VALUE);
                int actual = FixedPoint.expOnNegativeValues(a, integerBits);
                // the quarter-interval error, then about half a unit per barrel-shifter factor
                assertTrue(Math.abs(actual - exact) <= 3.3e-7 * exact + 16,
                        () -> "Q" + integerBits + " a=" + a + " (" + real + "): " + actual + " vs " + exact);
            }
        }
    }

    @Test
    void expOfZeroIsTheLargestQ031ValueAndExpBelowMinus32IsZeroOnlyInWideFormats() {
        for (int integerBits = 0; integerBits <= 29; integerBits++) {
            assertEquals(Integer.MAX_VALUE, FixedPoint.expOnNegativeValues(0, integerBits));
        }
        // The barrel shifter stops at 2^4: in Q6.25, -40 would come out as exp(-8) without the clamp.
        assertEquals(0, FixedPoint.expOnNegativeValues(-40 << 25, 6), "below -32: flushed to 0");
        assertEquals(Math.exp(-8) * TWO_POW_31, FixedPoint.expOnNegativeValues(-8 << 25, 6), 16, "exp(-8)");
        assertEquals(0, FixedPoint.expOnNegativeValues(Integer.MIN_VALUE, 5), "exp(-32) = 1.3e-14 rounds to 0 in Q0.31");
        assertEquals(Math.exp(-1) * TWO_POW_31, FixedPoint.expOnNegativeValues(-(1 << 26), 5), 600, "exp(-1)");
    }

    @Test
    void expOnNegativeValuesRejectsFormatsItsQuarterConstantCannotHold() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FixedPoint.expOnNegativeValues(-1, 30));
        assertTrue(e.getMessage().contains("[0, 29]") && e.getMessage().contains("found 30"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FixedPoint.expOnNegativeValues(-1, -1));
    }

    // --- 1 / (1 + x) ---

    @Test
    void oneOverOnePlusXEqualsTheStepByStepExactEvaluationOnRandomInputs() {
        SplittableRandom random = new SplittableRandom(19);
        for (int i = 0; i < RANDOM_CASES; i++) {
            int a = i < 5 ? new int[] {0, 1, 1 << 30, Integer.MAX_VALUE - 1, Integer.MAX_VALUE}[i]
                    : random.nextInt(0, Integer.MAX_VALUE) + (random.nextBoolean() ? 1 : 0);
            assertEquals(ExactGemmlowp.oneOverOnePlusXForXIn01(a), FixedPoint.oneOverOnePlusXForXIn01(a), "a=" + a);
        }
    }

    @Test
    void oneOverOnePlusXIsWithinEightUnitsOfTheTrueReciprocal() {
        SplittableRandom random = new SplittableRandom(20);
        for (int i = 0; i < RANDOM_CASES; i++) {
            int a = random.nextInt(0, Integer.MAX_VALUE) + (random.nextBoolean() ? 1 : 0);
            double exact = Math.min(TWO_POW_31 / (1 + a / TWO_POW_31), Integer.MAX_VALUE);
            int actual = FixedPoint.oneOverOnePlusXForXIn01(a);
            assertTrue(Math.abs(actual - exact) <= 8, () -> "a=" + a + ": " + actual + " vs " + exact);
        }
        assertEquals(Integer.MAX_VALUE, FixedPoint.oneOverOnePlusXForXIn01(0), "1/1 saturates");
        assertEquals(1 << 30, FixedPoint.oneOverOnePlusXForXIn01(Integer.MAX_VALUE), 2, "1/(1 + ~1) = 1/2");
    }

    // --- GetReciprocal ---

    @Test
    void getReciprocalEqualsTheExactDefinitionAndItsPowerOfTwo() {
        SplittableRandom random = new SplittableRandom(21);
        for (int i = 0; i < RANDOM_CASES; i++) {
            int x = i % 3 == 0 ? random.nextInt() | 1 : random.nextInt(1, 1 << random.nextInt(1, 31));
            int digits = random.nextInt(0, 32);
            int[] expected = ExactGemmlowp.getReciprocal(x, digits);
            FixedPoint.Reciprocal actual = FixedPoint.getReciprocal(x, digits);
            assertEquals(expected[0], actual.shiftedScale(), "x=" + x + " digits=" + digits);
            assertEquals(expected[1], actual.numBitsOverUnit(), "x=" + x + " digits=" + digits);
        }
    }

    @Test
    void getReciprocalIsTheReciprocalOfTheFixedPointValueToNineDigits() {
        SplittableRandom random = new SplittableRandom(22);
        for (int i = 0; i < RANDOM_CASES; i++) {
            int x = random.nextInt(1, Integer.MAX_VALUE);
            int digits = random.nextInt(0, 32);
            FixedPoint.Reciprocal reciprocal = FixedPoint.getReciprocal(x, digits);
            double real = Math.scalb((double) x, digits - 31);
            double approximation = Math.scalb(reciprocal.shiftedScale() / TWO_POW_31, -reciprocal.numBitsOverUnit());
            assertEquals(1.0, approximation * real, 1e-8, () -> "x=" + x + " digits=" + digits);
            assertTrue(reciprocal.shiftedScale() > 1 << 30, "mantissa in (1/2, 1]");
        }
    }

    @Test
    void getReciprocalOfFourInQ12IsExactlyAQuarter() {
        // 4.0 in Q12.19 is 2^21: 10 leading zeros, two bits over the unit, mantissa 1/(1 + 0) -> MAX
        FixedPoint.Reciprocal reciprocal = FixedPoint.getReciprocal(1 << 21, 12);
        assertEquals(new FixedPoint.Reciprocal(Integer.MAX_VALUE, 2), reciprocal);
    }

    @Test
    void getReciprocalReadsNegativeValuesAsUnsignedAndRejectsZero() {
        FixedPoint.Reciprocal reciprocal = FixedPoint.getReciprocal(Integer.MIN_VALUE, 0); // 2^31 unsigned = 1.0 in Q0.31
        assertEquals(new FixedPoint.Reciprocal(Integer.MAX_VALUE, 0), reciprocal);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FixedPoint.getReciprocal(0, 12));
        assertTrue(e.getMessage().contains("non-zero") && e.getMessage().contains("found 0"), e.getMessage());
    }

    @Test
    void theOracleRoundsAsDocumented() {
        assertEquals(0, ExactGemmlowp.roundHalfUp(BigInteger.valueOf(-1), BigInteger.TWO).intValue());
        assertEquals(-1, ExactGemmlowp.roundHalfAwayFromZero(BigInteger.valueOf(-1), BigInteger.TWO).intValue());
        assertEquals(Integer.MIN_VALUE, ExactGemmlowp.wrap(BigInteger.ONE.shiftLeft(31)));
        assertEquals(Integer.MAX_VALUE, ExactGemmlowp.clamp(BigInteger.ONE.shiftLeft(40)));
    }

    /** Uniform ints, small ints and edges in roughly equal parts. */
    static int nextInt(SplittableRandom random) {
        return switch (random.nextInt(3)) {
            case 0 -> random.nextInt();
            case 1 -> random.nextInt(-1024, 1025);
            default -> EDGES[random.nextInt(EDGES.length)];
        };
    }
}
