package dev.pawscope.host.arduino;

import static org.junit.jupiter.api.Assertions.fail;

import dev.pawscope.host.cli.PawscopeMain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The host tools the Arduino tests run (gcc, g++, the built programs) and the CLI, captured. */
final class NativeTools {

    /** What a process or a CLI run printed, and how it ended. */
    record Run(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    private NativeTools() {
    }

    /** Whether {@code tool} is an executable on the PATH. */
    static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a command to completion (2 minutes at most); stdin from {@code input} when given. */
    static Run run(List<String> command, Path input, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        Path out = Files.createTempFile("pawscope-arduino-", ".out");
        Path err = Files.createTempFile("pawscope-arduino-", ".err");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            if (input != null) {
                pb.redirectInput(input.toFile());
            }
            Process p = pb.start();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail("timed out: " + String.join(" ", command));
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Runs a command that must succeed; returns what it printed on stdout (bytes as ISO-8859-1). */
    static String check(List<String> command) throws IOException, InterruptedException {
        Run run = run(command, null, Map.of());
        if (run.exitCode() != 0) {
            fail(String.join(" ", command) + "\n" + run);
        }
        return run.out();
    }

    /** One run of the pawscope command line in this JVM. */
    static synchronized Run cli(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = PawscopeMain.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
