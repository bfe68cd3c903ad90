package dev.pawscope.quantize.oracle;

import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.tflite.TfLiteWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Real TensorFlow Lite as the oracle for pawscope's int8 arithmetic: runs a {@code .tflite} model
 * and returns the raw bytes of every graph output.
 *
 * <p><b>Which path is the bit-exact oracle.</b> {@link #reference()}: TFLite's <em>reference</em>
 * kernels ({@code tflite::ops::builtin::Register_CONVOLUTION_REF()} and friends), run by a small C
 * harness ({@code tflite_oracle.c}) linked against {@code libjnitensorflowlite.so} from
 * {@code org.bytedeco:tensorflow-lite}. The reference kernels are plain scalar code that
 * requantizes exactly as TFLite specifies ({@code SaturatingRoundingDoublingHighMul} then
 * {@code RoundingDivideByPOT}), the same arithmetic as TFLite Micro's kernels and pawscope's Java
 * interpreter and C kernels, so all of them must agree byte for byte. The optimized kernels
 * ({@link #defaultKernels()}, which is also what bytedeco's Java API gives through
 * {@code BuiltinOpResolver}) are free to take other code paths per CPU (ruy/gemmlowp, SIMD,
 * other rounding variants) and are only promised to be within ±1 LSB; XNNPACK likewise. (On
 * x86-64 with pawscope's int8 test graphs they happened to agree exactly; nothing guarantees
 * that.) The reference registrations are not mapped by bytedeco's Java API,
 * and selecting them needs TFLite's C API ({@code TfLiteInterpreterOptionsAddBuiltinOp}), hence
 * the native harness instead of the in-JVM runtime.
 *
 * <p><b>How the harness is built.</b> On first use, the C source (a resource of this package) is
 * compiled with gcc against the library extracted from the classpath, into
 * {@code ~/.cache/pawscope/tflite-oracle/<hash>/} (override with the system property
 * {@value #CACHE_DIR_PROPERTY} or {@link #withCacheRoot}), where the hash covers the C source,
 * the library and the compile recipe. Later calls, in this JVM or another, reuse it. Each
 * {@link #run} is one process: model and input go through temporary files, one thread, no
 * delegates.
 *
 * <p>Only linux-x86_64 is supported (the library jar used here is that platform's); elsewhere every
 * call throws {@link TfLiteOracleException}; tests can check {@link #isSupportedPlatform()} first.
 * Intermediate tensors of a pawscope graph become visible by writing
 * {@code graph.withOutputs(graph.opOutputs())}: then every op's output is a graph output
 * ({@link #runEveryOp} does that).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class TfLiteOracle {

    /** System property: the cache root for built harnesses (default {@code ~/.cache/pawscope/tflite-oracle}). */
    public static final String CACHE_DIR_PROPERTY = "pawscope.tfliteOracle.cacheDir";
    /** System property: the C compiler to build the harness with (default {@code gcc}). */
    public static final String COMPILER_PROPERTY = "pawscope.tfliteOracle.cc";

    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    private final TfLiteKernels kernels;
    private final Path cacheRoot;
    private final Duration timeout;

    private TfLiteOracle(TfLiteKernels kernels, Path cacheRoot, Duration timeout) {
        this.kernels = Objects.requireNonNull(kernels, "kernels");
        this.cacheRoot = Objects.requireNonNull(cacheRoot, "cacheRoot");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** TFLite's reference kernels: the bit-exact oracle. */
    public static TfLiteOracle reference() {
        return of(TfLiteKernels.REFERENCE);
    }

    /** TFLite's ordinary (optimized) builtin kernels, no XNNPACK; may differ from the reference by ±1 LSB. */
    public static TfLiteOracle defaultKernels() {
        return of(TfLiteKernels.DEFAULT);
    }

    public static TfLiteOracle of(TfLiteKernels kernels) {
        return new TfLiteOracle(kernels, defaultCacheRoot(), DEFAULT_TIMEOUT);
    }

    /** The same oracle with harnesses cached under {@code cacheRoot}. */
    public TfLiteOracle withCacheRoot(Path cacheRoot) {
        return new TfLiteOracle(kernels, cacheRoot, timeout);
    }

    /** The same oracle with another limit for one harness run (default 2 minutes). */
    public TfLiteOracle withTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be > 0, found " + timeout);
        }
        return new TfLiteOracle(kernels, cacheRoot, timeout);
    }

    public TfLiteKernels kernels() {
        return kernels;
    }

    public Path cacheRoot() {
        return cacheRoot;
    }

    /** {@value #CACHE_DIR_PROPERTY} if set, else {@code ${user.home}/.cache/pawscope/tflite-oracle}. */
    public static Path defaultCacheRoot() {
        String configured = System.getProperty(CACHE_DIR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "pawscope", "tflite-oracle");
    }

    /** True where the oracle can run: linux-x86_64. */
    public static boolean isSupportedPlatform() {
        return OracleHarness.isSupportedPlatform();
    }

    /**
     * The harness executable, compiled now if no cached copy exists.
     *
     * @throws TfLiteOracleException not linux-x86_64, gcc missing, library not on the classpath, or
     *     the build failed
     */
    public Path harness() {
        return OracleHarness.executable(cacheRoot, System.getProperty(COMPILER_PROPERTY, "gcc"));
    }

    /**
     * Runs {@code tfliteModel} on {@code inputBytes} and returns every graph output's raw bytes, in
     * the order of the graph's outputs.
     *
     * @param inputBytes the raw little-endian bytes of input tensor 0; exactly its byte size
     * @throws TfLiteOracleException when TFLite rejects the model or the input (with the harness's
     *     messages), or see {@link #harness()}
     */
    public List<byte[]> run(byte[] tfliteModel, byte[] inputBytes) {
        return runTensors(tfliteModel, inputBytes).stream().map(OracleTensor::data).toList();
    }

    /** Like {@link #run}, with each output's type, shape and name. */
    public List<OracleTensor> runTensors(byte[] tfliteModel, byte[] inputBytes) {
        Objects.requireNonNull(tfliteModel, "tfliteModel");
        Objects.requireNonNull(inputBytes, "inputBytes");
        Path executable = harness();
        Path work = null;
        try {
            work = Files.createTempDirectory("pawscope-tflite-oracle-");
            Path model = Files.write(work.resolve("model.tflite"), tfliteModel);
            Path input = Files.write(work.resolve("input.bin"), inputBytes);
            Path outDir = Files.createDirectory(work.resolve("out"));
            List<String> command = List.of(executable.toString(), kernels.harnessMode(), model.toString(),
                    input.toString(), outDir.toString());
            ProcessRun run;
            try {
                run = ProcessRun.run(command, work, timeout);
            } catch (IOException e) {
                throw new TfLiteOracleException("cannot start the TFLite oracle harness " + executable + ": " + e, e);
            }
            if (run.exitCode() != 0) {
                throw new TfLiteOracleException("TensorFlow Lite (" + kernels.harnessMode() + " kernels) failed: "
                        + describeExit(run.exitCode()) + " (harness exit code " + run.exitCode() + ", model "
                        + tfliteModel.length + " bytes, input " + inputBytes.length + " bytes):\n"
                        + run.stderr().strip());
            }
            return parse(run, outDir);
        } catch (IOException e) {
            throw new TfLiteOracleException("TFLite oracle I/O failed in " + work + ": " + e, e);
        } finally {
            OracleHarness.deleteRecursively(work);
        }
    }

    /**
     * Runs {@code graph} with every op's output as a graph output ({@code
     * graph.withOutputs(graph.opOutputs())}, written by {@link TfLiteWriter}): result {@code i} is
     * what op {@code i} computed, in execution order, layer by layer.
     */
    public List<OracleTensor> runEveryOp(Graph graph, byte[] inputBytes) {
        return runTensors(TfLiteWriter.write(graph.withOutputs(graph.opOutputs())), inputBytes);
    }

    /** The meaning of the harness's exit codes (see tflite_oracle.c). */
    static String describeExit(int exitCode) {
        return switch (exitCode) {
            case 2 -> "bad harness arguments";
            case 3 -> "harness I/O error";
            case 4 -> "the model is not loadable";
            case 5 -> "no interpreter for the model (an op without a kernel, or an invalid op)";
            case 6 -> "tensor allocation failed (TFLite's Prepare rejected the model)";
            case 7 -> "the input does not fit input tensor 0";
            case 8 -> "invoke failed";
            default -> exitCode > 128 ? "the harness crashed (signal " + (exitCode - 128) + ")"
                    : "unexpected failure";
        };
    }

    /** Reads the {@code output <i> <type> <bytes> <dims> <name>} lines and their files. */
    private static List<OracleTensor> parse(ProcessRun run, Path outDir) throws IOException {
        List<OracleTensor> outputs = new ArrayList<>();
        for (String line : run.stdout().split("\n")) {
            if (!line.startsWith("output\t")) {
                continue;
            }
            String[] fields = line.split("\t", 6);
            if (fields.length < 5) {
                throw new TfLiteOracleException("unexpected line from the TFLite oracle harness: '" + line + "'");
            }
            int index = Integer.parseInt(fields[1]);
            if (index != outputs.size()) {
                throw new TfLiteOracleException("the TFLite oracle harness reported output " + index + ", expected "
                        + outputs.size() + ":\n" + run.stdout());
            }
            long bytes = Long.parseLong(fields[3]);
            int[] shape = fields[4].isEmpty() ? new int[0]
                    : Arrays.stream(fields[4].split(",")).mapToInt(Integer::parseInt).toArray();
            byte[] data = Files.readAllBytes(outDir.resolve("output_" + index + ".bin"));
            if (data.length != bytes) {
                throw new TfLiteOracleException("output " + index + " of the TFLite oracle harness has " + data.length
                        + " bytes on disk, but it reported " + bytes);
            }
            outputs.add(new OracleTensor(index, fields[2], shape, fields.length > 5 ? fields[5] : "", data));
        }
        return outputs;
    }

    @Override
    public String toString() {
        return "TfLiteOracle[" + kernels.harnessMode() + " kernels, cache " + cacheRoot + "]";
    }
}
