package dev.pawscope.host.link;

import dev.pawscope.host.cli.PawscopeException;
import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.quantize.interpreter.Activations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The link against the real simulated board (boards/sim, the firmware core built with gcc) over a
 * real pseudo-terminal opened with jSerialComm: what the board streams must be what the Java
 * reference interpreter computes.
 */
class BoardLinkSimTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final List<GrayImage> REEL = TinyConvNet.reel(6);

    @TempDir
    static Path buildDir;
    private static TinyConvNet model;
    private static Path sim;

    private SimProcess board;
    private BoardLink link;

    @BeforeAll
    static void buildTheSim() throws Exception {
        assumeTrue(SimProcess.toolsAvailable(), "the simulated board needs make and gcc");
        model = new TinyConvNet();
        sim = SimProcess.build(model, buildDir);
    }

    private BoardLink connect(double fps) throws Exception {
        board = SimProcess.start(sim, REEL, fps);
        link = BoardLink.open(new JSerialCommTransport(board.port()));
        link.handshake(WAIT);
        return link;
    }

    @AfterEach
    void stop() throws Exception {
        if (link != null) {
            link.close();
        }
        if (board != null) {
            board.close();
        }
    }

    @Test
    void theHandshakeReportsTheModelTheBoardWasBuiltWith() throws Exception {
        Hello hello = connect(0).hello();
        assertArrayEquals(model.sha256, hello.modelHash());
        assertEquals(Protocol.VERSION_MAJOR, hello.protocolMajor());
        assertEquals(List.of(TinyConvNet.HEIGHT, TinyConvNet.WIDTH, 1),
                List.of(hello.inputHeight(), hello.inputWidth(), hello.inputChannels()));
        assertEquals(model.graph.operators().size(), hello.layerCount());
        assertEquals(TinyConvNet.LABELS, hello.labels());
        assertEquals("sim", hello.boardId());
        assertTrue(hello.hasCapability(Protocol.CAP_CAMERA | Protocol.CAP_SET_INPUT | Protocol.CAP_MAP_RLE
                | Protocol.CAP_SEND_INPUT), hello.toString());
        assertEquals(new Layer(0, TinyConvNet.HEIGHT, TinyConvNet.WIDTH, TinyConvNet.FILTERS,
                Float.floatToIntBits(0.05f), -128), hello.layer());
    }

    @Test
    void streamedMapsAndScoresEqualTheReferenceInterpreterForEachCameraFrame() throws Exception {
        connect(20);
        ConfigAck ack = link.configure(0, link.hello().layer().allChannelsMask(), 1, 4, true, true);
        assertEquals(4, ack.config().window());
        assertEquals(TinyConvNet.FILTERS, ack.layer().channels());

        cameraFrames(1);
        long bytesBefore = link.stats().bytesReceived();
        long start = System.nanoTime();
        List<DeviceFrame> frames = cameraFrames(20);
        double seconds = (System.nanoTime() - start) / 1e9;
        long bytes = link.stats().bytesReceived() - bytesBefore;
        for (DeviceFrame frame : frames) {
            assertTrue(frame.complete(), frame.toString());
            assertEquals(ack.layer(), frame.layer().orElseThrow());
            assertEquals(3 * TinyConvNet.FILTERS + 3, frame.partsSent(), "3 MAPs per channel and 3 IMAGEs");
            byte[] input = frame.input().orElseThrow().data();
            assertTrue(REEL.stream().anyMatch(f -> Arrays.equals(f.pixels(), input)), "the input is a reel frame");
            assertEqualsInterpreter(frame, input);
        }
        LinkStats stats = link.stats();
        assertEquals(0, stats.packetsDropped());
        System.out.printf(Locale.ROOT, "sim at --fps 20, window 4, RLE, 8 channels + input: %d frames in %.2f s = "
                + "%.1f frames/s; %d bytes = %.0f bytes/s%n", frames.size(), seconds, frames.size() / seconds, bytes,
                bytes / seconds);
    }

    @Test
    void aChannelSubsetInRawSendsThoseChannelsOnly() throws Exception {
        connect(20);
        long mask = 0b1010_0101;
        link.configure(0, mask, 1, 2, false, false);
        for (DeviceFrame frame : cameraFrames(3)) {
            assertTrue(frame.complete(), frame.toString());
            assertEquals(List.of(0, 2, 5, 7), List.copyOf(frame.channels()));
            assertTrue(frame.input().isEmpty());
        }
    }

    @Test
    void setInputAnswersWithTheFrameTheInterpreterComputes() throws Exception {
        connect(0);
        link.configure(0, link.hello().layer().allChannelsMask(), 1, 1, false, true);
        GrayImage image = TinyConvNet.reel(9).get(8);
        DeviceFrame frame = link.setInput(image);
        assertTrue(frame.requested());
        assertTrue(frame.complete(), frame.toString());
        assertEqualsInterpreter(frame, image.pixels());
        Activations a = model.run(image.pixels());
        float[] real = a.outputReal();
        float[] reported = frame.dequantizedScores();
        for (int i = 0; i < real.length; i++) {
            assertEquals(real[i], reported[i], 1e-6f, "score " + i);
        }
        assertEquals(frame.frameNumber(), ((DeviceFrame) nextOf(DeviceFrame.class)).frameNumber(),
                "the answer is queued as an event too");
    }

    @Test
    void pingIsAnsweredWithPong() throws Exception {
        connect(0);
        Pong pong = link.ping();
        assertEquals(0, pong.rxDropped());
        assertEquals(0, pong.txDropped());
        assertTrue(link.ping().uptimeMs() >= pong.uptimeMs());
    }

    @Test
    void aHostThatStopsAckingPausesTheStreamAndAFrameAckResumesIt() throws Exception {
        connect(20);
        link.setAutoAck(false);
        link.configure(0, 1, 1, 4, false, true);
        List<DeviceFrame> first = cameraFrames(4);
        assertNull(nextFrame(Duration.ofSeconds(1)), "no credit: no fifth frame while 20 camera frames pass");
        assertTrue(board.isAlive());
        link.ping(); // the board still answers requests

        link.ack(first.get(3).frameNumber());
        DeviceFrame resumed = nextFrame(WAIT);
        assertTrue(resumed != null && resumed.frameNumber() == first.get(3).frameNumber() + 1,
                "the stream resumes after FRAME_ACK: " + resumed);
        assertTrue(resumed.frame().framesSkipped() > first.get(3).frame().framesSkipped(),
                "the board counted the camera frames it skipped");
    }

    @Test
    void aConfigTheBoardRefusesThrowsWithTheBoardsReason() throws Exception {
        connect(0);
        PawscopeException e = assertThrows(PawscopeException.class, () -> link.configure(99, 1, 1, 4, false, false));
        assertTrue(e.getMessage().contains("BAD_LAYER"), e.getMessage());
        e = assertThrows(PawscopeException.class, () -> link.configure(0, 1L << 8, 1, 4, false, false));
        assertTrue(e.getMessage().contains("BAD_CHANNELS"), e.getMessage());
        link.ping(); // and the link carries on
    }

    @Test
    void aBoardThatDoesNotAnswerMakesTheHandshakeTimeOutWithAClearError() throws Exception {
        board = SimProcess.start(sim, REEL, 0);
        board.pause();
        link = BoardLink.open(new JSerialCommTransport(board.port()));
        PawscopeException e = assertThrows(PawscopeException.class, () -> link.handshake(Duration.ofMillis(1200)));
        assertTrue(e.getMessage().startsWith("no HELLO from " + board.port() + " within 1200 ms"), e.getMessage());
        assertTrue(e.getMessage().contains("0 bytes received"), e.getMessage());
        assertTrue(e.hint().contains("firmware running"), e.hint());

        board.resume();
        assertArrayEquals(model.sha256, link.handshake(WAIT).modelHash(), "the board answers once it runs again");
        assertEquals(0, link.stats().packetsDropped());
        assertTrue(drainEvents().stream().noneMatch(Hello.class::isInstance),
                "late replies to the earlier HELLO_REQUESTs are not mistaken for a reboot");
    }

    @Test
    void aPortThatDoesNotExistFailsToOpenWithItsPath() {
        PawscopeException e = assertThrows(PawscopeException.class,
                () -> BoardLink.open(new JSerialCommTransport("/dev/pawscope-no-such-port")));
        assertTrue(e.getMessage().contains("/dev/pawscope-no-such-port"), e.getMessage());
    }

    private List<BoardEvent> drainEvents() throws InterruptedException {
        List<BoardEvent> events = new ArrayList<>();
        for (BoardEvent e; (e = link.nextEvent(Duration.ofMillis(300))) != null; ) {
            events.add(e);
        }
        return events;
    }

    private void assertEqualsInterpreter(DeviceFrame frame, byte[] grayInput) {
        Activations expected = model.run(grayInput);
        for (int c : frame.channels()) {
            assertArrayEquals(model.opOutputChannel(expected, 0, c), frame.map(c),
                    "frame " + frame.frameNumber() + " channel " + c);
        }
        assertArrayEquals(model.scores(expected), frame.scores(), "frame " + frame.frameNumber() + " scores");
    }

    private List<DeviceFrame> cameraFrames(int count) throws InterruptedException {
        List<DeviceFrame> frames = new ArrayList<>();
        while (frames.size() < count) {
            DeviceFrame frame = nextFrame(WAIT);
            if (frame == null) {
                throw new AssertionError("only " + frames.size() + " of " + count + " frames arrived; " + link.stats());
            }
            frames.add(frame);
        }
        return frames;
    }

    private DeviceFrame nextFrame(Duration timeout) throws InterruptedException {
        return (DeviceFrame) nextOf(DeviceFrame.class, timeout);
    }

    private BoardEvent nextOf(Class<? extends BoardEvent> type) throws InterruptedException {
        return nextOf(type, WAIT);
    }

    private BoardEvent nextOf(Class<? extends BoardEvent> type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            BoardEvent event = link.nextEvent(Duration.ofNanos(left));
            if (type.isInstance(event)) {
                return event;
            }
        }
        return null;
    }
}
