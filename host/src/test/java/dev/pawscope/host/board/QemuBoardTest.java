package dev.pawscope.host.board;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pawscope.host.quant.Int8Model;
import dev.pawscope.host.testing.TinyModel;
import dev.pawscope.quantize.interpreter.Interpreter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The qemu-m4 board for real: the firmware cross-compiled for the Cortex-M4F, booted in QEMU and
 * spoken to over its pseudo-terminal. Skipped where make, arm-none-eabi-gcc or qemu-system-arm is
 * missing (.ci/run installs them).
 */
class QemuBoardTest {

    static final Path HOME = PawscopeHome.locate();
    static final Path GOLDEN_FRAMES = HOME.resolve("firmware/tests/golden/frames");
    /** Requests wait for QEMU to notice the pty is open (it polls once a second) and for the reply. */
    static final Duration REPLY = Duration.ofSeconds(10);

    static final int HELLO_REQUEST = 0x02;
    static final int SET_INPUT = 0x04;
    static final int HELLO = 0x42;
    static final int INPUT_ACK = 0x44;
    static final int FRAME = 0x45;
    static final int PIXEL_INPUT_S8 = 2;
    static final int TIME_INSTRUCTIONS = 3;
    static final int IMAGE_CHUNK_SIZE = 10;
    /** One SysTick tick at 25 MHz under -icount shift=0 (boards/qemu-m4/qemu_m4_clock.h). */
    static final long INSTRUCTIONS_PER_TICK = 40;

    /** One cache for the class: the first test builds the firmware, the others reuse it. */
    @TempDir
    static Path cache;

    @TempDir
    Path tmp;

    @BeforeAll
    static void toolsArePresent() {
        assumeTrue(QemuTools.present(), "make, arm-none-eabi-gcc or qemu-system-arm is missing (Debian: sudo "
                + "apt-get install make gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm)");
    }

    @Test
    void theBoardAnswersHelloWithTheModelsHashAndItsBoardId() throws Exception {
        Int8Model model = Int8Model.load(TinyModel.model());
        try (QemuBoard board = QemuBoard.start(HOME, model, null, cache, line -> { });
                PtyTestLink link = new PtyTestLink(board.port())) {
            assertTrue(board.port().startsWith("/dev/pts/"), board.port());
            link.sendRaw(Files.readAllBytes(GOLDEN_FRAMES.resolve("hello_request.bin")));
            byte[] hello = link.await(HELLO, REPLY);
            assertArrayEquals(model.sha256(), PtyTestLink.payload(hello, 12, 32), "HELLO.model_hash");
            int idLength = PtyTestLink.u8(hello, 68);
            assertEquals("qemu-m4", new String(PtyTestLink.payload(hello, 69, idLength), StandardCharsets.UTF_8));
            assertEquals(0, PtyTestLink.u32(hello, 8) & 0x8, "no CAP_CAMERA: the board runs host-sent frames only");
        }
    }

    @Test
    void aSetInputIsAnsweredWithAFrameTimedInInstructionsWhoseScoresEqualTheReferenceInterpreters()
            throws Exception {
        Int8Model model = Int8Model.load(TinyModel.model());
        byte[] input = new byte[model.graph().inputTensor().elementCount()];
        new Random(42).nextBytes(input);
        byte[] expected = new Interpreter(model.graph()).run(input).int8(model.graph().outputs()[0]);

        try (QemuBoard board = QemuBoard.start(HOME, model, null, cache, line -> { });
                PtyTestLink link = new PtyTestLink(board.port())) {
            link.send(HELLO_REQUEST, new byte[] {1, 0});
            byte[] hello = link.await(HELLO, REPLY);
            int height = PtyTestLink.u16(hello, 44);
            int width = PtyTestLink.u16(hello, 46);
            int channels = PtyTestLink.u16(hello, 48);
            int rxPayloadMax = PtyTestLink.u16(hello, 50);
            assertEquals(input.length, height * width * channels, "HELLO's input shape is the model's");

            List<Long> times = new ArrayList<>();
            for (int run = 0; run < 2; run++) {
                byte[] frame = setInput(link, input, height, width, channels, rxPayloadMax);
                assertEquals(PtyTestLink.FLAG_REPLY, frame[1] & PtyTestLink.FLAG_REPLY, "the FRAME answers SET_INPUT");
                assertEquals(TIME_INSTRUCTIONS, PtyTestLink.u8(frame, 26), "FRAME.time_unit is INSTRUCTIONS");
                long instructions = PtyTestLink.u32(frame, 4);
                assertTrue(instructions > 0, "FRAME.inference_time " + instructions);
                int scoreCount = PtyTestLink.u8(frame, 27);
                assertArrayEquals(expected, PtyTestLink.payload(frame, 28, scoreCount),
                        "the Cortex-M4's scores are the reference interpreter's: " + Arrays.toString(expected));
                times.add(instructions);
            }
            assertTrue(Math.abs(times.get(0) - times.get(1)) <= INSTRUCTIONS_PER_TICK,
                    "-icount makes the same inference cost the same instructions, to one SysTick tick: " + times);
        }
    }

    @Test
    void aSecondStartReusesTheCachedFirmwareWhichFitsTheNano33Ble() throws Exception {
        Int8Model model = Int8Model.load(TinyModel.model());
        QemuFirmware first = QemuFirmware.build(HOME, model, cache, line -> { });
        long built = Files.getLastModifiedTime(first.elf()).toMillis();
        List<String> log = new ArrayList<>();
        QemuFirmware second = QemuFirmware.build(HOME, model, cache, log::add);
        assertEquals(first, second);
        assertEquals(built, Files.getLastModifiedTime(second.elf()).toMillis());
        assertTrue(log.isEmpty(), "no rebuild: " + log);

        BoardSpec nano = BoardSpec.load(HOME, "nano33ble");
        assertTrue(first.flashBytes() > 0 && first.flashBytes() <= nano.flashBytes(), "flash " + first.flashBytes());
        assertTrue(first.ramBytes() > 0 && first.ramBytes() <= nano.ramBytes(), "RAM " + first.ramBytes());
    }

    @Test
    void closingStopsQemuAndRemovesTheLink() throws Exception {
        Int8Model model = Int8Model.load(TinyModel.model());
        Path linkPath = tmp.resolve("qemu-port");
        QemuBoard board = QemuBoard.start(HOME, model, linkPath, cache, line -> { });
        assertEquals(Path.of(board.port()), Files.readSymbolicLink(linkPath));
        assertTrue(board.isAlive());
        board.close();
        assertFalse(board.isAlive());
        assertTrue(board.stoppedOnRequest(board.waitFor()), "a requested stop is not reported as a crash");
        assertFalse(Files.exists(linkPath, LinkOption.NOFOLLOW_LINKS), "the link is removed on stop");
    }

    /** Sends the image in as many SET_INPUT chunks as the board's payload limit needs; returns the FRAME. */
    private static byte[] setInput(PtyTestLink link, byte[] input, int height, int width, int channels,
            int rxPayloadMax) throws Exception {
        int rowBytes = width * channels;
        int rowsPerPacket = (rxPayloadMax - IMAGE_CHUNK_SIZE) / rowBytes;
        byte[] reply = null;
        for (int row0 = 0; row0 < height; row0 += rowsPerPacket) {
            int rows = Math.min(rowsPerPacket, height - row0);
            ByteBuffer chunk = ByteBuffer.allocate(IMAGE_CHUNK_SIZE + rows * rowBytes).order(ByteOrder.LITTLE_ENDIAN);
            chunk.put((byte) PIXEL_INPUT_S8).put((byte) channels).putShort((short) height).putShort((short) width)
                    .putShort((short) row0).putShort((short) rows).put(input, row0 * rowBytes, rows * rowBytes);
            int seq = link.send(SET_INPUT, chunk.array());
            // the last chunk's FRAME comes after the MAP parts of layer 0 (skipped here)
            reply = link.await(row0 + rows < height ? INPUT_ACK : FRAME, REPLY);
            assertEquals(seq, PtyTestLink.refSeq(reply), "the reply's ref_seq is the chunk's seq");
        }
        return reply;
    }
}
