package dev.pawscope.host.board;

import dev.pawscope.host.cli.PawscopeException;
import dev.pawscope.host.io.AtomicFiles;
import dev.pawscope.host.quant.Int8Model;
import dev.pawscope.quantize.codegen.CModelWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The simulated board: the firmware core and a POSIX port (boards/sim) built natively with gcc
 * for one model, running as a child process that serves the protocol on a pseudo-terminal. Builds
 * are cached by a hash of the model and every source file, so a second start is immediate.
 */
public final class SimBoard implements AutoCloseable {

    /** The line the sim prints once its pseudo-terminal is open. */
    static final String PORT_PREFIX = "port: ";
    static final long STARTUP_SECONDS = 20;

    private final Process process;
    private final String port;

    private SimBoard(Process process, String port) {
        this.process = process;
        this.port = port;
    }

    /**
     * @param reel the camera frames (see {@link CameraReel})
     * @param link a path to symlink the pseudo-terminal at, or null
     * @param fps camera frames per second; 0 runs only host-sent frames
     * @param log receives the sim's log lines
     */
    public static SimBoard start(Path home, Int8Model model, byte[] reel, Path link, double fps, Path cacheRoot,
            Consumer<String> log) throws IOException, InterruptedException {
        Path binary = build(home, model, cacheRoot, log);
        Path reelFile = binary.resolveSibling("camera.reel");
        AtomicFiles.write(reelFile, reel);
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--reel", reelFile.toString(),
                "--fps", Double.toString(fps)));
        if (link != null) {
            command.addAll(List.of("--link", link.toAbsolutePath().toString()));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> portLine = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (!portLine.isDone() && line.startsWith(PORT_PREFIX)) {
                        portLine.complete(line.substring(PORT_PREFIX.length()).trim());
                    } else {
                        log.accept(line);
                    }
                }
            } catch (IOException e) {
                log.accept("sim output closed: " + e.getMessage());
            }
            portLine.complete(null);
        }, "sim-board-output");
        reader.setDaemon(true);
        reader.start();
        String port;
        try {
            port = portLine.get(STARTUP_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw PawscopeException.io("the simulated board did not report its port within " + STARTUP_SECONDS + " s",
                    "run " + binary + " by hand to see why", e);
        }
        if (port == null) {
            int code = process.waitFor();
            throw PawscopeException.io("the simulated board exited with code " + code + " before opening its port",
                    "its output is above; run " + binary + " --help", null);
        }
        return new SimBoard(process, port);
    }

    public String port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until the sim exits and returns its exit code. */
    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    /** SIGTERM (the sim closes its port and removes its link), then SIGKILL after 5 s. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Generates the model's C code and builds the sim unless a build for the same inputs exists. */
    static Path build(Path home, Int8Model model, Path cacheRoot, Consumer<String> log)
            throws IOException, InterruptedException {
        CModelWriter.Sources sources = CModelWriter.write(model.graph(), "model", model.sha256(),
                model.folder().metadata().labels(), model.pixels().table(),
                List.of("pawscope model for the simulated board", "sha256 " + model.hashHex()));
        String key = FirmwareBuildKey.of(home, sources, "sim");
        Path dir = cacheRoot.resolve(key);
        Path binary = dir.resolve("pawscope-sim");
        if (Files.isExecutable(binary)) {
            return binary;
        }
        Path staging = Files.createDirectories(cacheRoot).resolve(key + ".building." + ProcessHandle.current().pid());
        if (Files.exists(staging)) {
            AtomicFiles.deleteRecursively(staging); // left by an earlier, killed run of this pid
        }
        Path gen = Files.createDirectories(staging.resolve("gen"));
        Files.writeString(gen.resolve("ps_generated_model.h"), sources.header());
        Files.writeString(gen.resolve("ps_generated_model.c"), sources.source());
        log.accept("building the simulated board for model " + model.hashHex().substring(0, 12) + "...");
        Process make = new ProcessBuilder("make", "-s", "-C", home.resolve("boards/sim").toString(),
                "GEN=" + gen.toAbsolutePath(), "BUILD=" + staging.toAbsolutePath()).redirectErrorStream(true).start();
        String output = new String(make.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = make.waitFor();
        if (code != 0 || !Files.isExecutable(staging.resolve("pawscope-sim"))) {
            AtomicFiles.deleteRecursively(staging);
            throw PawscopeException.io("building the simulated board failed (make exit " + code + "):\n" + output.strip(),
                    "install gcc and make (Debian: sudo apt-get install gcc make)", null);
        }
        try {
            Files.move(staging, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raced) {
            AtomicFiles.deleteRecursively(staging); // another pawscope built the same thing first
        }
        return binary;
    }

    /** Where built sims are kept: {@code ~/.cache/pawscope/boards/sim}. */
    public static Path defaultCacheRoot() {
        return Path.of(System.getProperty("user.home"), ".cache", "pawscope", "boards", "sim");
    }
}
