package dev.pawscope.host.explain;

import dev.pawscope.host.dataset.GrayImage;

/**
 * Occlusion (Zeiler and Fergus, 2014): slide a {@code patch} x {@code patch} square of a flat
 * gray over the image in steps of {@code stride} and see how much the class's score drops. A
 * pixel's attribution is the mean drop over the patches that cover it; a patch that raises the
 * score counts as no drop (attributions are importance, never negative). Patches tile the whole
 * image: the last row and column of patches sit flush with the far edges.
 *
 * <p>It needs only scores, so it explains the int8 model exactly as the board runs it
 * ({@link Int8Scores}: the bit-exact Java interpreter) as well as the float twin.
 */
public final class Occlusion implements AttributionMethod {

    public static final String NAME = "occlusion";
    /** Mid gray: the normalised input's zero for pawscope's [-1, 1] normalisation. */
    public static final int DEFAULT_FILL = 128;

    private final ScoreFunction model;
    private final String modelDescription;
    private final int patch;
    private final int stride;
    private final int fill;

    public Occlusion(ScoreFunction model, String modelDescription, int patch, int stride, int fill) {
        if (patch < 1 || stride < 1 || stride > patch || patch > Math.min(model.width(), model.height())) {
            throw new IllegalArgumentException("expected 1 <= stride <= patch <= " + Math.min(model.width(),
                    model.height()) + " (the image), found patch " + patch + " and stride " + stride);
        }
        if (fill < 0 || fill > 255) {
            throw new IllegalArgumentException("the fill is a gray pixel 0..255, found " + fill);
        }
        this.model = model;
        this.modelDescription = modelDescription;
        this.patch = patch;
        this.stride = stride;
        this.fill = fill;
    }

    /** Patches of an eighth of the image, overlapping by half. */
    public static Occlusion withDefaults(ScoreFunction model, String modelDescription) {
        int patch = Math.max(2, Math.min(model.width(), model.height()) / 8);
        return new Occlusion(model, modelDescription, patch, Math.max(1, patch / 2), DEFAULT_FILL);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String modelDescription() {
        return modelDescription;
    }

    /** Forward passes one explanation takes: the patch positions plus the unoccluded image. */
    public int passes() {
        return positions(model.width()).length * positions(model.height()).length + 1;
    }

    @Override
    public Saliency explain(GrayImage image, int classIndex) {
        int w = model.width();
        int h = model.height();
        if (image.width() != w || image.height() != h) {
            throw new IllegalArgumentException("the model input is " + h + "x" + w + ", found a " + image.height()
                    + "x" + image.width() + " image; resize it first");
        }
        if (classIndex < 0 || classIndex >= model.classes()) {
            throw new IllegalArgumentException("class " + classIndex + " is out of range 0.." + (model.classes() - 1));
        }
        // One patch at a time through the model's patch scorer: the int8 interpreter rescores only
        // what a patch changes (see Int8Scores), every other model paints a copy and scores it.
        PatchScores scorer = model.patchScores(image);
        float base = scorer.baseline()[classIndex];
        double[] sum = new double[w * h];
        int[] count = new int[w * h];
        for (int y0 : positions(h)) {
            for (int x0 : positions(w)) {
                double drop = Math.max(0, base - scorer.withPatch(x0, y0, patch, patch, fill)[classIndex]);
                for (int y = y0; y < y0 + patch; y++) {
                    for (int x = x0; x < x0 + patch; x++) {
                        sum[y * w + x] += drop;
                        count[y * w + x]++;
                    }
                }
            }
        }
        float[] values = new float[w * h];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (sum[i] / count[i]);
        }
        return new Saliency(NAME, classIndex, w, h, values);
    }

    /** Patch origins along a side of {@code size}: every stride, then one flush with the far edge. */
    int[] positions(int size) {
        int last = size - patch;
        int n = last / stride + 1 + (last % stride == 0 ? 0 : 1);
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = Math.min(i * stride, last);
        }
        return p;
    }
}
