package dev.pawscope.host.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.host.dataset.GrayImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link FloatTwin#logProbabilityGradients} (batched engine passes) against {@link
 * FloatTwin#logProbabilityGradient} one input at a time, and {@link SmoothGrad} (which now uses the
 * batched call) against the per-sample loop it replaced, with the same noise sequence.
 */
class BatchedSmoothGradTest {

    /** Largest difference allowed, relative to the largest gradient: float rounding only. */
    private static final double FLOAT_ROUNDING = 1e-5;

    private static final String PAWNET = "Conv2D(8, 3, padding=same), ReLU, MaxPool(2), "
            + "Conv2D(24, 3, padding=same), ReLU, MaxPool(2), Conv2D(48, 3, padding=same), ReLU, MaxPool(2), "
            + "Conv2D(64, 3, padding=same), ReLU, MaxPool(6, padding=same), Flatten, Dense(4), Softmax";

    @Test
    void batchedTwinGradientsEqualSingleOnes() {
        for (FloatTwin twin : new FloatTwin[] {SmallNetworks.twin(3), SmallNetworks.twin(PAWNET, 48, 4, 5)}) {
            assertTrue(twin.fastGradients());
            int size = twin.width() * twin.height();
            SplittableRandom random = new SplittableRandom(7);
            float[][] xs = new float[19][size]; // more than one batch
            for (float[] x : xs) {
                for (int i = 0; i < size; i++) {
                    x[i] = (float) (random.nextDouble() * 2 - 1);
                }
            }
            double[][] batched = twin.logProbabilityGradients(xs, 1);
            assertEquals(xs.length, batched.length);
            for (int s = 0; s < xs.length; s++) {
                GradientAgreement.assertClose(twin.logProbabilityGradient(xs[s], 1), batched[s], FLOAT_ROUNDING,
                        "sample " + s);
            }
        }
    }

    @Test
    void smoothGradEqualsThePerSampleLoop() {
        FloatTwin twin = SmallNetworks.twin(11);
        GrayImage image = SmallNetworks.image(2);
        int samples = 16;
        double noise = 0.15;
        float[] actual = new SmoothGrad(twin, samples, noise, 1).explain(image, 2).values();
        // the loop SmoothGrad ran before, one gradient per noisy copy
        float[] x = twin.normalise(image);
        double sigma = noise * twin.inputRange();
        SplittableRandom random = new SplittableRandom(1);
        double[] sum = new double[x.length];
        float[] noisy = new float[x.length];
        for (int s = 0; s < samples; s++) {
            for (int i = 0; i < x.length; i++) {
                double u = 1 - random.nextDouble();
                double v = random.nextDouble();
                noisy[i] = (float) (x[i] + sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
            }
            double[] g = twin.logProbabilityGradient(noisy, 2);
            for (int i = 0; i < g.length; i++) {
                sum[i] += Math.abs(g[i]);
            }
        }
        double[] expected = new double[x.length];
        double[] got = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            expected[i] = sum[i] / samples;
            got[i] = actual[i];
        }
        GradientAgreement.assertClose(expected, got, FLOAT_ROUNDING, "SmoothGrad");
    }

    @Test
    void theDl4jFallbackLoops() {
        FloatTwin fast = SmallNetworks.twin(4);
        float[] x = fast.normalise(SmallNetworks.image(3));
        double[][] one = fast.logProbabilityGradients(new float[][] {x}, 0);
        assertArrayEquals(fast.logProbabilityGradient(x, 0), one[0], 1e-6);
    }

}
