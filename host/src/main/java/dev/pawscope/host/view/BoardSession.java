package dev.pawscope.host.view;

import dev.pawscope.host.board.BackgroundBoard;
import dev.pawscope.host.board.BoardSpec;
import dev.pawscope.host.board.CameraReel;
import dev.pawscope.host.board.PawscopeHome;
import dev.pawscope.host.board.RunningBoard;
import dev.pawscope.host.board.RunningBoards;
import dev.pawscope.host.board.SimBoard;
import dev.pawscope.host.cli.PawscopeException;
import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.host.link.BoardEvent;
import dev.pawscope.host.link.BoardLink;
import dev.pawscope.host.link.ConfigAck;
import dev.pawscope.host.link.DeviceFrame;
import dev.pawscope.host.link.Hello;
import dev.pawscope.host.link.JSerialCommTransport;
import dev.pawscope.host.link.LinkStats;
import dev.pawscope.host.link.Protocol;
import dev.pawscope.host.quant.Int8Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A live board for the viewer: for {@code sim}, a simulated board started for the model (and
 * stopped on {@link #close}); otherwise the serial port given. Connects, handshakes and checks the
 * board's model hash against the model folder's int8 model.
 */
public final class BoardSession implements FrameSource {

    public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);
    /** FRAMEs the board may send ahead of our FRAME_ACKs. */
    public static final int WINDOW = 4;
    /** Synthetic camera frames a started sim loops over. */
    static final int SIM_REEL_FRAMES = 64;
    static final long SIM_REEL_SEED = 0x5EED_CA3EL;

    private final String board;
    private final SimBoard sim;
    private final BoardLink link;
    private final Hello hello;
    private final String port;
    private final boolean hashMatches;
    private final String modelHash;
    /** Stops a started sim if the JVM ends without {@link #close} (Ctrl-C, a closed terminal). */
    private final Thread stopSimAtExit;

    private BoardSession(String board, SimBoard sim, BoardLink link, String port, Int8Model model) {
        this.board = board;
        this.sim = sim;
        this.stopSimAtExit = sim == null ? null : new Thread(() -> stop(sim), "stop-sim");
        if (stopSimAtExit != null) {
            Runtime.getRuntime().addShutdownHook(stopSimAtExit);
        }
        this.link = link;
        this.port = port;
        this.hello = link.hello();
        this.modelHash = model.hashHex();
        this.hashMatches = Arrays.equals(hello.modelHash(), model.sha256());
    }

    /**
     * Connects to {@code board}: {@code sim} (started here, its camera playing synthetic frames at
     * {@code fps}), an emulated board id that must be started separately, or a serial port path.
     */
    public static BoardSession open(String board, Int8Model model, double fps, Consumer<String> log)
            throws IOException, InterruptedException {
        // An emulated board left running by `pawscope flash`: attach to it, and leave it running on close.
        Optional<RunningBoard> registered = registeredBoard(board);
        if (registered.isPresent()) {
            RunningBoard running = registered.get();
            log.accept("attaching to the " + board + " running in the background (pid " + running.pid() + ", port "
                    + running.port() + ")");
            BoardLink link = BoardLink.open(new JSerialCommTransport(running.link()));
            try {
                link.handshake(HANDSHAKE_TIMEOUT);
            } catch (RuntimeException e) {
                link.close();
                throw e;
            }
            return new BoardSession(board, null, link, running.link(), model);
        }
        Path home = null;
        SimBoard sim = null;
        String port = board;
        if (!board.contains("/") && !board.startsWith("COM")) {
            home = PawscopeHome.locate();
            BoardSpec spec = BoardSpec.load(home, board); // an unknown id lists the known ones
            if (!spec.id().equals("sim")) {
                throw spec.emulated()
                        ? PawscopeException.badInput("board '" + board + "' cannot be started by pawscope view yet",
                                "start it yourself and pass its serial port, e.g. --board /dev/pts/5; or use "
                                        + "--board sim")
                        : PawscopeException.badInput("board '" + board + "' is a real board: pawscope view needs "
                                + "its serial port", "plug it in and pass the port, e.g. --board /dev/ttyACM0");
            }
            int size = model.folder().metadata().input().width();
            byte[] reel = CameraReel.encode(CameraReel.synthetic(size, SIM_REEL_SEED, SIM_REEL_FRAMES));
            sim = SimBoard.start(home, model, reel, null, fps, SimBoard.defaultCacheRoot(), log);
            port = sim.port();
        } else if (!board.startsWith("COM") && !Files.exists(Path.of(board))) {
            throw PawscopeException.badInput("no serial port at " + board,
                    "plug the board in and check the path (USB boards are usually /dev/ttyACM* or /dev/ttyUSB*), "
                            + "or use --board sim");
        }
        BoardLink link = null;
        try {
            link = BoardLink.open(new JSerialCommTransport(port));
            link.handshake(HANDSHAKE_TIMEOUT);
            return new BoardSession(sim != null ? "sim" : board, sim, link, port, model);
        } catch (RuntimeException e) {
            if (link != null) {
                link.close();
            }
            if (sim != null) {
                stop(sim);
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
        return hello;
    }

    /** Whether the board runs exactly the model folder's int8 model (same SHA-256). */
    public boolean modelHashMatches() {
        return hashMatches;
    }

    /** The mismatch, said plainly, with what to do; empty when the hashes match. */
    public Optional<PawscopeException> modelMismatch() {
        if (hashMatches) {
            return Optional.empty();
        }
        return Optional.of(PawscopeException.badInput("the board runs model " + hello.modelHashHex().substring(0, 16)
                + "..., but the model folder's int8 model is " + modelHash.substring(0, 16) + "... (SHA-256 of "
                + "model_int8.tflite): the maps cannot be compared", "pass the --model the board was built with, "
                + "or put this model on the board (pawscope board start sim --model M, pawscope export c)"));
    }

    public String modelHash() {
        return modelHash;
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
        return (sim != null ? "sim (pid " + sim.pid() + ")" : board) + " on " + port;
    }

    @Override
    public BoardEvent nextEvent(Duration timeout) throws InterruptedException {
        return link.nextEvent(timeout);
    }

    @Override
    public Optional<LinkStats> stats() {
        return Optional.of(link.stats());
    }

    @Override
    public boolean controllable() {
        return true;
    }

    @Override
    public ConfigAck configure(int layer, long channelMask) {
        return link.configure(layer, channelMask, 1, WINDOW, hello.hasCapability(Protocol.CAP_SEND_INPUT),
                hello.hasCapability(Protocol.CAP_MAP_RLE));
    }

    @Override
    public DeviceFrame setInput(GrayImage image) {
        return link.setInput(image);
    }

    @Override
    public void close() {
        link.close();
        if (sim != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopSimAtExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it stops the sim
            }
            stop(sim);
        }
    }

    private static void stop(SimBoard sim) {
        try {
            sim.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
