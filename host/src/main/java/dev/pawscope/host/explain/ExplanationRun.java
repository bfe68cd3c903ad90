package dev.pawscope.host.explain;

import dev.pawscope.host.cli.ProgressBar;
import dev.pawscope.host.dataset.GrayImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every attribution method over the same images, each explaining the image's given class, with
 * the numbers that make them comparable ({@link ExplanationScores}): per method the time per map,
 * the mean mask share and pointing-game hit rate (over the images whose mask shows a dog), and the
 * agreement with a reference method (the int8 model's occlusion): mean Spearman and top-10% IoU.
 * {@code bench explain} prints these; {@code report} shows them beside the maps themselves.
 */
public final class ExplanationRun {

    /** The key of the int8 model's occlusion, the reference every float method is compared with. */
    public static final String INT8_OCCLUSION = "int8_" + Occlusion.NAME;

    /** One image to explain: {@code mask} may be null (no ground truth). */
    public record Item(GrayImage image, int classIndex, GrayImage mask) {

        boolean hasObject() {
            return mask != null && ExplanationScores.hasObject(mask);
        }
    }

    /**
     * One method's figures. NaN where undefined: no image with a dog (mask share, pointing game),
     * or this is the reference itself, or there is no reference (agreement).
     */
    public record MethodScores(String key, String modelDescription, double millisPerMap, double maskShare,
            double pointingGame, double spearman, double topIou) {}

    private final Map<String, List<Saliency>> maps;
    private final List<MethodScores> scores;

    private ExplanationRun(Map<String, List<Saliency>> maps, List<MethodScores> scores) {
        this.maps = maps;
        this.scores = scores;
    }

    /**
     * The methods to compare, keyed {@code float_<name>} or {@code int8_<name>}: every registered
     * name of {@link AttributionMethods} (so a newly registered method shows up here), the float
     * twin's ones only when there is a twin, and occlusion on both models (it is the only method
     * that runs on either, and the float-vs-int8 comparison needs the same method on both).
     *
     * @param twin may be null (a model folder without a float twin)
     */
    public static Map<String, AttributionMethod> methods(FloatTwin twin, Int8Scores int8) {
        AttributionMethods factory = new AttributionMethods(twin, int8);
        Map<String, AttributionMethod> methods = new LinkedHashMap<>();
        for (String name : AttributionMethods.NAMES) {
            if (AttributionMethods.FLOAT_NAMES.contains(name)) {
                if (twin != null) {
                    methods.put("float_" + name, factory.create(name));
                }
            } else if (name.equals(Occlusion.NAME)) {
                if (twin != null) {
                    methods.put("float_" + name, Occlusion.withDefaults(twin, "float twin"));
                }
                methods.put(INT8_OCCLUSION, Occlusion.withDefaults(int8, "int8 model"));
            } else {
                methods.put("int8_" + name, factory.create(name));
            }
        }
        return methods;
    }

    /**
     * Runs every method on every item, after one warm-up map per method (the JIT, ND4J's first-call
     * setup) so the times are steady-state; a progress bar on stderr.
     */
    public static ExplanationRun run(Map<String, AttributionMethod> methods, List<Item> items) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("expected at least one image to explain, found none");
        }
        for (AttributionMethod m : methods.values()) {
            m.explain(items.get(0).image(), items.get(0).classIndex());
        }
        Map<String, List<Saliency>> maps = new LinkedHashMap<>();
        Map<String, Double> millis = new LinkedHashMap<>();
        try (ProgressBar bar = new ProgressBar("explain", (long) methods.size() * items.size())) {
            for (Map.Entry<String, AttributionMethod> e : methods.entrySet()) {
                List<Saliency> out = new ArrayList<>();
                long nanos = 0;
                for (Item item : items) {
                    long t0 = System.nanoTime();
                    out.add(e.getValue().explain(item.image(), item.classIndex()));
                    nanos += System.nanoTime() - t0;
                    bar.step(1);
                }
                maps.put(e.getKey(), Collections.unmodifiableList(out));
                millis.put(e.getKey(), nanos / 1e6 / items.size());
            }
        }
        List<Saliency> reference = maps.get(INT8_OCCLUSION);
        List<MethodScores> scores = new ArrayList<>();
        for (Map.Entry<String, List<Saliency>> e : maps.entrySet()) {
            List<Saliency> list = e.getValue();
            double share = 0;
            int shares = 0;
            int hits = 0;
            int objects = 0;
            for (int i = 0; i < items.size(); i++) {
                if (!items.get(i).hasObject()) {
                    continue;
                }
                objects++;
                double s = ExplanationScores.maskShare(list.get(i), items.get(i).mask());
                if (!Double.isNaN(s)) {
                    share += s;
                    shares++;
                }
                hits += ExplanationScores.pointingGame(list.get(i), items.get(i).mask()) ? 1 : 0;
            }
            double[] agreement = reference == null || e.getKey().equals(INT8_OCCLUSION)
                    ? new double[] {Double.NaN, Double.NaN} : agreement(list, reference);
            scores.add(new MethodScores(e.getKey(), methods.get(e.getKey()).modelDescription(), millis.get(e.getKey()),
                    shares == 0 ? Double.NaN : share / shares, objects == 0 ? Double.NaN : hits / (double) objects,
                    agreement[0], agreement[1]));
        }
        return new ExplanationRun(Collections.unmodifiableMap(maps), List.copyOf(scores));
    }

    /** Per method key, its maps in item order. */
    public Map<String, List<Saliency>> maps() {
        return maps;
    }

    /** One entry per method, in the order the methods were given. */
    public List<MethodScores> scores() {
        return scores;
    }

    /** The mean share of pixels on the dog over the items that show one: a uniform map's mask share. */
    public static double maskAreaShare(List<Item> items) {
        double sum = 0;
        int n = 0;
        for (Item item : items) {
            if (item.hasObject()) {
                int inside = 0;
                for (byte b : item.mask().pixels()) {
                    inside += (b & 0xFF) >= 128 ? 1 : 0;
                }
                sum += inside / (double) item.mask().pixels().length;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
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
