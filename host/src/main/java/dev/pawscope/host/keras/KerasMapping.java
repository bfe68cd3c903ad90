package dev.pawscope.host.keras;

import dev.pawscope.host.dataset.InputSpec;
import dev.pawscope.host.train.ArchitectureSpec;
import dev.pawscope.host.train.LayerSpec;

import java.util.List;

/**
 * A Keras Sequential model as a pawscope spec: the spec, the Keras layer each spec layer came
 * from (its weights live under that name), and one row per Keras layer saying what became of it.
 *
 * @param input           the model's input, from the Keras {@code batch_input_shape}
 * @param spec            the pawscope spec; validated against {@code input}, ends with Dense, Softmax
 * @param sources         per spec layer, the Keras layer name it came from; {@link #APPENDED} for the
 *                        Softmax added after a model that ends in logits
 * @param rows            per Keras layer (and the appended Softmax), what it became
 * @param droppedDropouts names of the Dropout layers left out (identity at inference)
 * @param softmaxAppended whether the Keras model ended in a linear Dense and got a Softmax here
 */
public record KerasMapping(InputSpec input, ArchitectureSpec spec, List<String> sources, List<Row> rows,
                           List<String> droppedDropouts, boolean softmaxAppended) {

    /** The source of a spec layer that no Keras layer made. */
    public static final String APPENDED = "";

    /** One Keras layer and what it became: spec text, or why it was left out. */
    public record Row(String kerasName, String kerasClass, String result) {
        public String text() {
            String from = kerasName.isEmpty() ? "(appended)" : kerasName + " (" + kerasClass + ")";
            return String.format("%-36s -> %s", from, result);
        }
    }

    public KerasMapping {
        sources = List.copyOf(sources);
        rows = List.copyOf(rows);
        droppedDropouts = List.copyOf(droppedDropouts);
        if (sources.size() != spec.layers().size()) {
            throw new IllegalArgumentException("expected one source per spec layer (" + spec.layers().size()
                    + "), found " + sources.size());
        }
    }

    /** Output units: those of the last Dense. */
    public int classes() {
        List<LayerSpec> layers = spec.layers();
        if (layers.size() < 2 || !(layers.get(layers.size() - 2) instanceof LayerSpec.Dense dense)) {
            throw new IllegalStateException("expected the spec to end with Dense, Softmax, found " + spec.text());
        }
        return dense.units();
    }
}
