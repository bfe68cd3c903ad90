package dev.pawscope.host.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.host.quant.Int8Model;
import dev.pawscope.host.testing.TinyModel;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulated board, built from the model's generated C and spoken to over its real pty. */
class SimBoardTest {

    static final Path HOME = PawscopeHome.locate();
    static final Path GOLDEN_FRAMES = HOME.resolve("firmware/tests/golden/frames");

    @TempDir
    Path tmp;

    @Test
    void theSimAnswersHelloWithTheModelsHashAndStopsCleanly() throws Exception {
        Int8Model model = Int8Model.load(TinyModel.model());
        Path link = tmp.resolve("sim-port");
        List<String> log = new ArrayList<>();
        byte[] reel = CameraReel.encode(CameraReel.synthetic(32, 1, 4));
        try (SimBoard sim = SimBoard.start(HOME, model, reel, link, 0, tmp.resolve("cache"), log::add)) {
            assertTrue(sim.port().startsWith("/dev/pts/"), sim.port());
            assertEquals(Path.of(sim.port()), Files.readSymbolicLink(link));

            byte[] reply = exchange(sim.port(), Files.readAllBytes(GOLDEN_FRAMES.resolve("hello_request.bin")));
            byte[] packet = cobsDecode(reply);
            assertEquals(0x42, packet[0] & 0xFF, "a HELLO answers HELLO_REQUEST: " + Arrays.toString(packet));
            assertTrue(indexOf(packet, model.sha256()) > 0, "HELLO carries the model's SHA-256");

            byte[] corrupted = Files.readAllBytes(GOLDEN_FRAMES.resolve("ping.bin"));
            corrupted[3] ^= 0x10; // a bit flip inside the packet: its CRC no longer matches
            byte[] error = cobsDecode(exchange(sim.port(), corrupted));
            assertEquals(0x49, error[0] & 0xFF, "an ERROR reports the dropped packet");
            assertEquals(0x0004, (error[8] & 0xFF) | (error[9] & 0xFF) << 8, "PS_PROTO_ERROR_CORRUPT");
            // The golden SET_INPUT carries rows of a 96x96 image; this model takes 32x32.
            byte[] refused = cobsDecode(exchange(sim.port(), Files.readAllBytes(GOLDEN_FRAMES.resolve("set_input.bin"))));
            assertEquals(0x49, refused[0] & 0xFF, "an ERROR refuses an image of the wrong size");
            assertEquals(0x0105, (refused[8] & 0xFF) | (refused[9] & 0xFF) << 8, "PS_PROTO_ERROR_BAD_IMAGE");
            byte[] pong = cobsDecode(exchange(sim.port(), Files.readAllBytes(GOLDEN_FRAMES.resolve("ping.bin"))));
            assertEquals(0x41, pong[0] & 0xFF, "the board keeps running and answers the next PING");
            sim.close();
            assertFalse(sim.isAlive());
        }
        assertFalse(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS), "the link is removed on stop");
    }

    @Test
    void aSecondStartReusesTheCachedBuild() throws Exception {
        Int8Model model = Int8Model.load(TinyModel.model());
        Path first = SimBoard.build(HOME, model, tmp.resolve("cache"), line -> { });
        long built = Files.getLastModifiedTime(first).toMillis();
        List<String> log = new ArrayList<>();
        Path second = SimBoard.build(HOME, model, tmp.resolve("cache"), log::add);
        assertEquals(first, second);
        assertEquals(built, Files.getLastModifiedTime(second).toMillis());
        assertTrue(log.isEmpty(), "no rebuild: " + log);
    }

    /** Writes one packet to the port and returns the bytes of the first non-empty packet that comes back. */
    private static byte[] exchange(String port, byte[] request) throws Exception {
        try (FileOutputStream out = new FileOutputStream(port); FileInputStream in = new FileInputStream(port)) {
            out.write(request);
            out.flush();
            CompletableFuture<byte[]> reply = CompletableFuture.supplyAsync(() -> {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try {
                    for (int b; (b = in.read()) != -1; ) {
                        if (b == 0) {
                            if (bytes.size() > 0) {
                                return bytes.toByteArray();
                            }
                            continue; // an empty piece: the board's leading delimiter
                        }
                        bytes.write(b);
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                return bytes.toByteArray();
            });
            return reply.get(10, TimeUnit.SECONDS);
        }
    }

    /** Consistent-overhead byte stuffing, undone (the delimiter already stripped). */
    private static byte[] cobsDecode(byte[] encoded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < encoded.length) {
            int code = encoded[i++] & 0xFF;
            for (int k = 1; k < code && i < encoded.length; k++) {
                out.write(encoded[i++]);
            }
            if (code < 0xFF && i < encoded.length) {
                out.write(0);
            }
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(Arrays.copyOfRange(haystack, i, i + needle.length), needle)) {
                return i;
            }
        }
        return -1;
    }
}
