package dev.pawscope.host.arduino;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pawscope.host.board.PawscopeHome;
import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.host.dataset.ImageResizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sketches' camera scaler (boards/<board>/ps_frame_scale.h, integer arithmetic) against the
 * host's photo import (ImageResizer.coverAndCenterCrop, doubles): cover, centre crop, area
 * averaging, pixel for pixel, for the boards' camera sizes and the model inputs in use.
 */
class FrameScaleTest {

    static final Path HOME = PawscopeHome.locate();

    @TempDir
    static Path dir;
    static Path program;

    @BeforeAll
    static void build() throws Exception {
        assumeTrue(NativeTools.onPath("gcc"), "gcc is missing (Debian: sudo apt-get install gcc)");
        program = dir.resolve("frame_scale");
        NativeTools.check(List.of("gcc", "-std=c99", "-Wall", "-Wextra", "-pedantic", "-Werror", "-O1",
                "-I" + HOME.resolve("boards/nano33ble"), HOME.resolve("firmware/tests/arduino/frame_scale_main.c")
                        .toString(), "-o", program.toString()));
    }

    @Test
    void cameraFramesScaleToTheModelInputExactlyAsPhotosAreImported() throws Exception {
        int[][] sizes = {
            {176, 144, 48, 48}, {176, 144, 96, 96}, {176, 144, 32, 32}, // Nano 33 BLE: QCIF
            {160, 120, 48, 48}, {160, 120, 96, 96}, {160, 120, 32, 32}, // ESP32-CAM: QQVGA
            {176, 144, 64, 48}, {160, 120, 40, 60}, {100, 100, 100, 100}, // wider, taller, 1:1
        };
        Random random = new Random(3);
        for (int[] s : sizes) {
            byte[] src = new byte[s[0] * s[1]];
            random.nextBytes(src);
            byte[] expected = ImageResizer.coverAndCenterCrop(new GrayImage(s[0], s[1], src), s[2], s[3]).pixels();
            assertArrayEquals(expected, scale(src, s), "ps_frame_scale_cover " + s[0] + "x" + s[1] + " -> " + s[2]
                    + "x" + s[3] + " equals ImageResizer.coverAndCenterCrop");
        }
    }

    @Test
    void upscalingIsExactWhereTheHostsDoublesMayRoundAHalfEitherWay() throws Exception {
        // 30x20 -> 45x45 makes many output pixels whose exact mean ends in .5; the integer scaler
        // rounds them up (checked against exact rational arithmetic while writing it), the host's
        // doubles sometimes land just below. Never more than 1 apart.
        int[] s = {30, 20, 45, 45};
        byte[] src = new byte[s[0] * s[1]];
        new Random(5).nextBytes(src);
        byte[] expected = ImageResizer.coverAndCenterCrop(new GrayImage(s[0], s[1], src), s[2], s[3]).pixels();
        byte[] actual = scale(src, s);
        for (int i = 0; i < expected.length; i++) {
            int diff = Math.abs((expected[i] & 0xFF) - (actual[i] & 0xFF));
            assertTrue(diff <= 1, "pixel " + i + ": " + (expected[i] & 0xFF) + " vs " + (actual[i] & 0xFF));
        }
    }

    @Test
    void aUniformFrameStaysUniform() throws Exception {
        byte[] gray = new byte[176 * 144];
        java.util.Arrays.fill(gray, (byte) 200);
        byte[] out = scale(gray, new int[] {176, 144, 48, 48});
        for (byte b : out) {
            assertEquals(200, b & 0xFF);
        }
    }

    private byte[] scale(byte[] src, int[] s) throws Exception {
        Path in = Files.createTempFile(dir, "src", ".gray");
        Files.write(in, src);
        NativeTools.Run run = NativeTools.run(List.of(program.toString(), Integer.toString(s[0]), Integer.toString(s[1]),
                Integer.toString(s[2]), Integer.toString(s[3])), in, Map.of());
        assertEquals(0, run.exitCode(), run.toString());
        byte[] out = run.out().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals(s[2] * s[3], out.length, "output size");
        return out;
    }
}
