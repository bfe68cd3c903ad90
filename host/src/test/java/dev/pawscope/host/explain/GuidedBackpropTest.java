package dev.pawscope.host.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.host.dataset.GrayImage;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/**
 * Guided backpropagation against a direct computation in plain Java of the same small network
 * (conv 3x3 same, ReLU, dense, ReLU, dense scores), reading the weights out of DL4J.
 */
class GuidedBackpropTest {

    private static final int SIZE = 16;
    private static final int FILTERS = 3;
    private static final int HIDDEN = 5;
    private static final int CLASSES = 3;

    private final FloatTwin twin = SmallNetworks.twin("Conv2D(" + FILTERS + ", 3, padding=same), ReLU, Flatten, "
            + "Dense(" + HIDDEN + "), ReLU, Dense(" + CLASSES + "), Softmax", SIZE, CLASSES, 11);
    private final GrayImage image = image(4);

    @Test
    void guidedGradientsMatchTheDirectComputationAndDifferFromTheVanillaOnes() {
        float[] x = twin.normalise(image);
        LayerObjective vanilla = LayerObjective.classScores(twin, false);
        int blockedSomewhere = 0;
        double largestDifference = 0;
        for (int c = 0; c < CLASSES; c++) {
            Direct direct = new Direct(twin.network(), x, c);
            double[] guided = new GuidedBackprop(twin).gradient(image, c);
            double[] plain = vanilla.gradient(x, c);
            for (int i = 0; i < x.length; i++) {
                assertEquals(direct.guided[i], guided[i], 1e-9, "guided, class " + c + " pixel " + i);
                assertEquals(direct.vanilla[i], plain[i], 1e-9, "vanilla, class " + c + " pixel " + i);
                largestDifference = Math.max(largestDifference, Math.abs(guided[i] - plain[i]));
            }
            blockedSomewhere += direct.blocked;
        }
        // the guided rule has something to do here: some ReLU with a positive input got a negative gradient
        assertTrue(blockedSomewhere > 0, "no gradient was blocked: the test network is too easy");
        assertTrue(largestDifference > 1e-3, "guided equals vanilla, max difference " + largestDifference);
    }

    @Test
    void theObjectiveIsThePreSoftmaxScore() {
        float[] x = twin.normalise(image);
        LayerObjective scores = LayerObjective.classScores(twin, true);
        double[] z = new double[CLASSES];
        double sum = 0;
        for (int c = 0; c < CLASSES; c++) {
            z[c] = scores.value(x, c);
            assertEquals(new Direct(twin.network(), x, c).score, z[c], 1e-9);
            sum += Math.exp(z[c]);
        }
        float[] p = twin.scores(x);
        for (int c = 0; c < CLASSES; c++) {
            assertEquals(p[c], Math.exp(z[c]) / sum, 1e-6, "softmax of the scores is the twin's output");
        }
    }

    @Test
    void theMapIsTheGuidedGradientsMagnitudeAndTheFactoryKnowsIt() {
        double[] g = new GuidedBackprop(twin).gradient(image, 2);
        Saliency s = new AttributionMethods(twin, twin).create("guided").explain(image, 2);
        assertEquals("guided", s.method());
        for (int i = 0; i < g.length; i++) {
            assertEquals(Math.abs(g[i]), s.values()[i], 1e-6);
        }
    }

    /** The forward and both backward passes written out, from DL4J's parameter arrays. */
    private static final class Direct {
        final double[] guided = new double[SIZE * SIZE];
        final double[] vanilla = new double[SIZE * SIZE];
        final double score;
        int blocked;

        Direct(MultiLayerNetwork net, float[] x, int c) {
            var w1 = net.getLayer(0).getParam("W"); // [FILTERS, 1, 3, 3]
            var b1 = net.getLayer(0).getParam("b");
            var w2 = net.getLayer(2).getParam("W"); // [FILTERS*SIZE*SIZE, HIDDEN], NCHW flatten order
            var b2 = net.getLayer(2).getParam("b");
            var w3 = net.getLayer(4).getParam("W"); // [HIDDEN, CLASSES]
            var b3 = net.getLayer(4).getParam("b");
            int n = FILTERS * SIZE * SIZE;
            double[] z1 = new double[n];
            for (int f = 0; f < FILTERS; f++) {
                for (int y = 0; y < SIZE; y++) {
                    for (int xx = 0; xx < SIZE; xx++) {
                        double sum = b1.getDouble(f);
                        for (int ky = 0; ky < 3; ky++) {
                            for (int kx = 0; kx < 3; kx++) {
                                int iy = y + ky - 1;
                                int ix = xx + kx - 1;
                                if (iy >= 0 && iy < SIZE && ix >= 0 && ix < SIZE) {
                                    sum += w1.getDouble(f, 0, ky, kx) * x[iy * SIZE + ix];
                                }
                            }
                        }
                        z1[(f * SIZE + y) * SIZE + xx] = sum;
                    }
                }
            }
            double[] z2 = new double[HIDDEN];
            for (int j = 0; j < HIDDEN; j++) {
                z2[j] = b2.getDouble(j);
                for (int i = 0; i < n; i++) {
                    z2[j] += Math.max(0, z1[i]) * w2.getDouble(i, j);
                }
            }
            double s = b3.getDouble(c);
            for (int j = 0; j < HIDDEN; j++) {
                s += Math.max(0, z2[j]) * w3.getDouble(j, c);
            }
            score = s;
            backward(true, z1, z2, w1, w2, w3, c, guided);
            backward(false, z1, z2, w1, w2, w3, c, vanilla);
        }

        private void backward(boolean guide, double[] z1, double[] z2, org.nd4j.linalg.api.ndarray.INDArray w1,
                org.nd4j.linalg.api.ndarray.INDArray w2, org.nd4j.linalg.api.ndarray.INDArray w3, int c,
                double[] out) {
            double[] gz2 = new double[HIDDEN];
            for (int j = 0; j < HIDDEN; j++) {
                double incoming = w3.getDouble(j, c);
                gz2[j] = relu(z2[j], incoming, guide);
            }
            double[] gz1 = new double[z1.length];
            for (int i = 0; i < z1.length; i++) {
                double incoming = 0;
                for (int j = 0; j < HIDDEN; j++) {
                    incoming += w2.getDouble(i, j) * gz2[j];
                }
                gz1[i] = relu(z1[i], incoming, guide);
            }
            for (int f = 0; f < FILTERS; f++) {
                for (int y = 0; y < SIZE; y++) {
                    for (int xx = 0; xx < SIZE; xx++) {
                        double g = gz1[(f * SIZE + y) * SIZE + xx];
                        for (int ky = 0; ky < 3; ky++) {
                            for (int kx = 0; kx < 3; kx++) {
                                int iy = y + ky - 1;
                                int ix = xx + kx - 1;
                                if (iy >= 0 && iy < SIZE && ix >= 0 && ix < SIZE) {
                                    out[iy * SIZE + ix] += g * w1.getDouble(f, 0, ky, kx);
                                }
                            }
                        }
                    }
                }
            }
        }

        /** ReLU backward: vanilla passes where the input is positive; guided also needs a positive gradient. */
        private double relu(double input, double incoming, boolean guide) {
            if (input <= 0) {
                return 0;
            }
            if (guide && incoming <= 0) {
                blocked += incoming < 0 ? 1 : 0;
                return 0;
            }
            return incoming;
        }
    }

    private static GrayImage image(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] px = new byte[SIZE * SIZE];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) random.nextInt(256);
        }
        return new GrayImage(SIZE, SIZE, px);
    }
}
