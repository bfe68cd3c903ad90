package dev.pawscope.host.dataset.synth;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * What the camera does to the scene: uneven lighting, lens blur, gain and offset, sensor noise, then 8-bit
 * quantization. Parameters are drawn per image the same way for every class, and blur widths are a share
 * of the frame so that a 96x96 image looks like a 48x48 one at twice the resolution.
 */
final class SensorEffects {

    private enum Blur { NONE, BOX, GAUSSIAN }

    /** The size at which blur widths are given in pixels. */
    private static final double REFERENCE_SIZE = 48;

    private final double gradientX;
    private final double gradientY;
    private final Blur blur;
    private final double blurSigma;
    private final double contrast;
    private final double brightness;
    private final double noiseSigma;

    private SensorEffects(double gradientX, double gradientY, Blur blur, double blurSigma, double contrast,
                          double brightness, double noiseSigma) {
        this.gradientX = gradientX;
        this.gradientY = gradientY;
        this.blur = blur;
        this.blurSigma = blurSigma;
        this.contrast = contrast;
        this.brightness = brightness;
        this.noiseSigma = noiseSigma;
    }

    static SensorEffects sample(RandomGenerator rng) {
        double angle = rng.nextDouble(0, 2 * Math.PI);
        double strength = rng.nextDouble(0, 0.35);
        double pick = rng.nextDouble();
        Blur blur = pick < 0.3 ? Blur.NONE : pick < 0.65 ? Blur.BOX : Blur.GAUSSIAN;
        return new SensorEffects(strength * Math.cos(angle), strength * Math.sin(angle), blur,
                rng.nextDouble(0.4, 0.9), rng.nextDouble(0.7, 1.2), rng.nextDouble(-25, 25), rng.nextDouble(0, 8));
    }

    /** Develops the scene's gray levels in place and returns them as 8-bit pixels; {@code noise} feeds the sensor noise. */
    byte[] develop(float[] tone, int size, RandomGenerator noise) {
        light(tone, size);
        switch (blur) {
            case NONE -> { }
            case BOX -> boxBlur(tone, size, Math.max(1, (int) Math.round(size / REFERENCE_SIZE)));
            case GAUSSIAN -> gaussianBlur(tone, size, blurSigma * size / REFERENCE_SIZE);
        }
        byte[] pixels = new byte[tone.length];
        for (int i = 0; i < tone.length; i++) {
            double v = (tone[i] - 128) * contrast + 128 + brightness;
            if (noiseSigma > 0) {
                v += noiseSigma * noise.nextGaussian();
            }
            pixels[i] = (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
        }
        return pixels;
    }

    /** A linear lighting gradient across the frame, multiplying the scene. */
    private void light(float[] tone, int size) {
        float stepX = (float) (2 * gradientX / size);
        for (int y = 0; y < size; y++) {
            double fy = (y + 0.5) / size - 0.5;
            float gain = (float) (1 + 2 * (gradientX * (0.5 / size - 0.5) + gradientY * fy));
            int row = y * size;
            for (int x = 0; x < size; x++) {
                tone[row + x] *= gain + stepX * x;
            }
        }
    }

    private static void boxBlur(float[] tone, int size, int radius) {
        float[] kernel = new float[2 * radius + 1];
        Arrays.fill(kernel, 1f / kernel.length);
        separable(tone, size, kernel);
    }

    private static void gaussianBlur(float[] tone, int size, double sigma) {
        int radius = Math.max(1, (int) Math.ceil(2.5 * sigma));
        float[] kernel = new float[2 * radius + 1];
        double sum = 0;
        for (int k = -radius; k <= radius; k++) {
            double w = Math.exp(-k * k / (2 * sigma * sigma));
            kernel[k + radius] = (float) w;
            sum += w;
        }
        for (int k = 0; k < kernel.length; k++) {
            kernel[k] /= (float) sum;
        }
        separable(tone, size, kernel);
    }

    /** Convolves rows then columns with a symmetric kernel, repeating edge pixels; inner loops run branch-free. */
    private static void separable(float[] tone, int size, float[] kernel) {
        int radius = kernel.length / 2;
        float[] padded = new float[size + 2 * radius];
        float[] rows = new float[tone.length];
        for (int y = 0; y < size; y++) {
            int row = y * size;
            System.arraycopy(tone, row, padded, radius, size);
            Arrays.fill(padded, 0, radius, tone[row]);
            Arrays.fill(padded, radius + size, padded.length, tone[row + size - 1]);
            for (int x = 0; x < size; x++) {
                float acc = 0;
                for (int k = 0; k < kernel.length; k++) {
                    acc += kernel[k] * padded[x + k];
                }
                rows[row + x] = acc;
            }
        }
        // Columns: accumulate whole source rows into each output row, so the inner loop walks memory in order.
        for (int y = 0; y < size; y++) {
            int out = y * size;
            Arrays.fill(tone, out, out + size, 0f);
            for (int k = -radius; k <= radius; k++) {
                int source = Math.max(0, Math.min(size - 1, y + k)) * size;
                float w = kernel[k + radius];
                for (int x = 0; x < size; x++) {
                    tone[out + x] += w * rows[source + x];
                }
            }
        }
    }
}
