package dev.pawscope.host.cli;

import dev.pawscope.host.bench.BenchTable;
import dev.pawscope.host.dataset.Dataset;
import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.host.dataset.LabeledImage;
import dev.pawscope.host.dataset.Split;
import dev.pawscope.host.explain.AttributionMethod;
import dev.pawscope.host.explain.AttributionMethods;
import dev.pawscope.host.explain.ExplanationScores;
import dev.pawscope.host.explain.FloatTwin;
import dev.pawscope.host.explain.Int8Scores;
import dev.pawscope.host.explain.Occlusion;
import dev.pawscope.host.explain.Saliency;
import dev.pawscope.host.model.ModelFolder;
import dev.pawscope.host.quant.Int8Model;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        List<LabeledImage> chosen = new ArrayList<>();
        List<GrayImage> masks = new ArrayList<>();
        for (LabeledImage li : dataset.load(Split.TEST)) {
            GrayImage mask = li.entry().hasMask() ? dataset.mask(li.entry()) : null;
            if (mask != null && ExplanationScores.hasObject(mask) && chosen.size() < images) {
                chosen.add(li);
                masks.add(mask);
            }
        }
        if (chosen.isEmpty()) {
            throw PawscopeException.badInput(data + " has no test image with a ground-truth mask",
                    "use a synthetic dataset (`pawscope dataset synth`)");
        }
        AttributionMethods factory = new AttributionMethods(twin, int8);
        Map<String, AttributionMethod> methods = new LinkedHashMap<>();
        for (String name : AttributionMethods.FLOAT_NAMES) {
            methods.put("float_" + name, factory.create(name));
        }
        methods.put("float_occlusion", Occlusion.withDefaults(twin, "float twin"));
        methods.put("int8_occlusion", Occlusion.withDefaults(int8, "int8 model"));

        // warm-up: one explanation per method, for the JIT and ND4J's first-call setup
        for (AttributionMethod m : methods.values()) {
            m.explain(chosen.get(0).image(), chosen.get(0).labelIndex());
        }
        BenchTable table = new BenchTable("pawscope bench explain (" + model + ", " + chosen.size()
                + " test images with a dog)");
        Map<String, List<Saliency>> maps = new LinkedHashMap<>();
        try (ProgressBar bar = new ProgressBar("explain", (long) methods.size() * chosen.size())) {
            for (Map.Entry<String, AttributionMethod> e : methods.entrySet()) {
                List<Saliency> out = new ArrayList<>();
                long nanos = 0;
                double share = 0;
                int shares = 0;
                int hits = 0;
                for (int i = 0; i < chosen.size(); i++) {
                    LabeledImage li = chosen.get(i);
                    long t0 = System.nanoTime();
                    Saliency s = e.getValue().explain(li.image(), li.labelIndex());
                    nanos += System.nanoTime() - t0;
                    out.add(s);
                    double sh = ExplanationScores.maskShare(s, masks.get(i));
                    if (!Double.isNaN(sh)) {
                        share += sh;
                        shares++;
                    }
                    hits += ExplanationScores.pointingGame(s, masks.get(i)) ? 1 : 0;
                    bar.step(1);
                }
                maps.put(e.getKey(), out);
                String k = e.getKey();
                table.put(k + "_ms", nanos / 1e6 / chosen.size(), "ms per explanation");
                table.put(k + "_mask_share", shares == 0 ? Double.NaN : share / shares,
                        "share of positive attribution on the dog (mean over maps with any)");
                table.put(k + "_pointing_game", hits / (double) chosen.size(), "share of maps whose maximum is "
                        + "within 1 px of the dog");
            }
        }
        double maskArea = 0;
        for (GrayImage m : masks) {
            int inside = 0;
            for (byte b : m.pixels()) {
                inside += (b & 0xFF) >= 128 ? 1 : 0;
            }
            maskArea += inside / (double) m.pixels().length;
        }
        table.put("mask_area_share", maskArea / masks.size(), "share of pixels on the dog (a uniform map's "
                + "mask_share)");
        List<Saliency> int8Maps = maps.get("int8_occlusion");
        for (String k : maps.keySet()) {
            if (k.startsWith("float_")) {
                double[] agreement = agreement(maps.get(k), int8Maps);
                String suffix = k.equals("float_occlusion") ? "" : "_" + k.substring("float_".length());
                String what = k.equals("float_occlusion") ? "float twin vs int8 model, both occlusion"
                        : k.substring("float_".length()) + " (float) vs int8 occlusion";
                table.put("float_int8_spearman" + suffix, agreement[0], "mean Spearman, " + what);
                table.put("float_int8_top10_iou" + suffix, agreement[1], "mean IoU of the top 10% pixels, " + what);
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

    /** Mean Spearman (over pairs where it is defined) and mean top-10% IoU. */
    private static double[] agreement(List<Saliency> a, List<Saliency> b) {
        double rho = 0;
        int n = 0;
        double iou = 0;
        for (int i = 0; i < a.size(); i++) {
            double r = ExplanationScores.spearman(a.get(i), b.get(i));
            if (!Double.isNaN(r)) {
                rho += r;
                n++;
            }
            iou += ExplanationScores.topIou(a.get(i), b.get(i));
        }
        return new double[] {n == 0 ? Double.NaN : rho / n, iou / a.size()};
    }
}
