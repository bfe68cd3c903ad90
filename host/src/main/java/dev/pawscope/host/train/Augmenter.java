package dev.pawscope.host.train;

import java.util.SplittableRandom;

/**
 * Label-preserving random changes to a training image: a shift of up to 1/12 of the frame (edges
 * replicated), a horizontal flip (dogs face both ways), brightness and contrast jitter, and a
 * little sensor noise. Pixels in and out are normalised floats ({@link ImageTensors#SCALE}, {@link ImageTensors#OFFSET}).
 */
public final class Augmenter {

    /** The normalised values of pixels 0 and 255, and the span between them. */
    private static final float LOW = (float) ImageTensors.OFFSET;
    private static final float HIGH = (float) (255 * ImageTensors.SCALE + ImageTensors.OFFSET);
    private static final double RANGE = HIGH - LOW;

    private final int width;
    private final int height;

    public Augmenter(int width, int height) {
        this.width = width;
        this.height = height;
    }

    /** Writes an augmented copy of {@code src} into {@code dst} at {@code offset}. */
    public void apply(float[] src, float[] dst, int offset, SplittableRandom rnd) {
        int maxShiftX = width / 12;
        int maxShiftY = height / 12;
        int dx = rnd.nextInt(-maxShiftX, maxShiftX + 1);
        int dy = rnd.nextInt(-maxShiftY, maxShiftY + 1);
        boolean flip = rnd.nextBoolean();
        float contrast = (float) (0.8 + 0.4 * rnd.nextDouble());
        float brightness = (float) (RANGE * (0.16 * rnd.nextDouble() - 0.08));
        double noise = RANGE * 0.03 * rnd.nextDouble();
        float mean = mean(src);
        for (int y = 0; y < height; y++) {
            int sy = clamp(y - dy, height);
            for (int x = 0; x < width; x++) {
                int sx = clamp(flip ? width - 1 - (x - dx) : x - dx, width);
                float v = (src[sy * width + sx] - mean) * contrast + mean + brightness;
                if (noise > 0) {
                    v += (float) (noise * rnd.nextGaussian());
                }
                dst[offset + y * width + x] = Math.max(LOW, Math.min(HIGH, v));
            }
        }
    }

    private static float mean(float[] px) {
        double s = 0;
        for (float v : px) {
            s += v;
        }
        return (float) (s / px.length);
    }

    private static int clamp(int v, int n) {
        return v < 0 ? 0 : Math.min(v, n - 1);
    }
}
