package dev.pawscope.host.train.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.host.train.EpochStats;
import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingCurvesChartTest {

    /** Losses falling, accuracies rising, validation trailing training, as a real run does. */
    private static List<EpochStats> history(int epochs) {
        List<EpochStats> h = new ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            h.add(new EpochStats(e, 1.3 * Math.exp(-e / 5.0) + 0.08, 1 - 0.7 * Math.exp(-e / 4.0),
                    1.3 * Math.exp(-e / 5.5) + 0.17, 1 - 0.7 * Math.exp(-e / 4.5) - 0.06, 10, 1e-3));
        }
        return h;
    }

    private static boolean contains(BufferedImage image, Rectangle area, Color colour) {
        for (int y = area.y; y < area.y + area.height; y++) {
            for (int x = area.x; x < area.x + area.width; x++) {
                if (image.getRGB(x, y) == colour.getRGB()) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void theChartIsAWideRgbImage() {
        BufferedImage image = TrainingCurvesChart.render(history(20), 16, "Training");
        assertEquals(BufferedImage.TYPE_INT_RGB, image.getType());
        assertEquals(900, image.getWidth());
        assertEquals(380, image.getHeight());
    }

    @Test
    void theTrainCurveIsDrawnInsideBothPlots() {
        BufferedImage image = TrainingCurvesChart.render(history(20), 16, "Training");
        assertTrue(contains(image, TrainingCurvesChart.plotArea(0), TrainingCurvesChart.TRAIN), "loss plot");
        assertTrue(contains(image, TrainingCurvesChart.plotArea(1), TrainingCurvesChart.TRAIN), "accuracy plot");
        assertTrue(contains(image, TrainingCurvesChart.plotArea(1), TrainingCurvesChart.VAL), "validation curve");
    }

    @Test
    void aTrainSeriesOfNaNsDrawsNothing() {
        List<EpochStats> h = new ArrayList<>();
        for (EpochStats e : history(20)) {
            h.add(new EpochStats(e.epoch(), Double.NaN, Double.NaN, e.valLoss(), e.valAccuracy(), e.seconds(), 1e-3));
        }
        BufferedImage image = TrainingCurvesChart.render(h, 16, "Validation only");
        assertFalse(contains(image, TrainingCurvesChart.plotArea(0), TrainingCurvesChart.TRAIN));
        assertFalse(contains(image, TrainingCurvesChart.plotArea(1), TrainingCurvesChart.TRAIN));
        assertTrue(contains(image, TrainingCurvesChart.plotArea(0), TrainingCurvesChart.VAL));
    }

    @Test
    void aSingleEpochIsStillVisibleAsADot() {
        BufferedImage image = TrainingCurvesChart.render(history(1), 1, "One epoch");
        assertTrue(contains(image, TrainingCurvesChart.plotArea(0), TrainingCurvesChart.TRAIN));
    }

    @Test
    void aHundredEpochsWithAGapRender() {
        List<EpochStats> h = new ArrayList<>(history(100));
        h.set(50, new EpochStats(51, Double.NaN, Double.NaN, Double.POSITIVE_INFINITY, Double.NaN, 10, 1e-3));
        BufferedImage image = TrainingCurvesChart.render(h, 100, "Long run");
        assertTrue(contains(image, TrainingCurvesChart.plotArea(0), TrainingCurvesChart.TRAIN));
    }

    @Test
    void theAccuracyAxisRunsToAHundredPercentAndZoomsOnlyWhenTheDataSitsHigh() {
        NiceAxis high = TrainingCurvesChart.accuracyAxis(new double[] {0.86, 0.97}, new double[] {0.84, 0.93});
        assertEquals(1, high.hi(), 1e-12);
        assertEquals(0.8, high.lo(), 1e-12);
        NiceAxis low = TrainingCurvesChart.accuracyAxis(new double[] {0.3, 0.9}, new double[] {Double.NaN});
        assertEquals(0, low.lo(), 1e-12);
        assertEquals(1, low.hi(), 1e-12);
    }

    @Test
    void theLossAxisStartsAtZero() {
        NiceAxis axis = TrainingCurvesChart.lossAxis(new double[] {1.2, 0.4}, new double[] {1.3, 0.5});
        assertEquals(0, axis.lo(), 1e-12);
        assertTrue(axis.hi() >= 1.3);
    }

    @Test
    void anEmptyHistoryIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingCurvesChart.render(List.of(), 1, "t"));
        assertEquals("expected at least 1 epoch in the history, found 0", e.getMessage());
    }

    @Test
    void aBestEpochOutsideTheHistoryIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingCurvesChart.render(history(20), 25, "t"));
        assertEquals("expected bestEpoch to be one of the history's epochs (1..20), found 25", e.getMessage());
    }

    @Test
    void epochsOutOfOrderAreRejected() {
        List<EpochStats> h = new ArrayList<>(history(3));
        h.add(new EpochStats(2, 0.1, 0.9, 0.2, 0.8, 1, 1e-3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingCurvesChart.render(h, 2, "t"));
        assertTrue(e.getMessage().startsWith("expected epochs in increasing order, found epoch 2 after epoch 3"),
                e.getMessage());
    }
}
