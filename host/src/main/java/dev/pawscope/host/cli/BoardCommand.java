package dev.pawscope.host.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pawscope board}: start emulated boards. */
@Command(name = "board",
        mixinStandardHelpOptions = true,
        description = {"Start or stop an emulated board that speaks the serial protocol like a real one.%n"},
        subcommands = {BoardStartCommand.class, BoardStopCommand.class})
final class BoardCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
