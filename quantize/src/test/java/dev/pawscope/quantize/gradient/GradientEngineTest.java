package dev.pawscope.quantize.gradient;

import static dev.pawscope.quantize.graph.FusedActivation.NONE;
import static dev.pawscope.quantize.graph.FusedActivation.RELU;
import static dev.pawscope.quantize.graph.FusedActivation.RELU6;
import static dev.pawscope.quantize.graph.FusedActivation.RELU_N1_TO_1;
import static dev.pawscope.quantize.graph.Padding.SAME;
import static dev.pawscope.quantize.graph.Padding.VALID;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.Operator;
import dev.pawscope.quantize.interpreter.Interpreter;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongFunction;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The engine's gradients against central finite differences of an independent float64 evaluation
 * ({@link DoubleReference}) on small random graphs covering every op kind, padding, stride,
 * dilation, depth multiplier and fused activation.
 */
class GradientEngineTest {

    /** Graphs by name; each is built for several seeds. */
    static final List<Named> GRAPHS = List.of(
            new Named("conv-same-relu, maxpool, depthwise-relu6, avgpool-same, dense, softmax", seed ->
                    new FloatGraphs(seed, 9, 8, 2)
                            .conv(4, 3, 3, SAME, 1, 1, RELU)
                            .pool(true, 2, VALID, 2, NONE)
                            .depthwise(2, 3, SAME, 1, 1, RELU6)
                            .pool(false, 3, SAME, 2, NONE)
                            .flatten().dense(5, RELU).dense(3, NONE).softmax(1f).build()),
            new Named("conv-valid-stride2-dilation2, avgpool-valid-relu, conv-relu6, maxpool-same-stride2", seed ->
                    new FloatGraphs(seed, 13, 11, 1)
                            .conv(3, 3, 2, VALID, 2, 2, NONE)
                            .pool(false, 2, VALID, 1, RELU)
                            .conv(5, 2, 2, SAME, 1, 1, RELU6)
                            .pool(true, 3, SAME, 2, NONE)
                            .flatten().dense(4, RELU_N1_TO_1).dense(3, NONE).softmax(0.7f).build()),
            new Named("depthwise-stride2-valid, maxpool-relu, conv-stride2-same, global maxpool", seed ->
                    new FloatGraphs(seed, 10, 10, 3)
                            .depthwise(1, 3, VALID, 2, 1, NONE)
                            .pool(true, 2, SAME, 1, RELU)
                            .conv(6, 3, 3, SAME, 2, 1, RELU)
                            .pool(true, 2, SAME, 2, NONE)
                            .flatten().dense(4, NONE).softmax(2f).build()),
            new Named("channels in multiples of 8 (the register-blocked kernels), strides and dilation", seed ->
                    new FloatGraphs(seed, 9, 7, 1)
                            .conv(8, 3, 3, SAME, 1, 1, RELU)
                            .conv(16, 3, 2, SAME, 2, 1, RELU6)
                            .conv(8, 2, 2, VALID, 1, 2, NONE)
                            .pool(true, 2, SAME, 1, RELU)
                            .conv(8, 1, 1, VALID, 1, 1, NONE)
                            .flatten().dense(3, NONE).softmax(1f).build()),
            new Named("large planes (the plane kernels), dilation", seed ->
                    new FloatGraphs(seed, 34, 33, 1)
                            .conv(8, 3, 3, SAME, 1, 1, RELU)
                            .pool(true, 2, VALID, 2, NONE)
                            .conv(3, 3, 3, VALID, 1, 2, RELU6)
                            .conv(2, 3, 2, SAME, 1, 1, NONE)
                            .pool(false, 4, VALID, 4, NONE)
                            .flatten().dense(3, NONE).softmax(1f).build()),
            new Named("dense only", seed ->
                    new FloatGraphs(seed, 1, 1, 7).flatten().dense(6, RELU6).dense(3, NONE).softmax(1f).build()));

    record Named(String name, LongFunction<Graph> graph) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Object[]> cases() {
        return GRAPHS.stream().flatMap(g -> LongStream.rangeClosed(1, 4).mapToObj(s -> new Object[] {g, s}))
                .toList();
    }

    @ParameterizedTest(name = "{0}, seed {1}")
    @MethodSource("cases")
    void logProbabilityGradientMatchesFiniteDifferences(Named named, long seed) {
        Graph graph = named.graph().apply(seed);
        GradientEngine engine = GradientEngine.prepare(graph);
        float[] x = randomInput(graph.inputTensor().elementCount(), seed);
        int c = (int) (seed % 3);
        Trace trace = engine.forward(x);
        DoubleReference reference = new DoubleReference(graph);
        int out = engine.outputTensor();
        // d log p_c / dx
        float[] g = engine.logProbabilityGradient(trace, c, engine.inputTensor());
        double[] fd = finiteDifferences(toDouble(x), v -> Math.log(reference.run(engine.inputTensor(), v)[out][c]));
        assertClose(fd, g, named + " d log p/dx");
        // d log p_c / d(every intermediate tensor), perturbing that tensor and running on from it
        for (Operator op : graph.operators()) {
            int t = op.output();
            if (t == out) {
                continue;
            }
            float[] gt = engine.logProbabilityGradient(trace, c, t);
            double[] ft = finiteDifferences(toDouble(trace.value(t)), v -> Math.log(reference.run(t, v)[out][c]));
            assertClose(ft, gt, named + " d log p/d tensor " + t + " (" + op.type() + ")");
        }
    }

    @ParameterizedTest(name = "{0}, seed {1}")
    @MethodSource("cases")
    void seededGradientThroughSoftmaxMatchesFiniteDifferences(Named named, long seed) {
        Graph graph = named.graph().apply(seed);
        GradientEngine engine = GradientEngine.prepare(graph);
        float[] x = randomInput(graph.inputTensor().elementCount(), seed + 100);
        int out = engine.outputTensor();
        float[] r = randomInput(graph.outputTensor().elementCount(), seed + 200);
        float[] g = engine.gradient(engine.forward(x), out, r, engine.inputTensor());
        DoubleReference reference = new DoubleReference(graph);
        double[] fd = finiteDifferences(toDouble(x), v -> dot(r, reference.run(engine.inputTensor(), v)[out]));
        assertClose(fd, g, named + " <r, p> through the softmax");
    }

    @ParameterizedTest(name = "{0}, seed {1}")
    @MethodSource("cases")
    void forwardMatchesTheInterpreter(Named named, long seed) {
        Graph graph = named.graph().apply(seed);
        float[] x = randomInput(graph.inputTensor().elementCount(), seed);
        Trace trace = GradientEngine.prepare(graph).forward(x);
        var expected = new Interpreter(graph).run(x);
        for (Operator op : graph.operators()) {
            float[] want = expected.float32(op.output());
            float[] got = trace.value(op.output());
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], got[i], 1e-5 * (1 + Math.abs(want[i])), named + " tensor " + op.output());
            }
        }
    }

    @Test
    void forwardFromAnIntermediateTensorRunsOnlyTheRest() {
        Graph graph = GRAPHS.get(0).graph().apply(3);
        GradientEngine engine = GradientEngine.prepare(graph);
        Trace full = engine.forward(randomInput(graph.inputTensor().elementCount(), 3));
        int mid = graph.operators().get(2).output();
        Trace tail = engine.forwardFrom(mid, full.value(mid));
        assertArrayEquals(full.output(), tail.output());
        assertTrue(!tail.has(graph.operators().get(1).output()));
        assertArrayEquals(engine.logProbabilityGradient(full, 1, mid), engine.logProbabilityGradient(tail, 1, mid));
        assertThrows(IllegalArgumentException.class,
                () -> engine.logProbabilityGradient(tail, 1, engine.inputTensor()));
    }

    @Test
    void maxPoolSendsATieToTheFirstMaximum() {
        Graph graph = new FloatGraphs(1, 2, 2, 1).pool(true, 2, VALID, 2, NONE).build();
        GradientEngine engine = GradientEngine.prepare(graph);
        float[] g = engine.gradient(engine.forward(new float[] {1f, 3f, 3f, 2f}), engine.outputTensor(),
                new float[] {5f}, engine.inputTensor());
        assertArrayEquals(new float[] {0f, 5f, 0f, 0f}, g);
    }

    @Test
    void clampsPassGradientOnlyStrictlyInsideTheirRange() {
        // a 1x1 convolution with weight 1 and bias 0: y = act(x), so dy/dx is act' at x
        float[] x = {-1f, 0f, 0.5f, 1f, 5.9f, 6f, 7f};
        float[] relu = {0, 0, 1, 1, 1, 1, 1};
        float[] relu6 = {0, 0, 1, 1, 1, 0, 0};
        float[] reluN1To1 = {0, 1, 1, 0, 0, 0, 0};
        assertArrayEquals(relu, identityConvGradient(RELU, x));
        assertArrayEquals(relu6, identityConvGradient(RELU6, x));
        assertArrayEquals(reluN1To1, identityConvGradient(RELU_N1_TO_1, x));
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 1}, identityConvGradient(NONE, x));
    }

    private static float[] identityConvGradient(dev.pawscope.quantize.graph.FusedActivation act, float[] x) {
        var f32 = dev.pawscope.quantize.graph.TensorType.FLOAT32;
        int[] shape = {1, 1, x.length, 1};
        List<dev.pawscope.quantize.graph.Tensor> tensors = List.of(
                dev.pawscope.quantize.graph.Tensor.activation("x", f32, shape, null),
                new dev.pawscope.quantize.graph.Tensor("w", f32, new int[] {1, 1, 1, 1}, null,
                        dev.pawscope.quantize.interpreter.TensorData.fromFloats(new float[] {1f})),
                dev.pawscope.quantize.graph.Tensor.activation("y", f32, shape, null));
        Operator conv = new Operator(dev.pawscope.quantize.graph.OpType.CONV_2D, new int[] {0, 1, -1},
                new int[] {2}, new dev.pawscope.quantize.graph.OpOptions.Conv2D(VALID, 1, 1, act, 1, 1));
        GradientEngine engine = GradientEngine.prepare(new Graph(tensors, List.of(conv), new int[] {0},
                new int[] {2}, ""));
        float[] ones = new float[x.length];
        java.util.Arrays.fill(ones, 1f);
        return engine.gradient(engine.forward(x), 2, ones, 0);
    }

    static float[] randomInput(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed * 7919 + 13);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (random.nextDouble() * 4 - 2);
        }
        return x;
    }

    /**
     * Central differences; a component where the one-sided differences disagree sits on a kink
     * (a ReLU at exactly 0, a max pool tie such as a window of dead ReLUs or of ReLU6s at 6), where
     * the derivative is a convention, not a limit: it is NaN and not compared. Of a tensor larger
     * than 600 values only about 300 evenly spread components are computed (the rest NaN).
     */
    private static double[] finiteDifferences(double[] x, java.util.function.ToDoubleFunction<double[]> f) {
        double h = 1e-5;
        double f0 = f.applyAsDouble(x);
        double[] g = new double[x.length];
        java.util.Arrays.fill(g, Double.NaN);
        int step = Math.max(1, x.length / 300); // large tensors: every step-th component, so it stays quick
        for (int i = 0; i < x.length; i += step) {
            double keep = x[i];
            x[i] = keep + h;
            double up = f.applyAsDouble(x);
            x[i] = keep - h;
            double down = f.applyAsDouble(x);
            x[i] = keep;
            double right = (up - f0) / h;
            double left = (f0 - down) / h;
            boolean kink = Math.abs(right - left) > 1e-2 * (1e-3 + Math.abs(right) + Math.abs(left));
            g[i] = kink ? Double.NaN : (up - down) / (2 * h);
        }
        return g;
    }

    /** Cosine >= 0.9999 and max |diff| <= 1e-3 * max |g| + 1e-6 (float32 gradients against float64), kinks skipped. */
    static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        double dot = 0;
        double ee = 0;
        double aa = 0;
        double maxAbs = 0;
        double maxDiff = 0;
        int compared = 0;
        for (int i = 0; i < expected.length; i++) {
            if (Double.isNaN(expected[i])) {
                continue;
            }
            compared++;
            dot += expected[i] * actual[i];
            ee += expected[i] * expected[i];
            aa += (double) actual[i] * actual[i];
            maxAbs = Math.max(maxAbs, Math.abs(expected[i]));
            maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(compared > 0, what + ": every component sits on a kink");
        assertTrue(maxDiff <= 1e-3 * maxAbs + 1e-6, what + ": max |diff| " + maxDiff + " vs max |g| " + maxAbs);
        if (ee > 1e-12) {
            double cosine = dot / Math.sqrt(ee * aa);
            assertTrue(cosine >= 0.9999, what + ": cosine " + cosine);
        }
    }

    private static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    private static double dot(float[] r, double[] v) {
        double s = 0;
        for (int i = 0; i < r.length; i++) {
            s += r[i] * v[i];
        }
        return s;
    }
}
