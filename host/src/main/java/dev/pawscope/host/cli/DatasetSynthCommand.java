package dev.pawscope.host.cli;

import dev.pawscope.host.dataset.DatasetManifest;
import dev.pawscope.host.dataset.Split;
import dev.pawscope.host.dataset.synth.SyntheticDatasetBuilder;
import dev.pawscope.host.dataset.synth.SyntheticDogGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code pawscope dataset synth}: the procedural dog-behaviour dataset. */
@Command(name = "synth",
        mixinStandardHelpOptions = true,
        description = {"Generate a synthetic dog-behaviour dataset: sit, stand, lie_down, no_dog.",
                "%nProcedurally drawn dogs of varied breed, size, position, facing, fur shade, ears and tail, over "
                        + "cluttered backgrounds with lighting gradients, sensor noise and blur; distractor objects in "
                        + "no_dog. Each image has its dog's mask beside it (<name>.mask.png). The same seed always "
                        + "gives the same images.%n",
                "Example: pawscope dataset synth --out data/synth48 --per-class 500 --size 96%n"})
final class DatasetSynthCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to create (must not exist or be empty).")
    Path out;

    @Option(names = "--per-class", defaultValue = "" + SyntheticDatasetBuilder.DEFAULT_PER_CLASS, paramLabel = "N", description = "Images per class (default: ${DEFAULT-VALUE}).")
    int perClass;

    @Option(names = "--size", defaultValue = "48", paramLabel = "PX", description = "Image width and height in pixels (default: ${DEFAULT-VALUE}; 96 works too).")
    int size;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--force", description = "Replace --out if it is a folder pawscope made (a dataset or model); never any other folder.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        if (perClass < 1) {
            throw PawscopeException.badInput("expected --per-class >= 1, found " + perClass,
                    "a few hundred per class is a useful minimum; " + SyntheticDatasetBuilder.DEFAULT_PER_CLASS + " is the default");
        }
        if (size < SyntheticDogGenerator.MIN_SIZE || size > SyntheticDogGenerator.MAX_SIZE) {
            throw PawscopeException.badInput("expected --size between " + SyntheticDogGenerator.MIN_SIZE + " and "
                    + SyntheticDogGenerator.MAX_SIZE + ", found " + size, "48 (the default) or 96");
        }
        String createdBy = "pawscope dataset synth --per-class " + perClass + " --size " + size + " --seed " + seed;
        long start = System.nanoTime();
        DatasetManifest manifest;
        try (ProgressBar bar = new ProgressBar("synth", (long) perClass * SyntheticDatasetBuilder.labels().size())) {
            manifest = new SyntheticDatasetBuilder(size, seed).build(out, perClass, force, createdBy, bar::step);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("wrote %d images (+ masks) to %s in %.1f s: train %d, val %d, test %d%n",
                manifest.entries().size(), out, seconds, manifest.count(Split.TRAIN), manifest.count(Split.VAL),
                manifest.count(Split.TEST));
        System.out.println("next: pawscope dataset stats " + out + "   or   pawscope train --data " + out + " --out MODEL");
        return 0;
    }
}
