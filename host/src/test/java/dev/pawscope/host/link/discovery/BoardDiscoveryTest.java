package dev.pawscope.host.link.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.host.board.BoardSpec;
import dev.pawscope.host.board.PawscopeHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** USB ids from a simulated port list, matched against the checkout's real board.json files. */
class BoardDiscoveryTest {

    private static final Path HOME = PawscopeHome.locate();

    static BoardDiscovery discovery(PortLister ports) {
        List<BoardSpec> boards = BoardSpec.ids(HOME).stream().map(id -> BoardSpec.load(HOME, id)).toList();
        return new BoardDiscovery(boards, ports);
    }

    private static BoardDiscovery discovery(SerialPortEntry... ports) {
        return discovery(() -> List.of(ports));
    }

    static SerialPortEntry port(String path, String usb) {
        return new SerialPortEntry(path, usb == null ? null : UsbId.parse(usb), "");
    }

    @Test
    void aNano33BleIsInItsApplicationOrItsBootloaderByItsProductId() {
        BoardDiscovery d = discovery(port("/dev/ttyACM0", "2341:805a"), port("/dev/ttyACM1", "2341:005a"));
        List<ConnectedBoard> found = d.find("nano33ble");
        assertEquals(2, found.size());
        assertEquals(BoardMode.APPLICATION, found.get(0).mode());
        assertEquals(BoardMode.BOOTLOADER, found.get(1).mode());
        assertEquals("", found.get(0).note());
    }

    @Test
    void serialBridgesPointToTheEsp32CamButSayItIsOnlyLikely() {
        for (String bridge : List.of("10c4:ea60", "1a86:7523")) {
            ConnectedBoard c = discovery(port("/dev/ttyUSB0", bridge)).connected().get(0);
            assertTrue(c.is("esp32cam"), bridge);
            assertEquals(BoardMode.BEHIND_BRIDGE, c.mode());
            assertTrue(c.note().contains("bridge") && c.note().contains("likely"), c.note());
        }
    }

    @Test
    void anEsp32S3NativeUsbPortIsNamedButMatchesNoBoard() {
        ConnectedBoard c = discovery(port("/dev/ttyACM3", "303a:1001")).connected().get(0);
        assertNull(c.board());
        assertEquals(BoardMode.UNKNOWN, c.mode());
        assertTrue(c.note().contains("ESP32-S2/S3/C3 native USB"), c.note());
    }

    @Test
    void unknownIdsAndPortsWithoutUsbAreListedAsUnknown() {
        List<ConnectedBoard> all = discovery(port("/dev/ttyUSB5", "0403:6001"), port("/dev/ttyS0", null)).connected();
        assertEquals(List.of(BoardMode.UNKNOWN, BoardMode.UNKNOWN), all.stream().map(ConnectedBoard::mode).toList());
        assertTrue(all.get(0).note().contains("no board.json lists 0403:6001"), all.get(0).note());
        assertEquals("not a USB device", all.get(1).note());
        assertTrue(discovery(port("/dev/ttyUSB5", "0403:6001")).find("nano33ble").isEmpty());
    }

    @Test
    void theBootloaderIdsOfBoardJsonAreAmongItsUsbIds() {
        BoardSpec nano = BoardSpec.load(HOME, "nano33ble");
        assertEquals(List.of("2341:005a"), nano.usbBootloader());
        assertTrue(BoardSpec.load(HOME, "esp32cam").usbBootloader().isEmpty());
        assertTrue(BoardSpec.load(HOME, "sim").usbBootloader().isEmpty(), "absent in board.json means none");
    }

    @Test
    void theSimulatedPortListIsReadFromItsFileAtEveryCall(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ports.txt");
        SimulatedPortList list = new SimulatedPortList(file);
        assertTrue(list.list().isEmpty(), "a missing file is an empty list");
        Files.writeString(file, "# a Nano in its bootloader\n/dev/ttyACM0 2341:005a Nano 33 BLE\n\n/dev/ttyS0 -\n");
        assertEquals(List.of(new SerialPortEntry("/dev/ttyACM0", UsbId.parse("2341:005a"), "Nano 33 BLE"),
                new SerialPortEntry("/dev/ttyS0", null, "")), list.list());
        SimulatedPortList.write(file, List.of(port("/dev/ttyACM1", "2341:805a")));
        assertEquals(List.of(port("/dev/ttyACM1", "2341:805a")), list.list());
    }

    @Test
    void aMalformedSimulatedListOrUsbIdSaysWhatWasExpected(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ports.txt");
        Files.writeString(file, "/dev/ttyACM0\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new SimulatedPortList(file).list());
        assertTrue(e.getMessage().contains("PATH VID:PID"), e.getMessage());
        IllegalArgumentException id = assertThrows(IllegalArgumentException.class, () -> UsbId.parse("2341-805a"));
        assertTrue(id.getMessage().contains("VID:PID in hex"), id.getMessage());
        assertEquals("2341:005a", new UsbId(0x2341, 0x5a).toString());
    }
}
