package dev.pawscope.host.testing;

import dev.pawscope.host.cli.PawscopeMain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A small synthetic dataset and a quantized "tiny" model trained on it, made once per test JVM
 * through the CLI (about 15 s) and shared by the tests that need a real model folder.
 */
public final class TinyModel {

    private static Path root;

    private TinyModel() {}

    /** The dataset folder (32x32, 40 images per class). */
    public static synchronized Path data() {
        ensure();
        return root.resolve("d");
    }

    /** The model folder, trained two epochs and quantized on {@link #data()}. */
    public static synchronized Path model() {
        ensure();
        return root.resolve("m");
    }

    private static void ensure() {
        if (root != null) {
            return;
        }
        try {
            Path dir = Files.createTempDirectory("pawscope-tiny-model-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
            String d = dir.resolve("d").toString();
            String m = dir.resolve("m").toString();
            run("dataset", "synth", "--out", d, "--per-class", "40", "--size", "32");
            run("train", "--data", d, "--out", m, "--arch", "tiny", "--epochs", "2");
            run("quantize", m, "--calib", d, "--calib-images", "60");
            root = dir;
        } catch (IOException e) {
            throw new IllegalStateException("cannot make the tiny model fixture", e);
        }
    }

    private static void run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int code;
        try {
            PrintStream capture = new PrintStream(log, true, StandardCharsets.UTF_8);
            System.setOut(capture);
            System.setErr(capture);
            code = PawscopeMain.execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        if (code != 0) {
            throw new IllegalStateException("pawscope " + String.join(" ", args) + " exited " + code + ":\n"
                    + log.toString(StandardCharsets.UTF_8));
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at exit
        }
    }
}
