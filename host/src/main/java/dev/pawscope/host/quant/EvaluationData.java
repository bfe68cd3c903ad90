package dev.pawscope.host.quant;

import dev.pawscope.host.cli.PawscopeException;
import dev.pawscope.host.dataset.Dataset;
import dev.pawscope.host.dataset.InputSpec;
import dev.pawscope.host.dataset.LabeledImage;
import dev.pawscope.host.dataset.Split;
import dev.pawscope.host.dataset.synth.SyntheticDogGenerator;
import dev.pawscope.host.dataset.synth.SyntheticSample;
import dev.pawscope.host.model.ModelMetadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Images to calibrate on (a dataset's train split) and to measure accuracy on (its test split).
 * Without a dataset, fresh synthetic images of the model's input size are generated, with seeds
 * no training run uses, provided the model's labels are the synthetic ones.
 *
 * @param description where the images came from, for the report
 */
public record EvaluationData(String description, List<LabeledImage> calibration, List<LabeledImage> test) {

    /** Seeds for generated data, far from the small seeds training uses. */
    static final long SYNTH_CALIBRATION_SEED = 0x5EED_CA11L;
    static final long SYNTH_TEST_SEED = 0x5EED_7E57L;
    static final int SYNTH_TEST_PER_CLASS = 150;

    public EvaluationData {
        calibration = List.copyOf(calibration);
        test = List.copyOf(test);
    }

    /** Up to {@code calibrationImages} train images spread evenly over the split, and the test split. */
    public static EvaluationData fromDataset(Path dir, ModelMetadata model, int calibrationImages) {
        Dataset dataset = Dataset.open(dir);
        if (!dataset.labels().equals(model.labels())) {
            throw PawscopeException.badInput("the dataset's labels " + dataset.labels() + " differ from the model's "
                    + model.labels(), "calibrate with the dataset the model was trained on, or one with the same labels");
        }
        if (!dataset.input().equals(model.input())) {
            throw PawscopeException.badInput("the dataset's images are " + dataset.input() + ", the model expects "
                    + model.input(), "use a dataset made for this model's input size");
        }
        List<LabeledImage> train = dataset.load(Split.TRAIN);
        List<LabeledImage> test = dataset.load(Split.TEST);
        if (train.isEmpty()) {
            throw PawscopeException.badInput("the calibration set is empty: " + dir + " has no training images",
                    "give a dataset with images (`pawscope dataset stats " + dir + "` shows the splits)");
        }
        return new EvaluationData("dataset " + dir, evenly(train, calibrationImages), test);
    }

    /** Generated synthetic images, for models trained on synthetic labels. */
    public static EvaluationData synthetic(ModelMetadata model, int calibrationImages) {
        if (!model.labels().equals(SyntheticDogGenerator.LABELS)) {
            throw PawscopeException.badInput("no --calib dataset given, and the model's labels " + model.labels()
                    + " are not the synthetic ones " + SyntheticDogGenerator.LABELS,
                    "pass --calib DIR with images of this model's classes");
        }
        InputSpec input = model.input();
        if (input.width() != input.height() || input.width() < SyntheticDogGenerator.MIN_SIZE) {
            throw PawscopeException.badInput("no --calib dataset given, and the synthetic generator cannot make "
                    + input + " images", "pass --calib DIR");
        }
        int perClass = Math.max(1, (calibrationImages + SyntheticDogGenerator.LABELS.size() - 1)
                / SyntheticDogGenerator.LABELS.size());
        return new EvaluationData("synthetic images (generated, seeds " + Long.toHexString(SYNTH_CALIBRATION_SEED)
                + "/" + Long.toHexString(SYNTH_TEST_SEED) + ")",
                generate(input.width(), SYNTH_CALIBRATION_SEED, perClass),
                generate(input.width(), SYNTH_TEST_SEED, SYNTH_TEST_PER_CLASS));
    }

    private static List<LabeledImage> generate(int size, long seed, int perClass) {
        SyntheticDogGenerator generator = new SyntheticDogGenerator(size, seed);
        List<LabeledImage> out = new ArrayList<>();
        for (int i = 0; i < perClass; i++) {
            for (int label = 0; label < SyntheticDogGenerator.LABELS.size(); label++) {
                SyntheticSample s = generator.generate(SyntheticDogGenerator.LABELS.get(label), i);
                out.add(new LabeledImage(s.image(), label, null));
            }
        }
        return out;
    }

    private static List<LabeledImage> evenly(List<LabeledImage> all, int n) {
        if (n >= all.size()) {
            return all;
        }
        List<LabeledImage> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(all.get((int) ((long) i * all.size() / n)));
        }
        return out;
    }
}
