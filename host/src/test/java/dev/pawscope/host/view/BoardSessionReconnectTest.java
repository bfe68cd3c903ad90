package dev.pawscope.host.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.host.board.CameraReel;
import dev.pawscope.host.board.PawscopeHome;
import dev.pawscope.host.board.SimBoard;
import dev.pawscope.host.cli.ExitCode;
import dev.pawscope.host.cli.PawscopeException;
import dev.pawscope.host.cli.PawscopeMain;
import dev.pawscope.host.link.BoardEvent;
import dev.pawscope.host.link.DeviceFrame;
import dev.pawscope.host.link.LinkState;
import dev.pawscope.host.link.ReconnectPolicy;
import dev.pawscope.host.quant.Int8Model;
import dev.pawscope.host.testing.TinyModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reconnecting for real: a simulated board streams over a real pty behind a stable link path
 * (as `pawscope board start sim --link PATH` makes); the test kills it mid-stream (SIGKILL: no
 * goodbye, like a pulled cable), starts a new one at the same path, and the session must find it,
 * handshake, configure it as before and stream again.
 */
class BoardSessionReconnectTest {

    static final Path HOME = PawscopeHome.locate();
    /** Quick to notice and quick to give up, so the tests stay short. */
    static final ReconnectPolicy FAST = new ReconnectPolicy(Duration.ofSeconds(1), Duration.ofMillis(100),
            Duration.ofMillis(500), Duration.ofSeconds(20), Duration.ofSeconds(3));

    private static Int8Model model;

    @TempDir
    static Path cache;

    @TempDir
    Path tmp;

    private final List<SimBoard> sims = new CopyOnWriteArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void loadModel() {
        model = Int8Model.load(TinyModel.model());
    }

    @AfterEach
    void stopSims() throws Exception {
        for (SimBoard sim : sims) {
            sim.close();
        }
    }

    @Test
    void aBoardKilledMidStreamAndStartedAgainAtTheSamePathIsReconnectedAndStreamsAgain() throws Exception {
        Path port = tmp.resolve("board");
        SimBoard first = startSim(model, port);
        try (BoardSession session = BoardSession.open(port.toString(), model, 0, FAST, log::add)) {
            session.configure(0, 0b11);
            DeviceFrame before = frame(session, Duration.ofSeconds(10));
            assertEquals(List.of(0, 1), List.copyOf(before.channels()));

            kill(first);
            waitFor(session, LinkState.Phase.RECONNECTING, Duration.ofSeconds(10));
            assertTrue(session.linkState().orElseThrow().describe().startsWith("reconnecting to " + port + "... (attempt "),
                    session.linkState().orElseThrow().describe());
            startSim(model, port);

            DeviceFrame after = frame(session, Duration.ofSeconds(20));
            LinkState state = session.linkState().orElseThrow();
            assertEquals(LinkState.Phase.CONNECTED, state.phase());
            assertEquals(1, state.reconnects());
            assertEquals(List.of(0, 1), List.copyOf(after.channels()), "the CONFIG chosen before is sent again");
            assertTrue(session.modelHashMatches());
            assertTrue(log.stream().anyMatch(l -> l.startsWith("lost " + port)), log.toString());
            assertTrue(log.stream().anyMatch(l -> l.startsWith("reconnecting to " + port + "... (attempt 1)")),
                    log.toString());
            assertTrue(log.stream().anyMatch(l -> l.startsWith("reconnected to " + port)), log.toString());
        }
    }

    @Test
    void aBoardResetBehindAnOpenPortIsNoticedConfiguredAgainAndStreamsAgain() throws Exception {
        Path port = tmp.resolve("board");
        SimBoard sim = startSim(model, port);
        try (BoardSession session = BoardSession.open(port.toString(), model, 0, FAST, log::add)) {
            session.configure(0, 0b101);
            frame(session, Duration.ofSeconds(10));

            // SIGUSR1: the sim's firmware starts again (boot configuration: streaming nothing) on the same pty
            new ProcessBuilder("kill", "-USR1", Long.toString(sim.pid())).start().waitFor();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (session.linkState().orElseThrow().reconnects() < 1 && System.nanoTime() < deadline) {
                session.nextEvent(Duration.ofMillis(100));
            }
            DeviceFrame after = frame(session, Duration.ofSeconds(20));
            assertEquals(List.of(0, 2), List.copyOf(after.channels()), "configured again after the reset");
            LinkState state = session.linkState().orElseThrow();
            assertEquals(LinkState.Phase.CONNECTED, state.phase());
            assertEquals(1, state.reconnects());
            assertTrue(log.stream().anyMatch(l -> l.contains("the board restarted")), log.toString());
        }
    }

    @Test
    void aBoardThatComesBackWithAnotherModelIsReportedAndNotShown() throws Exception {
        Path other = tmp.resolve("other-model");
        copy(TinyModel.model(), other);
        // fewer calibration images: other activation ranges, so another int8 model and hash
        assertEquals(0, quietly("quantize", other.toString(), "--calib", TinyModel.data().toString(),
                "--calib-images", "12"));
        Int8Model otherModel = Int8Model.load(other);
        assertFalse(otherModel.hashHex().equals(model.hashHex()), "the re-quantized model differs");

        Path port = tmp.resolve("board");
        SimBoard first = startSim(model, port);
        try (BoardSession session = BoardSession.open(port.toString(), model, 0, FAST, log::add)) {
            session.configure(0, 1);
            frame(session, Duration.ofSeconds(10));
            kill(first);
            waitFor(session, LinkState.Phase.RECONNECTING, Duration.ofSeconds(10));
            startSim(otherModel, port);

            PawscopeException e = assertThrows(PawscopeException.class, () -> frame(session, Duration.ofSeconds(20)));
            assertEquals(ExitCode.BAD_INPUT, e.exitCode());
            assertTrue(e.getMessage().contains("came back running another model: " + otherModel.hashHex()
                    .substring(0, 16)) && e.getMessage().contains("before " + model.hashHex().substring(0, 16)),
                    e.getMessage());
            assertTrue(e.hint().contains("--model"), e.hint());
            assertEquals(LinkState.Phase.FAILED, session.linkState().orElseThrow().phase());
        }
    }

    @Test
    void aBoardThatNeverComesBackIsGivenUpWithAClearMessage() throws Exception {
        Path port = tmp.resolve("board");
        SimBoard sim = startSim(model, port);
        ReconnectPolicy giveUpSoon = FAST.withGiveUpAfter(Duration.ofSeconds(2));
        try (BoardSession session = BoardSession.open(port.toString(), model, 0, giveUpSoon, log::add)) {
            session.configure(0, 1);
            frame(session, Duration.ofSeconds(10));
            sim.close(); // SIGTERM: the sim removes its link, as a USB device node disappears

            PawscopeException e = assertThrows(PawscopeException.class, () -> frame(session, Duration.ofSeconds(20)));
            assertEquals(ExitCode.IO, e.exitCode());
            assertTrue(e.getMessage().startsWith(port + " did not come back within 2 s"), e.getMessage());
            assertTrue(e.getMessage().contains(port + " is gone"), e.getMessage());
            LinkState state = session.linkState().orElseThrow();
            assertEquals(LinkState.Phase.FAILED, state.phase());
            assertTrue(state.describe().startsWith("disconnected: "), state.describe());
        }
    }

    @Test
    void theHeadlessViewerRidesOutAKilledBoardAndCountsTheReconnectInMetricsJson() throws Exception {
        FrameAnalyzer analyzer = FrameAnalyzer.load(TinyModel.model());
        Path port = tmp.resolve("board");
        Path out = Files.createDirectories(tmp.resolve("out"));
        SimBoard first = startSim(model, port);
        java.util.concurrent.CountDownLatch tenFrames = new java.util.concurrent.CountDownLatch(1);
        List<String> progress = new CopyOnWriteArrayList<>();
        try (BoardSession session = BoardSession.open(port.toString(), model, 0, FAST, log::add)) {
            var run = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return HeadlessView.run(session, analyzer, new HeadlessView.Options(30, false, null, null), out,
                            line -> {
                                progress.add(line);
                                if (line.startsWith("10/30 frames")) {
                                    tenFrames.countDown();
                                }
                            });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(tenFrames.await(30, java.util.concurrent.TimeUnit.SECONDS), progress.toString());
            kill(first);
            waitFor(session, LinkState.Phase.RECONNECTING, Duration.ofSeconds(10));
            startSim(model, port);
            ViewMetrics metrics = run.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(30, metrics.framesReceived());
            assertEquals(1, metrics.reconnects());
            assertTrue(metrics.mapsEqualEmulator(), "frames after the reconnect still equal the emulator's");
            assertTrue(Files.readString(out.resolve(HeadlessView.METRICS)).contains("\"reconnects\" : 1"),
                    Files.readString(out.resolve(HeadlessView.METRICS)));
        }
    }

    // ------------------------------------------------------------------ helpers

    private SimBoard startSim(Int8Model m, Path link) throws Exception {
        byte[] reel = CameraReel.encode(CameraReel.synthetic(32, 3, 8));
        SimBoard sim = SimBoard.start(HOME, m, reel, link, 20, cache, line -> { });
        sims.add(sim);
        return sim;
    }

    private static void kill(SimBoard sim) throws Exception {
        ProcessHandle.of(sim.pid()).orElseThrow().destroyForcibly();
        sim.waitFor();
    }

    /** The next camera frame streamed with the session's CONFIG (its input image attached). */
    private static DeviceFrame frame(BoardSession session, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            BoardEvent e = session.nextEvent(Duration.ofMillis(200));
            if (e instanceof DeviceFrame f && f.input().isPresent() && f.complete()) {
                return f;
            }
        }
        throw new AssertionError("no frame within " + within + "; link " + session.linkState().orElseThrow());
    }

    private static void waitFor(BoardSession session, LinkState.Phase phase, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (session.linkState().orElseThrow().phase() != phase) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not " + phase + " within " + within + ": " + session.linkState());
            }
            session.nextEvent(Duration.ofMillis(50));
        }
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static int quietly(String... args) {
        var out = System.out;
        var err = System.err;
        try {
            var sink = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
            System.setOut(sink);
            System.setErr(sink);
            return PawscopeMain.execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
