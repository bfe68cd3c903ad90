package dev.pawscope.host.train.charts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NiceAxisTest {

    @Test
    void stepsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(0.5, NiceAxis.niceStep(1.3, 5), 1e-12);
        assertEquals(0.2, NiceAxis.niceStep(0.9, 5), 1e-12);
        assertEquals(5, NiceAxis.niceStep(19, 8), 1e-12);
        assertEquals(1, NiceAxis.niceStep(7, 8), 1e-12);
        assertEquals(20, NiceAxis.niceStep(99, 8), 1e-12);
        assertEquals(0.001, NiceAxis.niceStep(0.004, 5), 1e-15);
    }

    @Test
    void aStepThatIsExactlyNiceIsNotRoundedUpToTheNextOne() {
        assertEquals(0.2, NiceAxis.niceStep(1.0, 5), 1e-12);
    }

    @Test
    void theAxisEndsOnTicksAndContainsTheData() {
        NiceAxis axis = NiceAxis.covering(0.13, 1.27, 5);
        assertEquals(0, axis.lo(), 1e-12);
        assertEquals(1.5, axis.hi(), 1e-12);
        assertArrayEquals(new double[] {0, 0.5, 1.0, 1.5}, axis.ticks(), 1e-12);
    }

    @Test
    void dataAlreadyOnTicksIsNotPaddedByAnotherStep() {
        NiceAxis axis = NiceAxis.covering(0, 1, 5);
        assertEquals(0, axis.lo(), 1e-12);
        assertEquals(1, axis.hi(), 1e-12);
    }

    @Test
    void aSingleValueStillGetsARangeAroundIt() {
        NiceAxis axis = NiceAxis.covering(0.8, 0.8, 5);
        assertTrue(axis.lo() < 0.8 && axis.hi() > 0.8, () -> "expected 0.8 inside, found " + axis);
    }

    @Test
    void labelsCarryJustEnoughDecimalsForTheStep() {
        assertEquals("0.4", new NiceAxis(0, 1, 0.2).label(0.4, 1, ""));
        assertEquals("0.15", new NiceAxis(0, 0.2, 0.05).label(0.15, 1, ""));
        assertEquals("3", new NiceAxis(0, 10, 1).label(3, 1, ""));
        assertEquals("85%", new NiceAxis(0.8, 1, 0.05).label(0.85, 100, "%"));
        assertEquals("0.3", new NiceAxis(0, 0.5, 0.1).label(0.1 * 3, 1, ""));
    }

    @Test
    void zeroIsNeverLabelledMinusZero() {
        assertEquals("0.0", new NiceAxis(-1, 1, 0.5).label(-1e-17, 1, ""));
    }

    @Test
    void anEmptyRangeIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NiceAxis(1, 1, 0.1));
        assertTrue(e.getMessage().contains("expected lo < hi"), e.getMessage());
    }
}
