package dev.pawscope.host.cli;

import dev.pawscope.host.explain.FloatTwin;
import dev.pawscope.host.explain.TwinLayer;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * One {@code --maximize} argument, resolved against the float twin: a class label (its pre-softmax
 * score), a layer (each of its channels) or {@code LAYER:CHANNEL}.
 *
 * @param name what output files are called after, e.g. {@code class_sit}, {@code conv2}, {@code conv2_5}
 * @param labels the model's class labels, to name the score layer's channels
 */
record MaximizeTarget(String name, TwinLayer layer, List<Integer> channels, List<String> labels) {

    MaximizeTarget {
        channels = List.copyOf(channels);
        labels = List.copyOf(labels);
    }

    static MaximizeTarget parse(String text, FloatTwin twin, List<String> labels) {
        String t = text.trim();
        TwinLayer scores = twin.layer(TwinLayer.SCORES);
        int label = labels.indexOf(t.toLowerCase(Locale.ROOT));
        if (label < 0) {
            label = labels.indexOf(t);
        }
        if (label >= 0) {
            return new MaximizeTarget("class_" + labels.get(label), scores, List.of(label), labels);
        }
        int colon = t.lastIndexOf(':');
        String ref = colon < 0 ? t : t.substring(0, colon);
        TwinLayer layer;
        try {
            layer = twin.layer(ref);
        } catch (IllegalArgumentException e) {
            throw PawscopeException.badInput("--maximize " + text + ": not a class (" + String.join(", ", labels)
                    + ") and " + e.getMessage(), "give a class, a layer or LAYER:CHANNEL, e.g. --maximize "
                    + labels.get(0) + " or --maximize " + firstConv(twin) + ":0");
        }
        if (colon < 0) {
            return new MaximizeTarget(layer.alias(), layer, IntStream.range(0, layer.channels()).boxed().toList(),
                    labels);
        }
        int k;
        try {
            k = Integer.parseInt(t.substring(colon + 1).trim());
        } catch (NumberFormatException e) {
            k = -1;
        }
        if (k < 0 || k >= layer.channels()) {
            throw PawscopeException.badInput("--maximize " + text + ": " + layer.describe() + " has channels 0.."
                    + (layer.channels() - 1) + ", found '" + t.substring(colon + 1) + "'",
                    "e.g. --maximize " + layer.alias() + ":0");
        }
        return new MaximizeTarget(layer.alias() + "_" + k, layer, List.of(k), labels);
    }

    /** How a result is headed in the sheet. */
    String channelName(int k) {
        return layer.kind().equals(TwinLayer.SCORES) ? "class '" + labels.get(k) + "'"
                : (layer.kind().equals("conv") ? "filter " : "channel ") + k;
    }

    /** What the sheet is about. */
    String title() {
        if (layer.kind().equals(TwinLayer.SCORES)) {
            return channels.size() == 1 ? "class '" + labels.get(channels.get(0)) + "', its pre-softmax score"
                    : "every class's pre-softmax score";
        }
        String what = channels.size() == 1 ? channelName(channels.get(0)) + " of " : "each channel of ";
        return what + layer.describe() + ", the mean of its map";
    }

    private static String firstConv(FloatTwin twin) {
        return twin.layers().stream().filter(l -> l.kind().equals("conv")).map(TwinLayer::alias).findFirst()
                .orElse("conv1");
    }
}
