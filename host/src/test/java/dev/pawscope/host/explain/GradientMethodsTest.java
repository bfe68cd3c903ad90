package dev.pawscope.host.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.host.dataset.GrayImage;
import org.junit.jupiter.api.Test;

/**
 * The gradient methods against finite differences of the float twin's own outputs, on a small
 * random network in double precision.
 */
class GradientMethodsTest {

    private static final double H = 1e-5;

    private final FloatTwin twin = SmallNetworks.twin(3);
    private final GrayImage image = SmallNetworks.image(5);

    @Test
    void theInputGradientIsTheFiniteDifferenceOfTheLogProbability() {
        float[] x = twin.normalise(image);
        for (int c = 0; c < SmallNetworks.CLASSES; c++) {
            double[] gradient = twin.logProbabilityGradient(x, c);
            for (int i : new int[] {0, 17, 100, 137, 255}) {
                double expected = (logP(x, i, +H, c) - logP(x, i, -H, c)) / (2 * H);
                assertEquals(expected, gradient[i], 1e-6 + 1e-4 * Math.abs(expected), "class " + c + " pixel " + i);
            }
        }
    }

    @Test
    void vanillaGradientIsTheGradientsMagnitude() {
        double[] gradient = twin.logProbabilityGradient(twin.normalise(image), 1);
        Saliency s = new VanillaGradient(twin).explain(image, 1);
        assertEquals("gradient", s.method());
        assertEquals(1, s.classIndex());
        for (int i = 0; i < gradient.length; i++) {
            assertEquals(Math.abs(gradient[i]), s.values()[i], 1e-6);
        }
        assertTrue(s.max() > 0);
    }

    @Test
    void smoothGradWithoutNoiseIsTheVanillaGradientAndWithNoiseIsRepeatable() {
        Saliency vanilla = new VanillaGradient(twin).explain(image, 2);
        Saliency noiseless = new SmoothGrad(twin, 3, 0, 9).explain(image, 2);
        assertArrayEquals(vanilla.values(), noiseless.values(), 1e-6f);

        Saliency a = new SmoothGrad(twin, 8, 0.15, 9).explain(image, 2);
        Saliency b = new SmoothGrad(twin, 8, 0.15, 9).explain(image, 2);
        assertArrayEquals(a.values(), b.values(), "seeded noise: the same map twice");
        assertNotEquals(vanilla, a, "noise changes the map");
    }

    @Test
    void gradCamsTailNetworkComputesWhatTheWholeNetworkDoes() {
        float[] x = twin.normalise(image);
        float[] a = twin.camActivations(x);
        int[] shape = twin.camShape();
        assertEquals(5, shape[2], "the last convolution has 5 filters");
        assertEquals(shape[0] * shape[1] * shape[2], a.length, "an NHWC activation");
        // float32 engine against DL4J in float64: rounding only
        assertArrayEquals(twin.scores(x), twin.scoresFromCamActivations(a), 1e-6f);
    }

    @Test
    void gradCamsChannelWeightsAreTheMeanFiniteDifferenceGradientOfEachChannel() {
        float[] x = twin.normalise(image);
        float[] a = twin.camActivations(x);
        int[] shape = twin.camShape();
        int channels = shape[2];
        int c = 0;
        double[] alpha = GradCam.channelWeights(twin.camGradient(a, c), channels);
        int positions = shape[0] * shape[1];
        for (int k = 0; k < channels; k++) {
            double sum = 0;
            for (int p = 0; p < positions; p++) {
                int i = p * channels + k;
                sum += (tailLogP(a, i, +H, c) - tailLogP(a, i, -H, c)) / (2 * H);
            }
            double expected = sum / positions;
            assertEquals(expected, alpha[k], 1e-6 + 1e-4 * Math.abs(expected), "channel " + k);
        }
    }

    @Test
    void gradCamIsTheReluOfTheWeightedActivationsScaledToTheInput() {
        float[] x = twin.normalise(image);
        float[] a = twin.camActivations(x);
        int[] shape = twin.camShape();
        int h = shape[0];
        int w = shape[1];
        int channels = shape[2];
        double[] alpha = GradCam.channelWeights(twin.camGradient(a, 1), channels);
        float[] cam = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int xx = 0; xx < w; xx++) {
                double sum = 0;
                for (int k = 0; k < alpha.length; k++) {
                    sum += alpha[k] * a[(y * w + xx) * channels + k];
                }
                cam[y * w + xx] = (float) Math.max(0, sum);
            }
        }
        Saliency s = new GradCam(twin).explain(image, 1);
        assertEquals(SmallNetworks.SIZE, s.width());
        assertArrayEquals(GradCam.upsample(cam, w, h, SmallNetworks.SIZE, SmallNetworks.SIZE), s.values(), 1e-6f);
    }

    @Test
    void upsamplingByTwoKeepsAConstantMapAndInterpolatesBetweenCentres() {
        float[] constant = GradCam.upsample(new float[] {3, 3, 3, 3}, 2, 2, 4, 4);
        for (float v : constant) {
            assertEquals(3f, v, 0f);
        }
        // a ramp 0, 1 across two cells: centres at output x = 0.5 and 2.5 of 4
        float[] ramp = GradCam.upsample(new float[] {0, 1}, 2, 1, 4, 1);
        assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1}, ramp, 1e-6f);
    }

    @Test
    void aWrongSizeOrClassIsRefusedWithTheExpectedShape() {
        GrayImage small = new GrayImage(8, 8, new byte[64]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new VanillaGradient(twin).explain(small, 0));
        assertTrue(e.getMessage().contains("16x16"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new GradCam(twin).explain(image, 3));
        assertTrue(e.getMessage().contains("0..2"), e.getMessage());
    }

    private double logP(float[] x, int i, double delta, int c) {
        double[] shifted = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            shifted[j] = x[j];
        }
        shifted[i] += delta;
        return Math.log(twin.probabilities(shifted)[c]);
    }

    private double tailLogP(float[] a, int i, double delta, int c) {
        double[] shifted = new double[a.length];
        for (int j = 0; j < a.length; j++) {
            shifted[j] = a[j];
        }
        shifted[i] += delta;
        return Math.log(twin.probabilitiesFromCamActivations(shifted)[c]);
    }
}
