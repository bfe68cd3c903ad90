package dev.pawscope.quantize.oracle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds the {@code tflite_oracle} executable once and caches it.
 *
 * <p>The C source ({@code tflite_oracle.c}, a resource next to this class) and TensorFlow Lite's
 * native library ({@code libjnitensorflowlite.so} from the {@code org.bytedeco:tensorflow-lite}
 * {@code linux-x86_64} jar on the classpath) are hashed together with the compile recipe; the
 * executable lives in {@code <cacheRoot>/<hash>/} next to its copy of the library, which it finds
 * through {@code -Wl,-rpath,$ORIGIN}. A build happens in a fresh temporary directory under
 * {@code cacheRoot} and is then renamed to {@code <hash>} atomically, so two JVMs building at the
 * same time never see a half-written directory: the loser of the race throws its copy away.
 */
final class OracleHarness {

    /** The C source, relative to this class. */
    static final String SOURCE_RESOURCE = "tflite_oracle.c";
    /** TFLite's native library inside the bytedeco {@code linux-x86_64} jar. */
    static final String LIBRARY_RESOURCE = "org/bytedeco/tensorflowlite/linux-x86_64/libjnitensorflowlite.so";
    static final String LIBRARY_FILE = "libjnitensorflowlite.so";
    static final String SOURCE_FILE = "tflite_oracle.c";
    static final String EXECUTABLE_FILE = "tflite_oracle";

    private static final Duration COMPILE_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration SMOKE_TIMEOUT = Duration.ofMinutes(1);
    /** Part of the cache key: change it when the compile command below changes. */
    private static final String RECIPE = "c99 -O2 -Wall -L. -l:" + LIBRARY_FILE + " -Wl,-rpath,$ORIGIN; v1";

    private static final Map<Path, Path> BUILT = new HashMap<>();

    private OracleHarness() {}

    /** True on linux-x86_64, the only platform the native library exists for here. */
    static boolean isSupportedPlatform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return os.startsWith("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }

    static void requireSupportedPlatform() {
        if (!isSupportedPlatform()) {
            throw new TfLiteOracleException("the TensorFlow Lite oracle is only available on linux-x86_64 (it compiles "
                    + "a C harness against the linux-x86_64 libjnitensorflowlite.so); this JVM runs on os.name="
                    + System.getProperty("os.name") + ", os.arch=" + System.getProperty("os.arch"));
        }
    }

    /**
     * The executable for this source and library under {@code cacheRoot}, compiled with
     * {@code compiler} if no cached copy exists yet.
     */
    static synchronized Path executable(Path cacheRoot, String compiler) {
        requireSupportedPlatform();
        Path root = cacheRoot.toAbsolutePath().normalize();
        Path known = BUILT.get(root);
        if (known != null && Files.isExecutable(known)) {
            return known;
        }
        byte[] source = readResource(OracleHarness.class, SOURCE_RESOURCE,
                "the harness source " + SOURCE_RESOURCE + " is missing from the pawscope-quantize jar");
        byte[] library = readResource(null, LIBRARY_RESOURCE, "TensorFlow Lite's native library " + LIBRARY_RESOURCE
                + " is not on the classpath: add org.bytedeco:tensorflow-lite:2.20.0-1.5.13 with classifier "
                + "linux-x86_64");
        String hash = hash(source, library, compiler);
        Path dir = root.resolve(hash);
        Path executable = dir.resolve(EXECUTABLE_FILE);
        if (!Files.isExecutable(executable)) {
            build(root, dir, source, library, compiler);
        }
        BUILT.put(root, executable);
        return executable;
    }

    /** The cache key: 16 hex digits of SHA-256 over the recipe, the C source and the library. */
    static String hash(byte[] source, byte[] library, String compiler) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((RECIPE + "\0" + compiler + "\0").getBytes(StandardCharsets.UTF_8));
            sha.update(longBytes(source.length));
            sha.update(source);
            sha.update(longBytes(library.length));
            sha.update(library);
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static byte[] longBytes(long value) {
        return java.nio.ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    private static void build(Path root, Path dir, byte[] source, byte[] library, String compiler) {
        Path tmp;
        try {
            Files.createDirectories(root);
            tmp = Files.createTempDirectory(root, "." + dir.getFileName() + ".building-");
        } catch (IOException e) {
            throw new TfLiteOracleException("cannot create the TFLite oracle cache directory " + root
                    + " (set -D" + TfLiteOracle.CACHE_DIR_PROPERTY + "=<dir> to use another one): " + e, e);
        }
        try {
            Files.write(tmp.resolve(SOURCE_FILE), source);
            Files.write(tmp.resolve(LIBRARY_FILE), library);
            compile(tmp, compiler);
            smokeTest(tmp);
            publish(tmp, dir);
        } catch (IOException e) {
            throw new TfLiteOracleException("cannot build the TFLite oracle harness in " + tmp + ": " + e, e);
        } finally {
            deleteRecursively(tmp);
        }
    }

    private static void compile(Path tmp, String compiler) throws IOException {
        List<String> command = new ArrayList<>(List.of(compiler, "-std=c99", "-O2", "-Wall", "-o", EXECUTABLE_FILE,
                SOURCE_FILE, "-L.", "-l:" + LIBRARY_FILE, "-Wl,-rpath,$ORIGIN"));
        ProcessRun run;
        try {
            run = ProcessRun.run(command, tmp, COMPILE_TIMEOUT);
        } catch (IOException e) {
            throw new TfLiteOracleException("cannot run the C compiler '" + compiler + "': the TensorFlow Lite oracle "
                    + "compiles a small C harness against TFLite's native library; install gcc: sudo apt-get install "
                    + "gcc (" + e.getMessage() + ")", e);
        }
        if (run.exitCode() != 0 || !Files.isExecutable(tmp.resolve(EXECUTABLE_FILE))) {
            throw new TfLiteOracleException("compiling the TFLite oracle harness failed (exit code " + run.exitCode()
                    + "): " + String.join(" ", command) + "\n" + run.output());
        }
    }

    /** Runs the fresh executable without arguments: it must load TFLite's library and print its usage. */
    private static void smokeTest(Path tmp) throws IOException {
        ProcessRun run = ProcessRun.run(List.of(tmp.resolve(EXECUTABLE_FILE).toString()), tmp, SMOKE_TIMEOUT);
        if (run.exitCode() != 2 || !run.stderr().contains("usage:")) {
            throw new TfLiteOracleException("the freshly built TFLite oracle harness does not start (exit code "
                    + run.exitCode() + ", expected 2 with a usage message): " + run.output());
        }
    }

    /** Renames the finished build to its final name; if another process got there first, keeps theirs. */
    private static void publish(Path tmp, Path dir) throws IOException {
        try {
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw e;
        } catch (FileSystemException e) {
            if (Files.isExecutable(dir.resolve(EXECUTABLE_FILE))) {
                return; // a concurrent build won the race; its result is identical
            }
            if (!Files.exists(dir)) {
                throw e;
            }
            // a broken leftover (e.g. emptied by hand): move it aside, then try once more
            Path stale = dir.resolveSibling("." + dir.getFileName() + ".stale-" + System.nanoTime());
            Files.move(dir, stale, StandardCopyOption.ATOMIC_MOVE);
            deleteRecursively(stale);
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    static byte[] readResource(Class<?> relativeTo, String name, String missingMessage) {
        ClassLoader loader = OracleHarness.class.getClassLoader();
        try (InputStream in = relativeTo != null ? relativeTo.getResourceAsStream(name)
                : loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new TfLiteOracleException(missingMessage);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new TfLiteOracleException("cannot read the classpath resource " + name + ": " + e, e);
        }
    }

    static void deleteRecursively(Path path) {
        if (path == null || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException ignored) {
            // leftovers in a temp directory are harmless
        }
    }
}
