package dev.pawscope.host.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pawscope import}: bring a model made elsewhere into a pawscope model folder. */
@Command(name = "import",
        mixinStandardHelpOptions = true,
        description = {"Import a model made elsewhere as a float twin in a pawscope model folder."},
        subcommands = {ImportKerasCommand.class})
final class ImportCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
