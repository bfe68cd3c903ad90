package dev.pawscope.host.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pawscope bench}: measured numbers, as a table and JSON. */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = {"Measure speed, memory and accuracy; print a table and optionally write JSON.",
                "%nBenchmarks are separate from tests: numbers are reported, never asserted.%n"},
        subcommands = {BenchTrainCommand.class, BenchQuantizeCommand.class, BenchFirmwareCommand.class,
                BenchExplainCommand.class, BenchLinkCommand.class})
final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
