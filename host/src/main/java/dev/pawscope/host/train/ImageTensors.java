package dev.pawscope.host.train;

import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.host.dataset.LabeledImage;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * A split as the float twin sees it: images as {@code pixel * SCALE + OFFSET} (the normalisation recorded
 * in every model folder), NCHW with one channel, and class indices.
 */
public final class ImageTensors {

    /**
     * Float input = pixel * SCALE + OFFSET, in [-1, 1]: a zero-centred input trains faster without
     * normalisation layers, and maps exactly onto int8 (q = pixel - 128, scale 2/255).
     */
    public static final double SCALE = 2.0 / 255.0;
    public static final double OFFSET = -1.0;

    private final float[][] images;
    private final int[] labels;
    private final int width;
    private final int height;
    private final int classes;

    private ImageTensors(float[][] images, int[] labels, int width, int height, int classes) {
        this.images = images;
        this.labels = labels;
        this.width = width;
        this.height = height;
        this.classes = classes;
    }

    public static ImageTensors of(List<LabeledImage> samples, int width, int height, int classes) {
        float[][] images = new float[samples.size()][];
        int[] labels = new int[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            images[i] = normalise(samples.get(i).image());
            labels[i] = samples.get(i).labelIndex();
        }
        return new ImageTensors(images, labels, width, height, classes);
    }

    public static float[] normalise(GrayImage image) {
        byte[] px = image.pixels();
        float[] out = new float[px.length];
        for (int i = 0; i < px.length; i++) {
            out[i] = (float) ((px[i] & 0xFF) * SCALE + OFFSET);
        }
        return out;
    }

    /** At most {@code n} samples spread evenly over this set (it is sorted by label), sharing the pixels. */
    public ImageTensors evenSubset(int n) {
        if (n >= size()) {
            return this;
        }
        float[][] subImages = new float[n][];
        int[] subLabels = new int[n];
        for (int k = 0; k < n; k++) {
            int i = (int) ((long) k * size() / n);
            subImages[k] = images[i];
            subLabels[k] = labels[i];
        }
        return new ImageTensors(subImages, subLabels, width, height, classes);
    }

    public int size() {
        return labels.length;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int classes() {
        return classes;
    }

    /** The normalised pixels of sample {@code i} (shared, do not modify). */
    float[] image(int i) {
        return images[i];
    }

    public int label(int i) {
        return labels[i];
    }

    public int[] labels() {
        return labels.clone();
    }

    /** Samples {@code from..to-1} as a [n, 1, H, W] array. */
    public INDArray features(int from, int to) {
        int pixels = width * height;
        float[] flat = new float[(to - from) * pixels];
        for (int i = from; i < to; i++) {
            System.arraycopy(images[i], 0, flat, (i - from) * pixels, pixels);
        }
        return Nd4j.create(flat, new long[]{to - from, 1, height, width}, 'c');
    }

    /** One-hot labels for a batch of sample indices. */
    public INDArray oneHot(int[] indices) {
        float[] flat = new float[indices.length * classes];
        for (int i = 0; i < indices.length; i++) {
            flat[i * classes + labels[indices[i]]] = 1f;
        }
        return Nd4j.create(flat, new long[]{indices.length, classes}, 'c');
    }
}
