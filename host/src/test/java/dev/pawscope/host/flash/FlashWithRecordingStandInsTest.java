package dev.pawscope.host.flash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.host.board.CameraReel;
import dev.pawscope.host.board.PawscopeHome;
import dev.pawscope.host.board.SimBoard;
import dev.pawscope.host.cli.PawscopeMain;
import dev.pawscope.host.link.discovery.PortLister;
import dev.pawscope.host.link.discovery.SerialPortEntry;
import dev.pawscope.host.link.discovery.SimulatedPortList;
import dev.pawscope.host.link.discovery.UsbId;
import dev.pawscope.host.quant.Int8Model;
import dev.pawscope.host.testing.TinyModel;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pawscope flash} for the real boards, run as a separate process with RECORDING STAND-INS
 * for arduino-cli and pio first on its PATH: shell scripts named like the tools that record their
 * arguments (so the command lines built from board.json are checked exactly), print a size report
 * like the real tools, and, for an "upload", re-enumerate the board in a simulated port list: the
 * Nano 33 BLE's bootloader id (2341:005a) at the upload port, then nothing, then the sketch's id
 * (2341:805a) under another path, the link of a real simulated board that this test starts. So the
 * wait-for-port, the reconnect and the HELLO model-hash check all run for real; only the compiler
 * and the USB upload are stand-ins (neither arduino-cli nor a board exists here).
 */
class FlashWithRecordingStandInsTest {

    /** The stand-in: records argv (one per line, "---" after each call), fakes a size report and an upload. */
    private static final String STAND_IN = """
            #!/bin/sh
            # RECORDING STAND-IN for %s (a test double, not the real tool): see FlashWithRecordingStandInsTest.
            { for a in "$@"; do printf '%%s\\n' "$a"; done; echo ---; } >> "$STANDIN_RECORD"
            upload=no
            for a in "$@"; do case "$a" in upload) upload=yes ;; esac; done
            if [ "$upload" = no ]; then
              case "$(basename "$0")" in
                arduino-cli)
                  [ "$1" = compile ] || exit 0
                  echo "Sketch uses $STANDIN_FLASH bytes (7%%) of program storage space. Maximum is 983040 bytes."
                  echo "Global variables use $STANDIN_RAM bytes (16%%) of dynamic memory, leaving 1 bytes for local variables. Maximum is 262144 bytes." ;;
                pio)
                  echo "RAM:   [==        ]  17.0%% (used $STANDIN_RAM bytes from 327680 bytes)"
                  echo "Flash: [=         ]   7.2%% (used $STANDIN_FLASH bytes from 3145728 bytes)" ;;
              esac
              exit 0
            fi
            echo "uploading (stand-in)"
            if [ -n "$STANDIN_BOOTLOADER" ]; then
              printf '%%s 2341:005a Nano 33 BLE bootloader\\n' "$STANDIN_BOOTLOADER" > "$STANDIN_PORTS.tmp" && mv "$STANDIN_PORTS.tmp" "$STANDIN_PORTS"
              sleep 0.6
              : > "$STANDIN_PORTS.tmp" && mv "$STANDIN_PORTS.tmp" "$STANDIN_PORTS"
              sleep 0.3
              printf '%%s 2341:805a Nano 33 BLE\\n' "$STANDIN_APP_PORT" > "$STANDIN_PORTS.tmp" && mv "$STANDIN_PORTS.tmp" "$STANDIN_PORTS"
            fi
            echo "done (stand-in)"
            """;

    @TempDir
    Path tmp;

    private Path standIns;
    private Path record;
    private Path ports;
    private final List<SimBoard> sims = new ArrayList<>();

    @BeforeEach
    void standInsOnThePath() throws Exception {
        standIns = Files.createDirectories(tmp.resolve("stand-ins"));
        for (String tool : List.of("arduino-cli", "pio")) {
            Path script = standIns.resolve(tool);
            Files.writeString(script, STAND_IN.formatted(tool));
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        record = tmp.resolve("recorded-argv.txt");
        ports = tmp.resolve("ports.txt");
    }

    @AfterEach
    void stopSims() throws Exception {
        for (SimBoard sim : sims) {
            sim.close();
        }
    }

    /** A real simulated board for {@code model}, its port at {@code link}. */
    private Path startSim(Path model, String linkName) throws Exception {
        Int8Model int8 = Int8Model.load(model);
        Path link = tmp.resolve(linkName);
        byte[] reel = CameraReel.encode(CameraReel.synthetic(int8.folder().metadata().input().width(), 7, 4));
        sims.add(SimBoard.start(PawscopeHome.locate(), int8, reel, link, 5, SimBoard.defaultCacheRoot(), l -> { }));
        return link;
    }

    private record Run(int exitCode, String output) {}

    /** pawscope in its own JVM, the stand-ins first on its PATH. */
    private Run pawscope(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"),
                "-Dpawscope.home=" + PawscopeHome.locate(), "-D" + PortLister.SIMULATED_PROPERTY + "=" + ports,
                "-Dpawscope.run.dir=" + tmp.resolve("run"), PawscopeMain.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = pb.environment();
        environment.put("PATH", standIns + File.pathSeparator + System.getenv("PATH"));
        environment.put("STANDIN_RECORD", record.toString());
        environment.put("STANDIN_PORTS", ports.toString());
        environment.put("STANDIN_FLASH", "70612");
        environment.put("STANDIN_RAM", "44472");
        environment.putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("pawscope flash hung:\n" + output);
        }
        return new Run(p.exitValue(), output);
    }

    /** The stand-ins' recorded calls, each its argument list without the program. */
    private List<List<String>> recorded() throws Exception {
        List<List<String>> calls = new ArrayList<>();
        if (!Files.exists(record)) {
            return calls;
        }
        List<String> current = new ArrayList<>();
        for (String line : Files.readAllLines(record)) {
            if (line.equals("---")) {
                calls.add(current);
                current = new ArrayList<>();
            } else {
                current.add(line);
            }
        }
        return calls;
    }

    @Test
    void theNano33BleIsSetUpCompiledUploadedFoundAgainAfterItsBootloaderAndVerified() throws Exception {
        Path model = TinyModel.model();
        Path app = startSim(model, "ttyACM1");
        SimulatedPortList.write(ports, List.of(new SerialPortEntry("/dev/ttyACM0", UsbId.parse("2341:805a"),
                "Nano 33 BLE")));
        Path work = tmp.resolve("work");
        Run run = pawscope(Map.of("STANDIN_BOOTLOADER", "/dev/ttyACM0", "STANDIN_APP_PORT", app.toString()),
                "flash", "--board", "nano33ble", "--model", model.toString(), "--work", work.toString(), "--setup");
        assertEquals(0, run.exitCode(), run.output());

        Path library = work.resolve("nano33ble/library/pawscope");
        String fqbn = "arduino:mbed_nano:nano33ble";
        assertEquals(List.of(
                List.of("core", "install", "arduino:mbed_nano"),
                List.of("lib", "install", "Arduino_OV767X"),
                List.of("compile", "--fqbn", fqbn, "--library", library.toString(),
                        library.resolve("examples/nano33ble").toString()),
                List.of("upload", "--fqbn", fqbn, "--port", "/dev/ttyACM0",
                        library.resolve("examples/nano33ble").toString())), recorded());
        assertTrue(Files.isRegularFile(library.resolve("examples/nano33ble/nano33ble.ino")), "the real sketch");
        assertTrue(Files.readString(library.resolve("src/ps_generated_model.c"))
                .contains(Int8Model.load(model).hashHex()), "the model's generated code");

        String out = run.output();
        assertTrue(out.contains("found the nano33ble on /dev/ttyACM0 (2341:805a, application)"), out);
        assertTrue(out.contains("arduino-cli reports flash 70,612 of 983,040 B"), out);
        assertTrue(out.contains("/dev/ttyACM0 (2341:005a, bootloader)"), "the bootloader was seen: " + out);
        assertTrue(out.contains(app + " (2341:805a, application)"), "and the sketch under another path: " + out);
        assertTrue(out.contains("flashed and verified: board 'sim' on " + app), out);
    }

    @Test
    void aBuildOverTheFlashBudgetIsNeverUploaded() throws Exception {
        SimulatedPortList.write(ports, List.of(new SerialPortEntry("/dev/ttyACM0", UsbId.parse("2341:805a"), "")));
        Run run = pawscope(Map.of("STANDIN_FLASH", "1200000"), "flash", "--board", "nano33ble", "--model",
                TinyModel.model().toString(), "--work", tmp.resolve("work").toString());
        assertEquals(3, run.exitCode(), run.output());
        assertTrue(run.output().contains("the build does not fit the Arduino Nano 33 BLE Sense (flash 1,200,000 of "
                + "983,040 B"), run.output());
        assertTrue(run.output().contains("nothing was uploaded"), run.output());
        assertEquals(List.of("compile"), recorded().stream().map(c -> c.get(0)).toList(), "no upload call");
    }

    @Test
    void theEsp32CamIsBuiltAndUploadedWithPlatformIoOnItsBridgePortAndVerified() throws Exception {
        Path model = TinyModel.model();
        Path bridge = startSim(model, "ttyUSB0");
        SimulatedPortList.write(ports, List.of(new SerialPortEntry(bridge.toString(), UsbId.parse("10c4:ea60"),
                "CP2102 USB to UART Bridge Controller")));
        Path work = tmp.resolve("work");
        Run run = pawscope(Map.of(), "flash", "--board", "esp32cam", "--model", model.toString(), "--tool",
                "platformio", "--work", work.toString());
        assertEquals(0, run.exitCode(), run.output());
        String project = work.resolve("esp32cam/pawscope-esp32cam-platformio").toString();
        assertEquals(List.of(
                List.of("run", "-d", project, "-e", "esp32cam"),
                List.of("run", "-d", project, "-e", "esp32cam", "-t", "upload", "--upload-port", bridge.toString())),
                recorded());
        String out = run.output();
        assertTrue(out.contains("with pio (" + standIns.resolve("pio") + ")"), out);
        assertTrue(out.contains("no compiler for this board here"), "says what the budget could not count: " + out);
        assertTrue(out.contains("pio reports flash 70,612 of 3,145,728 B"), out);
        assertTrue(out.contains("flashed and verified"), out);
    }

    @Test
    void aBoardThatComesBackWithAnotherModelFailsTheFlash() throws Exception {
        // a second model: the tiny model quantized again with percentile ranges, so its hash differs
        Path other = tmp.resolve("other-model");
        copyFolder(TinyModel.model(), other);
        assertEquals(0, PawscopeMain.execute("quantize", other.toString(), "--calib", TinyModel.data().toString(),
                "--method", "percentile", "--percentile", "99"));
        Path app = startSim(TinyModel.model(), "ttyACM1");
        SimulatedPortList.write(ports, List.of(new SerialPortEntry("/dev/ttyACM0", UsbId.parse("2341:805a"), "")));
        Run run = pawscope(Map.of("STANDIN_BOOTLOADER", "/dev/ttyACM0", "STANDIN_APP_PORT", app.toString()),
                "flash", "--board", "nano33ble", "--model", other.toString(), "--work", tmp.resolve("work").toString());
        assertEquals(4, run.exitCode(), run.output());
        assertTrue(run.output().contains("the flash did not take: the board on " + app + " answers HELLO with model "
                + Int8Model.load(TinyModel.model()).hashHex().substring(0, 16)), run.output());
    }

    @Test
    void withoutAnyToolTheErrorNamesWhatIsMissingAndHowToInstallIt() {
        dev.pawscope.host.cli.PawscopeException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.pawscope.host.cli.PawscopeException.class, () -> FlashTool.choose(null, tmp.toString(),
                        "nano33ble", List.of("arduino-cli core install arduino:mbed_nano")));
        assertTrue(e.getMessage().contains("needs arduino-cli or pio, and neither is on the PATH"), e.getMessage());
        assertTrue(e.hint().contains("curl -fsSL https://raw.githubusercontent.com/arduino/arduino-cli/master/"
                + "install.sh"), e.hint());
        assertTrue(e.hint().contains("pipx install platformio"), e.hint());
        assertTrue(e.hint().contains("then, once, for the nano33ble: arduino-cli core install arduino:mbed_nano"),
                e.hint());
        dev.pawscope.host.cli.PawscopeException one = org.junit.jupiter.api.Assertions.assertThrows(
                dev.pawscope.host.cli.PawscopeException.class, () -> FlashTool.choose(FlashTool.PLATFORMIO,
                        tmp.toString(), "esp32cam", List.of()));
        assertTrue(one.getMessage().contains("needs pio, and it is not on the PATH"), one.getMessage());
    }

    @Test
    void arduinoCliIsPreferredWhenBothAreInstalledAndToolChoosesEither() {
        String path = standIns.toString();
        assertEquals(FlashTool.ARDUINO_CLI, FlashTool.choose(null, path, "esp32cam", List.of()).tool());
        assertEquals(FlashTool.PLATFORMIO, FlashTool.choose(FlashTool.byName("platformio"), path, "esp32cam",
                List.of()).tool());
        assertEquals(standIns.resolve("pio"), FlashTool.choose(FlashTool.byName("pio"), path, "esp32cam", List.of())
                .executable());
        assertEquals(3, org.junit.jupiter.api.Assertions.assertThrows(dev.pawscope.host.cli.PawscopeException.class,
                () -> FlashTool.byName("avrdude")).exitCode().status());
    }

    @Test
    void aWorkFolderPawscopeDidNotMakeIsNeverReplaced() throws Exception {
        Path home = PawscopeHome.locate();
        Path foreign = Files.createDirectories(tmp.resolve("work/nano33ble"));
        Files.writeString(foreign.resolve("notes.txt"), "mine");
        UsbFlash flash = new UsbFlash(home, dev.pawscope.host.arduino.ArduinoBoard.load(home, "nano33ble"),
                new FlashTool.Located(FlashTool.ARDUINO_CLI, standIns.resolve("arduino-cli")),
                new dev.pawscope.host.link.discovery.BoardDiscovery(List.of(), List::of),
                dev.pawscope.host.link.discovery.Ticker.SYSTEM, line -> { });
        dev.pawscope.host.cli.PawscopeException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.pawscope.host.cli.PawscopeException.class, () -> flash.flash(Int8Model.load(TinyModel.model()),
                        TinyModel.model(), "/dev/ttyACM0", tmp.resolve("work"), false));
        assertEquals(3, e.exitCode().status());
        assertTrue(e.getMessage().contains("is not a folder pawscope flash made"), e.getMessage());
        assertEquals("mine", Files.readString(foreign.resolve("notes.txt")));
        assertTrue(recorded().isEmpty(), "no tool was run");
    }

    private static void copyFolder(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, to.resolve(f.getFileName()));
                }
            }
        }
    }
}
