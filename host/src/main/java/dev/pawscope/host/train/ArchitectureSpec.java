package dev.pawscope.host.train;

import dev.pawscope.host.dataset.InputSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A Keras-style Sequential model as text, e.g.
 * {@code Conv2D(8, 3, padding=same), ReLU, MaxPool(2), Flatten, Dense(4), Softmax}.
 * Layers are separated by commas (outside parentheses), semicolons or new lines; names are
 * case-insensitive; arguments are positional or {@code key=value} with Keras's names and defaults
 * (padding=valid, strides=1; pools: pool_size=2, strides=pool_size). {@code activation=relu} on
 * Conv2D, DepthwiseConv2D or Dense adds the activation as its own layer.
 */
public record ArchitectureSpec(List<LayerSpec> layers) {

    /** Layer names the parser accepts, for error messages. */
    public static final String SUPPORTED = "Conv2D, DepthwiseConv2D, MaxPool, AvgPool, Flatten, Dense, ReLU, ReLU6, Softmax";

    public ArchitectureSpec {
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new SpecException("expected at least one layer, found an empty spec");
        }
    }

    /** Built-in architectures by name; {@code classes} fills in the last Dense. */
    public static Map<String, String> named(int classes) {
        Map<String, String> m = new LinkedHashMap<>();
        // 8 first-layer filters (the 8 feature maps the viewer shows), then wider layers, and a global
        // max pool: where the dog stands in the frame must not matter, only its posture. ~40k parameters.
        m.put("pawnet", "Conv2D(8, 3, padding=same), ReLU, MaxPool(2), "
                + "Conv2D(24, 3, padding=same), ReLU, MaxPool(2), "
                + "Conv2D(48, 3, padding=same), ReLU, MaxPool(2), "
                + "Conv2D(64, 3, padding=same), ReLU, MaxPool(6, padding=same), "
                + "Flatten, Dense(" + classes + "), Softmax");
        // MobileNet-style depthwise-separable blocks: fewer MACs per layer, same first layer.
        m.put("pawnet-ds", "Conv2D(8, 3, padding=same), ReLU, MaxPool(2), "
                + "DepthwiseConv2D(3, padding=same), ReLU, Conv2D(24, 1), ReLU, MaxPool(2), "
                + "DepthwiseConv2D(3, padding=same), ReLU, Conv2D(48, 1), ReLU, MaxPool(2), "
                + "Flatten, Dense(" + classes + "), Softmax");
        // The smallest useful model, for quick tests.
        m.put("tiny", "Conv2D(8, 3, strides=2, padding=same), ReLU, MaxPool(2), "
                + "Conv2D(8, 3, padding=same), ReLU, AvgPool(2), Flatten, Dense(" + classes + "), Softmax");
        return m;
    }

    public static final String DEFAULT = "pawnet";

    /** A built-in name, or spec text. */
    public static ArchitectureSpec resolve(String nameOrSpec, int classes) {
        String builtin = named(classes).get(nameOrSpec.trim().toLowerCase(Locale.ROOT));
        return parse(builtin != null ? builtin : nameOrSpec);
    }

    public static ArchitectureSpec parse(String text) {
        List<LayerSpec> layers = new ArrayList<>();
        for (String token : splitTopLevel(text)) {
            parseLayer(token, layers);
        }
        return new ArchitectureSpec(layers);
    }

    /** The spec as text that parses back to an equal spec. */
    public String text() {
        List<String> parts = new ArrayList<>();
        for (LayerSpec l : layers) {
            parts.add(l.text());
        }
        return String.join(", ", parts);
    }

    /**
     * Checks the model works on {@code input} with {@code classes} outputs and returns every
     * layer's output shape. Throws {@link SpecException} saying which layer breaks and why.
     */
    public List<TensorShape> shapes(InputSpec input, int classes) {
        List<TensorShape> out = new ArrayList<>();
        TensorShape shape = new TensorShape(input.height(), input.width(), input.channels());
        int flattenedAt = -1;
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec layer = layers.get(i);
            boolean spatial = !(layer instanceof LayerSpec.Dense || layer instanceof LayerSpec.Activation);
            if (flattenedAt >= 0 && spatial) {
                throw new SpecException("layer " + i + " " + layer.text() + ": expected before the Flatten at layer "
                        + flattenedAt + ", found after it");
            }
            if (layer instanceof LayerSpec.Flatten) {
                flattenedAt = i;
            }
            try {
                shape = layer.outputShape(shape);
            } catch (SpecException e) {
                throw new SpecException("layer " + i + " " + layer.text() + ": " + e.getMessage());
            }
            if (layer == LayerSpec.Activation.SOFTMAX && i != layers.size() - 1) {
                throw new SpecException("layer " + i + " Softmax: expected only as the last layer, found at " + i
                        + " of " + layers.size());
            }
            out.add(shape);
        }
        int n = layers.size();
        if (n < 2 || !(layers.get(n - 2) instanceof LayerSpec.Dense last) || layers.get(n - 1) != LayerSpec.Activation.SOFTMAX) {
            throw new SpecException("expected the model to end with Dense(" + classes + "), Softmax; found "
                    + (n >= 2 ? layers.get(n - 2).text() + ", " : "") + layers.get(n - 1).text());
        }
        if (last.units() != classes) {
            throw new SpecException("the last Dense has " + last.units() + " units, expected " + classes
                    + " (one per label in the dataset)");
        }
        return out;
    }

    /** Trainable parameters for {@code input}. */
    public long parameters(InputSpec input, int classes) {
        List<TensorShape> shapes = shapes(input, classes);
        long total = 0;
        TensorShape in = new TensorShape(input.height(), input.width(), input.channels());
        for (int i = 0; i < layers.size(); i++) {
            total += layers.get(i).parameters(in);
            in = shapes.get(i);
        }
        return total;
    }

    /** Budget as an int8 model: int8 weights (1 byte), int32 biases (4 bytes), int8 activations. */
    public Footprint int8Footprint(InputSpec input, int classes) {
        List<TensorShape> shapes = shapes(input, classes);
        long weightBytes = 0;
        long peak = 0;
        TensorShape in = new TensorShape(input.height(), input.width(), input.channels());
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            long biases = l instanceof LayerSpec.Conv2D c ? c.filters()
                    : l instanceof LayerSpec.DepthwiseConv2D d ? (long) in.channels() * d.depthMultiplier()
                    : l instanceof LayerSpec.Dense d ? d.units() : 0;
            long params = l.parameters(in);
            weightBytes += (params - biases) + 4 * biases;
            // activations run in place, every other layer needs its input and output alive at once
            boolean inPlace = l instanceof LayerSpec.Activation || l instanceof LayerSpec.Flatten;
            peak = Math.max(peak, inPlace ? in.size() : in.size() + shapes.get(i).size());
            in = shapes.get(i);
        }
        return new Footprint(weightBytes, peak);
    }

    /** Bytes of an int8 model: weights incl. int32 biases, and the peak of live activations. */
    public record Footprint(long weightBytes, long activationBytes) {
    }

    private static List<String> splitTopLevel(String text) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth < 0) {
                    throw new SpecException("unbalanced ')' in model spec: " + text);
                }
            }
            if (depth == 0 && (c == ',' || c == ';' || c == '\n')) {
                addToken(out, cur);
            } else {
                cur.append(c);
            }
        }
        if (depth != 0) {
            throw new SpecException("unbalanced '(' in model spec: " + text);
        }
        addToken(out, cur);
        return out;
    }

    private static void addToken(List<String> out, StringBuilder cur) {
        String t = cur.toString().trim();
        if (!t.isEmpty() && !t.startsWith("#")) {
            out.add(t);
        }
        cur.setLength(0);
    }

    private static void parseLayer(String token, List<LayerSpec> out) {
        int open = token.indexOf('(');
        String name = (open < 0 ? token : token.substring(0, open)).trim();
        String trailing = open < 0 ? "" : token.substring(token.lastIndexOf(')') + 1).trim();
        if (!trailing.isEmpty()) {
            throw new SpecException("unexpected '" + trailing + "' after " + name + "(...); separate layers with commas");
        }
        if (name.contains(" ")) {
            throw new SpecException("unexpected '" + name + "'; separate layers with commas");
        }
        Args args = new Args(name, open < 0 ? "" : token.substring(open + 1, token.lastIndexOf(')')));
        String key = name.toLowerCase(Locale.ROOT).replace("_", "");
        LayerSpec layer = switch (key) {
            case "conv2d", "conv" -> new LayerSpec.Conv2D(args.intArg(0, "filters", null), args.intArg(1, "kernel_size", null),
                    args.intArg(2, "strides", 1), args.padding());
            case "depthwiseconv2d", "dwconv2d", "dwconv" -> new LayerSpec.DepthwiseConv2D(args.intArg(0, "kernel_size", null),
                    args.intArg(1, "strides", 1), args.padding(), args.intArg(-1, "depth_multiplier", 1));
            case "maxpool", "maxpool2d", "maxpooling2d" -> {
                int pool = args.intArg(0, "pool_size", 2);
                yield new LayerSpec.MaxPool(pool, args.intArg(1, "strides", pool), args.padding());
            }
            case "avgpool", "avgpool2d", "averagepooling2d" -> {
                int pool = args.intArg(0, "pool_size", 2);
                yield new LayerSpec.AvgPool(pool, args.intArg(1, "strides", pool), args.padding());
            }
            case "flatten" -> new LayerSpec.Flatten();
            case "dense" -> new LayerSpec.Dense(args.intArg(0, "units", null));
            case "relu" -> LayerSpec.Activation.RELU;
            case "relu6" -> LayerSpec.Activation.RELU6;
            case "softmax" -> LayerSpec.Activation.SOFTMAX;
            default -> throw new SpecException("unknown layer '" + name + "'; supported: " + SUPPORTED);
        };
        String activation = args.activation();
        args.checkAllUsed();
        out.add(layer);
        if (activation == null) {
            return;
        }
        switch (activation.toLowerCase(Locale.ROOT)) {
            case "relu" -> out.add(LayerSpec.Activation.RELU);
            case "relu6" -> out.add(LayerSpec.Activation.RELU6);
            case "softmax" -> out.add(LayerSpec.Activation.SOFTMAX);
            case "linear" -> { }
            default -> throw new SpecException(name + ": unknown activation '" + activation
                    + "'; supported: relu, relu6, softmax, linear");
        }
    }

    /** The arguments of one layer: positional values then key=value pairs. */
    private static final class Args {
        private final String layer;
        private final List<String> positional = new ArrayList<>();
        private final Map<String, String> named = new HashMap<>();
        private final Set<String> used = new HashSet<>();

        Args(String layer, String body) {
            this.layer = layer;
            for (String raw : body.split(",")) {
                String a = raw.trim();
                if (a.isEmpty()) {
                    continue;
                }
                int eq = a.indexOf('=');
                if (eq < 0) {
                    if (!named.isEmpty()) {
                        throw new SpecException(layer + ": positional argument '" + a + "' after key=value arguments");
                    }
                    positional.add(a);
                } else {
                    named.put(a.substring(0, eq).trim().toLowerCase(Locale.ROOT), unquote(a.substring(eq + 1).trim()));
                }
            }
        }

        int intArg(int position, String key, Integer fallback) {
            String v = named.get(key);
            if (v != null) {
                used.add(key);
            } else if (position >= 0 && position < positional.size()) {
                v = positional.get(position);
                used.add("#" + position);
            }
            if (v == null) {
                if (fallback == null) {
                    throw new SpecException(layer + ": missing argument " + key);
                }
                return fallback;
            }
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new SpecException(layer + ": expected an integer for " + key + ", found '" + v + "'");
            }
        }

        Padding padding() {
            String v = named.get("padding");
            used.add("padding");
            return v == null ? Padding.VALID : Padding.parse(v);
        }

        String activation() {
            used.add("activation");
            return named.get("activation");
        }

        void checkAllUsed() {
            for (String k : named.keySet()) {
                if (!used.contains(k)) {
                    throw new SpecException(layer + ": unknown argument '" + k + "'");
                }
            }
            for (int i = 0; i < positional.size(); i++) {
                if (!used.contains("#" + i)) {
                    throw new SpecException(layer + ": unexpected argument '" + positional.get(i) + "'");
                }
            }
        }

        private static String unquote(String s) {
            return s.replace("'", "").replace("\"", "");
        }
    }
}
