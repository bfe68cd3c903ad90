package dev.pawscope.host.cli;

import dev.pawscope.host.dataset.Dataset;
import dev.pawscope.host.io.AtomicFiles;
import dev.pawscope.host.model.ClassMetrics;
import dev.pawscope.host.model.ModelFolder;
import dev.pawscope.host.model.ModelMetrics;
import dev.pawscope.host.train.ArchitectureSpec;
import dev.pawscope.host.train.EpochStats;
import dev.pawscope.host.train.Trainer;
import dev.pawscope.host.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code pawscope train}: the float twin from a dataset. */
@Command(name = "train",
        mixinStandardHelpOptions = true,
        description = {"Train the float model (the \"float twin\") on a dataset with Deeplearning4j.",
                "%nAdam, augmentation (shift, zoom, flip, brightness and contrast, noise), early stopping on validation loss (the best "
                        + "epoch's weights are kept). Writes MODEL/: float_twin.zip, model.json (labels, input, "
                        + "normalisation, dataset hash), metrics.json (test accuracy, per-class precision/recall, "
                        + "confusion matrix), confusion_matrix.png and training_curves.png.%n",
                "--arch takes a built-in name (pawnet, pawnet-ds, tiny) or a Keras-style spec with Keras's argument "
                        + "names and defaults, e.g.",
                "  \"Conv2D(8, 3, padding=same), ReLU, MaxPool(2), Flatten, Dense(4), Softmax\"",
                "Layers: " + ArchitectureSpec.SUPPORTED + ". The last two layers must be Dense(<labels>), Softmax.%n",
                "Example: pawscope train --data data/synth48 --out models/pawnet%n"})
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Dataset folder (from `pawscope dataset synth|import`).")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "MODEL", description = "Model folder to create.")
    Path out;

    @Option(names = "--epochs", defaultValue = "" + Trainer.DEFAULT_EPOCHS, paramLabel = "N", description = "Maximum epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--arch", defaultValue = ArchitectureSpec.DEFAULT, paramLabel = "NAME|SPEC",
            description = "Built-in architecture or spec text (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--batch", defaultValue = "" + Trainer.DEFAULT_BATCH, paramLabel = "N", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "" + Trainer.DEFAULT_LEARNING_RATE, paramLabel = "RATE", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--patience", defaultValue = "" + Trainer.DEFAULT_PATIENCE, paramLabel = "N",
            description = "Stop after this many epochs without a better validation loss (default: ${DEFAULT-VALUE});"
                    + " the learning rate halves after 2.")
    int patience;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--no-augment", description = "Train on the images as they are.")
    boolean noAugment;

    @Option(names = "--force", description = "Replace --out if it is a folder pawscope made (a dataset or model); never any other folder.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        Trainer.Config config;
        try {
            config = new Trainer.Config(epochs, batch, patience, seed, !noAugment, learningRate);
        } catch (IllegalArgumentException e) {
            throw PawscopeException.badInput(e.getMessage(), "see `pawscope train --help`; 0.001 to 0.003 suits Adam");
        }
        AtomicFiles.checkDisjoint(data, out);
        Dataset dataset = Dataset.open(data);
        String createdBy = String.format(Locale.ROOT, "pawscope train --data %s --arch \"%s\" --epochs %d --batch %d --lr %s"
                + " --patience %d --seed %d%s", data, arch, epochs, batch, learningRate, patience, seed,
                noAugment ? " --no-augment" : "");
        TrainingRun run = new TrainingRun(new TrainingRun.Options(arch, config, createdBy, force));
        ModelMetrics m = run.run(dataset, out, new ConsoleProgress(epochs));
        printSummary(m);
        return 0;
    }

    private void printSummary(ModelMetrics m) {
        System.out.println();
        System.out.printf(Locale.ROOT, "test accuracy %.2f%% on %d images (best epoch %d of %d%s, %.1f s/epoch, %.0f images/s)%n",
                100 * m.testAccuracy(), m.testSamples(), m.bestEpoch(), m.epochsTrained(),
                m.stoppedEarly() ? ", stopped early" : "", m.epochSeconds(), m.imagesPerSecond());
        System.out.printf(Locale.ROOT, "%-10s %9s %9s %9s %8s%n", "label", "precision", "recall", "f1", "support");
        for (Map.Entry<String, ClassMetrics> e : m.perClass().entrySet()) {
            ClassMetrics c = e.getValue();
            System.out.printf(Locale.ROOT, "%-10s %9.3f %9.3f %9.3f %8d%n", e.getKey(), c.precision(), c.recall(), c.f1(),
                    c.support());
        }
        System.out.println();
        System.out.println("wrote " + out + "/: " + ModelFolder.FLOAT_TWIN + ", model.json, " + ModelFolder.METRICS + ", "
                + ModelFolder.CONFUSION_PNG + ", " + ModelFolder.CURVES_PNG + ", " + ModelFolder.MISCLASSIFIED_PNG);
    }

    /** One progress bar per epoch, then a one-line summary of it. */
    private static final class ConsoleProgress implements TrainingRun.Progress {
        private final int epochs;
        private ProgressBar bar;
        private int barEpoch;

        ConsoleProgress(int epochs) {
            this.epochs = epochs;
        }

        @Override
        public void onStage(String message) {
            System.out.println(message);
        }

        @Override
        public void onBatch(int epoch, int done, int total, double loss) {
            if (bar == null || barEpoch != epoch) {
                bar = new ProgressBar(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs), total);
                barEpoch = epoch;
            }
            bar.set(done, String.format(Locale.ROOT, "loss %.4f", loss));
        }

        @Override
        public void onEpoch(EpochStats s, boolean best) {
            if (bar != null) {
                bar.close();
            }
            System.err.printf(Locale.ROOT, "  loss %.4f  acc %.4f  val_loss %.4f  val_acc %.4f  lr %.2g  %.1fs%s%n",
                    s.trainLoss(), s.trainAccuracy(), s.valLoss(), s.valAccuracy(), s.learningRate(), s.seconds(),
                    best ? "  best" : "");
        }
    }
}
