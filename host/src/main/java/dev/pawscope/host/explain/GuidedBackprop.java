package dev.pawscope.host.explain;

import dev.pawscope.host.dataset.GrayImage;

/**
 * Guided backpropagation (Springenberg et al., 2014) on the float twin: the gradient of the
 * class's pre-softmax score with respect to each input pixel, where every ReLU passes gradient back
 * only if its forward input was positive and the gradient arriving from above is positive. The map
 * is the magnitude, like {@link VanillaGradient}'s. It is sharper than the vanilla gradient but
 * known to be barely class-specific (Adebayo et al., 2018): compare it with Grad-CAM.
 *
 * <p>The score is the pre-softmax one (as in the paper), not the log-probability the other
 * gradient methods use: through softmax every other class's score would push back with a negative
 * gradient, which the guided ReLUs would then filter arbitrarily.
 */
public final class GuidedBackprop implements AttributionMethod {

    public static final String NAME = "guided";

    private final FloatTwin twin;
    private LayerObjective objective; // built on first use: it copies the network

    public GuidedBackprop(FloatTwin twin) {
        this.twin = twin;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String modelDescription() {
        return "float twin";
    }

    /** The signed guided gradient of class {@code classIndex}'s pre-softmax score, one value per pixel. */
    public synchronized double[] gradient(GrayImage image, int classIndex) {
        twin.checkClass(classIndex);
        float[] x = twin.normalise(image);
        if (objective == null) {
            objective = LayerObjective.classScores(twin, true);
        }
        return objective.gradient(x, classIndex);
    }

    @Override
    public Saliency explain(GrayImage image, int classIndex) {
        double[] g = gradient(image, classIndex);
        float[] magnitude = new float[g.length];
        for (int i = 0; i < g.length; i++) {
            magnitude[i] = (float) Math.abs(g[i]);
        }
        return new Saliency(NAME, classIndex, image.width(), image.height(), magnitude);
    }
}
