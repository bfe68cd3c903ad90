package dev.pawscope.host.explain;

import java.util.List;
import java.util.Locale;

/**
 * One layer of the float twin as the explain commands name it: its DL4J index and name (e.g.
 * {@code 3_conv2d}), a short alias by kind and order ({@code conv2} is the second convolution,
 * {@code relu1} the first ReLU, {@code scores} the output layer's pre-softmax class scores) and the
 * shape of its output, {@code channels x height x width} (a flat layer is {@code units x 1 x 1}).
 */
public record TwinLayer(int index, String name, String alias, String kind, int channels, int height, int width) {

    /** The output layer's alias: its values, for an objective, are the pre-softmax class scores. */
    public static final String SCORES = "scores";

    /** Whether its output is a stack of 2-D maps (a convolution, activation or pooling over an image). */
    public boolean spatial() {
        return height > 1 || width > 1;
    }

    /** {@code conv2 (3_conv2d, 24 x 24x24)}: how error messages and --help list it. */
    public String describe() {
        return alias + " (" + name + ", " + channels + " x " + height + "x" + width + ")";
    }

    /**
     * The layer {@code ref} names: an alias, a DL4J name or an index, case-insensitive.
     *
     * @throws IllegalArgumentException listing every layer when none matches
     */
    public static TwinLayer find(List<TwinLayer> layers, String ref) {
        String key = ref.trim().toLowerCase(Locale.ROOT);
        for (TwinLayer l : layers) {
            if (l.alias.equals(key) || l.name.toLowerCase(Locale.ROOT).equals(key)
                    || Integer.toString(l.index).equals(key)) {
                return l;
            }
        }
        StringBuilder known = new StringBuilder();
        for (TwinLayer l : layers) {
            known.append(known.length() == 0 ? "" : ", ").append(l.describe());
        }
        throw new IllegalArgumentException("unknown layer '" + ref + "', expected one of " + known);
    }
}
