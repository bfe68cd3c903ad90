package dev.pawscope.host.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pawscope export}: the int8 model as code for a board. */
@Command(name = "export",
        mixinStandardHelpOptions = true,
        description = {"Turn a quantized model into code for a board.%n"},
        subcommands = {ExportCCommand.class, ExportArduinoCommand.class})
final class ExportCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
