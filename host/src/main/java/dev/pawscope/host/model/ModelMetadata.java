package dev.pawscope.host.model;

import dev.pawscope.host.dataset.InputSpec;

import java.util.List;

/**
 * {@code model.json}: everything needed to use a model folder's float twin without guessing.
 *
 * @param format        always {@link #FORMAT}
 * @param version       {@link #VERSION}; folders of other versions are refused with a hint
 * @param labels        class names in output order
 * @param input         the image the model eats
 * @param normalization float input = pixel * scale + offset
 * @param architecture  the spec text (parses with {@code ArchitectureSpec.parse})
 * @param layers        every spec layer with its output shape
 * @param floatLayout   how the float twin lays out activations: DL4J is NCHW and flattens
 *                      channel-major, TFLite is NHWC
 * @param datasetHash   content hash of the training dataset (empty for imported models)
 * @param origin        {@code trained} or {@code keras-import}
 */
public record ModelMetadata(String format, int version, String pawscopeVersion, String createdBy, String origin,
                            List<String> labels, InputSpec input, Normalization normalization, String architecture,
                            List<LayerInfo> layers, String floatLayout, String datasetHash, long seed) {

    public static final String FORMAT = "pawscope-model";
    public static final int VERSION = 1;
    public static final String FILE_NAME = "model.json";
    /** The float twin's layout: DL4J, channels first, flattening channel-major. */
    public static final String DL4J_LAYOUT = "NCHW";

    public ModelMetadata {
        labels = List.copyOf(labels);
        layers = List.copyOf(layers);
    }

    /** Float input = pixel * scale + offset, pixel in 0..255. */
    public record Normalization(double scale, double offset) {
    }
}
