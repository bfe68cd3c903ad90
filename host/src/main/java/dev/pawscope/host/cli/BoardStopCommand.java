package dev.pawscope.host.cli;

import dev.pawscope.host.board.BackgroundBoard;
import dev.pawscope.host.board.RunningBoard;
import dev.pawscope.host.board.RunningBoards;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pawscope board stop}: stop emulated boards running in the background. */
@Command(name = "stop",
        mixinStandardHelpOptions = true,
        description = {"Stop an emulated board that `pawscope flash --board sim|qemu-m4` left running in the "
                + "background (SIGTERM, SIGKILL after 5 s), and remove its port link and registry entry.%n",
                "Examples: pawscope board stop qemu-m4%n"
                        + "          pawscope board stop --all%n"})
final class BoardStopCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "BOARD", description = "sim or qemu-m4.")
    String board;

    @Option(names = "--all", description = "Stop every emulated board running in the background.")
    boolean all;

    @Override
    public Integer call() throws Exception {
        if ((board == null) == !all) {
            throw PawscopeException.badInput("expected a board (sim or qemu-m4) or --all, found "
                    + (board == null ? "neither" : "both"), "e.g. pawscope board stop qemu-m4");
        }
        if (board != null && !board.equals(BackgroundBoard.SIM) && !board.equals(BackgroundBoard.QEMU_M4)) {
            throw PawscopeException.badInput("expected an emulated board, sim or qemu-m4, found '" + board + "'",
                    "real boards keep running their firmware; unplug them to stop them");
        }
        RunningBoards registry = RunningBoards.standard();
        List<String> ids = new ArrayList<>();
        if (all) {
            registry.all().forEach(r -> ids.add(r.board()));
        } else {
            ids.add(board);
        }
        for (String id : ids) {
            Optional<RunningBoard> r = registry.stop(id);
            if (r.isPresent()) {
                System.out.println("stopped " + id + " (pid " + r.get().pid() + ", port " + r.get().port() + ")");
            } else {
                System.out.println(id + " was not running");
            }
        }
        if (all && ids.isEmpty()) {
            System.out.println("no emulated board was running");
        }
        return 0;
    }
}
