package dev.pawscope.host.view;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;

/**
 * Pixel-exact drawing of upscaled images straight into an ARGB raster. {@code BufferedImage.setRGB}
 * converts every pixel through the colour model, which made drawing the panels cost more than
 * analysing a frame; here a source row is written once and copied down for the block's other rows.
 */
final class PixelBlocks {

    private PixelBlocks() {}

    /**
     * Draws {@code argb} ({@code w} x {@code h}, row-major) at {@code (x0, y0)} of {@code target},
     * every pixel as an {@code s} x {@code s} block, replacing what was there (no blending).
     *
     * @throws IllegalArgumentException if the target is not TYPE_INT_ARGB or the blocks do not fit
     */
    static void draw(BufferedImage target, int x0, int y0, int w, int h, int s, int[] argb) {
        if (target.getType() != BufferedImage.TYPE_INT_ARGB) {
            throw new IllegalArgumentException("expected a TYPE_INT_ARGB image, found type " + target.getType());
        }
        if (x0 < 0 || y0 < 0 || x0 + w * s > target.getWidth() || y0 + h * s > target.getHeight()
                || argb.length != w * h) {
            throw new IllegalArgumentException(w + "x" + h + " pixels at " + s + "x from (" + x0 + ", " + y0
                    + ") do not fit a " + target.getWidth() + "x" + target.getHeight() + " image");
        }
        int[] data = ((DataBufferInt) target.getRaster().getDataBuffer()).getData();
        int stride = target.getWidth();
        for (int y = 0; y < h; y++) {
            int row = (y0 + y * s) * stride + x0;
            for (int x = 0, out = row; x < w; x++) {
                int colour = argb[y * w + x];
                for (int end = out + s; out < end; out++) { // s is small: a plain loop beats Arrays.fill
                    data[out] = colour;
                }
            }
            for (int dy = 1; dy < s; dy++) {
                System.arraycopy(data, row, data, row + dy * stride, w * s);
            }
        }
    }

    /** Draws a {@code width}-wide column whose row {@code i} has colour {@code rows[i]}, through {@code g}. */
    static void column(Graphics2D g, int x, int y, int width, int[] rows) {
        if (rows.length == 0) {
            return;
        }
        BufferedImage strip = new BufferedImage(width, rows.length, BufferedImage.TYPE_INT_ARGB);
        int[] data = ((DataBufferInt) strip.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < rows.length; i++) {
            Arrays.fill(data, i * width, (i + 1) * width, rows[i]);
        }
        g.drawImage(strip, x, y, null);
    }
}
