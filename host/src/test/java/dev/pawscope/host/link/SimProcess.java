package dev.pawscope.host.link;

import dev.pawscope.host.board.CameraReel;
import dev.pawscope.host.dataset.GrayImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The simulated board (boards/sim) for link tests: built with make for {@link TinyConvNet}, run as a
 * child process that serves the protocol on a pseudo-terminal. (SimBoard does the same for a
 * model folder; this one takes a bare graph.)
 */
final class SimProcess implements AutoCloseable {

    private final Process process;
    private final String port;

    private SimProcess(Process process, String port) {
        this.process = process;
        this.port = port;
    }

    /** The repository root: the test runs in host/. */
    static Path repoRoot() {
        Path cwd = Path.of("").toAbsolutePath();
        return Files.isDirectory(cwd.resolve("boards/sim")) ? cwd : cwd.getParent();
    }

    static boolean toolsAvailable() {
        try {
            return new ProcessBuilder("make", "--version").start().waitFor() == 0
                    && new ProcessBuilder("gcc", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Generates the model's C and builds the sim into {@code dir}; returns the binary. */
    static Path build(TinyConvNet model, Path dir) throws IOException, InterruptedException {
        Path gen = Files.createDirectories(dir.resolve("gen"));
        model.writeC(gen);
        Process make = new ProcessBuilder("make", "-s", "-C", repoRoot().resolve("boards/sim").toString(),
                "GEN=" + gen.toAbsolutePath(), "BUILD=" + dir.toAbsolutePath()).redirectErrorStream(true).start();
        String output = new String(make.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (make.waitFor() != 0) {
            throw new IOException("building the sim failed:\n" + output);
        }
        return dir.resolve("pawscope-sim");
    }

    static SimProcess start(Path binary, List<GrayImage> reel, double fps) throws Exception {
        Path reelFile = binary.resolveSibling("camera.reel");
        Files.write(reelFile, CameraReel.encode(reel));
        Process process = new ProcessBuilder(binary.toString(), "--reel", reelFile.toString(), "--fps",
                Double.toString(fps)).redirectErrorStream(true).start();
        CompletableFuture<String> port = new CompletableFuture<>();
        Thread output = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("port: ")) {
                        port.complete(line.substring("port: ".length()).trim());
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            port.complete(null);
        }, "sim output");
        output.setDaemon(true);
        output.start();
        String path = port.get(20, TimeUnit.SECONDS);
        if (path == null) {
            throw new IOException("the sim exited with " + process.waitFor() + " before printing its port");
        }
        return new SimProcess(process, path);
    }

    String port() {
        return port;
    }

    /** SIGSTOP: the board stops answering, its port stays open. */
    void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT: the board carries on where it stopped. */
    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        if (new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor() != 0) {
            throw new IOException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws Exception {
        resume(); // a stopped process would not act on SIGTERM
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
