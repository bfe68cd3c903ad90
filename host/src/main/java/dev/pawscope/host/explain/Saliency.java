package dev.pawscope.host.explain;

import java.util.Arrays;

/**
 * An attribution map over the input image: how much each pixel matters for one class, by one
 * method. Values are non-negative importance (larger matters more), row-major, the input's size.
 * Immutable; the array is copied in and out.
 *
 * @param method the {@link AttributionMethod#name()} that made it
 * @param classIndex the explained class, in label order
 */
public record Saliency(String method, int classIndex, int width, int height, float[] values) {

    public Saliency {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("a saliency map needs a positive size, found " + width + "x" + height);
        }
        if (values.length != width * height) {
            throw new IllegalArgumentException("expected " + width + "x" + height + " = " + width * height
                    + " values, found " + values.length);
        }
        values = values.clone();
    }

    @Override
    public float[] values() {
        return values.clone();
    }

    public float get(int x, int y) {
        return values[y * width + x];
    }

    /** The largest value (0 for an all-zero map). */
    public float max() {
        float max = 0;
        for (float v : values) {
            max = Math.max(max, v);
        }
        return max;
    }

    /** The values divided by {@link #max()}, in [0, 1]; all zeros stay zeros. */
    public float[] normalised() {
        float max = max();
        float[] out = values.clone();
        if (max > 0) {
            for (int i = 0; i < out.length; i++) {
                out[i] = Math.max(0, out[i]) / max;
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Saliency s && s.method.equals(method) && s.classIndex == classIndex && s.width == width
                && s.height == height && Arrays.equals(s.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * method.hashCode() + classIndex) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Saliency[" + method + ", class " + classIndex + ", " + width + "x" + height + ", max " + max() + "]";
    }
}
