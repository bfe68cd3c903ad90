package dev.pawscope.host.view;

import dev.pawscope.host.board.BackgroundBoard;
import dev.pawscope.host.board.BoardSpec;
import dev.pawscope.host.board.CameraReel;
import dev.pawscope.host.board.PawscopeHome;
import dev.pawscope.host.board.QemuBoard;
import dev.pawscope.host.board.QemuFirmware;
import dev.pawscope.host.board.QemuTools;
import dev.pawscope.host.board.RunningBoard;
import dev.pawscope.host.board.RunningBoards;
import dev.pawscope.host.board.SimBoard;
import dev.pawscope.host.cli.PawscopeException;
import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.host.link.BoardEvent;
import dev.pawscope.host.link.Config;
import dev.pawscope.host.link.ConfigAck;
import dev.pawscope.host.link.DeviceFrame;
import dev.pawscope.host.link.Hello;
import dev.pawscope.host.link.JSerialCommTransport;
import dev.pawscope.host.link.LinkState;
import dev.pawscope.host.link.LinkStats;
import dev.pawscope.host.link.MapEncoding;
import dev.pawscope.host.link.Protocol;
import dev.pawscope.host.link.ReconnectPolicy;
import dev.pawscope.host.link.ReconnectingLink;
import dev.pawscope.host.link.discovery.BoardDiscovery;
import dev.pawscope.host.quant.Int8Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A live board for the viewer: for {@code sim} and {@code qemu-m4}, an emulated board started for
 * the model (and stopped on {@link #close}); otherwise the serial port given. Connects, handshakes,
 * checks the board's model hash against the model folder's int8 model, and keeps the board
 * connected through unplugs and resets ({@link ReconnectingLink}).
 */
public final class BoardSession implements FrameSource {

    public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);
    /** QEMU notices its pty was opened by polling about once a second, after booting. */
    static final Duration QEMU_HANDSHAKE_TIMEOUT = Duration.ofSeconds(15);
    /** FRAMEs the board may send ahead of our FRAME_ACKs. */
    public static final int WINDOW = 4;
    /** Synthetic camera frames a started sim loops over. */
    static final int SIM_REEL_FRAMES = 64;
    static final long SIM_REEL_SEED = 0x5EED_CA3EL;

    /** An emulated board this session started, stopped with it. */
    private record StartedBoard(String id, long pid, AutoCloseable process) {}

    private final String board;
    private final StartedBoard started;
    private final ReconnectingLink link;
    private final String port;
    private final Int8Model model;
    /** Stops a started board if the JVM ends without {@link #close} (Ctrl-C, a closed terminal). */
    private final Thread stopAtExit;

    private BoardSession(String board, StartedBoard started, ReconnectingLink link, String port, Int8Model model) {
        this.board = board;
        this.started = started;
        this.stopAtExit = started == null ? null : new Thread(() -> stop(started), "stop-" + started.id());
        if (stopAtExit != null) {
            Runtime.getRuntime().addShutdownHook(stopAtExit);
        }
        this.link = link;
        this.port = port;
        this.model = model;
    }

    /** {@link #open(String, Int8Model, double, ReconnectPolicy, Consumer)} with the default policy. */
    public static BoardSession open(String board, Int8Model model, double fps, Consumer<String> log)
            throws IOException, InterruptedException {
        return open(board, model, fps, ReconnectPolicy.DEFAULT, log);
    }

    /**
     * Connects to {@code board}: a sim or qemu-m4 left running by {@code pawscope flash} (attached
     * to, left running), else {@code sim} (started here, its camera playing synthetic frames at
     * {@code fps}) or {@code qemu-m4} (built and booted here; it has no camera); a USB board's id
     * ({@code nano33ble}: its port found by USB VID:PID); or a serial port path.
     *
     * @param log progress lines (building, booting), a started board's output (prefixed "sim: " or
     *     "qemu-m4: ") and the link's reconnect lines
     */
    public static BoardSession open(String board, Int8Model model, double fps, ReconnectPolicy policy,
            Consumer<String> log) throws IOException, InterruptedException {
        if (board.contains("/") || board.startsWith("COM")) {
            if (!board.startsWith("COM") && !Files.exists(Path.of(board))) {
                throw PawscopeException.badInput("no serial port at " + board,
                        "plug the board in and check the path (USB boards are usually /dev/ttyACM* or /dev/ttyUSB*), "
                                + "or use --board sim");
            }
            return connect(board, board, null, model, HANDSHAKE_TIMEOUT, policy, log);
        }
        Path home = PawscopeHome.locate();
        BoardSpec spec = BoardSpec.load(home, board); // an unknown id lists the known ones
        Optional<RunningBoard> registered = registeredBoard(board);
        if (registered.isPresent()) {
            // left running by `pawscope flash`: attach to it, and leave it running on close
            RunningBoard running = registered.get();
            log.accept("attaching to the " + board + " running in the background (pid " + running.pid() + ", port "
                    + running.port() + ")");
            return connect(board, running.link(), null, model, QEMU_HANDSHAKE_TIMEOUT, policy, log);
        }
        if (!spec.emulated()) {
            String port = BoardDiscovery.of(home).one(spec, true).port().path();
            log.accept("found the " + spec.name() + " on " + port);
            return connect(board, port, null, model, HANDSHAKE_TIMEOUT, policy, log);
        }
        if (spec.id().equals("sim")) {
            int size = model.folder().metadata().input().width();
            byte[] reel = CameraReel.encode(CameraReel.synthetic(size, SIM_REEL_SEED, SIM_REEL_FRAMES));
            SimBoard sim = SimBoard.start(home, model, reel, null, fps, SimBoard.defaultCacheRoot(),
                    line -> log.accept("sim: " + line));
            return connect("sim", sim.port(), new StartedBoard("sim", sim.pid(), sim), model, HANDSHAKE_TIMEOUT,
                    policy, log);
        }
        if (spec.id().equals("qemu-m4")) {
            return startQemu(home, model, policy, log);
        }
        throw PawscopeException.badInput("board '" + board + "' cannot be started by pawscope view yet",
                "start it yourself and pass its serial port, e.g. --board /dev/pts/5; or use --board sim or --board "
                        + "qemu-m4");
    }

    /** Builds (or takes from the cache) the Cortex-M4F firmware for the model and boots it in QEMU. */
    private static BoardSession startQemu(Path home, Int8Model model, ReconnectPolicy policy, Consumer<String> log)
            throws IOException, InterruptedException {
        if (!QemuTools.present()) {
            throw PawscopeException.badInput("--board qemu-m4 needs make, arm-none-eabi-gcc and qemu-system-arm",
                    "Debian: sudo apt-get install make gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm; "
                            + "or use --board sim");
        }
        log.accept("starting qemu-m4 for model " + model.hashHex().substring(0, 12)
                + " (the first start builds the firmware, about a minute)...");
        QemuBoard qemu = QemuBoard.start(home, model, null, QemuFirmware.defaultCacheRoot(),
                line -> log.accept("qemu-m4: " + line));
        log.accept("QEMU booted (pid " + qemu.pid() + ") on " + qemu.port() + "; waiting for the firmware's HELLO...");
        return connect("qemu-m4", qemu.port(), new StartedBoard("qemu-m4", qemu.pid(), qemu), model,
                QEMU_HANDSHAKE_TIMEOUT, policy, log);
    }

    private static BoardSession connect(String board, String port, StartedBoard started, Int8Model model,
            Duration handshake, ReconnectPolicy policy, Consumer<String> log) {
        try {
            ReconnectingLink link = ReconnectingLink.connect(board, port, JSerialCommTransport::new, handshake,
                    policy, log);
            return new BoardSession(board, started, link, port, model);
        } catch (RuntimeException e) {
            if (started != null) {
                stop(started);
            }
            throw e;
        }
    }

    /** The registry's running sim or qemu-m4 for {@code board}, if any. */
    private static Optional<RunningBoard> registeredBoard(String board) {
        if (!board.equals(BackgroundBoard.SIM) && !board.equals(BackgroundBoard.QEMU_M4)) {
            return Optional.empty();
        }
        return RunningBoards.standard().get(board);
    }

    @Override
    public Hello hello() {
        return link.hello();
    }

    /** Whether the board runs exactly the model folder's int8 model (same SHA-256). */
    public boolean modelHashMatches() {
        return Arrays.equals(link.hello().modelHash(), model.sha256());
    }

    /** The mismatch, said plainly, with what to do; empty when the hashes match. */
    public Optional<PawscopeException> modelMismatch() {
        if (modelHashMatches()) {
            return Optional.empty();
        }
        return Optional.of(PawscopeException.badInput("the board runs model " + hello().modelHashHex().substring(0, 16)
                + "..., but the model folder's int8 model is " + modelHash().substring(0, 16) + "... (SHA-256 of "
                + "model_int8.tflite): the maps cannot be compared", "pass the --model the board was built with, "
                + "or put this model on the board (pawscope board start sim --model M, pawscope export c)"));
    }

    public String modelHash() {
        return model.hashHex();
    }

    public String board() {
        return board;
    }

    @Override
    public String port() {
        return port;
    }

    @Override
    public String description() {
        return (started != null ? started.id() + " (pid " + started.pid() + ")" : board) + " on " + port;
    }

    @Override
    public BoardEvent nextEvent(Duration timeout) throws InterruptedException {
        return link.nextEvent(timeout);
    }

    @Override
    public Optional<LinkState> linkState() {
        return Optional.of(link.state());
    }

    @Override
    public Optional<LinkStats> stats() {
        return Optional.of(link.stats());
    }

    @Override
    public boolean controllable() {
        return true;
    }

    /** Whether the board has a camera; without one it runs only the images sent to it. */
    public boolean hasCamera() {
        return hello().hasCapability(Protocol.CAP_CAMERA);
    }

    @Override
    public ConfigAck configure(int layer, long channelMask) {
        Hello h = hello();
        Config config = new Config(layer, 1, WINDOW,
                h.hasCapability(Protocol.CAP_SEND_INPUT) ? Protocol.OPTION_SEND_INPUT : 0,
                h.hasCapability(Protocol.CAP_MAP_RLE) ? MapEncoding.RLE : MapEncoding.RAW, channelMask);
        return link.configure(config);
    }

    @Override
    public DeviceFrame setInput(GrayImage image) {
        return link.setInput(image);
    }

    @Override
    public void close() {
        link.close();
        if (started != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopAtExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it stops the board
            }
            stop(started);
        }
    }

    private static void stop(StartedBoard board) {
        try {
            board.process().close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // stopping at the end: SimBoard and QemuBoard only throw InterruptedException
        }
    }
}
