package dev.pawscope.host.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** Activation maximisation on networks whose favourite input is known by construction. */
class ActivationMaximisationTest {

    private static final int SIZE = 16;
    private static final ActivationMaximisation.Settings SETTINGS =
            new ActivationMaximisation.Settings(80, 0.05, 0.01, 1, 4, 0.5, 3);

    @Test
    void aVerticalEdgeFilterGrowsVerticalStripesAndItsActivationRises() {
        FloatTwin vertical = edgeNetwork(new double[] {-1, 0, 1, -1, 0, 1, -1, 0, 1});
        ActivationMaximisation.Result r = maximise(vertical, "relu1", 0);
        assertTrue(r.last() > 10 * Math.max(r.first(), 1e-3), "objective " + r.first() + " -> " + r.last());
        assertTrue(r.last() > 1.0, "the mean response of a 3-row edge filter on [-1, 1] input, " + r.last());
        // the blur every 4th step costs a little each time: the climb shows in the quarters' means
        double[] quarters = quarterMeans(r.objective());
        for (int q = 1; q < 4; q++) {
            assertTrue(quarters[q] > quarters[q - 1], "quarter means " + java.util.Arrays.toString(quarters));
        }
        double[] variation = variation(r.input());
        // (the stripes may lean: a leaning edge still excites every row of the filter)
        assertTrue(variation[0] > 2.5 * variation[1], "across " + variation[0] + " vs down " + variation[1]);

        // the same filter turned 90 degrees wants the turned pattern, and each image excites its own filter
        FloatTwin horizontal = edgeNetwork(new double[] {-1, -1, -1, 0, 0, 0, 1, 1, 1});
        ActivationMaximisation.Result t = maximise(horizontal, "relu1", 0);
        double[] turned = variation(t.input());
        assertTrue(turned[1] > 2.5 * turned[0], "down " + turned[1] + " vs across " + turned[0]);
        LayerObjective verticalEdges = new LayerObjective(vertical, vertical.layer("relu1"), false);
        LayerObjective horizontalEdges = new LayerObjective(horizontal, horizontal.layer("relu1"), false);
        assertTrue(verticalEdges.value(r.input(), 0) > 2.5 * horizontalEdges.value(r.input(), 0));
        assertTrue(horizontalEdges.value(t.input(), 0) > 2.5 * verticalEdges.value(t.input(), 0));
    }

    @Test
    void aClassScoreMaximisedUnderL2DecayIsTheClassesWeightPattern() {
        // a linear model: class 0's score is the input dotted with "dark left half, bright right half"
        FloatTwin linear = SmallNetworks.twin("Flatten, Dense(2), Softmax", SIZE, 2, 1);
        double[] pattern = new double[SIZE * SIZE];
        double[] weights = new double[SIZE * SIZE * 2];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = (i % SIZE < SIZE / 2 ? -1 : 1) * (0.5 + 0.5 * (i / SIZE) / (double) SIZE);
            weights[2 * i] = pattern[i]; // W is [nIn, nOut], row-major
            weights[2 * i + 1] = -pattern[i];
        }
        linear.network().getLayer(0).setParam("W", Nd4j.create(weights, new long[] {SIZE * SIZE, 2}, 'c')
                .castTo(linear.dataType()));
        ActivationMaximisation.Result r = new ActivationMaximisation(linear, SETTINGS.plain().withSteps(60))
                .maximise(LayerObjective.classScores(linear, false), 0);
        assertTrue(r.last() > r.first() + 10, r.first() + " -> " + r.last());
        assertTrue(pearson(r.input(), pattern) > 0.9, "correlation " + pearson(r.input(), pattern));
        assertEquals("scores:0", r.target().toString());
    }

    @Test
    void theSameSeedGivesTheSameImageAndAnotherSeedAnother() {
        FloatTwin twin = SmallNetworks.twin(5);
        ActivationMaximisation.Result a = maximise(twin, "conv2", 3);
        ActivationMaximisation.Result b = maximise(twin, "conv2", 3);
        assertArrayEquals(a.input(), b.input());
        ActivationMaximisation.Result c = new ActivationMaximisation(twin, SETTINGS.withSeed(4))
                .maximise(new LayerObjective(twin, twin.layer("conv2"), false), 3);
        assertFalse(java.util.Arrays.equals(a.input(), c.input()));
        assertEquals(SETTINGS.steps() + 1, a.objective().length);
        assertTrue(a.last() > a.first(), a.first() + " -> " + a.last());
    }

    @Test
    void channelsClimbedTogetherInOneBatchClimbAsTheyDoAlone() {
        FloatTwin twin = SmallNetworks.twin(5);
        LayerObjective conv2 = new LayerObjective(twin, twin.layer("conv2"), false);
        ActivationMaximisation climber = new ActivationMaximisation(twin, SETTINGS.withSteps(20));
        java.util.List<ActivationMaximisation.Result> together = climber.maximise(conv2, new int[] {1, 3, 4});
        int[] ks = {1, 3, 4};
        for (int i = 0; i < ks.length; i++) {
            ActivationMaximisation.Result alone = climber.maximise(conv2, ks[i]);
            assertArrayEquals(alone.input(), together.get(i).input(), 1e-5f, "channel " + ks[i]);
            assertEquals(alone.last(), together.get(i).last(), 1e-9 + 1e-6 * Math.abs(alone.last()));
            assertEquals("conv2:" + ks[i], together.get(i).target().toString());
        }
    }

    @Test
    void anUnknownLayerListsTheLayersAndABadChannelItsRange() {
        FloatTwin twin = SmallNetworks.twin(5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> twin.layer("conv9"));
        assertTrue(e.getMessage().contains("conv1 (0_conv2d, 4 x 16x16)"), e.getMessage());
        assertTrue(e.getMessage().contains("conv2 (3_conv2d, 5 x 8x8)"), e.getMessage());
        assertEquals("3_conv2d", twin.layer("3").name());
        assertEquals("pool1", twin.layer("2_MaxPool").alias());
        LayerObjective conv2 = new LayerObjective(twin, twin.layer("conv2"), false);
        e = assertThrows(IllegalArgumentException.class, () -> conv2.target(5));
        assertTrue(e.getMessage().contains("0..4"), e.getMessage());
    }

    @Test
    void rollAndBlurDoWhatTheySay() {
        float[] in = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(new float[] {3, 1, 2, 6, 4, 5}, ActivationMaximisation.roll(in, 3, 2, 1, 0));
        assertArrayEquals(new float[] {4, 5, 6, 1, 2, 3}, ActivationMaximisation.roll(in, 3, 2, 0, 1));
        assertArrayEquals(in, ActivationMaximisation.roll(ActivationMaximisation.roll(in, 3, 2, 2, 1), 3, 2, -2, -1));
        float[] flat = {7, 7, 7, 7};
        assertArrayEquals(flat, ActivationMaximisation.blur(flat, 2, 2, 0.8), 1e-6f);
        float[] spike = new float[9];
        spike[4] = 1;
        float[] blurred = ActivationMaximisation.blur(spike, 3, 3, 0.8);
        double sum = 0;
        for (float v : blurred) {
            sum += v;
        }
        assertEquals(1, sum, 1e-6, "an interior spike keeps its mass");
        assertTrue(blurred[4] < 1 && blurred[1] > 0 && blurred[0] > 0 && blurred[1] > blurred[0]);
    }

    private static ActivationMaximisation.Result maximise(FloatTwin twin, String layer, int k) {
        return new ActivationMaximisation(twin, SETTINGS).maximise(new LayerObjective(twin, twin.layer(layer), false),
                k);
    }

    /** One 3x3 filter with the given weights (row-major) and no bias, then ReLU. */
    private static FloatTwin edgeNetwork(double[] kernel) {
        FloatTwin twin = SmallNetworks.twin("Conv2D(1, 3, padding=same), ReLU, Flatten, Dense(2), Softmax", SIZE, 2, 1);
        twin.network().getLayer(0).setParam("W", Nd4j.create(kernel, new long[] {1, 1, 3, 3}, 'c')
                .castTo(twin.dataType()));
        twin.network().getLayer(0).setParam("b", Nd4j.zeros(twin.dataType(), 1, 1));
        return twin;
    }

    /** Mean absolute difference between horizontal neighbours, and between vertical ones. */
    private static double[] variation(float[] x) {
        double across = 0;
        double down = 0;
        for (int y = 0; y < SIZE - 1; y++) {
            for (int xx = 0; xx < SIZE - 1; xx++) {
                across += Math.abs(x[y * SIZE + xx + 1] - x[y * SIZE + xx]);
                down += Math.abs(x[(y + 1) * SIZE + xx] - x[y * SIZE + xx]);
            }
        }
        return new double[] {across, down};
    }

    private static double[] quarterMeans(double[] v) {
        double[] q = new double[4];
        int n = v.length / 4;
        for (int k = 0; k < 4; k++) {
            for (int i = k * n; i < (k + 1) * n; i++) {
                q[k] += v[i] / n;
            }
        }
        return q;
    }

    private static double pearson(float[] a, double[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i] / a.length;
            mb += b[i] / b.length;
        }
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
