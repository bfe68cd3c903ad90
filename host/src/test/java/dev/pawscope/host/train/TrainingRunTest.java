package dev.pawscope.host.train;

import dev.pawscope.host.dataset.Dataset;
import dev.pawscope.host.dataset.synth.SyntheticDatasetBuilder;
import dev.pawscope.host.model.ModelFolder;
import dev.pawscope.host.model.ModelMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingRunTest {

    @TempDir
    Path tmp;

    private static final TrainingRun.Progress QUIET = new TrainingRun.Progress() {
        @Override
        public void onStage(String message) {
        }

        @Override
        public void onBatch(int epoch, int samplesDone, int samplesTotal, double loss) {
        }

        @Override
        public void onEpoch(EpochStats stats, boolean best) {
        }
    };

    @Test
    void theModelFolderHoldsASheetOfEveryMisclassifiedTestImage() throws IOException {
        Path data = tmp.resolve("d");
        new SyntheticDatasetBuilder(32, 1).build(data, 30, false, "test", n -> { });
        Dataset dataset = Dataset.open(data);
        Path out = tmp.resolve("m");
        TrainingRun run = new TrainingRun(new TrainingRun.Options("tiny",
                new Trainer.Config(1, 32, 1, 3, true, 0.002), "test", false));
        ModelMetrics metrics = run.run(dataset, out, QUIET);

        BufferedImage sheet = ImageIO.read(out.resolve(ModelFolder.MISCLASSIFIED_PNG).toFile());
        assertNotNull(sheet, "misclassified.png is a readable PNG");
        int wrong = metrics.testSamples() - Arrays.stream(diagonal(metrics)).sum();
        assertTrue(wrong > 0, "one epoch of a tiny model should get something wrong");
        assertTrue(sheet.getHeight() > 150, "a sheet with thumbnails, found height " + sheet.getHeight());
    }

    @Test
    void mistakesAreTheTestSamplesWhosePredictionDiffersWithTheirMasks() throws IOException {
        Path data = tmp.resolve("d");
        new SyntheticDatasetBuilder(32, 2).build(data, 20, false, "test", n -> { });
        Dataset dataset = Dataset.open(data);
        var samples = dataset.load(dev.pawscope.host.dataset.Split.TEST);
        int[] predicted = new int[samples.size()];
        double[] confidence = new double[samples.size()];
        Arrays.fill(predicted, 3);   // everything called no_dog
        Arrays.fill(confidence, 0.8);
        var mistakes = TrainingRun.mistakes(dataset, samples, new Predictions(predicted, confidence, 1, 0.25));
        long dogs = samples.stream().filter(s -> s.labelIndex() != 3).count();
        assertEquals(dogs, mistakes.size());
        for (var m : mistakes) {
            assertEquals("no_dog", m.predicted());
            assertTrue(List.of("sit", "stand", "lie_down").contains(m.truth()), m.truth());
            assertNotNull(m.mask(), "synthetic dogs have masks: " + m.name());
            assertEquals(0.8, m.confidence());
            assertTrue(m.name().startsWith(m.truth() + "/"), m.name());
        }
    }

    private static int[] diagonal(ModelMetrics m) {
        int[][] cm = m.confusionMatrix();
        int[] d = new int[cm.length];
        for (int i = 0; i < cm.length; i++) {
            d[i] = cm[i][i];
        }
        return d;
    }
}
