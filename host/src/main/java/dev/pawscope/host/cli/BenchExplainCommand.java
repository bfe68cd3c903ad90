package dev.pawscope.host.cli;

import dev.pawscope.host.bench.BenchTable;
import dev.pawscope.host.dataset.Dataset;
import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.host.dataset.LabeledImage;
import dev.pawscope.host.dataset.Split;
import dev.pawscope.host.explain.ExplanationRun;
import dev.pawscope.host.explain.ExplanationScores;
import dev.pawscope.host.explain.FloatTwin;
import dev.pawscope.host.explain.Int8Scores;
import dev.pawscope.host.model.ModelFolder;
import dev.pawscope.host.quant.Int8Model;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pawscope bench explain}: how fast each attribution method is and how well it finds the dog. */
@Command(name = "explain",
        mixinStandardHelpOptions = true,
        description = {"Measure the attribution methods on test images that have a ground-truth mask (synthetic "
                + "datasets): milliseconds per explanation (this thread; run with OMP_NUM_THREADS=1 for one core), "
                + "the share of positive attribution on the dog (mask_share) and the pointing game (the maximum "
                + "within 1 px of the dog), for every float-twin method (gradient, smoothgrad, guided, gradcam, "
                + "integrated, occlusion) and for the int8 model's occlusion; and how much the float twin's occlusion "
                + "and the int8 model's agree (float_int8_spearman, float_int8_top10_iou: Spearman and IoU of the "
                + "top 10%% pixels), and each float method with the int8 occlusion (..._<method>). The explained "
                + "class is each image's true label.%n",
                "Example: OMP_NUM_THREADS=1 pawscope bench explain --model models/pawnet --data data/synth48 "
                        + "--json bench.json%n"})
final class BenchExplainCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "A quantized model folder.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "A dataset with masks.")
    Path data;

    @Option(names = "--images", defaultValue = "32", paramLabel = "N",
            description = "Test images with a dog (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
    Path json;

    @Override
    public Integer call() throws Exception {
        if (images < 1) {
            throw PawscopeException.badInput("expected --images >= 1, found " + images, "the default is 32");
        }
        ModelFolder folder = ModelFolder.open(model);
        FloatTwin twin = FloatTwin.load(folder);
        Int8Scores int8 = Int8Scores.of(Int8Model.load(model));
        Dataset dataset = Dataset.open(data);
        if (!dataset.input().equals(folder.metadata().input())) {
            throw PawscopeException.badInput("the dataset's images are " + dataset.input() + ", the model eats "
                    + folder.metadata().input(), "use the dataset the model was trained on");
        }
        List<ExplanationRun.Item> chosen = new ArrayList<>();
        for (LabeledImage li : dataset.load(Split.TEST)) {
            GrayImage mask = li.entry().hasMask() ? dataset.mask(li.entry()) : null;
            if (mask != null && ExplanationScores.hasObject(mask) && chosen.size() < images) {
                chosen.add(new ExplanationRun.Item(li.image(), li.labelIndex(), mask));
            }
        }
        if (chosen.isEmpty()) {
            throw PawscopeException.badInput(data + " has no test image with a ground-truth mask",
                    "use a synthetic dataset (`pawscope dataset synth`)");
        }
        ExplanationRun run = ExplanationRun.run(ExplanationRun.methods(twin, int8), chosen);
        BenchTable table = new BenchTable("pawscope bench explain (" + model + ", " + chosen.size()
                + " test images with a dog)");
        for (ExplanationRun.MethodScores m : run.scores()) {
            String k = m.key();
            table.put(k + "_ms", m.millisPerMap(), "ms per explanation");
            table.put(k + "_mask_share", m.maskShare(), "share of positive attribution on the dog (mean over maps "
                    + "with any)");
            table.put(k + "_pointing_game", m.pointingGame(), "share of maps whose maximum is within 1 px of the dog");
        }
        table.put("mask_area_share", ExplanationRun.maskAreaShare(chosen), "share of pixels on the dog (a uniform "
                + "map's mask_share)");
        for (ExplanationRun.MethodScores m : run.scores()) {
            String k = m.key();
            if (k.startsWith("float_")) {
                String suffix = k.equals("float_occlusion") ? "" : "_" + k.substring("float_".length());
                String what = k.equals("float_occlusion") ? "float twin vs int8 model, both occlusion"
                        : k.substring("float_".length()) + " (float) vs int8 occlusion";
                table.put("float_int8_spearman" + suffix, m.spearman(), "mean Spearman, " + what);
                table.put("float_int8_top10_iou" + suffix, m.topIou(), "mean IoU of the top 10% pixels, " + what);
            }
        }
        System.out.println();
        table.print(System.out);
        if (json != null) {
            table.writeJson(json);
            System.out.println("wrote " + json);
        }
        return 0;
    }
}
