package dev.pawscope.host.explain;

import dev.pawscope.host.dataset.GrayImage;
import java.util.SplittableRandom;

/**
 * SmoothGrad (Smilkov et al., 2017) on the float twin: the mean of the vanilla gradient's
 * magnitude over {@code samples} copies of the input with Gaussian noise of standard deviation
 * {@code noise} x the input's range added (the paper's 10-20%). Seeded, so repeatable.
 */
public final class SmoothGrad implements AttributionMethod {

    public static final String NAME = "smoothgrad";
    public static final int DEFAULT_SAMPLES = 25;
    public static final double DEFAULT_NOISE = 0.15;

    private final FloatTwin twin;
    private final int samples;
    private final double noise;
    private final long seed;

    public SmoothGrad(FloatTwin twin, int samples, double noise, long seed) {
        if (samples < 1 || !(noise >= 0)) {
            throw new IllegalArgumentException("expected samples >= 1 and noise >= 0, found " + samples + " and "
                    + noise);
        }
        this.twin = twin;
        this.samples = samples;
        this.noise = noise;
        this.seed = seed;
    }

    public SmoothGrad(FloatTwin twin) {
        this(twin, DEFAULT_SAMPLES, DEFAULT_NOISE, 1);
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
        float[] x = twin.normalise(image);
        double sigma = noise * twin.inputRange();
        SplittableRandom random = new SplittableRandom(seed);
        double[] sum = new double[x.length];
        // all noisy copies first (the same noise sequence as one at a time), then one batched call
        float[][] noisy = new float[samples][x.length];
        for (int s = 0; s < samples; s++) {
            for (int i = 0; i < x.length; i++) {
                noisy[s][i] = (float) (x[i] + sigma * gaussian(random));
            }
        }
        for (double[] g : twin.logProbabilityGradients(noisy, classIndex)) {
            for (int i = 0; i < g.length; i++) {
                sum[i] += Math.abs(g[i]);
            }
        }
        float[] mean = new float[x.length];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = (float) (sum[i] / samples);
        }
        return new Saliency(NAME, classIndex, image.width(), image.height(), mean);
    }

    /** A standard normal sample (Box-Muller; SplittableRandom has no nextGaussian in Java 17). */
    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble(); // (0, 1]
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
