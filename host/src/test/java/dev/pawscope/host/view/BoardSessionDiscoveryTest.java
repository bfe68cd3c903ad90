package dev.pawscope.host.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.host.board.CameraReel;
import dev.pawscope.host.board.PawscopeHome;
import dev.pawscope.host.board.SimBoard;
import dev.pawscope.host.cli.ExitCode;
import dev.pawscope.host.cli.PawscopeException;
import dev.pawscope.host.link.discovery.PortLister;
import dev.pawscope.host.quant.Int8Model;
import dev.pawscope.host.testing.TinyModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code view --board nano33ble}: the port is found by USB VID:PID. The port list is simulated
 * (no USB board here); the port it names is a real sim on a pty, so the handshake is real.
 */
class BoardSessionDiscoveryTest {

    @TempDir
    Path tmp;

    private SimBoard sim;

    @AfterEach
    void cleanUp() throws Exception {
        System.clearProperty(PortLister.SIMULATED_PROPERTY);
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void aNanoRunningItsSketchIsFoundByItsUsbIdAndHandshaken() throws Exception {
        Int8Model model = Int8Model.load(TinyModel.model());
        byte[] reel = CameraReel.encode(CameraReel.synthetic(32, 3, 8));
        sim = SimBoard.start(PawscopeHome.locate(), model, reel, tmp.resolve("board"), 10, tmp.resolve("cache"),
                line -> { });
        ports("/dev/ttyS0 -\n" + tmp.resolve("board") + " 2341:805a Nano 33 BLE\n");
        try (BoardSession session = BoardSession.open("nano33ble", model, 0, line -> { })) {
            assertEquals(tmp.resolve("board").toString(), session.port());
            assertTrue(session.modelHashMatches());
        }
        assertTrue(sim.isAlive(), "a board this session did not start is left running");
    }

    @Test
    void aNanoInItsBootloaderIsNamedWithWhatToDo() throws Exception {
        ports("/dev/ttyACM0 2341:005a Nano 33 BLE bootloader\n");
        PawscopeException e = assertThrows(PawscopeException.class,
                () -> BoardSession.open("nano33ble", Int8Model.load(TinyModel.model()), 0, line -> { }));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("/dev/ttyACM0 is in its bootloader"), e.getMessage());
        assertTrue(e.hint().contains("reset"), e.hint());
    }

    @Test
    void noNanoConnectedListsThePortsThatAre() throws Exception {
        ports("/dev/ttyUSB3 1a86:7523 CH340\n");
        PawscopeException e = assertThrows(PawscopeException.class,
                () -> BoardSession.open("nano33ble", Int8Model.load(TinyModel.model()), 0, line -> { }));
        assertTrue(e.getMessage().startsWith("no Arduino Nano 33 BLE Sense is connected"), e.getMessage());
        assertTrue(e.getMessage().contains("/dev/ttyUSB3 1a86:7523"), e.getMessage());
    }

    private void ports(String listing) throws Exception {
        Path file = tmp.resolve("ports.txt");
        Files.writeString(file, listing);
        System.setProperty(PortLister.SIMULATED_PROPERTY, file.toString());
    }
}
