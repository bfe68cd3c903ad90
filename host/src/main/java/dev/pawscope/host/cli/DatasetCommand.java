package dev.pawscope.host.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pawscope dataset}: make, import and inspect datasets. */
@Command(name = "dataset",
        mixinStandardHelpOptions = true,
        description = {"Make, import and inspect image datasets.",
                "%nA dataset is a folder of <label>/<name>.png grayscale images (with <name>.mask.png ground-truth "
                        + "masks for synthetic data) and a manifest.json with labels, input size, a deterministic "
                        + "train/val/test split by content hash, and a content hash.%n"},
        subcommands = {DatasetSynthCommand.class, DatasetImportCommand.class, DatasetStatsCommand.class})
final class DatasetCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
