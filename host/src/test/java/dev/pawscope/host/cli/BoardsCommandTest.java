package dev.pawscope.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.host.board.RunningBoards;
import dev.pawscope.host.link.discovery.PortLister;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pawscope boards} over a simulated port list and an empty private run folder. */
class BoardsCommandTest {

    @TempDir
    Path tmp;

    @AfterEach
    void clear() {
        System.clearProperty(PortLister.SIMULATED_PROPERTY);
        System.clearProperty(RunningBoards.DIR_PROPERTY);
    }

    @Test
    void everyPortIsListedWithItsBoardAndModeAndTheEmulatedBoardsWithHowToStartThem() throws Exception {
        Path ports = tmp.resolve("ports.txt");
        Files.writeString(ports, """
                /dev/ttyACM0 2341:805a Arduino Nano 33 BLE
                /dev/ttyACM1 2341:005a
                /dev/ttyUSB0 1a86:7523 USB Serial
                /dev/ttyACM2 303a:1001
                /dev/ttyS0 -
                """);
        System.setProperty(PortLister.SIMULATED_PROPERTY, ports.toString());
        System.setProperty(RunningBoards.DIR_PROPERTY, tmp.resolve("run").toString());
        CliRun run = CliRun.of("boards");
        assertEquals(0, run.exitCode(), run.toString());
        String out = run.out();
        assertTrue(out.matches("(?s).*/dev/ttyACM0 +2341:805a +nano33ble +application +Arduino Nano 33 BLE.*"), out);
        assertTrue(out.matches("(?s).*/dev/ttyACM1 +2341:005a +nano33ble +bootloader.*"), out);
        assertTrue(out.matches("(?s).*/dev/ttyUSB0 +1a86:7523 +esp32cam +serial bridge.*WCH CH340.*"), out);
        assertTrue(out.matches("(?s).*/dev/ttyACM2 +303a:1001 +- +- +Espressif ESP32-S2/S3/C3 native USB.*"), out);
        assertTrue(out.contains("not a USB device"), out);
        assertTrue(out.contains("qemu-m4    not running (pawscope flash --board qemu-m4 --model M)"), out);
        assertTrue(out.contains("sim        not running"), out);
    }
}
