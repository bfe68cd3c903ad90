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

    /**
     * Scores of {@code image} and of patched copies of it. This default paints each copy and calls
     * {@link #scores}; a model that can rescore a small change faster (the int8 interpreter,
     * incrementally) overrides it, with the same results.
     */
    default PatchScores patchScores(GrayImage image) {
        return new PatchScores() {
            @Override
            public float[] baseline() {
                return scores(image);
            }

            @Override
            public float[] withPatch(int x0, int y0, int width, int height, int fill) {
                int w = image.width();
                byte[] patched = image.pixels();
                for (int y = y0; y < y0 + height; y++) {
                    for (int x = x0; x < x0 + width; x++) {
                        patched[y * w + x] = (byte) fill;
                    }
                }
                return scores(new GrayImage(w, image.height(), patched));
            }
        };
    }
}
