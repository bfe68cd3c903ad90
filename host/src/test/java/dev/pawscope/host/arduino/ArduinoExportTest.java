package dev.pawscope.host.arduino;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.host.board.BoardSpec;
import dev.pawscope.host.board.PawscopeHome;
import dev.pawscope.host.testing.TinyModel;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pawscope export arduino}: the library zip (Arduino library format 1.5), the PlatformIO
 * project beside it, the boards' recipes, and the errors a user can meet.
 */
class ArduinoExportTest {

    static final Path HOME = PawscopeHome.locate();

    @TempDir
    Path tmp;

    @Test
    void theZipIsAnArduinoLibraryWithTheCoreTheModelAndASketchPerBoard() throws Exception {
        Path zip = tmp.resolve("pawnet-arduino.zip");
        NativeTools.Run run = NativeTools.cli("export", "arduino", TinyModel.model().toString(), "--out", zip.toString(),
                "--port", "/dev/ttyACM0");
        assertEquals(0, run.exitCode(), run.toString());
        Map<String, byte[]> files = unzip(zip);
        assertTrue(files.keySet().stream().allMatch(p -> p.startsWith("pawscope/")), "one root folder: " + files.keySet());

        Properties props = new Properties();
        props.load(new StringReader(new String(files.get("pawscope/library.properties"), StandardCharsets.UTF_8)));
        for (String key : List.of("name", "version", "author", "maintainer", "sentence", "paragraph", "category", "url",
                "architectures")) {
            assertFalse(props.getProperty(key, "").isBlank(), "library.properties needs " + key);
        }
        assertEquals("pawscope", props.getProperty("name"));
        assertTrue(props.getProperty("version").matches("\\d+\\.\\d+\\.\\d+"), "semver: " + props.getProperty("version"));
        assertTrue(List.of("Display", "Communication", "Signal Input/Output", "Sensors", "Device Control", "Timing",
                "Data Storage", "Data Processing", "Other").contains(props.getProperty("category")));
        assertEquals(Set.of("mbed_nano", "esp32"), Set.of(props.getProperty("architectures").split(",")));
        assertEquals("pawscope.h", props.getProperty("includes"));

        // src/: the whole firmware core, byte for byte, flat beside the generated model
        List<Path> core = new ArrayList<>();
        try (Stream<Path> a = Files.list(HOME.resolve("firmware/include")); Stream<Path> b = Files.list(
                HOME.resolve("firmware/src"))) {
            a.filter(p -> p.toString().endsWith(".h")).forEach(core::add);
            b.filter(p -> p.toString().endsWith(".c") || p.toString().endsWith(".h")).forEach(core::add);
        }
        for (Path file : core) {
            byte[] copy = files.get("pawscope/src/" + file.getFileName());
            assertArrayEquals(Files.readAllBytes(file), copy, "src/ holds " + file.getFileName());
        }
        for (String generated : List.of("ps_generated_model.h", "ps_generated_model.c", "pawscope.h")) {
            assertTrue(files.containsKey("pawscope/src/" + generated), generated);
        }
        assertEquals(core.size() + 3, files.keySet().stream().filter(p -> p.startsWith("pawscope/src/")).count(),
                "nothing else in src/, and no subfolders");
        String umbrella = text(files, "pawscope/src/pawscope.h");
        assertTrue(umbrella.contains("extern \"C\" {") && umbrella.contains("#include \"ps_app.h\"")
                && umbrella.contains("#include \"ps_generated_model.h\""), umbrella);

        // examples/: each board's sketch folder, with its board.json baud rate
        for (String board : List.of("nano33ble", "esp32cam")) {
            String ino = text(files, "pawscope/examples/" + board + "/" + board + ".ino");
            int baud = BoardSpec.load(HOME, board).baud();
            assertTrue(ino.contains("\n#define PS_BAUD " + baud + "\n"), board + " runs at its board.json baud " + baud);
            assertTrue(ino.contains("port.board_id = \"" + board + "\";"), "HELLO names the board");
            assertArrayEquals(Files.readAllBytes(HOME.resolve("boards/" + board + "/ps_frame_scale.h")),
                    files.get("pawscope/examples/" + board + "/ps_frame_scale.h"), "the header beside the sketch");
        }
        assertTrue(text(files, "pawscope/extras/memory_plan.json").contains("\"arena_bytes\""));

        // the PlatformIO project beside the zip
        Path pio = tmp.resolve("pawnet-arduino-platformio");
        String ini = Files.readString(pio.resolve("platformio.ini"));
        assertTrue(ini.contains("[platformio]\ndefault_envs = nano33ble\n"), ini);
        assertTrue(ini.contains("[env:nano33ble]\nplatform = nordicnrf52\nboard = nano33ble\nframework = arduino\n"
                + "lib_deps =\n    arduino-libraries/Arduino_OV767X\n"), ini);
        assertTrue(ini.contains("[env:esp32cam]\nplatform = espressif32\nboard = esp32cam\nframework = arduino\n"), ini);
        assertArrayEquals(files.get("pawscope/examples/nano33ble/nano33ble.ino"),
                Files.readAllBytes(pio.resolve("src/main.cpp")), "src/main.cpp is the chosen board's sketch");
        assertTrue(Files.isRegularFile(pio.resolve("src/ps_frame_scale.h")));
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            String path = file.getKey().substring("pawscope/".length());
            if (path.equals("library.properties") || path.startsWith("src/")) {
                assertArrayEquals(file.getValue(), Files.readAllBytes(pio.resolve("lib/pawscope/" + path)), path);
            }
        }

        // what to run, from board.json
        assertTrue(run.out().contains("arduino-cli compile --fqbn arduino:mbed_nano:nano33ble --library "
                + tmp.resolve("pawnet-arduino/pawscope") + " " + tmp.resolve("pawnet-arduino/pawscope/examples/nano33ble")),
                run.out());
        assertTrue(run.out().contains("arduino-cli upload --fqbn arduino:mbed_nano:nano33ble --port /dev/ttyACM0 "),
                run.out());
        assertTrue(run.out().contains("pio run -e nano33ble -t upload"), run.out());
    }

    @Test
    void theSameExportGivesTheSameZipAndForceReplacesOnlyPawscopesOwn() throws Exception {
        Path zip = tmp.resolve("lib.zip");
        String model = TinyModel.model().toString();
        assertEquals(0, NativeTools.cli("export", "arduino", model, "--out", zip.toString(), "--board", "esp32cam")
                .exitCode());
        byte[] first = Files.readAllBytes(zip);
        NativeTools.Run again = NativeTools.cli("export", "arduino", model, "--out", zip.toString(), "--board",
                "esp32cam");
        assertEquals(3, again.exitCode(), "an existing zip needs --force: " + again);
        assertTrue(again.err().contains("already exists"), again.err());
        assertEquals(0, NativeTools.cli("export", "arduino", model, "--out", zip.toString(), "--board", "esp32cam",
                "--force").exitCode());
        assertArrayEquals(first, Files.readAllBytes(zip), "entries sorted, fixed times: a reproducible zip");
        assertTrue(Files.readString(tmp.resolve("lib-platformio/platformio.ini")).contains("default_envs = esp32cam"));
        assertTrue(Files.readString(tmp.resolve("lib-platformio/src/main.cpp")).contains("esp_camera_fb_get"),
                "--board esp32cam puts the ESP32-CAM sketch in src/main.cpp");

        Path notOurs = tmp.resolve("photos.zip");
        Files.writeString(notOurs, "not a zip");
        NativeTools.Run refused = NativeTools.cli("export", "arduino", model, "--out", notOurs.toString(), "--force");
        assertEquals(3, refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains("replaces only a library zip pawscope made"), refused.err());
        assertEquals("not a zip", Files.readString(notOurs), "left as it was");
    }

    @Test
    void errorsSayWhatWasExpected() throws Exception {
        String model = TinyModel.model().toString();
        NativeTools.Run notZip = NativeTools.cli("export", "arduino", model, "--out", tmp.resolve("lib").toString());
        assertEquals(3, notZip.exitCode(), notZip.toString());
        assertTrue(notZip.err().contains("expected --out FILE.zip"), notZip.err());

        NativeTools.Run sim = NativeTools.cli("export", "arduino", model, "--out", tmp.resolve("a.zip").toString(),
                "--board", "sim");
        assertEquals(3, sim.exitCode(), sim.toString());
        assertTrue(sim.err().contains("board 'sim' is not built as an Arduino sketch")
                && sim.err().contains("esp32cam, nano33ble"), sim.err());

        NativeTools.Run unknown = NativeTools.cli("export", "arduino", model, "--out", tmp.resolve("a.zip").toString(),
                "--board", "uno");
        assertEquals(3, unknown.exitCode(), unknown.toString());
        assertTrue(unknown.err().contains("unknown board 'uno'"), unknown.err());

        NativeTools.Run noModel = NativeTools.cli("export", "arduino", tmp.resolve("missing").toString(), "--out",
                tmp.resolve("a.zip").toString());
        assertTrue(noModel.exitCode() == 3 || noModel.exitCode() == 4, noModel.toString());
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList(), "nothing written by a refused export");
        }
    }

    @Test
    void theBoardsRecipesGiveTheArduinoCliCommandLines() {
        ArduinoBoard nano = ArduinoBoard.load(HOME, "nano33ble");
        assertEquals("arduino:mbed_nano:nano33ble", nano.fqbn());
        assertEquals(List.of("arduino-cli core install arduino:mbed_nano", "arduino-cli lib install Arduino_OV767X"),
                nano.setup());
        assertEquals("arduino-cli compile --fqbn arduino:mbed_nano:nano33ble --library /x/pawscope "
                + "/x/pawscope/examples/nano33ble", nano.compileCommand("/x/pawscope"));
        assertEquals("arduino-cli upload --fqbn arduino:mbed_nano:nano33ble --port /dev/ttyACM0 "
                + "/x/pawscope/examples/nano33ble", nano.uploadCommand("/x/pawscope", "/dev/ttyACM0"));
        assertEquals(64_000_000L, nano.spec().clockHz());
        assertTrue(nano.spec().usb().containsAll(List.of("2341:005a", "2341:805a")), "bootloader and sketch");
        assertTrue(nano.spec().baud() > 0 && nano.spec().baud() != 1200, "1200 baud would reset the board");

        ArduinoBoard esp = ArduinoBoard.load(HOME, "esp32cam");
        assertEquals("esp32:esp32:esp32cam", esp.fqbn());
        assertEquals(List.of("arduino-cli core install esp32:esp32 --additional-urls "
                + "https://espressif.github.io/arduino-esp32/package_esp32_index.json"), esp.setup());
        assertEquals("arduino-cli compile --fqbn esp32:esp32:esp32cam --library /x/pawscope "
                + "/x/pawscope/examples/esp32cam", esp.compileCommand("/x/pawscope"));
        assertEquals("arduino-cli upload --fqbn esp32:esp32:esp32cam --port /dev/ttyUSB0 /x/pawscope/examples/esp32cam",
                esp.uploadCommand("/x/pawscope", "/dev/ttyUSB0"));
        assertEquals(List.of("10c4:ea60", "1a86:7523"), esp.spec().usb(), "CP210x and CH340 bridges");
        assertEquals(921_600, esp.spec().baud());

        assertEquals(List.of("esp32cam", "nano33ble"), ArduinoBoard.ids(HOME), "sim and qemu-m4 are not Arduino boards");
    }

    @Test
    void bothSketchFoldersHoldTheSameFrameScaler() throws IOException {
        assertArrayEquals(Files.readAllBytes(HOME.resolve("boards/nano33ble/ps_frame_scale.h")),
                Files.readAllBytes(HOME.resolve("boards/esp32cam/ps_frame_scale.h")),
                "boards/nano33ble/ps_frame_scale.h and boards/esp32cam/ps_frame_scale.h are one file in two places");
    }

    @Test
    void aSketchWithoutItsBaudLineIsRefused() {
        Path file = Path.of("boards/x/x.ino");
        String rewritten = ArduinoLibrary.withBaud("a\n#define PS_BAUD 9600\nb\n", 921600, file);
        assertEquals("a\n#define PS_BAUD 921600\nb\n", rewritten);
        dev.pawscope.host.cli.PawscopeException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.pawscope.host.cli.PawscopeException.class, () -> ArduinoLibrary.withBaud("no line\n", 9600, file));
        assertTrue(e.getMessage().contains("expected one `#define PS_BAUD <n>` line"), e.getMessage());
    }

    static Map<String, byte[]> unzip(Path zip) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = z.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (!e.isDirectory()) {
                    files.put(e.getName(), z.getInputStream(e).readAllBytes());
                }
            }
        }
        return files;
    }

    private static String text(Map<String, byte[]> files, String path) {
        byte[] bytes = files.get(path);
        assertTrue(bytes != null, "the zip holds " + path);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
