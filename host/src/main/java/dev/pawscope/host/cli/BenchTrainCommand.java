package dev.pawscope.host.cli;

import dev.pawscope.host.bench.BenchTable;
import dev.pawscope.host.bench.PeakMemory;
import dev.pawscope.host.dataset.Dataset;
import dev.pawscope.host.dataset.synth.SyntheticDatasetBuilder;
import dev.pawscope.host.dataset.synth.SyntheticDogGenerator;
import dev.pawscope.host.io.AtomicFiles;
import dev.pawscope.host.model.ModelMetrics;
import dev.pawscope.host.train.ArchitectureSpec;
import dev.pawscope.host.train.EpochStats;
import dev.pawscope.host.train.Trainer;
import dev.pawscope.host.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

/** {@code pawscope bench train}: synth generation rate, then the default model trained on synth. */
@Command(name = "train",
        mixinStandardHelpOptions = true,
        description = {"Synth generation rate, then the default model trained on synthetic data.",
                "%nReports synth images/s, test accuracy, epoch time, training images/s and peak memory.%n"})
final class BenchTrainCommand implements Callable<Integer> {

    @Option(names = "--per-class", defaultValue = "" + SyntheticDatasetBuilder.DEFAULT_PER_CLASS, description = "Synthetic images per class (default: ${DEFAULT-VALUE}).")
    int perClass;

    @Option(names = "--size", defaultValue = "48", description = "Image size (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--epochs", defaultValue = "" + Trainer.DEFAULT_EPOCHS, description = "Maximum epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--arch", defaultValue = ArchitectureSpec.DEFAULT, description = "Architecture (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--json", description = "Also write the results to this JSON file.")
    Path json;

    @Override
    public Integer call() throws Exception {
        if (perClass < 10 || epochs < 1) {
            throw PawscopeException.badInput("expected --per-class >= 10 and --epochs >= 1, found " + perClass + " and "
                    + epochs, "the defaults are what the README reports");
        }
        if (size < SyntheticDogGenerator.MIN_SIZE || size > SyntheticDogGenerator.MAX_SIZE) {
            throw PawscopeException.badInput("expected --size between " + SyntheticDogGenerator.MIN_SIZE + " and "
                    + SyntheticDogGenerator.MAX_SIZE + ", found " + size, "48 (the default) or 96");
        }
        Path work = Files.createTempDirectory("pawscope-bench-train-");
        try {
            BenchTable table = new BenchTable("pawscope bench train (" + Runtime.getRuntime().availableProcessors()
                    + " cores, " + perClass + " images per class, " + size + "x" + size + ", " + arch + ")");
            table.put("synth_images_per_second", generatorRate(), "images/s, generator only, all cores");

            Path data = work.resolve("synth");
            int total = perClass * SyntheticDatasetBuilder.labels().size();
            long t0 = System.nanoTime();
            try (ProgressBar bar = new ProgressBar("synth", total)) {
                new SyntheticDatasetBuilder(size, 1).build(data, perClass, false, "pawscope bench train", bar::step);
            }
            table.put("synth_write_images_per_second", total / ((System.nanoTime() - t0) / 1e9),
                    "images/s, generated + PNG-encoded + written with masks");

            var options = new TrainingRun.Options(arch, new Trainer.Config(epochs, Trainer.DEFAULT_BATCH,
                    Trainer.DEFAULT_PATIENCE, 1, true, Trainer.DEFAULT_LEARNING_RATE),
                    "pawscope bench train", false);
            ModelMetrics m = new TrainingRun(options).run(Dataset.open(data), work.resolve("model"), new QuietProgress());
            table.put("test_accuracy", m.testAccuracy(), "share of " + m.testSamples() + " test images");
            table.put("epochs_trained", m.epochsTrained(), "best " + m.bestEpoch());
            table.put("epoch_seconds", m.epochSeconds(), "s, mean over epochs (incl. validation)");
            table.put("images_per_second", m.imagesPerSecond(), "training images/s");
            table.put("train_seconds", m.trainSeconds(), "s in all");
            table.put("parameters", m.parameters(), "float parameters");
            table.put("int8_weight_bytes", m.int8WeightBytes(), "B (budget 100 KB)");
            table.put("int8_activation_bytes", m.int8ActivationBytes(), "B peak (budget 64 KB)");
            table.put("peak_rss_mb", PeakMemory.peakRssMb(), "MB resident, whole process");
            System.out.println();
            table.print(System.out);
            if (json != null) {
                table.writeJson(json);
                System.out.println("wrote " + json);
            }
            return 0;
        } finally {
            AtomicFiles.deleteRecursively(work);
        }
    }

    /** Images/s of the generator alone, in memory, over all cores, after a warm-up. */
    private double generatorRate() {
        SyntheticDogGenerator g = new SyntheticDogGenerator(size, 7);
        int n = 20_000;
        // a warm-up long enough for the JIT to compile the drawing code
        List<String> labels = SyntheticDogGenerator.LABELS;
        IntStream.range(0, 4000).parallel().forEach(i -> g.generate(labels.get(i % labels.size()), i));
        long t0 = System.nanoTime();
        IntStream.range(0, n).parallel().forEach(i -> g.generate(labels.get(i % labels.size()), i));
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    /** Epoch lines only: a benchmark's log should stay short. */
    private static final class QuietProgress implements TrainingRun.Progress {
        @Override
        public void onStage(String message) {
            System.err.println(message);
        }

        @Override
        public void onBatch(int epoch, int done, int total, double loss) {
        }

        @Override
        public void onEpoch(EpochStats s, boolean best) {
            System.err.printf(Locale.ROOT, "epoch %d: loss %.4f val_loss %.4f val_acc %.4f %.1fs%n",
                    s.epoch(), s.trainLoss(), s.valLoss(), s.valAccuracy(), s.seconds());
        }
    }
}
