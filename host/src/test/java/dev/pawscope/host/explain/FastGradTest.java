package dev.pawscope.host.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.host.dataset.InputSpec;
import dev.pawscope.host.train.ArchitectureSpec;
import dev.pawscope.host.train.NetworkFactory;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The float32 gradient engine behind {@link FloatTwin} against DL4J's own backprop ({@code
 * calculateGradients}, which the twin used before, in float64) on randomly initialised built-in
 * architectures: d log p_c / dx and Grad-CAM's d log p_c / dA agree to float rounding.
 */
class FastGradTest {

    /** Largest difference allowed, relative to the largest gradient: float32 against float64, no more. */
    private static final double FLOAT32_VS_FLOAT64 = 1e-4;

    @ParameterizedTest(name = "{0} seed {1}")
    @CsvSource({"pawnet, 1", "pawnet, 2", "pawnet-ds, 1", "pawnet-ds, 2", "tiny, 1", "tiny, 2"})
    void engineGradientsMatchDl4j(String architecture, long seed) {
        int classes = 4;
        InputSpec input = InputSpec.square(48);
        ArchitectureSpec spec = ArchitectureSpec.resolve(architecture, classes);
        MultiLayerNetwork net = NetworkFactory.create(spec, input, classes, seed, 1e-3)
                .convertDataType(DataType.DOUBLE);
        FloatTwin fast = new FloatTwin(net, spec, input, SmallNetworks.NORMALIZATION);
        FloatTwin dl4j = new FloatTwin(net, (dev.pawscope.quantize.graph.Graph) null, input,
                SmallNetworks.NORMALIZATION);
        assertTrue(fast.fastGradients());
        assertFalse(dl4j.fastGradients());
        float[] x = fast.normalise(image(seed));
        for (int c = 0; c < classes; c++) {
            GradientAgreement.assertClose(dl4j.logProbabilityGradient(x, c), fast.logProbabilityGradient(x, c),
                    FLOAT32_VS_FLOAT64, architecture + " d log p_" + c + "/dx");
            float[] a = fast.camActivations(x);
            float[] expectedA = dl4j.camActivations(x);
            GradientAgreement.assertClose(toDouble(expectedA), toDouble(a), FLOAT32_VS_FLOAT64,
                    architecture + " Grad-CAM activations");
            GradientAgreement.assertClose(toDouble(dl4j.camGradient(a, c)), toDouble(fast.camGradient(a, c)),
                    FLOAT32_VS_FLOAT64, architecture + " d log p_" + c + "/dA");
        }
        assertEquals(fast.camShape()[2], dl4j.camShape()[2]);
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    private static GrayImage image(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] px = new byte[48 * 48];
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 48; x++) {
                int blob = (x - 20) * (x - 20) + (y - 28) * (y - 28) < 90 ? 110 : 0;
                px[y * 48 + x] = (byte) Math.min(255, 30 + 2 * x + blob + random.nextInt(60));
            }
        }
        return new GrayImage(48, 48, px);
    }
}
