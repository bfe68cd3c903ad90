package dev.pawscope.host.train;

import java.util.SplittableRandom;

/**
 * Label-preserving random changes to a training image: a shift of up to 1/12 of the frame and a zoom
 * of up to 10% in or out (bilinear, edges replicated), a horizontal flip (dogs face both ways),
 * brightness and contrast jitter (contrast 0.65 to 1.25), and a little sensor noise. Pixels in and out are normalised floats ({@link ImageTensors#SCALE}, {@link ImageTensors#OFFSET}).
 */
public final class Augmenter {

    /** The normalised values of pixels 0 and 255, and the span between them. */
    private static final float LOW = (float) ImageTensors.OFFSET;
    private static final float HIGH = (float) (255 * ImageTensors.SCALE + ImageTensors.OFFSET);
    private static final double RANGE = HIGH - LOW;

    /** Largest zoom in or out, as a share of the frame: dogs in the data already vary in size by more than this. */
    static final double MAX_ZOOM = 0.1;

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
        // down to 0.65: faint, low-contrast dogs were the commonest misses of the model trained without it
        float contrast = (float) (0.65 + 0.6 * rnd.nextDouble());
        float brightness = (float) (RANGE * (0.16 * rnd.nextDouble() - 0.08));
        double noise = RANGE * 0.03 * rnd.nextDouble();
        // sampling step in source pixels per output pixel: < 1 zooms in, > 1 zooms out
        double step = 1 / (1 - MAX_ZOOM + 2 * MAX_ZOOM * rnd.nextDouble());
        double cx = (width - 1) / 2.0;
        double cy = (height - 1) / 2.0;
        float mean = mean(src);
        for (int y = 0; y < height; y++) {
            double sy = (y - dy - cy) * step + cy;
            for (int x = 0; x < width; x++) {
                double sx = (x - dx - cx) * step + cx;
                float v = (sample(src, flip ? width - 1 - sx : sx, sy) - mean) * contrast + mean + brightness;
                if (noise > 0) {
                    v += (float) (noise * rnd.nextGaussian());
                }
                dst[offset + y * width + x] = Math.max(LOW, Math.min(HIGH, v));
            }
        }
    }

    /** Bilinear interpolation at (x, y), edges replicated. */
    private float sample(float[] px, double x, double y) {
        double fx = Math.max(0, Math.min(width - 1, x));
        double fy = Math.max(0, Math.min(height - 1, y));
        int x0 = Math.min((int) fx, width - 2);
        int y0 = Math.min((int) fy, height - 2);
        float ax = (float) (fx - x0);
        float ay = (float) (fy - y0);
        int i = y0 * width + x0;
        float top = px[i] + ax * (px[i + 1] - px[i]);
        float bottom = px[i + width] + ax * (px[i + width + 1] - px[i + width]);
        return top + ay * (bottom - top);
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
