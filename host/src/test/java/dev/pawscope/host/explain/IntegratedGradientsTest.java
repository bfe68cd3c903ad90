package dev.pawscope.host.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.host.dataset.GrayImage;
import org.junit.jupiter.api.Test;

/** Integrated gradients: completeness, the baselines, the map. */
class IntegratedGradientsTest {

    private final FloatTwin twin = SmallNetworks.twin(3);
    private final GrayImage image = SmallNetworks.image(5);

    /**
     * Completeness at 64 steps: the sum is within 3% of log p_c(x) - log p_c(x') plus 0.3% of the
     * attributions' total magnitude (the ReLU and max-pool kinks along the path make the quadrature
     * error scale with the path's total variation, which can dwarf a small difference); at 1024
     * steps within 1% of the difference itself.
     */
    @Test
    void attributionsSumToTheScoreDifferenceFromTheBaseline() {
        for (IntegratedGradients.Baseline b : IntegratedGradients.Baseline.values()) {
            for (int steps : b == IntegratedGradients.Baseline.BLACK ? new int[] {64, 1024} : new int[] {64}) {
                IntegratedGradients ig = new IntegratedGradients(twin, steps, b);
                for (int c = 0; c < SmallNetworks.CLASSES; c++) {
                    double sum = 0;
                    double mass = 0;
                    for (double a : ig.attributions(image, c)) {
                        sum += a;
                        mass += Math.abs(a);
                    }
                    double expected = Math.log(twin.scores(image)[c])
                            - Math.log(twin.scores(ig.baseline(image))[c]);
                    assertTrue(Math.abs(expected) > 1e-3, "a non-trivial difference for class " + c);
                    double tolerance = steps == 64 ? 0.03 * Math.abs(expected) + 0.003 * mass
                            : 0.01 * Math.abs(expected);
                    assertEquals(expected, sum, tolerance, b + " " + steps + " steps, class " + c);
                }
            }
        }
    }

    @Test
    void theBlackBaselineIsTheNormalisedZeroImageAndTheMeanBaselineIsFlat() {
        float[] black = new IntegratedGradients(twin, 8, IntegratedGradients.Baseline.BLACK).baseline(image);
        for (float v : black) {
            assertEquals(-1f, v, 1e-6f);
        }
        float[] mean = new IntegratedGradients(twin, 8, IntegratedGradients.Baseline.MEAN).baseline(image);
        for (float v : mean) {
            assertEquals(mean[0], v, 0f);
        }
        assertTrue(mean[0] > -1f);
    }

    @Test
    void theMapIsThePositivePartAndAnInputEqualToTheBaselineHasNoAttribution() {
        IntegratedGradients ig = new IntegratedGradients(twin, 16, IntegratedGradients.Baseline.BLACK);
        double[] a = ig.attributions(image, 1);
        Saliency s = ig.explain(image, 1);
        assertEquals("integrated", s.method());
        for (int i = 0; i < a.length; i++) {
            assertEquals(Math.max(0, a[i]), s.values()[i], 1e-6);
        }
        GrayImage black = new GrayImage(SmallNetworks.SIZE, SmallNetworks.SIZE, new byte[SmallNetworks.SIZE
                * SmallNetworks.SIZE]);
        assertEquals(0f, ig.explain(black, 0).max(), 0f);
        assertThrows(IllegalArgumentException.class, () -> new IntegratedGradients(twin, 0,
                IntegratedGradients.Baseline.BLACK));
    }

    @Test
    void theFactoryKnowsItAndOnlyOcclusionWorksWithoutATwin() {
        AttributionMethods methods = new AttributionMethods(twin, twin);
        assertEquals("integrated", methods.create("Integrated").name());
        AttributionMethods int8Only = new AttributionMethods(null, twin);
        assertEquals("occlusion", int8Only.create("occlusion").name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> int8Only.create("gradient"));
        assertTrue(e.getMessage().contains("no"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> methods.create("lime"));
        assertTrue(e.getMessage().contains("integrated"), e.getMessage());
    }
}
