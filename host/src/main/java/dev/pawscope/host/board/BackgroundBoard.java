package dev.pawscope.host.board;

import dev.pawscope.host.cli.PawscopeException;
import dev.pawscope.host.io.AtomicFiles;
import dev.pawscope.host.quant.Int8Model;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;

/**
 * Starts an emulated board (sim or qemu-m4) detached from the pawscope process, so that it keeps
 * running after the command returns: in its own session (setsid, so a Ctrl-C in the terminal
 * does not reach it), its output in {@code <run dir>/<board>.log}, its pseudo-terminal behind the
 * stable link {@code <run dir>/<board>.port}, and its entry in {@link RunningBoards}. A board
 * already running under that id is stopped first.
 */
public final class BackgroundBoard {

    public static final String SIM = "sim";
    public static final String QEMU_M4 = QemuFirmware.BOARD;
    /** Synthetic camera frames the background sim loops over, and their rate. */
    static final int SIM_REEL_FRAMES = 64;
    static final long SIM_REEL_SEED = 0x5EED_CA3EL;
    static final double SIM_FPS = 5;
    static final Duration STARTUP = Duration.ofSeconds(20);

    private BackgroundBoard() {}

    /** Builds (or takes from the cache) the board's firmware for {@code model}, boots it and registers it. */
    public static RunningBoard start(Path home, String board, Int8Model model, RunningBoards registry,
            Consumer<String> log) throws IOException, InterruptedException {
        if (!board.equals(SIM) && !board.equals(QEMU_M4)) {
            throw PawscopeException.badInput("expected an emulated board (sim or qemu-m4), found '" + board + "'",
                    "real boards are flashed over USB: pawscope flash --board nano33ble --model M");
        }
        Files.createDirectories(registry.dir());
        registry.stop(board).ifPresent(old -> log.accept("stopped the running " + board + " (pid " + old.pid()
                + ", model " + abbreviate(old.modelHash()) + ")"));
        Path link = registry.linkPath(board);
        Path logFile = registry.logPath(board);
        List<String> command = new ArrayList<>();
        String firmware;
        String executable;
        if (board.equals(SIM)) {
            Path binary = SimBoard.build(home, model, SimBoard.defaultCacheRoot(), log);
            Path reel = registry.dir().resolve(SIM + ".reel");
            int size = model.folder().metadata().input().width();
            AtomicFiles.write(reel, CameraReel.encode(CameraReel.synthetic(size, SIM_REEL_SEED, SIM_REEL_FRAMES)));
            command.addAll(List.of(binary.toString(), "--reel", reel.toString(), "--fps", Double.toString(SIM_FPS),
                    "--link", link.toString()));
            firmware = binary.toString();
            executable = binary.toString();
        } else {
            QemuFirmware built = QemuFirmware.build(home, model, QemuFirmware.defaultCacheRoot(), log);
            command.addAll(QemuBoard.command(built.elf()));
            firmware = built.elf().toString();
            executable = QemuTools.QEMU;
        }
        Path setsid = QemuTools.find("setsid", System.getenv().getOrDefault("PATH", ""));
        if (setsid != null) {
            command.add(0, setsid.toString()); // setsid execs the program: the pid stays the board's
        }
        Files.deleteIfExists(link);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String port = awaitPort(board, process, logFile);
        if (board.equals(QEMU_M4)) {
            try {
                Files.createSymbolicLink(link, Path.of(port));
            } catch (IOException e) {
                process.destroyForcibly();
                throw PawscopeException.io("cannot link " + link + " -> " + port + ": " + e.getMessage(),
                        "check the permissions of " + registry.dir(), e);
            }
        }
        RunningBoard entry = new RunningBoard(board, process.pid(), executable, port, link.toString(), model.hashHex(),
                firmware, Instant.now().toString(), logFile.toString());
        registry.register(entry);
        return entry;
    }

    /** Reads the log until the board names its pseudo-terminal; a board that dies first is reported with its output. */
    private static String awaitPort(String board, Process process, Path logFile) throws InterruptedException,
            IOException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            String output = Files.isRegularFile(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
            String port = findPort(board, output);
            if (port != null && process.isAlive()) {
                return port;
            }
            if (!process.isAlive()) {
                throw PawscopeException.io(board + " exited with code " + process.exitValue() + " while starting; its "
                        + "output (" + logFile + "):\n" + tail(output), "fix the error above and flash again", null);
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw PawscopeException.io(board + " did not report its port within " + STARTUP.toSeconds() + " s; its output ("
                + logFile + "):\n" + tail(Files.readString(logFile)), "run `pawscope board start " + board
                + " --model M` in the foreground to see why", null);
    }

    static String findPort(String board, String output) {
        if (board.equals(SIM)) {
            for (String line : output.split("\n")) {
                if (line.startsWith(SimBoard.PORT_PREFIX)) {
                    return line.substring(SimBoard.PORT_PREFIX.length()).trim();
                }
            }
            return null;
        }
        Matcher m = QemuBoard.PTY_LINE.matcher(output);
        return m.find() ? m.group(1) : null;
    }

    /** The last lines of a tool's output, for an error message. */
    static String tail(String output) {
        String[] lines = output.strip().split("\n");
        int from = Math.max(0, lines.length - 15);
        return String.join("\n", Arrays.asList(lines).subList(from, lines.length));
    }

    static String abbreviate(String hash) {
        return hash == null || hash.length() < 12 ? String.valueOf(hash) : hash.substring(0, 12);
    }
}
