package dev.pawscope.quantize.oracle;

import static org.bytedeco.tensorflowlite.global.tensorflowlite.kTfLiteOk;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.tflite.TfLiteWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithoutDefaultDelegates;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.bytedeco.tensorflowlite.InterpreterOptions;
import org.bytedeco.tensorflowlite.TfLiteTensor;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TensorFlow Lite inside the JVM, through bytedeco's Java API ({@code org.bytedeco:tensorflow-lite},
 * test scope only), against the {@link TfLiteOracle} harness.
 *
 * <p>The in-JVM runtime resolves ops with {@code BuiltinOpResolver}, i.e. TFLite's default
 * (optimized) kernels: bytedeco does not map the {@code Register_*_REF} reference registrations. So
 * it must equal the harness's {@link TfLiteKernels#DEFAULT} output exactly (same library, same
 * kernels, one thread), while the bit-exact oracle for pawscope's int8 arithmetic remains the
 * harness with {@link TfLiteKernels#REFERENCE} kernels.
 */
class TfLiteJvmRuntimeTest {

    @BeforeAll
    static void linuxX8664Only() {
        Assumptions.assumeTrue(TfLiteOracle.isSupportedPlatform(), "the TFLite oracle runs on linux-x86_64 only");
    }

    private static TfLiteOracle harness() {
        return TfLiteOracle.defaultKernels().withCacheRoot(TfLiteOracleTest.CACHE);
    }

    @Test
    void floatConvInTheJvmEqualsTheHarness() {
        byte[] model = TfLiteWriter.write(OracleTestGraphs.floatConv());
        byte[] input = OracleTestGraphs.floats(OracleTestGraphs.CONV_INPUT);

        List<byte[]> jvm = runInJvm(model, input, false).outputs();

        assertEquals(1, jvm.size());
        assertArrayEquals(OracleTestGraphs.CONV_EXPECTED, OracleTestGraphs.toFloats(jvm.get(0)));
        assertArrayEquals(harness().run(model, input).get(0), jvm.get(0));
    }

    @Test
    void int8ChainInTheJvmEqualsTheHarnessDefaultKernelsForEveryOp() {
        Graph graph = OracleTestGraphs.int8Chain(7);
        byte[] model = TfLiteWriter.write(graph.withOutputs(graph.opOutputs()));
        byte[] input = OracleTestGraphs.chainInput(7);

        long start = System.nanoTime();
        List<byte[]> jvm = runInJvm(model, input, false).outputs();
        long jvmNanos = System.nanoTime() - start;
        List<byte[]> native_ = harness().run(model, input);
        System.out.printf("TFLite in the JVM (bytedeco, incl. model load): %.1f ms%n", jvmNanos / 1e6);

        assertEquals(native_.size(), jvm.size());
        for (int i = 0; i < jvm.size(); i++) {
            assertArrayEquals(native_.get(i), jvm.get(i), "output " + i + " (" + graph.operators().get(i).type() + ")");
        }
    }

    @Test
    void preservedIntermediatesOfTheOriginalGraphEqualTheHarnessRunWithEveryOpAsOutput() {
        Graph graph = OracleTestGraphs.int8Chain(11);
        byte[] input = OracleTestGraphs.chainInput(11);
        List<OracleTensor> viaOutputs = harness().runTensors(TfLiteWriter.write(graph.withOutputs(graph.opOutputs())),
                input);

        Map<String, byte[]> preserved = runInJvm(TfLiteWriter.write(graph), input, true).tensorsByName();

        for (OracleTensor expected : viaOutputs) {
            byte[] actual = preserved.get(expected.name());
            assertNotNull(actual, "tensor " + expected.name() + " in the JVM interpreter");
            assertArrayEquals(expected.data(), actual, expected.toString());
        }
    }

    /** What one in-JVM run produced. */
    private record JvmRun(List<byte[]> outputs, Map<String, byte[]> tensorsByName) {}

    /**
     * Loads {@code model} with bytedeco's API, default kernels without XNNPACK, one thread; with
     * {@code preserveAll}, intermediate tensors keep their values after Invoke.
     */
    private static JvmRun runInJvm(byte[] model, byte[] input, boolean preserveAll) {
        try (BytePointer buffer = new BytePointer(model);
                BuiltinOpResolverWithoutDefaultDelegates resolver = new BuiltinOpResolverWithoutDefaultDelegates();
                InterpreterOptions options = new InterpreterOptions()) {
            // the FlatBufferModel points into buffer, which must outlive it
            FlatBufferModel flatBuffer = FlatBufferModel.BuildFromBuffer(buffer, model.length);
            assertFalse(flatBuffer == null || flatBuffer.isNull(), "FlatBufferModel.BuildFromBuffer failed");
            options.SetPreserveAllTensors(preserveAll);
            try (flatBuffer;
                    InterpreterBuilder builder = new InterpreterBuilder(flatBuffer, resolver, options);
                    Interpreter interpreter = new Interpreter((Pointer) null)) {
                assertEquals(kTfLiteOk, builder.SetNumThreads(1));
                assertEquals(kTfLiteOk, builder.apply(interpreter));
                assertFalse(interpreter.isNull(), "InterpreterBuilder gave no interpreter");
                assertEquals(kTfLiteOk, interpreter.AllocateTensors());

                TfLiteTensor in = interpreter.input_tensor(0);
                assertEquals(input.length, in.bytes(), "input tensor 0 byte size");
                in.data().raw().capacity(in.bytes()).put(input);
                assertEquals(kTfLiteOk, interpreter.Invoke());

                List<byte[]> outputs = new ArrayList<>();
                for (int i = 0; i < interpreter.outputs().limit(); i++) {
                    outputs.add(bytes(interpreter.output_tensor(i)));
                }
                Map<String, byte[]> byName = new LinkedHashMap<>();
                if (preserveAll) {
                    for (int i = 0; i < interpreter.tensors_size(); i++) {
                        TfLiteTensor tensor = interpreter.tensor(i);
                        if (tensor.name() != null && !tensor.data().raw().isNull()) {
                            byName.put(tensor.name().getString(), bytes(tensor));
                        }
                    }
                }
                return new JvmRun(outputs, byName);
            }
        }
    }

    private static byte[] bytes(TfLiteTensor tensor) {
        byte[] data = new byte[(int) tensor.bytes()];
        tensor.data().raw().capacity(tensor.bytes()).get(data);
        return data;
    }
}
