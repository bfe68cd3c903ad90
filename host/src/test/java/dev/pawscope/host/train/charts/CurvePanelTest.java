package dev.pawscope.host.train.charts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Rectangle;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CurvePanelTest {

    private static final Rectangle PLOT = new Rectangle(64, 100, 364, 232);
    private static final NiceAxis UNIT = new NiceAxis(0, 1, 0.2);

    private static CurvePanel panelOver(int first, int last) {
        return new CurvePanel(PLOT, IntStream.rangeClosed(first, last).toArray(), UNIT, 1, "");
    }

    @Test
    void twentyEpochsAreTickedEveryFiveWithTheFirstEpochShownToo() {
        assertArrayEquals(new int[] {1, 5, 10, 15, 20}, panelOver(1, 20).xTicks());
    }

    @Test
    void aHundredEpochsAreTickedEveryTwenty() {
        assertArrayEquals(new int[] {1, 20, 40, 60, 80, 100}, panelOver(1, 100).xTicks());
    }

    @Test
    void aFewEpochsAreEachTicked() {
        assertArrayEquals(new int[] {1, 2, 3, 4}, panelOver(1, 4).xTicks());
    }

    @Test
    void aSingleEpochGetsOneTickInTheMiddle() {
        CurvePanel panel = panelOver(7, 7);
        assertArrayEquals(new int[] {7}, panel.xTicks());
        assertEquals(PLOT.getCenterX(), panel.x(7), 1e-9);
    }

    @Test
    void theFirstAndLastEpochsSitJustInsideThePlot() {
        CurvePanel panel = panelOver(1, 20);
        assertTrue(panel.x(1) > PLOT.x && panel.x(1) < PLOT.x + 16, () -> "x(1) = " + panel.x(1));
        assertTrue(panel.x(20) < PLOT.getMaxX() && panel.x(20) > PLOT.getMaxX() - 16, () -> "x(20) = " + panel.x(20));
    }

    @Test
    void higherValuesAreDrawnHigherUp() {
        CurvePanel panel = panelOver(1, 20);
        assertEquals(PLOT.getMaxY(), panel.y(0), 1e-9);
        assertEquals(PLOT.y, panel.y(1), 1e-9);
    }
}
