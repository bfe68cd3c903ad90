package dev.pawscope.host.explain;

/**
 * Scores of one image and of copies of it with one rectangle painted a flat gray: what {@link
 * Occlusion} asks a model hundreds of times per image. From {@link ScoreFunction#patchScores};
 * one per image and thread (implementations may keep per-image scratch and are not thread-safe).
 */
public interface PatchScores {

    /** The unmodified image's class scores. */
    float[] baseline();

    /**
     * The class scores of the image with pixels {@code [x0, x0 + width) x [y0, y0 + height)} set to
     * {@code fill} (0..255); the image itself is not changed.
     */
    float[] withPatch(int x0, int y0, int width, int height, int fill);
}
