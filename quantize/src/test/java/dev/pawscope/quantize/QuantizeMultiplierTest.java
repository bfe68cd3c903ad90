package dev.pawscope.quantize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QuantizeMultiplierTest {

    private static final int TWO_POW_30 = 1 << 30;

    @Test
    void zeroBecomesMultiplierZeroWithShiftZero() {
        assertEquals(new QuantizedMultiplier(0, 0), FixedPoint.quantizeMultiplier(0.0));
        assertEquals(new QuantizedMultiplier(0, 0), FixedPoint.quantizeMultiplier(-0.0));
    }

    @Test
    void aPowerOfTwoHasMantissaOneHalfAndShiftOneAboveItsExponent() {
        for (int k = -32; k <= 29; k++) {
            assertEquals(new QuantizedMultiplier(TWO_POW_30, k + 1), FixedPoint.quantizeMultiplier(Math.scalb(1.0, k)),
                    "2^" + k);
        }
    }

    @Test
    void handWorkedValuesMatchTflitesFrexpAndRound() {
        assertEquals(new QuantizedMultiplier(3 << 29, 0), FixedPoint.quantizeMultiplier(0.75));
        // frexp(0.1) = 0.8 * 2^-3; round(0.8 * 2^31) = round(1717986918.4) = 1717986918
        assertEquals(new QuantizedMultiplier(1_717_986_918, -3), FixedPoint.quantizeMultiplier(0.1));
        // frexp(3.0) = 0.75 * 2^2
        assertEquals(new QuantizedMultiplier(3 << 29, 2), FixedPoint.quantizeMultiplier(3.0));
    }

    @Test
    void aMantissaThatRoundsUpTo2Pow31CarriesIntoTheShift() {
        // q = 1 - 2^-40 is in [0.5, 1); q * 2^31 = 2^31 - 2^-9 rounds to 2^31
        assertEquals(new QuantizedMultiplier(TWO_POW_30, 1), FixedPoint.quantizeMultiplier(1 - Math.scalb(1.0, -40)));
        // the largest double below 2^-4 rounds to the same (2^30, -3) as 2^-4 itself
        assertEquals(new QuantizedMultiplier(TWO_POW_30, -3), FixedPoint.quantizeMultiplier(Math.nextDown(0.0625)));
    }

    @Test
    void multipliersBelowTwoToTheMinus32AreFlushedToZero() {
        assertEquals(new QuantizedMultiplier(TWO_POW_30, -31), FixedPoint.quantizeMultiplier(Math.scalb(1.0, -32)));
        // TFLite carries a mantissa that rounds up to 2^31 before it checks for flushing
        assertEquals(new QuantizedMultiplier(TWO_POW_30, -31), FixedPoint.quantizeMultiplier(Math.nextDown(Math.scalb(1.0, -32))));
        assertEquals(new QuantizedMultiplier(0, 0), FixedPoint.quantizeMultiplier(Math.scalb(0.75, -32)));
        assertEquals(new QuantizedMultiplier(0, 0), FixedPoint.quantizeMultiplier(Math.scalb(1.0, -33)));
        assertEquals(new QuantizedMultiplier(0, 0), FixedPoint.quantizeMultiplier(1e-12));
        assertEquals(new QuantizedMultiplier(0, 0), FixedPoint.quantizeMultiplier(Double.MIN_VALUE));
    }

    @Test
    void nonZeroMultipliersAreNormalizedAndRoundTripWithinHalfAQ31Step() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            // log-uniform over the whole representable range, 2^-32 .. 2^29
            double real = Math.scalb(1.0 + random.nextDouble(), random.nextInt(-32, 30));
            QuantizedMultiplier m = FixedPoint.quantizeMultiplier(real);
            assertTrue(m.multiplier() >= TWO_POW_30, () -> real + " -> " + m + " is not normalized");
            // one Q0.31 step at this shift is 2^(shift - 31); rounding is off by at most half of it
            BigDecimal halfStep = new QuantizedMultiplier(TWO_POW_30, m.shift()).exactValue()
                    .divide(BigDecimal.valueOf(1L << 31));
            BigDecimal error = m.exactValue().subtract(new BigDecimal(real)).abs();
            assertTrue(error.compareTo(halfStep) <= 0, () -> real + " -> " + m + " is off by " + error);
        }
    }

    @Test
    void rejectsNegativeNanAndInfiniteMultipliers() {
        for (double bad : new double[] {-0.5, -Double.MIN_VALUE, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> FixedPoint.quantizeMultiplier(bad));
            assertTrue(e.getMessage().contains(">= 0") && e.getMessage().contains("found " + bad), e.getMessage());
        }
    }

    @Test
    void rejectsMultipliersWhoseShiftWouldExceed30() {
        assertEquals(30, FixedPoint.quantizeMultiplier(Math.scalb(1.5, 29)).shift());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FixedPoint.quantizeMultiplier(Math.scalb(1.0, 30)));
        assertTrue(e.getMessage().contains("< 2^30") && e.getMessage().contains("shift 31"), e.getMessage());
        // rounds up to 2^30 and so also needs shift 31
        assertThrows(IllegalArgumentException.class, () -> FixedPoint.quantizeMultiplier(Math.nextDown(Math.scalb(1.0, 30))));
    }

    @Test
    void theRecordRejectsANegativeMultiplierAndShiftsOutsideMinus31To30() {
        IllegalArgumentException negative =
                assertThrows(IllegalArgumentException.class, () -> new QuantizedMultiplier(-1, 0));
        assertTrue(negative.getMessage().contains("found -1"), negative.getMessage());
        IllegalArgumentException shift =
                assertThrows(IllegalArgumentException.class, () -> new QuantizedMultiplier(TWO_POW_30, -32));
        assertTrue(shift.getMessage().contains("[-31, 30]") && shift.getMessage().contains("found -32"),
                shift.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new QuantizedMultiplier(TWO_POW_30, 31));
    }

    @Test
    void theRecordsExactValueIsMultiplierTimesTwoToTheShiftMinus31() {
        assertEquals(0, new BigDecimal("0.5").compareTo(new QuantizedMultiplier(TWO_POW_30, 0).exactValue()));
        assertEquals(0, new BigDecimal("6").compareTo(new QuantizedMultiplier(3 << 29, 3).exactValue()));
    }
}
