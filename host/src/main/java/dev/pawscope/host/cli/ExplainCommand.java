package dev.pawscope.host.cli;

import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.host.dataset.ImageResizer;
import dev.pawscope.host.dataset.InputSpec;
import dev.pawscope.host.dataset.PngCodec;
import dev.pawscope.host.explain.ActivationMaximisation;
import dev.pawscope.host.explain.AttributionMethod;
import dev.pawscope.host.explain.AttributionMethods;
import dev.pawscope.host.explain.ExplanationScores;
import dev.pawscope.host.explain.ExplanationSheet;
import dev.pawscope.host.explain.FloatTwin;
import dev.pawscope.host.explain.GradCam;
import dev.pawscope.host.explain.LayerObjective;
import dev.pawscope.host.explain.NetworkSheets;
import dev.pawscope.host.explain.Int8Scores;
import dev.pawscope.host.explain.Occlusion;
import dev.pawscope.host.explain.Saliency;
import dev.pawscope.host.explain.TwinLayer;
import dev.pawscope.host.io.AtomicFiles;
import dev.pawscope.host.model.ModelFolder;
import dev.pawscope.host.model.ModelMetadata;
import dev.pawscope.host.quant.Int8Files;
import dev.pawscope.host.quant.Int8Model;
import dev.pawscope.host.view.PanelRenderer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pawscope explain}: attribution maps of the float twin and the int8 model as PNG sheets,
 * and views inside the float twin (first-layer filters, feature maps, activation maximisation).
 */
@Command(name = "explain",
        mixinStandardHelpOptions = true,
        description = {"Explain what the models look at: for each image, a PNG with the float twin's attribution map "
                + "(by --method) and the int8 model's occlusion map (through the bit-exact interpreter, i.e. what "
                + "the board computes) side by side, over the image, with their agreement (Spearman rank "
                + "correlation and IoU of the top 10%% pixels).%n",
                "Methods: gradient, smoothgrad, guided (guided backpropagation), gradcam, integrated (integrated "
                        + "gradients from a black image), occlusion (then the float twin's occlusion beside the int8 "
                        + "one), or all. IMAGE may be any size or colour: it is converted to the model's grayscale "
                        + "input (resized and centre-cropped), with a note. A model folder without a float twin gets "
                        + "the int8 occlusion only.%n",
                "Inside the float twin (no --method needed):",
                "  --filters          the first convolution's filters, weights written in",
                "  --maps LAYER       each channel of LAYER's output for each IMAGE",
                "  --maximize TARGET  the input a unit likes most, by gradient ascent:",
                "                     a class (its pre-softmax score), a LAYER (each of",
                "                     its channels) or LAYER:CHANNEL",
                "LAYER is an alias (conv1, relu2, pool3, scores; `--maps x` lists them),",
                "a DL4J layer name (3_conv2d) or an index.%n",
                "Examples:",
                "  pawscope explain models/pawnet photo.jpg",
                "  pawscope explain models/pawnet a.png b.png --method all --class sit",
                "  pawscope explain models/pawnet photo.jpg --method guided",
                "  pawscope explain models/pawnet --filters --out /tmp/inside",
                "  pawscope explain models/pawnet photo.jpg --maps conv1,conv2",
                "  pawscope explain models/pawnet --maximize sit,conv2:5 --steps 300 --seed 7%n"})
final class ExplainCommand implements Callable<Integer> {

    /** Channels climbed side by side in one DL4J batch (far fewer calls than one at a time). */
    private static final int BATCH = 16;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A model folder.")
    Path model;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "IMAGE",
            description = "Images to explain (not needed for --filters and --maximize).")
    List<Path> images = new ArrayList<>();

    @Option(names = "--method", paramLabel = "NAME",
            description = "gradient, smoothgrad, guided, gradcam, integrated, occlusion or all (default: gradcam; "
                    + "with --filters, --maps or --maximize: none unless given).")
    String method;

    @Option(names = "--class", paramLabel = "LABEL",
            description = "The class to explain (default: the int8 model's top class for each image).")
    String label;

    @Option(names = "--filters", description = "Draw the first convolution's filters.")
    boolean filters;

    @Option(names = "--maps", split = ",", paramLabel = "LAYER",
            description = "Draw every channel of these layers' outputs for each IMAGE.")
    List<String> maps = new ArrayList<>();

    @Option(names = "--maximize", split = ",", paramLabel = "TARGET",
            description = "Find the input that maximises a class's score (sit), every channel of a layer (conv2) "
                    + "or one channel (conv2:5).")
    List<String> maximize = new ArrayList<>();

    @Option(names = "--steps", defaultValue = "200", paramLabel = "N",
            description = "Gradient-ascent steps for --maximize (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
            description = "Seed of --maximize's starting noise and jitter (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", defaultValue = "explain", paramLabel = "DIR",
            description = "Where the PNGs go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws IOException {
        ModelFolder folder = ModelFolder.open(model);
        ModelMetadata meta = folder.metadata();
        boolean inside = filters || !maps.isEmpty() || !maximize.isEmpty();
        boolean attributions = !images.isEmpty() && (method != null || !inside);
        List<String> methods = attributions || method != null ? methods() : List.of(); // checks the name
        boolean hasTwin = Files.isRegularFile(model.resolve(ModelFolder.FLOAT_TWIN));
        boolean hasInt8 = Files.isRegularFile(model.resolve(Int8Files.INT8_TFLITE));
        if (!hasInt8 && !hasTwin) {
            throw PawscopeException.badInput(model + " has neither a float twin nor an int8 model",
                    "train or import a model into it");
        }
        if (inside && !hasTwin) {
            throw PawscopeException.badInput("--filters, --maps and --maximize look inside the float twin, and "
                    + model + " has none (no " + ModelFolder.FLOAT_TWIN + "); the int8 model offers only "
                    + "--method occlusion", "explain an image with --method occlusion, or use the trained folder");
        }
        FloatTwin twin = hasTwin ? FloatTwin.load(folder) : null;
        Int8Scores int8 = hasInt8 ? Int8Scores.of(Int8Model.load(model)) : null;
        List<TwinLayer> mapLayers = new ArrayList<>();
        for (String ref : maps) {
            mapLayers.add(layer(twin, ref, "--maps"));
        }
        List<MaximizeTarget> targets = new ArrayList<>();
        for (String t : maximize) {
            targets.add(MaximizeTarget.parse(t, twin, meta.labels()));
        }
        if (images.isEmpty() && !filters && maximize.isEmpty()) {
            throw PawscopeException.badInput(maps.isEmpty() ? "expected an IMAGE to explain, found none"
                    : "--maps shows a layer's output for an image, and no IMAGE was given",
                    "e.g. `pawscope explain " + model + " photo.png`; --filters and --maximize need no image");
        }
        if (steps < 1) {
            throw PawscopeException.badInput("expected --steps >= 1, found " + steps, "the default is 200");
        }
        if (!hasTwin && attributions) {
            List<String> floatOnly = methods.stream().filter(AttributionMethods.FLOAT_NAMES::contains).toList();
            // an explicit float-twin method is refused; the default (or all) falls back to occlusion with a note
            if (!floatOnly.isEmpty() && method != null && !method.equalsIgnoreCase("all")) {
                throw PawscopeException.badInput("--method " + method + " explains the float twin, and " + model
                        + " has none (no " + ModelFolder.FLOAT_TWIN + ")", "use --method occlusion, the int8 "
                        + "model's method");
            }
            System.err.println("note: " + model + " has no float twin (" + ModelFolder.FLOAT_TWIN + "): only the "
                    + "int8 model's method (occlusion) is shown");
            methods = List.of(Occlusion.NAME);
        }
        if (!hasInt8 && attributions) {
            System.err.println("note: " + model + " has no int8 model (run `pawscope quantize " + model
                    + "`): only the float twin is shown");
        }
        int classIndex = -1;
        if (label != null) {
            classIndex = meta.labels().indexOf(label);
            if (classIndex < 0) {
                throw PawscopeException.badInput("unknown class '" + label + "'", "expected one of "
                        + String.join(", ", meta.labels()));
            }
        }
        AttributionMethods factory = new AttributionMethods(twin, int8 != null ? int8 : twin);
        Occlusion int8Occlusion = int8 != null ? Occlusion.withDefaults(int8, "int8 model") : null;
        Files.createDirectories(out);
        Set<String> stems = new HashSet<>();
        int written = 0;
        for (Path file : images) {
            GrayImage image = readImage(file, meta.input());
            String stem = unique(stems, stem(file));
            for (TwinLayer layer : mapLayers) {
                BufferedImage sheet = NetworkSheets.featureMaps(twin, image, layer, file.getFileName().toString());
                written += write(out.resolve(stem + "_maps_" + layer.alias() + ".png"), sheet,
                        layer.channels() + " channels of " + layer.describe());
            }
            if (!attributions) {
                continue;
            }
            float[] int8Scores = int8 != null ? int8.scores(image) : null;
            float[] floatScores = twin != null ? twin.scores(image) : null;
            int c = classIndex >= 0 ? classIndex : argmax(int8Scores != null ? int8Scores : floatScores);
            Saliency int8Map = int8Occlusion != null ? int8Occlusion.explain(image, c) : null;
            for (String name : methods) {
                List<ExplanationSheet.Panel> panels = new ArrayList<>();
                Saliency floatMap = null;
                if (twin != null && (AttributionMethods.FLOAT_NAMES.contains(name) || name.equals(Occlusion.NAME))) {
                    AttributionMethod m = name.equals(Occlusion.NAME) ? Occlusion.withDefaults(twin, "float twin")
                            : factory.create(name);
                    floatMap = m.explain(image, c);
                    panels.add(new ExplanationSheet.Panel(floatMap, "float twin · " + title(name),
                            String.format(Locale.ROOT, "p('%s') = %.3f", meta.labels().get(c), floatScores[c])));
                }
                if (int8Map != null) {
                    panels.add(new ExplanationSheet.Panel(int8Map, "int8 model · occlusion",
                            String.format(Locale.ROOT, "p('%s') = %.3f (bit-exact interpreter)", meta.labels().get(c),
                                    int8Scores[c])));
                }
                String agreement = floatMap != null && int8Map != null
                        ? String.format(Locale.ROOT, " · %s (float) vs occlusion (int8): Spearman %s, top-10%% IoU %s",
                        title(name), fmt(ExplanationScores.spearman(floatMap, int8Map)),
                        fmt(ExplanationScores.topIou(floatMap, int8Map)))
                        : "";
                String title = title(name) + " · class '" + meta.labels().get(c) + "'"
                        + (classIndex >= 0 ? "" : " (top class)") + " · " + file.getFileName();
                String subtitle = "brighter = matters more; each map scaled to its own 99th percentile" + agreement;
                BufferedImage sheet = ExplanationSheet.render(image, title, subtitle, panels,
                        PanelRenderer.DEFAULT_OPACITY);
                written += write(out.resolve(stem + "_" + name + ".png"), sheet, title + agreement);
            }
        }
        if (filters) {
            written += write(out.resolve("filters_" + twin.layers().get(0).alias() + ".png"),
                    NetworkSheets.filters(twin), "the first convolution's filters");
        }
        ActivationMaximisation.Settings settings = ActivationMaximisation.Settings.DEFAULT.withSteps(steps)
                .withSeed(seed);
        for (MaximizeTarget t : targets) {
            written += maximise(twin, t, settings);
        }
        System.out.println(written + " PNG" + (written == 1 ? "" : "s") + " in " + out);
        return 0;
    }

    /** Climbs each of the target's channels, writes one sheet (and, for a single channel, the image itself). */
    private int maximise(FloatTwin twin, MaximizeTarget t, ActivationMaximisation.Settings settings)
            throws IOException {
        LayerObjective objective = new LayerObjective(twin, t.layer(), false);
        ActivationMaximisation climber = new ActivationMaximisation(twin, settings);
        List<ActivationMaximisation.Result> results = new ArrayList<>();
        try (ProgressBar bar = new ProgressBar("maximize " + t.name(), t.channels().size())) {
            List<Integer> ks = t.channels();
            for (int from = 0; from < ks.size(); from += BATCH) {
                int[] chunk = ks.subList(from, Math.min(ks.size(), from + BATCH)).stream().mapToInt(i -> i).toArray();
                results.addAll(climber.maximise(objective, chunk));
                bar.step(chunk.length);
            }
        }
        List<String> names = t.channels().stream().map(t::channelName).toList();
        String title = "Activation maximisation · " + t.title();
        String subtitle = "the input each one likes most: " + settings.steps() + " steps of gradient ascent from "
                + "faint noise;\njitter " + settings.jitter() + " px, L2 decay " + settings.l2Decay() + ", 3x3 blur σ "
                + settings.blurSigma() + " every " + settings.blurEvery() + " steps (seed " + settings.seed()
                + ");\neach image on its own contrast (darkest pixel black, brightest white); the curve is the "
                + "objective per step";
        int written = write(out.resolve("maximize_" + t.name() + ".png"),
                NetworkSheets.maximised(results, names, title, subtitle), title);
        if (results.size() == 1) {
            Path png = out.resolve("maximize_" + t.name() + "_input.png");
            AtomicFiles.write(png, PngCodec.encode(results.get(0).image()));
            System.out.println("wrote " + png + "  (the image itself, " + twin.width() + "x" + twin.height()
                    + ": feed it back with `pawscope infer`)");
            written++;
        }
        return written;
    }

    private static int write(Path png, BufferedImage sheet, String what) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(sheet, "png", bytes);
        AtomicFiles.write(png, bytes.toByteArray());
        System.out.println("wrote " + png + "  (" + what + ")");
        return 1;
    }

    static TwinLayer layer(FloatTwin twin, String ref, String option) {
        try {
            return twin.layer(ref);
        } catch (IllegalArgumentException e) {
            throw PawscopeException.badInput(option + ": " + e.getMessage(), "name a layer by alias (conv2), DL4J "
                    + "name (3_conv2d) or index");
        }
    }

    /** The requested methods; an unknown name lists the valid ones. */
    List<String> methods() {
        String m = (method == null ? GradCam.NAME : method).toLowerCase(Locale.ROOT);
        if (m.equals("all")) {
            return AttributionMethods.NAMES;
        }
        if (!AttributionMethods.NAMES.contains(m)) {
            throw PawscopeException.badInput("unknown method '" + method + "'", "expected one of "
                    + String.join(", ", AttributionMethods.NAMES) + " or all");
        }
        return List.of(m);
    }

    static String title(String method) {
        return switch (method) {
            case "gradient" -> "vanilla gradient";
            case "smoothgrad" -> "SmoothGrad";
            case "guided" -> "guided backprop";
            case "gradcam" -> "Grad-CAM";
            case "integrated" -> "integrated gradients";
            default -> method;
        };
    }

    private static GrayImage readImage(Path file, InputSpec input) {
        if (!Files.isRegularFile(file)) {
            throw PawscopeException.badInput("expected an image, found " + AtomicFiles.describe(file) + " at " + file,
                    "check the path");
        }
        GrayImage image;
        try {
            image = PngCodec.read(file);
        } catch (IOException e) {
            throw PawscopeException.badInput("cannot read " + file + " as an image: " + e.getMessage(),
                    "give a PNG, JPEG, BMP or GIF");
        }
        if (!input.matches(image)) {
            System.err.println("note: " + file + " is " + image.width() + "x" + image.height() + ", converted to "
                    + input.width() + "x" + input.height() + " gray (resized and centre-cropped)");
            image = ImageResizer.coverAndCenterCrop(image, input.width(), input.height());
        }
        return image;
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            best = v[i] > v[best] ? i : best;
        }
        return best;
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name).replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    private static String unique(Set<String> used, String stem) {
        String s = stem;
        for (int i = 2; !used.add(s); i++) {
            s = stem + "-" + i;
        }
        return s;
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
    }
}
