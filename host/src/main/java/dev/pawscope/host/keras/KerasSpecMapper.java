package dev.pawscope.host.keras;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pawscope.host.cli.PawscopeException;
import dev.pawscope.host.dataset.InputSpec;
import dev.pawscope.host.train.ArchitectureSpec;
import dev.pawscope.host.train.LayerSpec;
import dev.pawscope.host.train.Padding;
import dev.pawscope.host.train.SpecException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Maps a Keras Sequential {@code model_config} to a pawscope {@link ArchitectureSpec}, layer by
 * layer: an activation inside Conv2D / DepthwiseConv2D / Dense becomes its own layer, as in the
 * spec language; InputLayer gives the input shape; Dropout and linear activations are left out
 * (identities at inference). A model that ends in a linear Dense gets a Softmax. Anything the
 * int8 toolchain cannot run is refused, naming the Keras layer and listing what is supported.
 */
public final class KerasSpecMapper {

    /** The Keras layers this mapper takes, for messages and help. */
    public static final String SUPPORTED = "InputLayer, Conv2D, DepthwiseConv2D, MaxPooling2D, AveragePooling2D, Flatten,"
            + " Dense, ReLU (max_value none or 6), Activation (relu, relu6, softmax, linear), Softmax, Dropout"
            + " (as pawscope layers: " + ArchitectureSpec.SUPPORTED + ")";

    private static final String REBUILD_HINT = "rebuild the Keras model from the supported layers and retrain it,"
            + " or train one here with `pawscope train`";

    private final List<LayerSpec> layers = new ArrayList<>();
    private final List<String> sources = new ArrayList<>();
    private final List<KerasMapping.Row> rows = new ArrayList<>();
    private final List<String> dropouts = new ArrayList<>();

    private KerasSpecMapper() {
    }

    /** Maps {@code modelConfig} ({@code {"class_name": "Sequential", "config": ...}}) or throws a bad-input error. */
    public static KerasMapping map(JsonNode modelConfig) {
        return new KerasSpecMapper().run(modelConfig);
    }

    private KerasMapping run(JsonNode modelConfig) {
        String className = modelConfig.path("class_name").asText("");
        if (!className.equals("Sequential")) {
            throw PawscopeException.badInput("expected a Keras Sequential model, found a '" + className + "' model",
                    "pawscope imports keras.Sequential([...]) models; rebuild a Functional model as a Sequential"
                            + " one with the same layers, copy the weights over, and save it again");
        }
        JsonNode config = modelConfig.path("config");
        JsonNode entries = config.isArray() ? config : config.path("layers");
        if (!entries.isArray() || entries.isEmpty()) {
            throw PawscopeException.badInput("expected the Sequential model's config to list its layers, found none",
                    KerasArchive.SAVE_HINT);
        }
        InputSpec input = null;
        for (int i = 0; i < entries.size(); i++) {
            KerasLayer layer = new KerasLayer(i, entries.get(i));
            if (input == null) {
                input = inputShape(layer);
            }
            mapLayer(layer);
        }
        if (input == null) {
            throw PawscopeException.badInput("expected the model's input shape (an InputLayer with batch_input_shape),"
                    + " found none", "give the model a fixed input, e.g. keras.Input(shape=(48, 48, 1)) as its first"
                    + " layer, and save it again");
        }
        boolean softmaxAppended = !layers.isEmpty() && layers.get(layers.size() - 1) instanceof LayerSpec.Dense;
        if (softmaxAppended) {
            layers.add(LayerSpec.Activation.SOFTMAX);
            sources.add(KerasMapping.APPENDED);
            rows.add(new KerasMapping.Row("", "", "Softmax (the Keras model ends in logits; pawscope models end in"
                    + " probabilities)"));
        }
        ArchitectureSpec spec = validated(input);
        return new KerasMapping(input, spec, sources, rows, dropouts, softmaxAppended);
    }

    private ArchitectureSpec validated(InputSpec input) {
        if (layers.isEmpty()) {
            throw PawscopeException.badInput("expected layers after the input, found none", REBUILD_HINT);
        }
        ArchitectureSpec spec = new ArchitectureSpec(layers);
        int classes = 0;
        for (LayerSpec l : layers) {
            if (l instanceof LayerSpec.Dense d) {
                classes = d.units();
            }
        }
        if (classes == 0) {
            throw PawscopeException.badInput("expected the model to end with Dense(classes) and a softmax, found no Dense"
                    + " layer in " + spec.text(), "add Flatten and Dense(classes, activation='softmax') at the end");
        }
        try {
            spec.shapes(input, classes);
        } catch (SpecException e) {
            throw PawscopeException.badInput("the Keras layers map to \"" + spec.text() + "\" on a " + input
                    + " input, which does not work: " + e.getMessage(),
                    "pawscope models are Conv/Pool layers, Flatten, Dense layers, ending with Dense(classes) and a softmax");
        }
        return spec;
    }

    private static InputSpec inputShape(KerasLayer layer) {
        JsonNode shape = layer.config.has("batch_input_shape") ? layer.config.get("batch_input_shape")
                : layer.config.get("batch_shape");
        if (shape == null || shape.isNull()) {
            return null;
        }
        String found = shape.toString().replace(",", ", ");
        if (!shape.isArray() || shape.size() != 4) {
            throw PawscopeException.badInput("expected the input shape [batch, height, width, 1], found " + found
                    + " on " + layer, "pawscope models take grayscale images: keras.Input(shape=(height, width, 1))");
        }
        if (!shape.get(1).isInt() || !shape.get(2).isInt()) {
            throw PawscopeException.badInput("expected a fixed input height and width, found " + found + " on " + layer,
                    "give the model a fixed input, e.g. keras.Input(shape=(48, 48, 1)), and save it again");
        }
        if (shape.get(3).asInt() != 1) {
            throw PawscopeException.badInput("expected 1 input channel (grayscale), found " + shape.get(3) + " in the input"
                    + " shape " + found + " on " + layer, "pawscope models see grayscale images; train the Keras"
                    + " model on (height, width, 1) input");
        }
        try {
            return new InputSpec(shape.get(2).asInt(), shape.get(1).asInt(), 1);
        } catch (IllegalArgumentException e) {
            throw PawscopeException.badInput("input shape " + found + " on " + layer + ": " + e.getMessage(),
                    "pawscope models take " + InputSpec.MIN_SIZE + " to " + InputSpec.MAX_SIZE + " pixel images");
        }
    }

    private void mapLayer(KerasLayer l) {
        switch (l.className) {
            case "InputLayer" -> {
                if (l.index != 0) {
                    throw l.unsupported("an InputLayer is only supported as the first layer");
                }
                rows.add(l.row("input"));
            }
            case "Conv2D", "Convolution2D" -> {
                l.requireChannelsLast();
                l.requireNoDilation();
                if (l.config.has("groups") && l.config.get("groups").asInt(1) != 1) {
                    throw l.unsupported("groups=" + l.config.get("groups") + " is not supported, expected 1");
                }
                add(l, new LayerSpec.Conv2D(l.positiveInt("filters"), l.square("kernel_size"), l.squareOr("strides", 1),
                        l.padding()), l.activation());
            }
            case "DepthwiseConv2D" -> {
                l.requireChannelsLast();
                l.requireNoDilation();
                add(l, new LayerSpec.DepthwiseConv2D(l.square("kernel_size"), l.squareOr("strides", 1), l.padding(),
                        l.config.has("depth_multiplier") ? l.positiveInt("depth_multiplier") : 1), l.activation());
            }
            case "MaxPooling2D", "MaxPool2D", "AveragePooling2D", "AvgPool2D" -> {
                l.requireChannelsLast();
                int pool = l.square("pool_size");
                int stride = l.squareOr("strides", pool);
                add(l, l.className.startsWith("Max") ? new LayerSpec.MaxPool(pool, stride, l.padding())
                        : new LayerSpec.AvgPool(pool, stride, l.padding()), null);
            }
            case "Flatten" -> {
                l.requireChannelsLast();
                add(l, new LayerSpec.Flatten(), null);
            }
            case "Dense" -> add(l, new LayerSpec.Dense(l.positiveInt("units")), l.activation());
            case "ReLU" -> add(l, l.reluLayer(), null);
            case "Activation" -> {
                LayerSpec.Activation a = l.activation();
                if (a == null) {
                    rows.add(l.row("dropped (a linear activation is the identity)"));
                } else {
                    add(l, a, null);
                }
            }
            case "Softmax" -> {
                int axis = l.config.path("axis").asInt(-1);
                if (axis != -1 && axis != 1) {
                    throw l.unsupported("Softmax over axis " + axis + " is not supported, expected -1 (the last axis)");
                }
                add(l, LayerSpec.Activation.SOFTMAX, null);
            }
            case "Dropout" -> {
                dropouts.add(l.name);
                rows.add(l.row("dropped (Dropout is the identity at inference)"));
            }
            default -> throw PawscopeException.badInput(l + " is not supported; supported Keras layers: " + SUPPORTED,
                    l.className.equals("BatchNormalization")
                            ? "fold BatchNormalization into the Conv2D or Dense before it (scale its kernel and bias) and"
                            + " save again, or " + REBUILD_HINT
                            : REBUILD_HINT);
        }
    }

    private void add(KerasLayer l, LayerSpec layer, LayerSpec.Activation activation) {
        layers.add(layer);
        sources.add(l.name);
        String result = layer.text();
        if (activation != null) {
            layers.add(activation);
            sources.add(l.name);
            result += ", " + activation.text();
        }
        rows.add(l.row(result));
    }

    /** One entry of the Keras config's layer list, with readers that say which layer is wrong. */
    private static final class KerasLayer {
        final int index;
        final String className;
        final String name;
        final JsonNode config;

        KerasLayer(int index, JsonNode entry) {
            this.index = index;
            this.className = entry.path("class_name").asText("?");
            this.config = entry.path("config");
            this.name = config.path("name").asText("?");
        }

        @Override
        public String toString() {
            return "Keras layer " + index + " '" + name + "' (" + className + ")";
        }

        KerasMapping.Row row(String result) {
            return new KerasMapping.Row(name, className, result);
        }

        PawscopeException unsupported(String what) {
            return PawscopeException.badInput(this + ": " + what, REBUILD_HINT);
        }

        int positiveInt(String key) {
            JsonNode v = config.get(key);
            if (v == null || !v.canConvertToInt() || v.asInt() < 1) {
                throw PawscopeException.badInput(this + ": expected " + key + " as a positive integer, found " + v,
                        "the model_config is damaged; save the model again");
            }
            return v.asInt();
        }

        /** {@link #square}, or {@code fallback} when the key is missing or null (Keras's defaults). */
        int squareOr(String key, int fallback) {
            return config.path(key).isNull() || !config.has(key) ? fallback : square(key);
        }

        /** An int or a list of equal ints (Keras writes [3, 3]). */
        int square(String key) {
            JsonNode v = config.get(key);
            if (v != null && v.isArray() && v.size() == 2 && v.get(0).isInt() && v.get(0).asInt() == v.get(1).asInt()
                    && v.get(0).asInt() >= 1) {
                return v.get(0).asInt();
            }
            if (v != null && v.isInt() && v.asInt() >= 1) {
                return v.asInt();
            }
            if (v != null && v.isArray() && v.size() == 2) {
                throw unsupported(key + " " + v.toString().replace(",", ", ") + " is not square; pawscope supports"
                        + " equal height and width only, e.g. [3, 3]");
            }
            throw PawscopeException.badInput(this + ": expected " + key + " as [n, n], found " + v,
                    "the model_config is damaged; save the model again");
        }

        Padding padding() {
            String p = config.path("padding").asText("valid").toLowerCase(Locale.ROOT);
            if (!p.equals("valid") && !p.equals("same")) {
                throw unsupported("padding '" + p + "' is not supported, expected 'valid' or 'same'");
            }
            return Padding.parse(p);
        }

        void requireChannelsLast() {
            JsonNode f = config.get("data_format");
            if (f != null && !f.isNull() && !f.asText().equals("channels_last")) {
                throw unsupported("data_format '" + f.asText() + "' is not supported; pawscope imports channels_last"
                        + " models (Keras's default)");
            }
        }

        void requireNoDilation() {
            JsonNode d = config.get("dilation_rate");
            boolean ones = d == null || d.isNull() || (d.isInt() && d.asInt() == 1);
            if (d != null && d.isArray()) {
                ones = true;
                for (JsonNode x : d) {
                    ones &= x.asInt() == 1;
                }
            }
            if (!ones) {
                throw unsupported("dilation_rate " + d.toString().replace(",", ", ") + " is not supported, expected [1, 1]");
            }
        }

        /** The activation inside Conv2D / DepthwiseConv2D / Dense / Activation; null for linear. */
        LayerSpec.Activation activation() {
            JsonNode a = config.get("activation");
            String text = a == null || a.isNull() ? "linear"
                    : a.isTextual() ? a.asText()
                    : a.path("config").isTextual() ? a.path("config").asText() : a.path("class_name").asText("?");
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "linear" -> null;
                case "relu" -> LayerSpec.Activation.RELU;
                case "relu6" -> LayerSpec.Activation.RELU6;
                case "softmax" -> LayerSpec.Activation.SOFTMAX;
                default -> throw unsupported("activation '" + text + "' is not supported; supported: relu, relu6,"
                        + " softmax, linear");
            };
        }

        /** Keras's ReLU layer: max_value none is ReLU, 6 is ReLU6; leaky or thresholded ones are refused. */
        LayerSpec.Activation reluLayer() {
            double slope = config.path("negative_slope").asDouble(0);
            double threshold = config.path("threshold").asDouble(0);
            if (slope != 0 || threshold != 0) {
                throw unsupported("ReLU with negative_slope=" + slope + ", threshold=" + threshold + " is not supported,"
                        + " expected 0 and 0");
            }
            JsonNode max = config.get("max_value");
            if (max == null || max.isNull()) {
                return LayerSpec.Activation.RELU;
            }
            if (max.isNumber() && max.asDouble() == 6.0) {
                return LayerSpec.Activation.RELU6;
            }
            throw unsupported("ReLU(max_value=" + max + ") is not supported; max_value must be none (ReLU) or 6 (ReLU6)");
        }
    }
}
