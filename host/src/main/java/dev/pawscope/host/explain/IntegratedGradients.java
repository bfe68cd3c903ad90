package dev.pawscope.host.explain;

import dev.pawscope.host.dataset.GrayImage;

/**
 * Integrated gradients (Sundararajan, Taly and Yan, 2017) on the float twin: the path integral of
 * the gradient of the class's log-probability along the straight line from a baseline x' to the
 * input x, times (x - x'). Approximated with the trapezoid rule over {@code steps} equal intervals
 * ({@code steps + 1} gradient evaluations).
 *
 * <p>The score is F = log p_c, the same quantity {@link VanillaGradient} differentiates, so the
 * completeness axiom reads: the signed attributions sum to F(x) - F(x') (up to the quadrature error,
 * which shrinks as 1/steps^2 for the trapezoid rule).
 *
 * <p>Baselines ({@link Baseline}): {@code BLACK}, the default, is the image of zero pixels put
 * through the model's normalisation (i.e. -1 for pawscope's [-1, 1] inputs), the paper's choice
 * for images; {@code MEAN} is a flat image of the input's own mean gray, which attributes contrast
 * rather than brightness.
 *
 * <p>The {@link Saliency} returned keeps the positive part of the attributions (the evidence
 * <em>for</em> the class), as maps are non-negative importance; {@link #attributions} gives the
 * signed values.
 */
public final class IntegratedGradients implements AttributionMethod {

    public static final String NAME = "integrated";
    public static final int DEFAULT_STEPS = 48;

    /** Where the path starts. */
    public enum Baseline {
        /** Pixel 0 everywhere, normalised. */
        BLACK,
        /** The input's mean pixel everywhere, normalised. */
        MEAN
    }

    private final FloatTwin twin;
    private final int steps;
    private final Baseline baseline;

    public IntegratedGradients(FloatTwin twin, int steps, Baseline baseline) {
        if (steps < 1) {
            throw new IllegalArgumentException("expected steps >= 1, found " + steps);
        }
        this.twin = twin;
        this.steps = steps;
        this.baseline = baseline;
    }

    public IntegratedGradients(FloatTwin twin) {
        this(twin, DEFAULT_STEPS, Baseline.BLACK);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String modelDescription() {
        return "float twin";
    }

    /** The baseline image for {@code image}, normalised as the twin eats it. */
    public float[] baseline(GrayImage image) {
        twin.checkSize(image);
        int pixel = 0;
        if (baseline == Baseline.MEAN) {
            long sum = 0;
            for (byte b : image.pixels()) {
                sum += b & 0xFF;
            }
            pixel = (int) Math.round(sum / (double) image.pixels().length);
        }
        byte[] flat = new byte[image.width() * image.height()];
        java.util.Arrays.fill(flat, (byte) pixel);
        return twin.normalise(new GrayImage(image.width(), image.height(), flat));
    }

    /** The signed attributions, one per pixel, row-major; they sum to about log p_c(x) - log p_c(x'). */
    public double[] attributions(GrayImage image, int classIndex) {
        twin.checkClass(classIndex);
        float[] x = twin.normalise(image);
        float[] base = baseline(image);
        double[] integral = new double[x.length];
        float[] point = new float[x.length];
        for (int k = 0; k <= steps; k++) {
            double alpha = k / (double) steps;
            double weight = (k == 0 || k == steps ? 0.5 : 1.0) / steps;
            for (int i = 0; i < x.length; i++) {
                point[i] = (float) (base[i] + alpha * (x[i] - base[i]));
            }
            double[] g = twin.logProbabilityGradient(point, classIndex);
            for (int i = 0; i < g.length; i++) {
                integral[i] += weight * g[i];
            }
        }
        for (int i = 0; i < x.length; i++) {
            integral[i] *= x[i] - base[i];
        }
        return integral;
    }

    @Override
    public Saliency explain(GrayImage image, int classIndex) {
        double[] a = attributions(image, classIndex);
        float[] positive = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            positive[i] = (float) Math.max(0, a[i]);
        }
        return new Saliency(NAME, classIndex, image.width(), image.height(), positive);
    }
}
