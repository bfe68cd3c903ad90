package dev.pawscope.quantize.oracle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.OpType;
import dev.pawscope.quantize.graph.Operator;
import dev.pawscope.quantize.graph.Tensor;
import dev.pawscope.quantize.graph.TensorType;
import dev.pawscope.quantize.tflite.TestGraphs;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shared {@link TestGraphs} convnets, every op's output read back from real TensorFlow Lite:
 * TFLite accepts what {@code TfLiteWriter} writes, and its reference and default kernels agree
 * within one quantization step on every layer.
 */
class TfLiteOracleOnTestGraphsTest {

    @BeforeAll
    static void linuxX8664Only() {
        Assumptions.assumeTrue(TfLiteOracle.isSupportedPlatform(), "the TFLite oracle runs on linux-x86_64 only");
    }

    static Stream<Arguments> graphs() {
        return Stream.of(
                Arguments.of("float32ConvNet", (Supplier<Graph>) TestGraphs::float32ConvNet),
                Arguments.of("int8ConvNet", (Supplier<Graph>) TestGraphs::int8ConvNet),
                Arguments.of("int8ConvNetFloatIo", (Supplier<Graph>) TestGraphs::int8ConvNetFloatIo));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("graphs")
    void everyLayerAgreesBetweenReferenceAndDefaultKernels(String name, Supplier<Graph> fixture) {
        Graph graph = fixture.get();
        byte[] input = randomInput(graph.inputTensor(), new Random(name.hashCode()));

        List<OracleTensor> reference = TfLiteOracleTest.oracle(TfLiteKernels.REFERENCE).runEveryOp(graph, input);
        List<OracleTensor> optimized = TfLiteOracleTest.oracle(TfLiteKernels.DEFAULT).runEveryOp(graph, input);

        assertEquals(graph.operators().size(), reference.size());
        assertEquals(graph.operators().size(), optimized.size());
        int differing = 0;
        for (int i = 0; i < reference.size(); i++) {
            Operator op = graph.operators().get(i);
            Tensor declared = graph.tensor(op.output());
            OracleTensor ref = reference.get(i);
            OracleTensor opt = optimized.get(i);
            String what = name + ", op " + i + " " + op.type() + ", " + ref;
            assertEquals(declared.name(), ref.name(), what);
            assertArrayEquals(declared.shape(), ref.shape(), what);
            assertEquals(declared.type().name(), ref.type(), what);
            differing += compare(graph, op, declared, ref, opt, what);
        }
        System.out.printf("%s: %d ops, %d values differ between reference and default kernels%n", name,
                reference.size(), differing);
    }

    /** Int8: at most 1 LSB apart; float: 1 step of the DEQUANTIZE input, or float rounding. */
    private static int compare(Graph graph, Operator op, Tensor declared, OracleTensor ref, OracleTensor opt,
            String what) {
        byte[] a = ref.data();
        byte[] b = opt.data();
        assertEquals(a.length, b.length, what);
        int differing = 0;
        if (declared.type() == TensorType.INT8) {
            for (int k = 0; k < a.length; k++) {
                assertTrue(Math.abs(a[k] - b[k]) <= 1, what + ": element " + k + " is " + a[k] + " vs " + b[k]);
                differing += a[k] == b[k] ? 0 : 1;
            }
            return differing;
        }
        float[] x = OracleTestGraphs.toFloats(a);
        float[] y = OracleTestGraphs.toFloats(b);
        for (int k = 0; k < x.length; k++) {
            float tolerance = op.type() == OpType.DEQUANTIZE
                    ? graph.tensor(op.input(0)).quantization().scale() * 1.0001f
                    : 1e-4f * Math.max(1f, Math.abs(x[k]));
            assertEquals(x[k], y[k], tolerance, what + ": element " + k);
            differing += x[k] == y[k] ? 0 : 1;
        }
        return differing;
    }

    private static byte[] randomInput(Tensor input, Random random) {
        int count = input.elementCount();
        if (input.type() == TensorType.INT8) {
            byte[] bytes = new byte[count];
            random.nextBytes(bytes);
            return bytes;
        }
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = random.nextFloat() * 2 - 1;
        }
        return OracleTestGraphs.floats(values);
    }
}
