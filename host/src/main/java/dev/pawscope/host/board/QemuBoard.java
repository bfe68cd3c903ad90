package dev.pawscope.host.board;

import dev.pawscope.host.cli.PawscopeException;
import dev.pawscope.host.quant.Int8Model;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The qemu-m4 board: the firmware for one model ({@link QemuFirmware}) booted in QEMU's
 * mps2-an386 (a Cortex-M4F), its UART0 on a pseudo-terminal that serves the protocol. It has no
 * camera: it runs host-sent frames (SET_INPUT) and reports their cost in executed instructions
 * (QEMU runs with {@code -icount shift=0}, so the count does not depend on the host's speed).
 */
public final class QemuBoard implements AutoCloseable {

    /** What QEMU prints once {@code -serial pty} has made the pseudo-terminal. */
    static final Pattern PTY_LINE = Pattern.compile("char device redirected to (\\S+) \\(label serial0\\)");
    /** Exit statuses of a QEMU ended by SIGINT or SIGTERM (128 + signal). */
    private static final List<Integer> SIGNALLED = List.of(130, 143);
    static final long STARTUP_SECONDS = 20;

    private final Process process;
    private final Thread output;
    private final String port;
    private final Path link;
    private final QemuFirmware firmware;
    private volatile boolean stopRequested;

    private QemuBoard(Process process, Thread output, String port, Path link, QemuFirmware firmware) {
        this.process = process;
        this.output = output;
        this.port = port;
        this.link = link;
        this.firmware = firmware;
    }

    /**
     * Builds the firmware (or takes it from the cache) and boots it.
     *
     * @param link a path to symlink the pseudo-terminal at, or null
     * @param log receives QEMU's output lines other than the pty line
     */
    public static QemuBoard start(Path home, Int8Model model, Path link, Path cacheRoot, Consumer<String> log)
            throws IOException, InterruptedException {
        return boot(QemuFirmware.build(home, model, cacheRoot, log), link, log);
    }

    /**
     * Boots a firmware already built (e.g. {@link QemuFirmware#build(Path, Int8Model, Path, Consumer,
     * boolean) with the portable kernels}).
     *
     * @param link a path to symlink the pseudo-terminal at, or null
     * @param log receives QEMU's output lines other than the pty line
     */
    public static QemuBoard boot(QemuFirmware firmware, Path link, Consumer<String> log)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command(firmware.elf())).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ptyPath = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    Matcher m = PTY_LINE.matcher(line);
                    if (!ptyPath.isDone() && m.find()) {
                        ptyPath.complete(m.group(1));
                    } else {
                        log.accept(line);
                    }
                }
            } catch (IOException e) {
                log.accept("QEMU's output closed: " + e.getMessage());
            }
            ptyPath.complete(null);
        }, "qemu-board-output");
        reader.setDaemon(true);
        reader.start();
        String port;
        try {
            port = ptyPath.get(STARTUP_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw PawscopeException.io("QEMU did not report its pseudo-terminal within " + STARTUP_SECONDS + " s",
                    "run it by hand to see why: " + String.join(" ", command(firmware.elf())), e);
        }
        if (port == null) {
            int code = process.waitFor();
            throw PawscopeException.io("QEMU exited with code " + code + " before opening its pseudo-terminal",
                    "its output is above; run it by hand: " + String.join(" ", command(firmware.elf())), null);
        }
        QemuBoard board = new QemuBoard(process, reader, port, link, firmware);
        if (link != null) {
            try {
                Files.deleteIfExists(link); // a stale link from an earlier run
                Files.createSymbolicLink(link.toAbsolutePath(), Path.of(port));
            } catch (IOException e) {
                board.close();
                throw PawscopeException.io("cannot link " + link + " -> " + port + ": " + e.getMessage(),
                        "choose another --link path", e);
            }
        }
        return board;
    }

    /**
     * QEMU with the firmware: mps2-an386 is the Cortex-M4F; -icount shift=0 makes the virtual clock,
     * and so SysTick, advance 1 ns per instruction (see boards/qemu-m4/qemu_m4_clock.h); -no-reboot
     * turns a reset the firmware requests (after a fault) into QEMU exiting, so a crash is seen.
     */
    static List<String> command(Path elf) {
        return List.of(QemuTools.QEMU, "-machine", "mps2-an386", "-nographic", "-monitor", "none", "-serial", "pty",
                "-icount", "shift=0", "-no-reboot", "-kernel", elf.toAbsolutePath().toString());
    }

    /** The QEMU command line, for running the board by hand. */
    public String commandLine() {
        return String.join(" ", command(firmware.elf()));
    }

    /** The pseudo-terminal, e.g. /dev/pts/3. */
    public String port() {
        return port;
    }

    public QemuFirmware firmware() {
        return firmware;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until QEMU exits (and its last output is logged); returns its exit code. */
    public int waitFor() throws InterruptedException {
        int code = process.waitFor();
        output.join(TimeUnit.SECONDS.toMillis(1));
        return code;
    }

    /**
     * Whether QEMU stopped because it was asked to ({@link #close()}, Ctrl-C) rather than on its
     * own: with -no-reboot it exits with 0 when the firmware resets the board, which the firmware
     * does after a fault or when the model does not fit its buffers.
     */
    public boolean stoppedOnRequest(int exitCode) {
        return stopRequested || SIGNALLED.contains(exitCode);
    }

    /** SIGTERM (QEMU exits cleanly), SIGKILL after 5 s; then removes the link if it is still ours. */
    @Override
    public void close() throws InterruptedException {
        stopRequested = true;
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        if (link != null) {
            try {
                if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(Path.of(port))) {
                    Files.delete(link);
                }
            } catch (IOException ignored) {
                // best effort: a link another run replaced is not ours to remove
            }
        }
    }
}
