package dev.pawscope.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pawscope.host.board.CameraReel;
import dev.pawscope.host.board.PawscopeHome;
import dev.pawscope.host.board.QemuTools;
import dev.pawscope.host.board.SimBoard;
import dev.pawscope.host.io.Json;
import dev.pawscope.host.link.discovery.PortLister;
import dev.pawscope.host.quant.Int8Model;
import dev.pawscope.host.testing.TinyModel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pawscope view --headless} end to end against the real simulated board. */
class ViewCommandTest {

    static final List<String> PANELS = List.of("input.png", "device_maps.png", "float_maps.png", "difference.png",
            "predictions.png", "checks.png", "saliency.png", "panels.png");

    @TempDir
    Path tmp;

    @Test
    void headlessViewOfTheSimWritesEveryPanelAndMetricsThatMatchTheEmulator() throws Exception {
        Path out = tmp.resolve("view");
        Path recording = tmp.resolve("session.psrec");
        CliRun run = CliRun.of("view", "--headless", "--frames", "6", "--out", out.toString(), "--board", "sim",
                "--model", TinyModel.model().toString(), "--saliency", "gradcam", "--record", recording.toString());
        assertEquals(0, run.exitCode(), run.toString());
        keep(out, "sim");

        JsonNode m = Json.mapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(6, m.get("frames_received").asInt());
        assertEquals(0, m.get("corrupt_frames").asInt());
        assertTrue(m.get("maps_equal_emulator").asBoolean(), m.toString());
        assertEquals(6, m.get("frames_equal_emulator").asInt());
        assertTrue(m.get("model_hash_matches").asBoolean());
        assertEquals("sim", m.get("board").asText());
        assertTrue(m.get("frames_per_second").asDouble() > 0, m.toString());
        assertEquals("gradcam", m.get("saliency_method").asText());
        JsonNode cosine = m.get("float_device_cosine");
        assertEquals(8, cosine.size(), "one cosine per first-layer channel");
        for (JsonNode c : cosine) {
            assertTrue(c.asDouble() > 0.9 && c.asDouble() <= 1.0000001, "int8 maps track the float twin: " + cosine);
        }
        for (String panel : PANELS) {
            BufferedImage image = ImageIO.read(out.resolve(panel).toFile());
            assertTrue(image.getWidth() > 200 && image.getHeight() > 150, panel + " " + image.getWidth() + "x"
                    + image.getHeight());
        }
        assertTrue(run.out().contains("every streamed map equals the Java int8 interpreter's"), run.out());
        assertTrue(run.out().contains("6 frames from /dev/pts/"), run.out());

        Path replayed = tmp.resolve("replayed");
        CliRun replay = CliRun.of("view", "--headless", "--frames", "6", "--out", replayed.toString(), "--replay",
                recording.toString(), "--model", TinyModel.model().toString());
        assertEquals(0, replay.exitCode(), replay.toString());
        JsonNode r = Json.mapper().readTree(replayed.resolve("metrics.json").toFile());
        assertEquals(6, r.get("frames_received").asInt());
        assertTrue(r.get("maps_equal_emulator").asBoolean());
        assertEquals(m.get("float_device_cosine"), r.get("float_device_cosine"), "the replay is the same session");

        CliRun longer = CliRun.of("view", "--headless", "--frames", "50", "--out", tmp.resolve("all").toString(),
                "--replay", recording.toString(), "--model", TinyModel.model().toString());
        assertEquals(0, longer.exitCode(), longer.toString());
        assertTrue(longer.err().contains("the recording ends after 6 frames"), longer.err());
    }

    @Test
    void everyFrameWritesEachFramesPanelsAndAnExistingOutputNeedsForce() throws Exception {
        Path out = tmp.resolve("view");
        String[] args = {"view", "--headless", "--frames", "3", "--every-frame", "--out", out.toString(),
                "--model", TinyModel.model().toString(), "--saliency", "occlusion"};
        CliRun run = CliRun.of(args);
        assertEquals(0, run.exitCode(), run.toString());
        keep(out, "every-frame");
        try (Stream<Path> frames = Files.list(out.resolve("frames"))) {
            List<Path> dirs = frames.sorted().toList();
            assertEquals(3, dirs.size(), dirs.toString());
            for (Path dir : dirs) {
                for (String panel : PANELS) {
                    assertTrue(Files.isRegularFile(dir.resolve(panel)), dir.resolve(panel).toString());
                }
            }
        }
        CliRun again = CliRun.of(args);
        assertEquals(3, again.exitCode(), again.toString());
        assertTrue(again.err().contains("already exists") && again.err().contains("--force"), again.err());
    }

    @Test
    void aBoardRunningAnotherModelIsNamedClearly() throws Exception {
        Path other = tmp.resolve("other");
        copy(TinyModel.model(), other);
        CliRun requantized = CliRun.of("quantize", other.toString(), "--calib", TinyModel.data().toString(),
                "--calib-images", "12");
        assertEquals(0, requantized.exitCode(), requantized.toString());
        Int8Model tiny = Int8Model.load(TinyModel.model());
        assertFalse(tiny.hashHex().equals(Int8Model.load(other).hashHex()), "another calibration, another model");

        byte[] reel = CameraReel.encode(CameraReel.synthetic(32, 1, 4));
        try (SimBoard sim = SimBoard.start(PawscopeHome.locate(), tiny, reel, null, 10, SimBoard.defaultCacheRoot(),
                line -> { })) {
            CliRun run = CliRun.of("view", "--headless", "--frames", "2", "--out", tmp.resolve("v").toString(),
                    "--board", sim.port(), "--model", other.toString());
            assertEquals(3, run.exitCode(), run.toString());
            assertTrue(run.err().contains("the board runs model " + tiny.hashHex().substring(0, 16)), run.err());
            assertTrue(run.err().contains("hint: pass the --model the board was built with"), run.err());
            assertFalse(Files.exists(tmp.resolve("v")), "nothing half-written");

            CliRun anyway = CliRun.of("view", "--headless", "--frames", "2", "--out", tmp.resolve("w").toString(),
                    "--board", sim.port(), "--model", other.toString(), "--allow-model-mismatch");
            assertTrue(anyway.err().contains("warning: the board runs model"), anyway.toString());
            JsonNode m = Json.mapper().readTree(tmp.resolve("w").resolve("metrics.json").toFile());
            assertFalse(m.get("model_hash_matches").asBoolean());
        }
    }

    @Test
    void usageMistakesAreRefusedWithAHint() throws Exception {
        CliRun noOut = CliRun.of("view", "--headless", "--model", TinyModel.model().toString());
        assertEquals(2, noOut.exitCode(), noOut.toString());
        assertTrue(noOut.err().contains("--headless needs --out DIR"), noOut.err());
        CliRun badMethod = CliRun.of("view", "--headless", "--out", tmp.resolve("x").toString(), "--saliency",
                "lime", "--model", TinyModel.model().toString());
        assertEquals(2, badMethod.exitCode(), badMethod.toString());
        assertTrue(badMethod.err().contains("gradient, smoothgrad, guided, gradcam, integrated, occlusion"),
                badMethod.err());
        CliRun noPort = CliRun.of("view", "--headless", "--out", tmp.resolve("y").toString(), "--board",
                "/dev/pawscope-no-such-port", "--model", TinyModel.model().toString());
        assertEquals(3, noPort.exitCode(), noPort.toString());
        assertTrue(noPort.err().contains("no serial port at /dev/pawscope-no-such-port"), noPort.err());
        // a USB board is looked for by its VID:PID; the port list is simulated (empty) so a Nano on this machine
        // cannot change the answer
        Path noPorts = tmp.resolve("no-ports.txt");
        Files.writeString(noPorts, "/dev/ttyS0 -\n");
        System.setProperty(PortLister.SIMULATED_PROPERTY, noPorts.toString());
        CliRun realBoard;
        try {
            realBoard = CliRun.of("view", "--headless", "--out", tmp.resolve("z").toString(), "--board",
                    "nano33ble", "--model", TinyModel.model().toString());
        } finally {
            System.clearProperty(PortLister.SIMULATED_PROPERTY);
        }
        assertEquals(4, realBoard.exitCode(), realBoard.toString());
        assertTrue(realBoard.err().contains("no Arduino Nano 33 BLE Sense is connected")
                && realBoard.err().contains("ports now: /dev/ttyS0 (not USB)"), realBoard.err());
        CliRun badOrder = CliRun.of("view", "--headless", "--out", tmp.resolve("o").toString(), "--data-order",
                "shuffle", "--model", TinyModel.model().toString());
        assertEquals(2, badOrder.exitCode(), badOrder.toString());
        assertTrue(badOrder.err().contains("unknown --data-order 'shuffle'") && badOrder.err().contains("cycle or random"),
                badOrder.err());
        CliRun noWait = CliRun.of("view", "--headless", "--out", tmp.resolve("w").toString(), "--reconnect-timeout",
                "0", "--model", TinyModel.model().toString());
        assertEquals(2, noWait.exitCode(), noWait.toString());
        assertTrue(noWait.err().contains("expected --reconnect-timeout between 0 and 86400 seconds, found 0.0"),
                noWait.err());
        CliRun otherData = CliRun.of("view", "--headless", "--out", tmp.resolve("d").toString(), "--data",
                tmp.toString(), "--model", TinyModel.model().toString());
        assertEquals(3, otherData.exitCode(), otherData.toString());
    }

    @Test
    void qemuM4IsStartedSentTestImagesAndStoppedByTheViewer() throws IOException {
        assumeTrue(QemuTools.present(),
                "make, arm-none-eabi-gcc or qemu-system-arm is missing");
        Path out = tmp.resolve("m4");
        CliRun qemu = CliRun.of("view", "--headless", "--frames", "3", "--out", out.toString(), "--board", "qemu-m4",
                "--data", TinyModel.data().toString(), "--model", TinyModel.model().toString());
        assertEquals(0, qemu.exitCode(), qemu.toString());
        assertTrue(qemu.err().contains("starting qemu-m4 for model ") && qemu.err().contains("QEMU booted (pid ")
                && qemu.err().contains("the board has no camera: sending it "), qemu.err());
        assertTrue(qemu.out().contains("every streamed map equals the Java int8 interpreter's"), qemu.out());
        String metrics = Files.readString(out.resolve("metrics.json"));
        assertTrue(metrics.contains("\"board\" : \"qemu-m4\"") && metrics.contains("\"maps_equal_emulator\" : true")
                && metrics.contains("\"reconnects\" : 0"), metrics);
    }

    /** Copies a run's output to $PAWSCOPE_KEEP_PANELS/NAME, to look at the PNGs after the tests. */
    static void keep(Path out, String name) throws IOException {
        String keep = System.getenv("PAWSCOPE_KEEP_PANELS");
        if (keep != null) {
            copy(out, Path.of(keep, name));
        }
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
