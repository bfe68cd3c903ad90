package dev.pawscope.host.link.discovery;

import dev.pawscope.host.board.BoardSpec;
import dev.pawscope.host.cli.PawscopeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which board sits behind each serial port, by matching USB VID:PIDs against every
 * {@code boards/<id>/board.json}. Reusable wherever a port must be found for a board id
 * ({@link #find(String)}).
 */
public final class BoardDiscovery {

    /**
     * USB ids worth naming although they identify a chip rather than a board. The bridges are in
     * esp32cam's board.json too (an ESP32-CAM has no USB of its own); an ESP32-S3's native USB is
     * named so that a user who plugs one in learns it is not a board pawscope builds for.
     */
    static final Map<String, String> KNOWN_CHIPS = Map.of(
            "10c4:ea60", "Silicon Labs CP210x USB-UART bridge",
            "1a86:7523", "WCH CH340 USB-serial bridge",
            "303a:1001", "Espressif ESP32-S2/S3/C3 native USB (USB-Serial/JTAG); no board.json here describes it: "
                    + "esp32cam is the AI-Thinker ESP32-CAM behind a CP210x or CH340 bridge");

    private final List<BoardSpec> boards;
    private final PortLister ports;

    public BoardDiscovery(List<BoardSpec> boards, PortLister ports) {
        this.boards = List.copyOf(boards);
        this.ports = ports;
    }

    /** The checkout's boards and the machine's ports (or the simulated list, see {@link PortLister#system()}). */
    public static BoardDiscovery of(Path home) {
        return new BoardDiscovery(BoardSpec.ids(home).stream().map(id -> BoardSpec.load(home, id)).toList(),
                PortLister.system());
    }

    public PortLister ports() {
        return ports;
    }

    /** Every port listed now, identified. */
    public List<ConnectedBoard> connected() {
        return ports.list().stream().map(this::identify).toList();
    }

    /** The ports where board {@code boardId} is connected now, in either mode. */
    public List<ConnectedBoard> find(String boardId) {
        List<ConnectedBoard> found = new ArrayList<>();
        for (ConnectedBoard c : connected()) {
            if (c.is(boardId)) {
                found.add(c);
            }
        }
        return found;
    }

    /**
     * The one board {@code spec} connected now; none or several is an error that lists what is
     * there. With {@code running}, a board in its bootloader does not count (it runs no sketch).
     */
    public ConnectedBoard one(BoardSpec spec, boolean running) {
        List<ConnectedBoard> found = find(spec.id());
        List<ConnectedBoard> usable = running ? found.stream().filter(c -> c.mode() != BoardMode.BOOTLOADER).toList()
                : found;
        if (usable.size() == 1) {
            return usable.get(0);
        }
        List<String> all = connected().stream().map(c -> c.port().path() + " "
                + c.port().usb().map(Object::toString).orElse("(not USB)")).toList();
        if (usable.isEmpty() && !found.isEmpty()) {
            throw PawscopeException.badInput("the " + spec.name() + " on " + found.get(0).port().path()
                    + " is in its bootloader (" + found.get(0).port().usbId() + "): it runs no sketch",
                    "press its reset button once, or flash it: pawscope flash --board " + spec.id() + " --model M");
        }
        if (usable.isEmpty()) {
            throw PawscopeException.io("no " + spec.name() + " is connected (looked for USB ids " + spec.usb()
                    + "; ports now: " + (all.isEmpty() ? "none" : String.join(", ", all)) + ")",
                    "plug it in (a data cable, not a charge-only one), or pass its port; `pawscope boards` lists "
                            + "the ports", null);
        }
        throw PawscopeException.badInput(usable.size() + " boards match " + spec.id() + ": "
                + String.join(", ", usable.stream().map(c -> c.port().path()).toList()), "choose one by its port");
    }

    /** What {@code port}'s USB id says. */
    public ConnectedBoard identify(SerialPortEntry port) {
        if (port.usbId() == null) {
            return new ConnectedBoard(port, null, BoardMode.UNKNOWN, "not a USB device");
        }
        String id = port.usbId().toString();
        String chip = KNOWN_CHIPS.getOrDefault(id, "");
        for (BoardSpec board : boards) {
            if (board.hasUsbId(id)) {
                BoardMode mode = board.isBootloaderUsbId(id) ? BoardMode.BOOTLOADER
                        : chip.isEmpty() ? BoardMode.APPLICATION : BoardMode.BEHIND_BRIDGE;
                String note = chip.isEmpty() ? "" : chip + ": likely a " + board.name() + ", but any board on such "
                        + "a bridge shows the same id";
                return new ConnectedBoard(port, board, mode, note);
            }
        }
        return new ConnectedBoard(port, null, BoardMode.UNKNOWN, chip.isEmpty() ? "no board.json lists " + id : chip);
    }
}
