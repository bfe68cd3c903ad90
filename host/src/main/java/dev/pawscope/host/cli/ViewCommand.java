package dev.pawscope.host.cli;

import dev.pawscope.host.explain.AttributionMethod;
import dev.pawscope.host.explain.AttributionMethods;
import dev.pawscope.host.io.AtomicFiles;
import dev.pawscope.host.link.ReconnectPolicy;
import dev.pawscope.host.view.BoardSession;
import dev.pawscope.host.view.FrameAnalyzer;
import dev.pawscope.host.view.FrameSource;
import dev.pawscope.host.view.HeadlessView;
import dev.pawscope.host.view.ReplaySource;
import dev.pawscope.host.view.SampleSource;
import dev.pawscope.host.view.ViewMetrics;
import dev.pawscope.host.view.ViewerLauncher;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pawscope view}: the live viewer, in a window or headless into PNGs and metrics.json. */
@Command(name = "view",
        mixinStandardHelpOptions = true,
        description = {"Show what the board's int8 model sees, live, next to the float twin: the input, the "
                + "board's first-layer feature maps (dequantized), the float twin's maps for the same input, their "
                + "difference with per-channel cosine and SQNR, both models' predictions and a saliency map.",
                "%nConnects to the board (a sim or qemu-m4 left running by `pawscope flash` is attached to and "
                        + "left running; otherwise --board sim starts a simulated board for MODEL and --board qemu-m4 "
                        + "builds the Cortex-M4F firmware for MODEL and boots it in QEMU, both stopped at the end; "
                        + "--board nano33ble or esp32cam finds the board's port by its USB VID:PID; a port path opens "
                        + "that port), checks the board runs MODEL's int8 model (same SHA-256), "
                        + "and checks every streamed map against the Java int8 interpreter.",
                "%nThe board is kept connected: when its port vanishes or fails (unplugged), it goes silent and "
                        + "stops answering PING, or it resets behind an open port (a reset button), the viewer says "
                        + "\"reconnecting to BOARD... (attempt N)\", reopens the port by its path (a USB board "
                        + "also by its USB id) with backoff, repeats the handshake, refuses a board that came back "
                        + "with another model, and streams the layer and channels chosen before. It gives up after "
                        + "--reconnect-timeout (headless: exit code 4). metrics.json counts `reconnects`.",
                "%n\"Send sample\" sends the test split of --data (its true label shown beside the board's "
                        + "prediction), or without --data fresh synthetic dogs. A board without a camera "
                        + "(qemu-m4) is sent one such sample per frame.",
                "%nWith --headless (or no display) it collects --frames frames and writes the panels as PNGs and "
                        + "metrics.json to --out. --replay plays a recording (--record) with no board.%n",
                "Examples:",
                "  pawscope view --model models/pawnet --data data/synth48",
                "  pawscope view --headless --frames 50 --out out --model models/pawnet",
                "  pawscope view --board qemu-m4 --model models/pawnet --data data/synth48",
                "  pawscope view --board nano33ble --model models/pawnet --record s.psrec",
                "  pawscope view --board /dev/ttyACM0 --model models/pawnet",
                "  pawscope view --board /tmp/board --reconnect-timeout 300 --model models/pawnet",
                "  pawscope view --replay s.psrec --model models/pawnet%n"})
public final class ViewCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "A quantized model folder.")
    Path model;

    @Option(names = "--board", defaultValue = "sim", paramLabel = "sim|qemu-m4|nano33ble|esp32cam|PORT",
            description = "The board: `sim` or `qemu-m4` (the one `pawscope flash` left running, else started "
                    + "here for MODEL), `nano33ble` or `esp32cam` (found by USB VID:PID), or the serial port of a "
                    + "running board (a USB board, or a link path from pawscope board start --link) "
                    + "(default: ${DEFAULT-VALUE}).")
    String board;

    @Option(names = "--data", paramLabel = "DATASET",
            description = "A pawscope dataset whose test images \"Send sample\" sends (and a board without a "
                    + "camera runs), with their true labels; without it, synthetic dogs.")
    Path data;

    @Option(names = "--data-order", defaultValue = "cycle", paramLabel = "cycle|random",
            description = "The order of --data's test images (default: ${DEFAULT-VALUE}).")
    String dataOrder;

    @Option(names = "--reconnect-timeout", defaultValue = "60", paramLabel = "SECONDS",
            description = "Give up on a lost board after this long (default: ${DEFAULT-VALUE}).")
    double reconnectTimeout;

    @Option(names = "--headless", description = "No window: write PNGs and metrics.json to --out.")
    boolean headless;

    @Option(names = "--frames", defaultValue = "20", paramLabel = "N",
            description = "Headless: frames to collect (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--out", paramLabel = "DIR", description = "Headless: the folder for the PNGs and metrics.json.")
    Path out;

    @Option(names = "--every-frame", description = "Headless: write every frame's panels (frames/NNNNNN/), "
            + "not only the last frame's.")
    boolean everyFrame;

    @Option(names = "--saliency", defaultValue = "gradient", paramLabel = "METHOD",
            description = "gradient, smoothgrad, gradcam (float twin) or occlusion (int8 model) "
                    + "(default: ${DEFAULT-VALUE}).")
    String saliency;

    @Option(names = "--fps", defaultValue = "10", paramLabel = "F",
            description = "The started sim's camera frames per second (default: ${DEFAULT-VALUE}).")
    double fps;

    @Option(names = "--record", paramLabel = "FILE", description = "Also record the session to FILE, for --replay.")
    Path record;

    @Option(names = "--replay", paramLabel = "FILE", description = "Play a recorded session instead of a board.")
    Path replay;

    @Option(names = "--allow-model-mismatch", description = "Go on when the board runs another model than MODEL.")
    boolean allowMismatch;

    @Option(names = "--force", description = "Headless: replace --out if it holds an earlier view's output.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        boolean noDisplay = !hasDisplay();
        if (!headless && noDisplay) {
            throw PawscopeException.badInput("there is no display to open the viewer window on (no DISPLAY, or a "
                    + "headless Java)", "write the panels as PNGs instead: pawscope view --headless --out DIR "
                    + "--model " + model);
        }
        if (headless && out == null) {
            throw new PawscopeException(ExitCode.USAGE, "--headless needs --out DIR for the PNGs and metrics.json",
                    "e.g. pawscope view --headless --out view-out --model " + model);
        }
        if (!AttributionMethods.NAMES.contains(saliency.toLowerCase(Locale.ROOT))) {
            throw new PawscopeException(ExitCode.USAGE, "unknown --saliency '" + saliency + "'",
                    "expected one of " + String.join(", ", AttributionMethods.NAMES));
        }
        if (!(reconnectTimeout > 0) || reconnectTimeout > 86_400) {
            throw new PawscopeException(ExitCode.USAGE, "expected --reconnect-timeout between 0 and 86400 seconds, "
                    + "found " + reconnectTimeout, "e.g. --reconnect-timeout 300 to wait for a board being re-flashed");
        }
        SampleSource.Order order = switch (dataOrder.toLowerCase(Locale.ROOT)) {
            case "cycle" -> SampleSource.Order.CYCLE;
            case "random" -> SampleSource.Order.RANDOM;
            default -> throw new PawscopeException(ExitCode.USAGE, "unknown --data-order '" + dataOrder + "'",
                    "expected cycle or random");
        };
        if (headless) {
            checkOut();
        }
        System.err.println("loading " + model + " (int8 model and float twin)...");
        FrameAnalyzer analyzer = FrameAnalyzer.load(model);
        SampleSource samples = samples(analyzer, order);
        if (!headless) {
            return ViewerLauncher.launch(analyzer, this::openSource, saliency, record, samples);
        }
        AttributionMethod method = analyzer.attributionMethods().create(saliency);
        Path staging = stage(out);
        try (FrameSource source = openSource(analyzer)) {
            ViewMetrics metrics = HeadlessView.run(source, analyzer, new HeadlessView.Options(frames, everyFrame,
                    method, record, samples), staging, line -> System.err.println(line));
            AtomicFiles.publish(staging, out);
            print(metrics);
            if (!metrics.mapsEqualEmulator() && metrics.modelHashMatches()) {
                throw PawscopeException.badInput((metrics.framesReceived() - metrics.framesEqualEmulator()) + " of "
                        + metrics.framesReceived() + " frames from the board differ from the Java int8 interpreter "
                        + "for the same input: the board's int8 arithmetic is not bit-exact",
                        "the panels and " + HeadlessView.METRICS + " are in " + out + "; rebuild the firmware from "
                                + "this checkout, and report it if it persists");
            }
            return 0;
        } catch (IOException | RuntimeException | InterruptedException e) {
            AtomicFiles.discard(staging);
            throw e;
        }
    }

    /** The board or recording the options name, connected and checked. */
    FrameSource openSource(FrameAnalyzer analyzer) throws IOException, InterruptedException {
        if (replay != null) {
            ReplaySource source = new ReplaySource(replay, headless ? 0 : 1, !headless);
            checkHash(source.hello().modelHashHex(), analyzer.int8Model().hashHex(), source.description());
            return source;
        }
        System.err.println("connecting to " + board + "...");
        ReconnectPolicy policy = ReconnectPolicy.DEFAULT.withGiveUpAfter(
                Duration.ofMillis(Math.round(reconnectTimeout * 1000)));
        BoardSession session = BoardSession.open(board, analyzer.int8Model(), fps, policy, line -> {
            if (!line.startsWith("sim: sim output closed") && !line.startsWith("qemu-m4: QEMU's output closed")) {
                System.err.println(line); // the emulator stopping at the end, as asked, is no news
            }
        });
        System.err.println("connected: " + session.hello());
        if (!session.modelHashMatches()) {
            PawscopeException mismatch = session.modelMismatch().orElseThrow();
            if (!allowMismatch) {
                session.close();
                throw new PawscopeException(mismatch.exitCode(), mismatch.getMessage(), mismatch.hint()
                        + "; --allow-model-mismatch shows it anyway");
            }
            System.err.println("warning: " + mismatch.getMessage());
        }
        return session;
    }

    /** The test split of --data, or synthetic dogs. */
    private SampleSource samples(FrameAnalyzer analyzer, SampleSource.Order order) {
        var meta = analyzer.int8Model().folder().metadata();
        if (data == null) {
            return SampleSource.synthetic(meta.input().width());
        }
        SampleSource s = SampleSource.dataset(data, meta.input().width(), meta.input().height(), meta.labels(), order,
                System.nanoTime());
        System.err.println("samples: " + s.describe());
        return s;
    }

    private void checkHash(String boardHash, String modelHash, String what) {
        if (!boardHash.equals(modelHash) && !allowMismatch) {
            throw PawscopeException.badInput(what + " was made with model " + boardHash.substring(0, 16) + "..., but "
                    + model + "'s int8 model is " + modelHash.substring(0, 16) + "...",
                    "pass the --model it was recorded with, or --allow-model-mismatch");
        }
    }

    private void checkOut() throws IOException {
        if (Files.isDirectory(out) && Files.list(out).findAny().isPresent()) {
            if (!Files.isRegularFile(out.resolve(HeadlessView.METRICS))) {
                throw PawscopeException.badInput("output folder " + out + " exists and is not an earlier view's "
                        + "output (no " + HeadlessView.METRICS + ")", "choose another --out");
            }
            if (!force) {
                throw PawscopeException.badInput("output folder " + out + " already exists",
                        "choose another --out, or pass --force to replace it");
            }
        } else if (Files.exists(out) && !Files.isDirectory(out)) {
            throw PawscopeException.badInput("expected a folder for --out, found a file: " + out,
                    "choose a folder path");
        }
    }

    /** A hidden folder beside {@code target}, published into place when complete. */
    private static Path stage(Path target) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        Files.createDirectories(abs.getParent());
        Path staging = Files.createTempDirectory(abs.getParent(), "." + abs.getFileName() + ".");
        try {
            Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: the default mode stays
        }
        return staging;
    }

    private void print(ViewMetrics m) {
        System.out.printf(Locale.ROOT, "%d frames from %s at %.1f frames/s, %d corrupt%s%n", m.framesReceived(),
                m.port(), m.framesPerSecond(), m.corruptFrames(), m.reconnects() == 0 ? ""
                        : ", " + m.reconnects() + (m.reconnects() == 1 ? " reconnect" : " reconnects"));
        System.out.println(m.mapsEqualEmulator() ? "every streamed map equals the Java int8 interpreter's"
                : "MISMATCH: " + (m.framesReceived() - m.framesEqualEmulator()) + " frames differ from the Java "
                        + "int8 interpreter");
        StringBuilder cos = new StringBuilder();
        for (double c : m.floatDeviceCosine()) {
            cos.append(String.format(Locale.ROOT, " %.4f", c));
        }
        System.out.println("float twin vs device cosine per channel:" + cos);
        System.out.println("wrote " + out + "/panels.png and the single panels, " + out + "/" + HeadlessView.METRICS);
    }

    /** Whether a window can open: on Linux an X or Wayland display, elsewhere a non-headless Java. */
    public static boolean hasDisplay() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("linux")) {
            return isSet(System.getenv("DISPLAY")) || isSet(System.getenv("WAYLAND_DISPLAY"));
        }
        return !GraphicsEnvironment.isHeadless();
    }

    private static boolean isSet(String variable) {
        return variable != null && !variable.isBlank();
    }
}
