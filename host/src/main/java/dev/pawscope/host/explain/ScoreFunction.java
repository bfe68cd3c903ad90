package dev.pawscope.host.explain;

import dev.pawscope.host.dataset.GrayImage;

/**
 * A classifier as a black box: an image in, one score per class out (probabilities, in label
 * order). What perturbation methods such as {@link Occlusion} need, and all they need.
 */
public interface ScoreFunction {

    int width();

    int height();

    int classes();

    /** The class scores for {@code image}; thread-safe. */
    float[] scores(GrayImage image);
}
