package dev.pawscope.host.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.host.dataset.GrayImage;
import org.junit.jupiter.api.Test;

/** The comparison scores on hand-made 4x4 (and 10x10) maps. */
class ExplanationScoresTest {

    /** The left half of a 4x4 image. */
    private static final GrayImage LEFT = mask(4, 4, (x, y) -> x < 2);

    @Test
    void maskShareIsThePositiveMassInside() {
        Saliency s = map(4, 4, 3, 0, 0, 1,
                1, 0, 0, 0,
                0, 0, 0, 0,
                0, 0, -5, 1);
        // positive mass 3 + 1 + 1 + 1 = 6, inside (x < 2): 3 + 1 = 4; the negative value is ignored
        assertEquals(4 / 6.0, ExplanationScores.maskShare(s, LEFT), 1e-12);
        assertTrue(Double.isNaN(ExplanationScores.maskShare(map(4, 4, new float[16]), LEFT)));
        float[] uniform = new float[16];
        java.util.Arrays.fill(uniform, 2f);
        assertEquals(0.5, ExplanationScores.maskShare(map(4, 4, uniform), LEFT), 1e-12, "area share");
    }

    @Test
    void thePointingGameHitsOnTheMaskAndWithinTheTolerance() {
        GrayImage dot = mask(10, 10, (x, y) -> x == 2 && y == 2);
        assertTrue(ExplanationScores.pointingGame(peak(10, 10, 2, 2), dot, 0));
        assertFalse(ExplanationScores.pointingGame(peak(10, 10, 3, 3), dot, 0));
        assertTrue(ExplanationScores.pointingGame(peak(10, 10, 3, 3), dot, 1), "diagonal neighbour");
        assertFalse(ExplanationScores.pointingGame(peak(10, 10, 4, 2), dot, 1));
        assertTrue(ExplanationScores.pointingGame(peak(10, 10, 4, 2), dot, 2));
        assertFalse(ExplanationScores.pointingGame(peak(10, 10, 9, 9), dot));
        assertFalse(ExplanationScores.pointingGame(map(10, 10, new float[100]), dot), "an empty map points nowhere");
        assertFalse(ExplanationScores.hasObject(mask(10, 10, (x, y) -> false)));
        assertTrue(ExplanationScores.hasObject(dot));
    }

    @Test
    void spearmanIsOneForAMonotoneMapMinusOneReversedAndAveragesTies() {
        Saliency a = map(2, 2, 1, 2, 3, 4);
        assertEquals(1, ExplanationScores.spearman(a, map(2, 2, 10, 20, 300, 4000)), 1e-12);
        assertEquals(-1, ExplanationScores.spearman(a, map(2, 2, 4, 3, 2, 1)), 1e-12);
        assertEquals(2.5, ExplanationScores.ranks(new float[] {5, 5, 5, 5})[0], 0);
        assertEquals(1.5, ExplanationScores.ranks(new float[] {0, 0, 7, 9})[1], 0);
        // ranks (1, 2, 3, 4) against (1.5, 1.5, 3, 4): Pearson of the ranks
        double expected = pearson(new double[] {1, 2, 3, 4}, new double[] {1.5, 1.5, 3, 4});
        assertEquals(expected, ExplanationScores.spearman(a, map(2, 2, 0, 0, 1, 2)), 1e-12);
        assertTrue(Double.isNaN(ExplanationScores.spearman(a, map(2, 2, 1, 1, 1, 1))));
    }

    @Test
    void topIouComparesTheTopTenPercent() {
        float[] va = new float[100];
        float[] vb = new float[100];
        for (int i = 0; i < 100; i++) {
            va[i] = i; // top 10: 90..99
            vb[i] = i < 95 ? (i + 5) % 95 : 100 + (i - 95); // top 10: 95..99 then 89..93 (values 94..98)
        }
        // b's top 10: indices 95..99 (values 100..104) and 85..89 (values 90..94)? check by the helper
        boolean[] tb = ExplanationScores.top(vb, 0.1);
        int count = 0;
        int inter = 0;
        for (int i = 0; i < 100; i++) {
            count += tb[i] ? 1 : 0;
            inter += tb[i] && i >= 90 ? 1 : 0;
        }
        assertEquals(10, count);
        double iou = inter / (double) (20 - inter);
        assertEquals(iou, ExplanationScores.topIou(map(10, 10, va), map(10, 10, vb)), 1e-12);
        assertEquals(1, ExplanationScores.topIou(map(10, 10, va), map(10, 10, va)), 0);
        float[] reversed = new float[100];
        for (int i = 0; i < 100; i++) {
            reversed[i] = -i;
        }
        assertEquals(0, ExplanationScores.topIou(map(10, 10, va), map(10, 10, reversed)), 0);
        assertThrows(IllegalArgumentException.class, () -> ExplanationScores.topIou(map(10, 10, va),
                map(2, 2, 1, 2, 3, 4)));
    }

    private static Saliency map(int w, int h, float... v) {
        return new Saliency("test", 0, w, h, v);
    }

    private static Saliency peak(int w, int h, int px, int py) {
        float[] v = new float[w * h];
        java.util.Arrays.fill(v, 0.1f);
        v[py * w + px] = 1;
        return map(w, h, v);
    }

    private interface Inside {
        boolean at(int x, int y);
    }

    private static GrayImage mask(int w, int h, Inside inside) {
        byte[] px = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px[y * w + x] = (byte) (inside.at(x, y) ? 255 : 0);
            }
        }
        return new GrayImage(w, h, px);
    }

    private static double pearson(double[] a, double[] b) {
        double ma = java.util.Arrays.stream(a).average().orElse(0);
        double mb = java.util.Arrays.stream(b).average().orElse(0);
        double c = 0;
        double va = 0;
        double vb = 0;
        for (int i = 0; i < a.length; i++) {
            c += (a[i] - ma) * (b[i] - mb);
            va += (a[i] - ma) * (a[i] - ma);
            vb += (b[i] - mb) * (b[i] - mb);
        }
        return c / Math.sqrt(va * vb);
    }
}
