package dev.pawscope.quantize.gradient;

import static dev.pawscope.quantize.graph.FusedActivation.NONE;
import static dev.pawscope.quantize.graph.FusedActivation.RELU;
import static dev.pawscope.quantize.graph.Padding.SAME;
import static dev.pawscope.quantize.graph.Padding.VALID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.quantize.graph.Graph;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link GradientEngine#logProbabilityGradients} (one batched pass) against {@link
 * GradientEngine#logProbabilityGradient(float[], int)} image by image: the same gradients up to
 * float rounding, on every graph of {@link GradientEngineTest} and on pawnet-shaped graphs, for
 * batch sizes that take each kernel path and that split past {@link GradientEngine#MAX_BATCH}.
 */
class BatchedGradientTest {

    static final List<GradientEngineTest.Named> PAWNET_SHAPED = List.of(
            new GradientEngineTest.Named("pawnet: 48x48x1, conv 8-24-48-64 + max pools, global max pool", seed ->
                    pawnet(seed, 48)),
            new GradientEngineTest.Named("pawnet on 24x24 (other plane thresholds)", seed -> pawnet(seed, 24)));

    private static Graph pawnet(long seed, int size) {
        return new FloatGraphs(seed, size, size, 1)
                .conv(8, 3, 3, SAME, 1, 1, RELU).pool(true, 2, VALID, 2, NONE)
                .conv(24, 3, 3, SAME, 1, 1, RELU).pool(true, 2, VALID, 2, NONE)
                .conv(48, 3, 3, SAME, 1, 1, RELU).pool(true, 2, VALID, 2, NONE)
                .conv(64, 3, 3, SAME, 1, 1, RELU).pool(true, size / 8, VALID, size / 8, NONE)
                .flatten().dense(4, NONE).softmax(1f).build();
    }

    static List<Object[]> cases() {
        List<GradientEngineTest.Named> graphs = new ArrayList<>(GradientEngineTest.GRAPHS);
        graphs.addAll(PAWNET_SHAPED);
        return graphs.stream().flatMap(g -> LongStream.rangeClosed(1, 2).mapToObj(s -> new Object[] {g, s}))
                .toList();
    }

    @ParameterizedTest(name = "{0}, seed {1}")
    @MethodSource("cases")
    void batchedGradientsEqualSingleOnes(GradientEngineTest.Named named, long seed) {
        Graph graph = named.graph().apply(seed);
        GradientEngine engine = GradientEngine.prepare(graph);
        int size = graph.tensor(engine.inputTensor()).elementCount();
        int classes = graph.tensor(engine.outputTensor()).elementCount();
        for (int n : new int[] {1, 3, GradientEngine.MAX_BATCH + 2}) {
            float[][] inputs = new float[n][];
            for (int b = 0; b < n; b++) {
                inputs[b] = GradientEngineTest.randomInput(size, seed * 1000 + n * 31L + b);
            }
            int classIndex = (int) ((seed + n) % classes);
            float[][] batched = engine.logProbabilityGradients(inputs, classIndex);
            assertEquals(n, batched.length);
            for (int b = 0; b < n; b++) {
                float[] single = engine.logProbabilityGradient(inputs[b], classIndex);
                assertSame(single, batched[b], named + ", batch " + n + ", image " + b);
            }
        }
    }

    @Test
    void rejectsAnInputOfTheWrongSizeAndTakesAnEmptyBatch() {
        GradientEngine engine = GradientEngine.prepare(GradientEngineTest.GRAPHS.get(0).graph().apply(1));
        int size = engine.graph().tensor(engine.inputTensor()).elementCount();
        assertThrows(IllegalArgumentException.class,
                () -> engine.logProbabilityGradients(new float[][] {new float[size], new float[size - 1]}, 0));
        assertThrows(IllegalArgumentException.class,
                () -> engine.logProbabilityGradients(new float[][] {new float[size]}, 99));
        assertEquals(0, engine.logProbabilityGradients(new float[0][], 0).length);
    }

    /** Cosine >= 0.99999 and max |diff| <= 1e-5 * max |g|. */
    private static void assertSame(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        double dot = 0;
        double ee = 0;
        double aa = 0;
        double maxAbs = 0;
        double maxDiff = 0;
        for (int i = 0; i < expected.length; i++) {
            dot += (double) expected[i] * actual[i];
            ee += (double) expected[i] * expected[i];
            aa += (double) actual[i] * actual[i];
            maxAbs = Math.max(maxAbs, Math.abs(expected[i]));
            maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(maxDiff <= 1e-5 * maxAbs, what + ": max |diff| " + maxDiff + " vs max |g| " + maxAbs);
        if (ee > 0) {
            double cosine = dot / Math.sqrt(ee * aa);
            assertTrue(cosine >= 0.99999, what + ": cosine " + cosine);
        }
    }
}
