package dev.pawscope.quantize.oracle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A finished child process: exit code and what it printed. Output goes through files, not pipes,
 * so a chatty child can never block on a full pipe.
 */
record ProcessRun(List<String> command, int exitCode, String stdout, String stderr, Duration elapsed) {

    ProcessRun {
        command = List.copyOf(command);
    }

    /**
     * Runs {@code command} in {@code workDir}, capturing stdout and stderr into files there.
     *
     * @throws IOException when the program cannot be started (e.g. not on the PATH)
     * @throws TfLiteOracleException when it runs longer than {@code timeout} (it is killed)
     */
    static ProcessRun run(List<String> command, Path workDir, Duration timeout) throws IOException {
        Path out = Files.createTempFile(workDir, "stdout-", ".txt");
        Path err = Files.createTempFile(workDir, "stderr-", ".txt");
        try {
            long start = System.nanoTime();
            Process process = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            boolean finished;
            try {
                finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new TfLiteOracleException("interrupted while waiting for " + String.join(" ", command), e);
            }
            if (!finished) {
                process.destroyForcibly();
                throw new TfLiteOracleException(String.join(" ", command) + " did not finish within "
                        + timeout.toSeconds() + " s and was killed");
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            return new ProcessRun(command, process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), elapsed);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File("/dev/null");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException | UncheckedIOException ignored) {
            // a leftover temp file is harmless
        }
    }

    /** stdout and stderr, trimmed, for error messages. */
    String output() {
        String both = (stdout.strip() + "\n" + stderr.strip()).strip();
        return both.isEmpty() ? "(no output)" : both;
    }
}
