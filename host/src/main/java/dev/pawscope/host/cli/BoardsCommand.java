package dev.pawscope.host.cli;

import dev.pawscope.host.board.BoardSpec;
import dev.pawscope.host.board.PawscopeHome;
import dev.pawscope.host.board.RunningBoard;
import dev.pawscope.host.board.RunningBoards;
import dev.pawscope.host.link.discovery.BoardDiscovery;
import dev.pawscope.host.link.discovery.ConnectedBoard;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code pawscope boards}: what is connected over USB, and which emulated boards run. */
@Command(name = "boards",
        mixinStandardHelpOptions = true,
        description = {"List the serial ports with the board each one's USB VID:PID matches (boards/*/board.json) "
                + "and its mode: application (the sketch runs), bootloader (waiting for an upload; a Nano 33 BLE "
                + "after a double tap on reset), or behind a serial bridge (CP210x, CH340: the ESP32-CAM's, whose "
                + "mode USB does not show). Then the emulated boards: those running in the background (`pawscope "
                + "flash --board sim|qemu-m4`), with their port, pid and model, and those that can be started.%n",
                "Example: pawscope boards%n"})
final class BoardsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        Path home = PawscopeHome.locate();
        BoardDiscovery discovery = BoardDiscovery.of(home);
        List<ConnectedBoard> connected = discovery.connected();
        System.out.println("connected (USB and serial ports):");
        if (connected.isEmpty()) {
            System.out.println("  none");
        }
        for (ConnectedBoard c : connected) {
            String id = c.port().usbId() == null ? "-" : c.port().usbId().toString();
            String board = c.spec().map(BoardSpec::id).orElse("-");
            System.out.printf("  %-20s %-10s %-10s %-34s %s%n", c.port().path(), id, board, c.mode().label(),
                    join(c.port().description(), c.note()));
        }
        RunningBoards registry = RunningBoards.standard();
        System.out.println("emulated:");
        for (String id : BoardSpec.ids(home)) {
            BoardSpec spec = BoardSpec.load(home, id);
            if (!spec.emulated()) {
                continue;
            }
            Optional<RunningBoard> running = registry.get(id);
            if (running.isPresent()) {
                RunningBoard r = running.get();
                System.out.printf("  %-10s running, pid %d, port %s (link %s), model %s..., since %s, log %s%n", id,
                        r.pid(), r.port(), r.link(), r.modelHash().substring(0, 16), r.started(), r.log());
            } else {
                System.out.printf("  %-10s not running (pawscope flash --board %s --model M)%n", id, id);
            }
        }
        return 0;
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + "; " + b;
    }
}
