package dev.pawscope.quantize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class FixedPointTest {

    private static final int RANDOM_CASES = 100_000;
    private static final int HALF = 1 << 30; // 0.5 in Q0.31

    // --- the oracle itself rounds as documented (so the comparisons below can fail) ---

    @Test
    void theOracleRoundsTiesTowardPositiveInfinityOrAwayFromZeroAsAsked() {
        BigInteger two = BigInteger.TWO;
        assertEquals(0, ExactFixedPoint.roundHalfTowardPositiveInfinity(BigInteger.valueOf(-1), two).intValue());
        assertEquals(-1, ExactFixedPoint.roundHalfTowardPositiveInfinity(BigInteger.valueOf(-3), two).intValue());
        assertEquals(2, ExactFixedPoint.roundHalfTowardPositiveInfinity(BigInteger.valueOf(3), two).intValue());
        assertEquals(-1, ExactFixedPoint.roundHalfAwayFromZero(BigInteger.valueOf(-1), two).intValue());
        assertEquals(-2, ExactFixedPoint.roundHalfAwayFromZero(BigInteger.valueOf(-3), two).intValue());
        assertEquals(2, ExactFixedPoint.roundHalfAwayFromZero(BigInteger.valueOf(3), two).intValue());
        assertEquals(Integer.MIN_VALUE, ExactFixedPoint.wrapToInt32(BigInteger.ONE.shiftLeft(31)));
    }

    // --- SaturatingRoundingDoublingHighMul ---

    @Test
    void doublingHighMulEqualsExactRoundingForEveryPairOfEdgeValues() {
        for (int a : Int32Inputs.EDGES) {
            for (int b : Int32Inputs.EDGES) {
                assertSrdhmMatchesOracle(a, b);
            }
        }
    }

    @Test
    void doublingHighMulEqualsExactRoundingOnOneHundredThousandRandomPairs() {
        Int32Inputs inputs = new Int32Inputs(1);
        for (int i = 0; i < RANDOM_CASES; i++) {
            assertSrdhmMatchesOracle(inputs.next(), inputs.next());
        }
    }

    @Test
    void doublingHighMulEqualsExactRoundingOnExactTies() {
        Int32Inputs inputs = new Int32Inputs(2);
        for (int i = 0; i < RANDOM_CASES / 10; i++) {
            int j = inputs.nextInt(0, 31);
            // an odd multiple of 2^j times an odd multiple of 2^(30 - j) is an odd multiple of 2^30
            assertSrdhmMatchesOracle(inputs.oddMultipleOfPowerOfTwo(j), inputs.oddMultipleOfPowerOfTwo(30 - j));
        }
    }

    @Test
    void doublingHighMulSaturatesOnlyMinTimesMin() {
        assertEquals(Integer.MAX_VALUE, FixedPoint.saturatingRoundingDoublingHighMul(Integer.MIN_VALUE, Integer.MIN_VALUE));
        assertEquals(-Integer.MAX_VALUE, FixedPoint.saturatingRoundingDoublingHighMul(Integer.MIN_VALUE, Integer.MAX_VALUE));
        assertEquals(Integer.MAX_VALUE, FixedPoint.saturatingRoundingDoublingHighMul(Integer.MIN_VALUE, Integer.MIN_VALUE + 1));
        assertEquals(Integer.MAX_VALUE - 1, FixedPoint.saturatingRoundingDoublingHighMul(Integer.MAX_VALUE, Integer.MAX_VALUE));
    }

    @Test
    void doublingHighMulRoundsANegativeTieUpTowardZeroNotAwayFromIt() {
        assertEquals(1, FixedPoint.saturatingRoundingDoublingHighMul(1, HALF), "+0.5");
        assertEquals(0, FixedPoint.saturatingRoundingDoublingHighMul(-1, HALF), "-0.5");
        assertEquals(-1, FixedPoint.saturatingRoundingDoublingHighMul(-3, HALF), "-1.5");
        assertEquals(-1, FixedPoint.saturatingRoundingDoublingHighMul(-HALF - 1, 1), "just below -0.5");
    }

    // --- RoundingDivideByPOT ---

    @Test
    void roundingDivideEqualsExactRoundingForEveryEdgeValueAndExponent() {
        for (int x : Int32Inputs.EDGES) {
            for (int exponent = 0; exponent <= 31; exponent++) {
                assertRdbpMatchesOracle(x, exponent);
            }
        }
    }

    @Test
    void roundingDivideEqualsExactRoundingOnOneHundredThousandRandomInputs() {
        Int32Inputs inputs = new Int32Inputs(3);
        for (int i = 0; i < RANDOM_CASES; i++) {
            assertRdbpMatchesOracle(inputs.next(), inputs.nextInt(0, 32));
        }
    }

    @Test
    void roundingDivideEqualsExactRoundingOnExactTies() {
        Int32Inputs inputs = new Int32Inputs(4);
        for (int i = 0; i < RANDOM_CASES / 10; i++) {
            int exponent = inputs.nextInt(1, 32);
            // an odd multiple of 2^(e - 1) divided by 2^e is always a tie
            assertRdbpMatchesOracle(inputs.oddMultipleOfPowerOfTwo(exponent - 1), exponent);
        }
    }

    @Test
    void roundingDivideRoundsNegativeTiesAwayFromZero() {
        assertEquals(3, FixedPoint.roundingDivideByPot(5, 1), "2.5");
        assertEquals(-3, FixedPoint.roundingDivideByPot(-5, 1), "-2.5");
        assertEquals(-1, FixedPoint.roundingDivideByPot(-1, 1), "-0.5");
        assertEquals(-2, FixedPoint.roundingDivideByPot(-24, 4), "-1.5");
        assertEquals(-1, FixedPoint.roundingDivideByPot(-23, 4), "-1.4375");
    }

    @Test
    void roundingDivideByTwoToTheZeroReturnsItsInput() {
        for (int x : Int32Inputs.EDGES) {
            assertEquals(x, FixedPoint.roundingDivideByPot(x, 0));
        }
    }

    @Test
    void roundingDivideByTwoToThe31KeepsOnlyTheRoundedSign() {
        assertEquals(-1, FixedPoint.roundingDivideByPot(Integer.MIN_VALUE, 31));
        assertEquals(1, FixedPoint.roundingDivideByPot(Integer.MAX_VALUE, 31));
        assertEquals(1, FixedPoint.roundingDivideByPot(HALF, 31));
        assertEquals(-1, FixedPoint.roundingDivideByPot(-HALF, 31));
        assertEquals(0, FixedPoint.roundingDivideByPot(HALF - 1, 31));
        assertEquals(0, FixedPoint.roundingDivideByPot(-HALF + 1, 31));
    }

    @Test
    void roundingDivideRejectsExponentsOutsideZeroTo31() {
        IllegalArgumentException tooLarge =
                assertThrows(IllegalArgumentException.class, () -> FixedPoint.roundingDivideByPot(1, 32));
        assertTrue(tooLarge.getMessage().contains("[0, 31]") && tooLarge.getMessage().contains("found 32"),
                tooLarge.getMessage());
        IllegalArgumentException negative =
                assertThrows(IllegalArgumentException.class, () -> FixedPoint.roundingDivideByPot(1, -1));
        assertTrue(negative.getMessage().contains("found -1"), negative.getMessage());
    }

    // --- MultiplyByQuantizedMultiplier ---

    @Test
    void multiplyEqualsTheComposedExactDefinitionOnEdgeInputs() {
        int[] multipliers = {0, 1, HALF - 1, HALF, HALF + 1, 3 << 29, Integer.MAX_VALUE};
        for (int x : Int32Inputs.EDGES) {
            for (int multiplier : multipliers) {
                for (int shift = QuantizedMultiplier.MIN_SHIFT; shift <= QuantizedMultiplier.MAX_SHIFT; shift++) {
                    assertMbqmMatchesOracle(x, multiplier, shift);
                }
            }
        }
    }

    @Test
    void multiplyEqualsTheComposedExactDefinitionOnOneHundredThousandRandomInputs() {
        Int32Inputs inputs = new Int32Inputs(5);
        for (int i = 0; i < RANDOM_CASES; i++) {
            int multiplier = inputs.nextBoolean() ? inputs.nextInt(HALF, Integer.MAX_VALUE) : inputs.next() & Integer.MAX_VALUE;
            int shift = inputs.nextInt(QuantizedMultiplier.MIN_SHIFT, QuantizedMultiplier.MAX_SHIFT + 1);
            assertMbqmMatchesOracle(inputs.next(), multiplier, shift);
        }
    }

    @Test
    void multiplyStaysWithinThreeQuartersOfTheRealProductWhenTheLeftShiftDoesNotWrap() {
        // SRDHM is off by at most 1/2 before the divide (1/4 after a divide by 2 or more), and the
        // divide adds at most 1/2: two roundings, never a whole unit.
        Int32Inputs inputs = new Int32Inputs(6);
        BigDecimal limit = new BigDecimal("0.75");
        int checked = 0;
        while (checked < RANDOM_CASES) {
            int x = inputs.next();
            int shift = inputs.nextInt(QuantizedMultiplier.MIN_SHIFT, QuantizedMultiplier.MAX_SHIFT + 1);
            int multiplier = inputs.nextInt(HALF, Integer.MAX_VALUE);
            long shifted = (long) x << Math.max(shift, 0);
            if (shifted != (int) shifted) {
                continue;
            }
            BigDecimal exact = new BigDecimal(x).multiply(new QuantizedMultiplier(multiplier, shift).exactValue());
            int actual = FixedPoint.multiplyByQuantizedMultiplier(x, multiplier, shift);
            BigDecimal error = new BigDecimal(actual).subtract(exact).abs();
            assertTrue(error.compareTo(limit) <= 0,
                    () -> "x=" + x + " multiplier=" + multiplier + " shift=" + shift + ": " + actual
                            + " is " + error + " from the exact " + exact);
            checked++;
        }
    }

    @Test
    void aPositiveShiftMultipliesAndANegativeShiftDivides() {
        assertEquals(50, FixedPoint.multiplyByQuantizedMultiplier(100, HALF, 0));
        assertEquals(200, FixedPoint.multiplyByQuantizedMultiplier(100, HALF, 2));
        assertEquals(6, FixedPoint.multiplyByQuantizedMultiplier(100, HALF, -3), "6.25");
        assertEquals(-6, FixedPoint.multiplyByQuantizedMultiplier(-100, HALF, -3), "-6.25");
        assertEquals(0, FixedPoint.multiplyByQuantizedMultiplier(123_456, 0, 0));
    }

    @Test
    void multiplyRoundsTwiceLikeTfliteWhereOneRoundingWouldGiveZero() {
        int threeQuarters = (1 << 30) + (1 << 29);
        // exact +-0.375; SRDHM gives +-1 (from +-0.75), and +-1 / 2 is a tie rounded away from zero
        assertEquals(1, FixedPoint.multiplyByQuantizedMultiplier(1, threeQuarters, -1));
        assertEquals(-1, FixedPoint.multiplyByQuantizedMultiplier(-1, threeQuarters, -1));
        // just under 0.5 exactly, but SRDHM's tie rounds up to exactly 0.5 first
        assertEquals(1, FixedPoint.multiplyByQuantizedMultiplier(Integer.MAX_VALUE, HALF, -31));
    }

    @Test
    void multiplyWrapsALeftShiftThatOverflowsLikeTflite() {
        // 2^30 * 2 wraps to Integer.MIN_VALUE; times 0.5 is -2^30
        assertEquals(-HALF, FixedPoint.multiplyByQuantizedMultiplier(HALF, HALF, 1));
    }

    @Test
    void multiplyRejectsANegativeMultiplierAndShiftsOutsideMinus31To30() {
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> FixedPoint.multiplyByQuantizedMultiplier(1, -1, 0));
        assertTrue(negative.getMessage().contains(">= 0") && negative.getMessage().contains("found -1"),
                negative.getMessage());
        IllegalArgumentException tooLarge = assertThrows(IllegalArgumentException.class,
                () -> FixedPoint.multiplyByQuantizedMultiplier(1, HALF, 31));
        assertTrue(tooLarge.getMessage().contains("[-31, 30]") && tooLarge.getMessage().contains("found 31"),
                tooLarge.getMessage());
        IllegalArgumentException tooSmall = assertThrows(IllegalArgumentException.class,
                () -> FixedPoint.multiplyByQuantizedMultiplier(1, HALF, -32));
        assertTrue(tooSmall.getMessage().contains("found -32"), tooSmall.getMessage());
    }

    @Test
    void multiplyAcceptsAQuantizedMultiplierRecord() {
        QuantizedMultiplier m = FixedPoint.quantizeMultiplier(0.25);
        assertEquals(25, FixedPoint.multiplyByQuantizedMultiplier(100, m));
    }

    private static void assertSrdhmMatchesOracle(int a, int b) {
        assertEquals(ExactFixedPoint.saturatingRoundingDoublingHighMul(a, b),
                FixedPoint.saturatingRoundingDoublingHighMul(a, b), () -> "srdhm " + a + " " + b);
    }

    private static void assertRdbpMatchesOracle(int x, int exponent) {
        assertEquals(ExactFixedPoint.roundingDivideByPot(x, exponent),
                FixedPoint.roundingDivideByPot(x, exponent), () -> "rdbp " + x + " " + exponent);
    }

    private static void assertMbqmMatchesOracle(int x, int multiplier, int shift) {
        assertEquals(ExactFixedPoint.multiplyByQuantizedMultiplier(x, multiplier, shift),
                FixedPoint.multiplyByQuantizedMultiplier(x, multiplier, shift),
                () -> "mbqm " + x + " " + multiplier + " " + shift);
    }
}
