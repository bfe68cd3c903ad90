package dev.pawscope.quantize.oracle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.Quantization;
import dev.pawscope.quantize.graph.Tensor;
import dev.pawscope.quantize.graph.TensorType;
import dev.pawscope.quantize.tflite.TfLiteWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Real TensorFlow Lite through the C harness: known answers, reference vs default kernels, failures. */
class TfLiteOracleTest {

    /** Shared by the oracle tests; under target/ so {@code mvn clean} rebuilds it. */
    static final Path CACHE = Path.of("target", "tflite-oracle-cache");

    @BeforeAll
    static void linuxX8664Only() {
        Assumptions.assumeTrue(TfLiteOracle.isSupportedPlatform(), "the TFLite oracle runs on linux-x86_64 only");
    }

    static TfLiteOracle oracle(TfLiteKernels kernels) {
        return TfLiteOracle.of(kernels).withCacheRoot(CACHE);
    }

    @ParameterizedTest
    @EnumSource(TfLiteKernels.class)
    void floatConvGivesTheHandComputedOutput(TfLiteKernels kernels) {
        byte[] model = TfLiteWriter.write(OracleTestGraphs.floatConv());

        List<OracleTensor> outputs = oracle(kernels).runTensors(model,
                OracleTestGraphs.floats(OracleTestGraphs.CONV_INPUT));

        assertEquals(1, outputs.size());
        OracleTensor output = outputs.get(0);
        assertEquals("FLOAT32", output.type());
        assertArrayEquals(new int[] {1, 2, 2, 2}, output.shape());
        assertEquals("conv/output", output.name());
        assertArrayEquals(OracleTestGraphs.CONV_EXPECTED, OracleTestGraphs.toFloats(output.data()));
    }

    @Test
    void int8ReferenceAndDefaultKernelsDifferByAtMostOneLsb() {
        for (long seed = 1; seed <= 3; seed++) {
            Graph graph = OracleTestGraphs.int8Chain(seed);
            Graph everyOp = graph.withOutputs(graph.opOutputs());
            byte[] model = TfLiteWriter.write(everyOp);
            byte[] input = OracleTestGraphs.chainInput(seed);

            long start = System.nanoTime();
            List<OracleTensor> reference = oracle(TfLiteKernels.REFERENCE).runTensors(model, input);
            long referenceNanos = System.nanoTime() - start;
            start = System.nanoTime();
            List<OracleTensor> optimized = oracle(TfLiteKernels.DEFAULT).runTensors(model, input);
            long defaultNanos = System.nanoTime() - start;
            System.out.printf("TFLite oracle, int8 chain seed %d (%d ops, model %d bytes): reference %.1f ms, "
                    + "default %.1f ms per call%n", seed, graph.operators().size(), model.length,
                    referenceNanos / 1e6, defaultNanos / 1e6);

            assertEquals(graph.operators().size(), reference.size());
            assertEquals(reference.size(), optimized.size());
            int differing = 0;
            for (int i = 0; i < reference.size(); i++) {
                OracleTensor ref = reference.get(i);
                OracleTensor opt = optimized.get(i);
                Tensor declared = everyOp.tensor(everyOp.outputs()[i]);
                String what = "seed " + seed + ", " + ref;
                assertEquals(declared.name(), ref.name(), what);
                assertArrayEquals(declared.shape(), ref.shape(), what);
                assertEquals(declared.type().name(), ref.type(), what);
                assertEquals(ref.type(), opt.type(), what);
                assertArrayEquals(ref.shape(), opt.shape(), what);
                differing += assertWithinOneLsb(ref, opt, declared, what);
                assertTrue(distinctValues(ref) > 1, what + " is constant: the test graph saturates");
            }
            System.out.printf("  reference vs default: %d values differ by 1 LSB%n", differing);

            float[] probabilities = OracleTestGraphs.toFloats(reference.get(reference.size() - 1).data());
            float sum = 0;
            for (float p : probabilities) {
                sum += p;
            }
            assertEquals(1f, sum, 3f / 256, "softmax probabilities of seed " + seed);
            // deterministic
            List<byte[]> again = oracle(TfLiteKernels.REFERENCE).run(model, input);
            for (int i = 0; i < again.size(); i++) {
                assertArrayEquals(reference.get(i).data(), again.get(i), "second reference run, output " + i);
            }
        }
    }

    private static long distinctValues(OracleTensor tensor) {
        byte[] data = tensor.data();
        if (tensor.type().equals("INT8")) {
            return java.util.stream.IntStream.range(0, data.length).map(i -> data[i]).distinct().count();
        }
        float[] values = OracleTestGraphs.toFloats(data);
        return java.util.stream.IntStream.range(0, values.length).mapToObj(i -> values[i]).distinct().count();
    }

    /** Returns how many values differ; fails when one differs by more than one quantization step. */
    private static int assertWithinOneLsb(OracleTensor ref, OracleTensor opt, Tensor declared, String what) {
        byte[] a = ref.data();
        byte[] b = opt.data();
        assertEquals(a.length, b.length, what);
        int differing = 0;
        if (ref.type().equals("INT8")) {
            for (int k = 0; k < a.length; k++) {
                int delta = Math.abs(a[k] - b[k]);
                assertTrue(delta <= 1, what + ": element " + k + " is " + a[k] + " (reference) vs " + b[k]);
                differing += delta == 0 ? 0 : 1;
            }
        } else {
            // DEQUANTIZE of the softmax: one LSB of its input is 1/256
            float[] x = OracleTestGraphs.toFloats(a);
            float[] y = OracleTestGraphs.toFloats(b);
            for (int k = 0; k < x.length; k++) {
                assertEquals(x[k], y[k], 1f / 256 + 1e-6f, what + ": element " + k);
                differing += x[k] == y[k] ? 0 : 1;
            }
        }
        return differing;
    }

    @Test
    void garbageModelBytesGiveAClearException() {
        byte[] garbage = "this is not a flatbuffer at all".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        TfLiteOracleException e = assertThrows(TfLiteOracleException.class,
                () -> oracle(TfLiteKernels.REFERENCE).run(garbage, new byte[4]));

        assertTrue(e.getMessage().contains("the model is not loadable"), e.getMessage());
        assertTrue(e.getMessage().contains("not a valid Flatbuffer"), e.getMessage());
    }

    @Test
    void wrongInputSizeGivesAClearException() {
        byte[] model = TfLiteWriter.write(OracleTestGraphs.floatConv());

        TfLiteOracleException e = assertThrows(TfLiteOracleException.class,
                () -> oracle(TfLiteKernels.DEFAULT).run(model, new byte[35]));

        assertTrue(e.getMessage().contains("the input does not fit input tensor 0"), e.getMessage());
        assertTrue(e.getMessage().contains("has 35 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("needs exactly 36 bytes"), e.getMessage());
    }

    @Test
    void aModelTfLiteRejectsInPrepareGivesTfLitesOwnMessage() {
        Graph graph = OracleTestGraphs.int8Chain(1);
        List<Tensor> tensors = new ArrayList<>(graph.tensors());
        int softmax = IntStream.range(0, tensors.size())
                .filter(i -> tensors.get(i).name().equals("softmax/output")).findFirst().orElseThrow();
        Tensor wrong = Tensor.activation("softmax/output", TensorType.INT8, tensors.get(softmax).shape(),
                Quantization.perTensor(0.1f, 0)); // TFLite wants 1/256 and -128
        tensors.set(softmax, wrong);
        Graph bad = new Graph(tensors, graph.operators(), graph.inputs(), graph.outputs(), graph.description());

        TfLiteOracleException e = assertThrows(TfLiteOracleException.class,
                () -> oracle(TfLiteKernels.REFERENCE).run(TfLiteWriter.write(bad), OracleTestGraphs.chainInput(1)));

        assertTrue(e.getMessage().contains("tensor allocation failed"), e.getMessage());
        assertTrue(e.getMessage().contains("(SOFTMAX) failed to prepare"), e.getMessage());
        assertTrue(e.getMessage().contains("zero_point != -128"), e.getMessage());
    }

    @Test
    void harnessIsBuiltOnceIntoAHashedDirectory(@TempDir Path root) throws Exception {
        TfLiteOracle oracle = TfLiteOracle.reference().withCacheRoot(root);

        Path harness = oracle.harness();

        assertEquals(root.toAbsolutePath(), harness.getParent().getParent());
        assertTrue(harness.getParent().getFileName().toString().matches("[0-9a-f]{16}"), harness.toString());
        assertTrue(Files.isExecutable(harness));
        assertTrue(Files.isRegularFile(harness.resolveSibling("libjnitensorflowlite.so")));
        try (Stream<Path> entries = Files.list(root)) {
            assertEquals(List.of(harness.getParent()), entries.toList(), "no leftover build directories");
        }
        assertEquals(harness, TfLiteOracle.defaultKernels().withCacheRoot(root).harness(), "one build for both modes");
    }

    @Test
    void missingCompilerSaysToInstallGcc(@TempDir Path root) {
        String previous = System.getProperty(TfLiteOracle.COMPILER_PROPERTY);
        System.setProperty(TfLiteOracle.COMPILER_PROPERTY, "pawscope-no-such-compiler");
        try {
            TfLiteOracleException e = assertThrows(TfLiteOracleException.class,
                    () -> TfLiteOracle.reference().withCacheRoot(root).harness());
            assertTrue(e.getMessage().contains("install gcc: sudo apt-get install gcc"), e.getMessage());
        } finally {
            if (previous == null) {
                System.clearProperty(TfLiteOracle.COMPILER_PROPERTY);
            } else {
                System.setProperty(TfLiteOracle.COMPILER_PROPERTY, previous);
            }
        }
    }
}
