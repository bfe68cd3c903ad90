package dev.pawscope.host.train;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConfusionMatrixTest {

    private final ConfusionMatrix cm = ConfusionMatrix.of(List.of("sit", "stand", "no_dog"),
            new int[]{0, 0, 0, 1, 1, 2}, new int[]{0, 0, 1, 1, 1, 2});

    @Test
    void rowsAreTruthAndColumnsPredictions() {
        assertEquals(2, cm.count(0, 0));
        assertEquals(1, cm.count(0, 1));
        assertEquals(0, cm.count(1, 0));
        assertEquals(6, cm.total());
    }

    @Test
    void accuracyPrecisionRecallAndF1FollowTheirDefinitions() {
        assertEquals(5.0 / 6, cm.accuracy(), 1e-12);
        assertEquals(2.0 / 3, cm.precision(1), 1e-12);
        assertEquals(2.0 / 3, cm.recall(0), 1e-12);
        assertEquals(1.0, cm.recall(1), 1e-12);
        assertEquals(2 * (2.0 / 3) / (2.0 / 3 + 1), cm.f1(1), 1e-12);
        assertEquals(3, cm.support(0));
    }

    @Test
    void aClassNeverPredictedHasZeroPrecisionNotNaN() {
        ConfusionMatrix m = ConfusionMatrix.of(List.of("a", "b"), new int[]{0, 1}, new int[]{0, 0});
        assertEquals(0.0, m.precision(1));
        assertEquals(0.0, m.f1(1));
    }

    @Test
    void countsAreCopiedAtTheBoundary() {
        int[][] counts = cm.counts();
        counts[0][0] = 99;
        assertEquals(2, cm.count(0, 0));
    }

    @Test
    void mismatchedLengthsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(List.of("a", "b"), new int[]{0}, new int[]{0, 1}));
    }
}
