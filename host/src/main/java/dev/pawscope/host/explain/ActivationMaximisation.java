package dev.pawscope.host.explain;

import dev.pawscope.host.dataset.GrayImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Activation maximisation (Erhan et al., 2009; Simonyan et al., 2014; Olah et al., 2017): the input
 * image a {@link LayerObjective} likes most, by gradient ascent on the input, starting from faint
 * seeded noise on mid gray. Without help the ascent finds high-frequency noise, so each step is
 * regularised as the literature does:
 * <ul>
 *   <li><b>jitter</b>: the gradient is taken at the image shifted (circularly) by a random offset
 *       of up to {@code jitter} pixels and shifted back, so no single pixel grid pattern wins;</li>
 *   <li><b>L2 decay</b>: the image is pulled towards mid gray (the normalised zero) by a factor
 *       {@code 1 - l2Decay} per step, so only what the unit really needs stays;</li>
 *   <li><b>blur</b>: every {@code blurEvery} steps a 3x3 Gaussian of {@code blurSigma} pixels
 *       smooths the image;</li>
 *   <li><b>clipping</b> to the pixel range 0..255, so the result is a real image.</li>
 * </ul>
 * The step is {@code stepSize} times the gradient divided by its root mean square: a fixed
 * size in input units whatever the objective's scale. Deterministic for a seed.
 */
public final class ActivationMaximisation {

    /**
     * How to climb.
     *
     * @param stepSize per-step change in normalised input units (the input spans about 2)
     */
    public record Settings(int steps, double stepSize, double l2Decay, int jitter, int blurEvery, double blurSigma,
            long seed) {

        /** What reads well on pawscope's 48x48 models. */
        public static final Settings DEFAULT = new Settings(200, 0.05, 0.01, 2, 4, 0.5, 1);

        public Settings {
            if (steps < 1 || !(stepSize > 0) || !(l2Decay >= 0 && l2Decay < 1) || jitter < 0 || blurEvery < 0
                    || !(blurSigma >= 0)) {
                throw new IllegalArgumentException("expected steps >= 1, stepSize > 0, 0 <= l2Decay < 1, jitter >= 0, "
                        + "blurEvery >= 0 (0 = never) and blurSigma >= 0, found " + this);
            }
        }

        public Settings withSteps(int s) {
            return new Settings(s, stepSize, l2Decay, jitter, blurEvery, blurSigma, seed);
        }

        public Settings withSeed(long s) {
            return new Settings(steps, stepSize, l2Decay, jitter, blurEvery, blurSigma, s);
        }

        /** No regularisation at all: plain gradient ascent (with clipping). */
        public Settings plain() {
            return new Settings(steps, stepSize, 0, 0, 0, 0, seed);
        }
    }

    /**
     * The image found and how the objective went.
     *
     * @param input the normalised input the ascent ended on (what {@code image} shows, before rounding)
     * @param objective the objective at the start and after every step ({@code steps + 1} values)
     */
    public record Result(LayerObjective.Target target, GrayImage image, float[] input, double[] objective) {

        public Result {
            input = input.clone();
            objective = objective.clone();
        }

        @Override
        public float[] input() {
            return input.clone();
        }

        @Override
        public double[] objective() {
            return objective.clone();
        }

        public double first() {
            return objective[0];
        }

        public double last() {
            return objective[objective.length - 1];
        }
    }

    private final FloatTwin twin;
    private final Settings settings;

    public ActivationMaximisation(FloatTwin twin, Settings settings) {
        this.twin = twin;
        this.settings = settings;
    }

    /** Climbs {@code objective}'s channel (or class) {@code k}. */
    public Result maximise(LayerObjective objective, int k) {
        return maximise(objective, new int[] {k}).get(0);
    }

    /**
     * Climbs each of {@code objective}'s channels {@code ks}, side by side in one batch (each with
     * its own noise and jitter from the seed, so a channel's result does not depend on the others).
     */
    public List<Result> maximise(LayerObjective objective, int[] ks) {
        int w = twin.width();
        int h = twin.height();
        int n = ks.length;
        float[] bounds = twin.inputBounds();
        float mid = (bounds[0] + bounds[1]) / 2;
        SplittableRandom[] random = new SplittableRandom[n];
        float[][] x = new float[n][w * h];
        for (int e = 0; e < n; e++) {
            random[e] = new SplittableRandom(settings.seed());
            for (int i = 0; i < w * h; i++) {
                x[e][i] = mid + (float) ((random[e].nextDouble() - 0.5) * 0.02 * (bounds[1] - bounds[0]));
            }
        }
        double[][] history = new double[n][settings.steps() + 1];
        record(history, 0, objective.values(x, ks));
        int[] dx = new int[n];
        int[] dy = new int[n];
        float[][] shifted = new float[n][];
        for (int step = 1; step <= settings.steps(); step++) {
            for (int e = 0; e < n; e++) {
                int j = settings.jitter();
                dx[e] = j == 0 ? 0 : random[e].nextInt(2 * j + 1) - j;
                dy[e] = j == 0 ? 0 : random[e].nextInt(2 * j + 1) - j;
                shifted[e] = roll(x[e], w, h, dx[e], dy[e]);
            }
            double[][] gradients = objective.gradients(shifted, ks);
            for (int e = 0; e < n; e++) {
                double[] g = roll(gradients[e], w, h, -dx[e], -dy[e]);
                double rms = 0;
                for (double v : g) {
                    rms += v * v;
                }
                rms = Math.sqrt(rms / g.length);
                double scale = rms > 0 ? settings.stepSize() / rms : 0;
                for (int i = 0; i < g.length; i++) {
                    double v = mid + (x[e][i] + scale * g[i] - mid) * (1 - settings.l2Decay());
                    x[e][i] = (float) Math.max(bounds[0], Math.min(bounds[1], v));
                }
                if (settings.blurEvery() > 0 && settings.blurSigma() > 0 && step % settings.blurEvery() == 0) {
                    x[e] = blur(x[e], w, h, settings.blurSigma());
                }
            }
            record(history, step, objective.values(x, ks));
        }
        List<Result> results = new ArrayList<>();
        for (int e = 0; e < n; e++) {
            results.add(new Result(objective.target(ks[e]), twin.denormalise(x[e]), x[e], history[e]));
        }
        return results;
    }

    private static void record(double[][] history, int step, double[] values) {
        for (int e = 0; e < values.length; e++) {
            history[e][step] = values[e];
        }
    }

    /** The image moved by (dx, dy) with wrap-around: out[(y + dy) mod h][(x + dx) mod w] = in[y][x]. */
    static float[] roll(float[] in, int w, int h, int dx, int dy) {
        float[] out = new float[in.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[Math.floorMod(y + dy, h) * w + Math.floorMod(x + dx, w)] = in[y * w + x];
            }
        }
        return out;
    }

    static double[] roll(double[] in, int w, int h, int dx, int dy) {
        double[] out = new double[in.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[Math.floorMod(y + dy, h) * w + Math.floorMod(x + dx, w)] = in[y * w + x];
            }
        }
        return out;
    }

    /** A separable 3-tap Gaussian blur; borders repeat the edge pixel. */
    static float[] blur(float[] in, int w, int h, double sigma) {
        double side = Math.exp(-1 / (2 * sigma * sigma));
        double a = side / (1 + 2 * side);
        double b = 1 / (1 + 2 * side);
        float[] tmp = new float[in.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                tmp[y * w + x] = (float) (a * in[y * w + Math.max(0, x - 1)] + b * in[y * w + x]
                        + a * in[y * w + Math.min(w - 1, x + 1)]);
            }
        }
        float[] out = new float[in.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[y * w + x] = (float) (a * tmp[Math.max(0, y - 1) * w + x] + b * tmp[y * w + x]
                        + a * tmp[Math.min(h - 1, y + 1) * w + x]);
            }
        }
        return out;
    }
}
