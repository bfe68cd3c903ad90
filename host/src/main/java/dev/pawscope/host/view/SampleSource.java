package dev.pawscope.host.view;

import dev.pawscope.host.cli.PawscopeException;
import dev.pawscope.host.dataset.Dataset;
import dev.pawscope.host.dataset.LabeledImage;
import dev.pawscope.host.dataset.Split;
import dev.pawscope.host.dataset.synth.SyntheticDogGenerator;
import dev.pawscope.host.dataset.GrayImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The images sent to the board as samples ("Send sample" in the window; every frame of a board
 * without a camera): the test split of a pawscope dataset, in order or at random, each with its
 * true label; or, without a dataset, fresh synthetic dogs of the label asked for. Thread-safe.
 */
public final class SampleSource {

    /** Label choice meaning "any class". */
    public static final String ANY = "any";
    /** Seed of synthetic samples: the n-th sample of a class is always the same. */
    static final long SYNTHETIC_SEED = 7;

    /**
     * @param name where it came from: the dataset path, or "synthetic #n"
     */
    public record Sample(GrayImage image, String label, String name) {}

    public enum Order {
        CYCLE, RANDOM
    }

    private final List<LabeledImage> images; // empty for synthetic
    private final List<String> labels;
    private final Path dataset;
    private final int size;
    private final Order order;
    private final Random random;
    private long next;

    private SampleSource(List<LabeledImage> images, List<String> labels, Path dataset, int size, Order order,
            long seed) {
        this.images = images;
        this.labels = List.copyOf(labels);
        this.dataset = dataset;
        this.size = size;
        this.order = order;
        this.random = new Random(seed);
    }

    /** Synthetic dogs of {@code size}x{@code size}, of the generator's labels. */
    public static SampleSource synthetic(int size) {
        return new SampleSource(List.of(), SyntheticDogGenerator.LABELS, null, size, Order.CYCLE, SYNTHETIC_SEED);
    }

    /**
     * The test split of the dataset at {@code dir}, whose images must be the model's input size.
     *
     * @param modelLabels the model's labels: the dataset's must be the same
     */
    public static SampleSource dataset(Path dir, int width, int height, List<String> modelLabels, Order order,
            long seed) {
        Dataset d = Dataset.open(dir);
        if (d.input().width() != width || d.input().height() != height) {
            throw PawscopeException.badInput("--data " + dir + " holds " + d.input().width() + "x"
                    + d.input().height() + " images, the model takes " + width + "x" + height,
                    "pass the dataset the model was trained on, or make one of this size: pawscope dataset synth "
                            + "--size " + width + " --out DIR");
        }
        if (!d.labels().equals(modelLabels)) {
            throw PawscopeException.badInput("--data " + dir + " has labels " + d.labels() + ", the model "
                    + modelLabels, "pass a dataset with the model's labels, in the same order");
        }
        List<LabeledImage> test = d.load(Split.TEST);
        if (test.isEmpty()) {
            throw PawscopeException.badInput("--data " + dir + " has no test images (" + d.manifest().entries().size()
                    + " images in all)", "use a dataset made by pawscope dataset synth or import, which set aside "
                    + "10% for test");
        }
        return new SampleSource(List.copyOf(test), d.labels(), dir, width, order, seed);
    }

    public boolean isSynthetic() {
        return dataset == null;
    }

    public List<String> labels() {
        return labels;
    }

    /** For a tooltip or the status: where samples come from. */
    public String describe() {
        return isSynthetic()
                ? "fresh synthetic dogs of the chosen class (no --data: pass --data DATASET to send its test images)"
                : images.size() + " test images of " + dataset + ", " + (order == Order.CYCLE ? "in turn" : "at random")
                       ;
    }

    /** The next sample of {@code label} ({@link #ANY}: of any class; synthetic: cycles the classes). */
    public synchronized Sample next(String label) {
        long n = next++;
        if (isSynthetic()) {
            String l = ANY.equals(label) ? labels.get((int) (n % labels.size())) : label;
            GrayImage image = new SyntheticDogGenerator(size, SYNTHETIC_SEED).generate(l, (int) n).image();
            return new Sample(image, l, "synthetic #" + n);
        }
        List<LabeledImage> pool = new ArrayList<>();
        for (LabeledImage i : images) {
            if (ANY.equals(label) || labels.get(i.labelIndex()).equals(label)) {
                pool.add(i);
            }
        }
        if (pool.isEmpty()) {
            throw PawscopeException.badInput("the test split of " + dataset + " has no '" + label + "' image",
                    "choose another class, or " + ANY);
        }
        LabeledImage pick = order == Order.RANDOM ? pool.get(random.nextInt(pool.size()))
                : pool.get((int) (n % pool.size()));
        return new Sample(pick.image(), labels.get(pick.labelIndex()), pick.entry().path());
    }
}
