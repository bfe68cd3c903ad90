package dev.pawscope.host.explain;

import dev.pawscope.host.dataset.GrayImage;

/**
 * A way to say which input pixels a model's score for one class depends on. Implementations
 * wrap one model (the float twin or the int8 model) and may be slow (many forward passes): call
 * them off the UI thread. Each is deterministic for its arguments (noise is seeded).
 *
 * <p>Methods so far: {@link VanillaGradient}, {@link SmoothGrad}, {@link GuidedBackprop}, {@link GradCam},
 * {@link IntegratedGradients} (float twin,
 * through DL4J's backprop) and {@link Occlusion} (any {@link ScoreFunction}, e.g. the int8 model
 * through the bit-exact Java interpreter). {@link AttributionMethods} makes them by name.
 */
public interface AttributionMethod {

    /** A short stable name, e.g. {@code gradient}, for choosers, file names and JSON. */
    String name();

    /** Which model it explains, e.g. "float twin" or "int8 model", for titles. */
    String modelDescription();

    /**
     * The attribution of class {@code classIndex} for {@code image} (the model input's size).
     *
     * @throws IllegalArgumentException if the image is not the model input's size or the class is out of range
     */
    Saliency explain(GrayImage image, int classIndex);
}
