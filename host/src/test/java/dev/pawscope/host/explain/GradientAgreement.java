package dev.pawscope.host.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the gradient tests say two gradients agree: direction and largest difference. */
final class GradientAgreement {

    private GradientAgreement() {}

    /**
     * Cosine >= 0.99999 and max |diff| <= {@code relativeMaxDiff} * max |expected|; an all-zero
     * expected gradient fails, since it proves nothing.
     */
    static void assertClose(double[] expected, double[] actual, double relativeMaxDiff, String what) {
        assertEquals(expected.length, actual.length, what);
        double dot = 0;
        double ee = 0;
        double aa = 0;
        double maxAbs = 0;
        double maxDiff = 0;
        for (int i = 0; i < expected.length; i++) {
            dot += expected[i] * actual[i];
            ee += expected[i] * expected[i];
            aa += actual[i] * actual[i];
            maxAbs = Math.max(maxAbs, Math.abs(expected[i]));
            maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(maxAbs > 0, what + ": an all-zero gradient proves nothing");
        double cosine = dot / Math.sqrt(ee * aa);
        assertTrue(cosine >= 0.99999, what + ": cosine " + cosine);
        assertTrue(maxDiff <= relativeMaxDiff * maxAbs, what + ": max |diff| " + maxDiff + " vs max |g| " + maxAbs);
    }
}
