package dev.pawscope.host.train;

import dev.pawscope.host.cli.PawscopeException;
import dev.pawscope.host.cli.PawscopeVersion;
import dev.pawscope.host.dataset.Dataset;
import dev.pawscope.host.dataset.InputSpec;
import dev.pawscope.host.dataset.LabeledImage;
import dev.pawscope.host.dataset.Split;
import dev.pawscope.host.io.AtomicFiles;
import dev.pawscope.host.model.ClassMetrics;
import dev.pawscope.host.model.LayerInfo;
import dev.pawscope.host.model.ModelFolder;
import dev.pawscope.host.model.ModelMetadata;
import dev.pawscope.host.model.ModelMetrics;
import dev.pawscope.host.train.charts.ConfusionMatrixChart;
import dev.pawscope.host.train.charts.MisclassifiedSheet;
import dev.pawscope.host.train.charts.TrainingCurvesChart;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Dataset in, model folder out: checks the spec against the data, trains the float twin,
 * scores it on the test split, and writes the folder atomically (metadata, network, metrics,
 * confusion matrix, training curves and a contact sheet of the misclassified test images).
 */
public final class TrainingRun {

    /** Training samples every label needs; val and test only need to be non-empty. */
    static final int MIN_TRAIN_PER_LABEL = 1;

    public record Options(String architecture, Trainer.Config trainer, String createdBy, boolean replace) {
    }

    /** What the run reports as it goes. */
    public interface Progress extends Trainer.Listener {
        void onStage(String message);
    }

    private final Options options;

    public TrainingRun(Options options) {
        this.options = options;
    }

    public ModelMetrics run(Dataset dataset, Path out, Progress progress) throws IOException {
        List<String> labels = dataset.labels();
        InputSpec input = dataset.input();
        ArchitectureSpec spec = resolveSpec(options.architecture(), input, labels.size());
        List<TensorShape> shapes = spec.shapes(input, labels.size());
        checkSplits(dataset);
        AtomicFiles.checkTarget(out, options.replace());

        progress.onStage("loading " + dataset.manifest().entries().size() + " images from " + dataset.root());
        ImageTensors train = tensors(dataset, dataset.load(Split.TRAIN));
        ImageTensors val = tensors(dataset, dataset.load(Split.VAL));
        List<LabeledImage> testSamples = dataset.load(Split.TEST);
        ImageTensors test = tensors(dataset, testSamples);

        MultiLayerNetwork net = NetworkFactory.create(spec, input, labels.size(), options.trainer().seed(),
                options.trainer().learningRate());
        ArchitectureSpec.Footprint footprint = spec.int8Footprint(input, labels.size());
        progress.onStage(String.format(Locale.ROOT,
                "model: %,d parameters; as int8 %,d B of weights, %,d B peak activations; %d train / %d val / %d test images",
                spec.parameters(input, labels.size()), footprint.weightBytes(), footprint.activationBytes(),
                train.size(), val.size(), test.size()));

        Trainer.Result result = new Trainer(options.trainer()).train(net, train, val, progress);

        Predictions testPred = Predictions.of(net, test);
        Predictions valPred = Predictions.of(net, val);
        ConfusionMatrix cm = ConfusionMatrix.of(labels, test.labels(), testPred.predicted());
        Map<String, ClassMetrics> perClass = new LinkedHashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            perClass.put(labels.get(i), new ClassMetrics(cm.precision(i), cm.recall(i), cm.f1(i), cm.support(i)));
        }
        double epochSeconds = result.history().stream().mapToDouble(EpochStats::seconds).average().orElse(0);
        ModelMetrics metrics = new ModelMetrics(cm.accuracy(), valPred.accuracy(), test.size(), labels, cm.counts(),
                perClass, result.history().size(), result.bestEpoch(), result.stoppedEarly(), result.seconds(),
                epochSeconds, epochSeconds > 0 ? train.size() / epochSeconds : 0, spec.parameters(input, labels.size()),
                footprint.weightBytes(), footprint.activationBytes(), result.history());

        ModelMetadata metadata = new ModelMetadata(ModelMetadata.FORMAT, ModelMetadata.VERSION, PawscopeVersion.current(),
                options.createdBy(), "trained", labels, input,
                new ModelMetadata.Normalization(ImageTensors.SCALE, ImageTensors.OFFSET), spec.text(),
                layerInfos(spec, shapes), ModelMetadata.DL4J_LAYOUT, dataset.manifest().hash(), options.trainer().seed());
        List<MisclassifiedSheet.Mistake> mistakes = mistakes(dataset, testSamples, testPred);
        write(out, net, metadata, metrics, cm, result, mistakes, test.size());
        return metrics;
    }

    private void write(Path out, MultiLayerNetwork net, ModelMetadata metadata, ModelMetrics metrics,
                       ConfusionMatrix cm, Trainer.Result result, List<MisclassifiedSheet.Mistake> mistakes,
                       int tested) throws IOException {
        String name = out.getFileName().toString();
        AtomicFiles.writeFolder(out, options.replace(), folder -> {
            ModelFolder.writeFloatTwin(net, folder);
            AtomicFiles.writeJson(folder.resolve(ModelMetadata.FILE_NAME), metadata);
            AtomicFiles.writeJson(folder.resolve(ModelFolder.METRICS), metrics);
            AtomicFiles.writePng(folder.resolve(ModelFolder.CONFUSION_PNG),
                    ConfusionMatrixChart.render(cm, name + ": test split confusion matrix"));
            AtomicFiles.writePng(folder.resolve(ModelFolder.CURVES_PNG),
                    TrainingCurvesChart.render(result.history(), result.bestEpoch(), name + ": training"));
            AtomicFiles.writePng(folder.resolve(ModelFolder.MISCLASSIFIED_PNG),
                    MisclassifiedSheet.render(mistakes, tested, name + ": misclassified test images"));
        });
    }

    /** The test samples the model got wrong, with their masks (if the dataset has them) and the model's answer. */
    static List<MisclassifiedSheet.Mistake> mistakes(Dataset dataset, List<LabeledImage> samples, Predictions pred) {
        int[] predicted = pred.predicted();
        double[] confidence = pred.confidence();
        List<String> labels = dataset.labels();
        List<MisclassifiedSheet.Mistake> out = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            LabeledImage s = samples.get(i);
            if (predicted[i] != s.labelIndex()) {
                out.add(new MisclassifiedSheet.Mistake(s.image(), dataset.mask(s.entry()), s.entry().path(),
                        labels.get(s.labelIndex()), labels.get(predicted[i]), confidence[i]));
            }
        }
        return out;
    }

    /** Every spec layer with its float-twin layer name and NHWC output shape, as model.json records them. */
    public static List<LayerInfo> layerInfos(ArchitectureSpec spec, List<TensorShape> shapes) {
        List<LayerInfo> infos = new ArrayList<>();
        for (int i = 0; i < spec.layers().size(); i++) {
            TensorShape s = shapes.get(i);
            infos.add(new LayerInfo(i, NetworkFactory.name(i, spec.layers().get(i)), spec.layers().get(i).text(),
                    List.of(s.height(), s.width(), s.channels())));
        }
        return infos;
    }

    static ArchitectureSpec resolveSpec(String text, InputSpec input, int classes) {
        try {
            ArchitectureSpec spec = ArchitectureSpec.resolve(text, classes);
            spec.shapes(input, classes);
            return spec;
        } catch (SpecException e) {
            throw PawscopeException.badInput("model spec: " + e.getMessage(),
                    "built-in architectures: " + String.join(", ", ArchitectureSpec.named(classes).keySet())
                            + "; layers: " + ArchitectureSpec.SUPPORTED + ". Example: \""
                            + ArchitectureSpec.named(classes).get("tiny") + "\"");
        }
    }

    private static void checkSplits(Dataset dataset) {
        for (String label : dataset.labels()) {
            int n = dataset.manifest().count(label, Split.TRAIN);
            if (n < MIN_TRAIN_PER_LABEL) {
                throw PawscopeException.badInput("expected training images of every label, found none of '" + label
                        + "' in " + dataset.root(), "add images of " + label + " or remove the label");
            }
        }
        for (Split s : List.of(Split.VAL, Split.TEST)) {
            if (dataset.manifest().count(s) == 0) {
                throw PawscopeException.badInput("expected some " + s.jsonName() + " images, found none in "
                        + dataset.root() + " (" + dataset.manifest().entries().size() + " images in all)",
                        "the split takes ~10% each for val and test; use at least ~20 images per label");
            }
        }
    }

    private static ImageTensors tensors(Dataset d, List<LabeledImage> samples) {
        return ImageTensors.of(samples, d.input().width(), d.input().height(), d.labels().size());
    }
}
