package dev.pawscope.host.explain;

import dev.pawscope.host.dataset.GrayImage;

/**
 * Vanilla gradient saliency (Simonyan et al., 2014) on the float twin: the magnitude of the
 * gradient of the class's log-probability with respect to each input pixel.
 */
public final class VanillaGradient implements AttributionMethod {

    public static final String NAME = "gradient";

    private final FloatTwin twin;

    public VanillaGradient(FloatTwin twin) {
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

    @Override
    public Saliency explain(GrayImage image, int classIndex) {
        double[] gradient = twin.logProbabilityGradient(twin.normalise(image), classIndex);
        float[] magnitude = new float[gradient.length];
        for (int i = 0; i < gradient.length; i++) {
            magnitude[i] = (float) Math.abs(gradient[i]);
        }
        return new Saliency(NAME, classIndex, image.width(), image.height(), magnitude);
    }
}
