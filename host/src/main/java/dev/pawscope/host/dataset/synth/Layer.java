package dev.pawscope.host.dataset.synth;

import java.util.Arrays;

/**
 * A square gray paint layer with coverage, in floats. Shapes are antialiased from their signed distance
 * and blended with the "over" operator; tones are stored premultiplied by coverage, so a transparent
 * layer (the dog) can be composited onto an opaque one (the scene) afterwards and its coverage is the mask.
 */
final class Layer {

    private final int size;
    private final float[] tone;
    private final float[] alpha;

    private Layer(int size) {
        this.size = size;
        this.tone = new float[size * size];
        this.alpha = new float[size * size];
    }

    /** An opaque layer of one shade, for the scene. */
    static Layer filled(int size, double shade) {
        Layer layer = new Layer(size);
        Arrays.fill(layer.tone, (float) shade);
        Arrays.fill(layer.alpha, 1f);
        return layer;
    }

    /** A fully transparent layer, for a figure whose silhouette is needed on its own. */
    static Layer empty(int size) {
        return new Layer(size);
    }

    int size() {
        return size;
    }

    void paint(Shape shape, double shade, Placement at) {
        blend(shape, (float) shade, at, false);
    }

    void paint(Figure figure, Palette palette, Placement at) {
        for (Part part : figure.parts()) {
            blend(part.shape(), (float) palette.shadeOf(part.tone()), at, part.atop());
        }
    }

    /** Puts {@code top} over this layer. */
    void composite(Layer top) {
        if (top.size != size) {
            throw new IllegalArgumentException("layers must have the same size, expected " + size + ", found " + top.size);
        }
        for (int i = 0; i < tone.length; i++) {
            float a = top.alpha[i];
            tone[i] = tone[i] * (1 - a) + top.tone[i];
            alpha[i] = alpha[i] * (1 - a) + a;
        }
    }

    /** 255 where at least half a pixel is covered, else 0. */
    byte[] mask() {
        byte[] mask = new byte[alpha.length];
        for (int i = 0; i < alpha.length; i++) {
            mask[i] = alpha[i] >= 0.5f ? (byte) 255 : 0;
        }
        return mask;
    }

    /** The live tone array (row-major); for an opaque layer these are the gray levels. */
    float[] tones() {
        return tone;
    }

    private void blend(Shape shape, float shade, Placement at, boolean atop) {
        Bounds b = shape.bounds();
        double x0 = at.frameX(b.minX()) * size;
        double x1 = at.frameX(b.maxX()) * size;
        double y0 = at.frameY(b.minY()) * size;
        double y1 = at.frameY(b.maxY()) * size;
        // One pixel of margin for the antialiased rim.
        int px0 = Math.max(0, (int) Math.floor(Math.min(x0, x1)) - 1);
        int px1 = Math.min(size - 1, (int) Math.ceil(Math.max(x0, x1)) + 1);
        int py0 = Math.max(0, (int) Math.floor(Math.min(y0, y1)) - 1);
        int py1 = Math.min(size - 1, (int) Math.ceil(Math.max(y0, y1)) + 1);
        double pixelsPerUnit = at.scale() * size;
        double unitsPerPixelX = 1 / (at.sx() * size);
        double unitsPerPixelY = 1 / (at.sy() * size);
        for (int py = py0; py <= py1; py++) {
            double y = ((py + 0.5) - at.ty() * size) * unitsPerPixelY;
            int row = py * size;
            for (int px = px0; px <= px1; px++) {
                double x = ((px + 0.5) - at.tx() * size) * unitsPerPixelX;
                double coverage = 0.5 - shape.distance(x, y) * pixelsPerUnit;
                if (coverage <= 0) {
                    continue;
                }
                float c = coverage >= 1 ? 1f : (float) coverage;
                int i = row + px;
                if (atop) {
                    tone[i] += c * (shade * alpha[i] - tone[i]);
                } else {
                    tone[i] += c * (shade - tone[i]);
                    alpha[i] += c * (1 - alpha[i]);
                }
            }
        }
    }
}
