package dev.pawscope.host.report;

import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.host.explain.ExplanationSheet;
import dev.pawscope.host.explain.Saliency;
import dev.pawscope.host.view.Colormap;
import dev.pawscope.host.view.PanelRenderer;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The report's pictures, as PNG data URIs: a test image enlarged with its ground-truth mask
 * outlined, and an attribution map over it in the same heat colours as {@code pawscope explain}
 * (each map scaled to its own 99th percentile, so one hot pixel cannot wash out the rest).
 */
final class ReportImages {

    /** The image's outline colour: red, as on the contact sheet. */
    static final int MASK_ON_IMAGE = 0xFF3C3C;
    /** Over a heat map the red would vanish among the oranges: cyan there. */
    static final int MASK_ON_HEAT = 0x36D7F0;

    private ReportImages() {}

    /** The image at {@code scale} x its size, its mask (may be null) outlined in red. */
    static String image(GrayImage image, GrayImage mask, int scale) {
        BufferedImage out = gray(image, scale, 1.0);
        outline(out, mask, scale, MASK_ON_IMAGE);
        return png(out);
    }

    /** The image under {@code map} (heat colours, opacity growing with the value), the mask outlined. */
    static String heat(GrayImage image, Saliency map, GrayImage mask, int scale) {
        BufferedImage out = gray(image, scale, UNDER_HEAT);
        Graphics2D g = out.createGraphics();
        g.drawImage(PanelRenderer.heat(ExplanationSheet.clipped(map, ExplanationSheet.CLIP), scale,
                PanelRenderer.DEFAULT_OPACITY), 0, 0, null);
        g.dispose();
        outline(out, mask, scale, MASK_ON_HEAT);
        return png(out);
    }

    /** A CSS linear-gradient through the heat colour map, for the legend's colour bar. */
    static String heatGradientCss() {
        StringBuilder b = new StringBuilder("linear-gradient(to right");
        for (int i = 0; i <= 8; i++) {
            b.append(String.format(Locale.ROOT, ", #%06x", Colormap.HEAT.rgb(i / 8.0)));
        }
        return b.append(')').toString();
    }

    /** The image's brightness under a heat map: dimmed, so the colours stand out on white fur. */
    static final double UNDER_HEAT = 0.6;

    private static BufferedImage gray(GrayImage image, int scale, double brightness) {
        BufferedImage out = new BufferedImage(image.width() * scale, image.height() * scale,
                BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                int v = (int) Math.round(image.get(x, y) * brightness);
                int rgb = v << 16 | v << 8 | v;
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        out.setRGB(x * scale + dx, y * scale + dy, rgb);
                    }
                }
            }
        }
        return out;
    }

    /** A one-pixel line along every edge between a mask pixel (>= 128) and a non-mask one. */
    private static void outline(BufferedImage out, GrayImage mask, int scale, int rgb) {
        if (mask == null) {
            return;
        }
        for (int y = 0; y < mask.height(); y++) {
            for (int x = 0; x < mask.width(); x++) {
                if (!inside(mask, x, y)) {
                    continue;
                }
                int px = x * scale;
                int py = y * scale;
                for (int d = 0; d < scale; d++) {
                    if (!inside(mask, x - 1, y)) {
                        out.setRGB(px, py + d, rgb);
                    }
                    if (!inside(mask, x + 1, y)) {
                        out.setRGB(px + scale - 1, py + d, rgb);
                    }
                    if (!inside(mask, x, y - 1)) {
                        out.setRGB(px + d, py, rgb);
                    }
                    if (!inside(mask, x, y + 1)) {
                        out.setRGB(px + d, py + scale - 1, rgb);
                    }
                }
            }
        }
    }

    private static boolean inside(GrayImage mask, int x, int y) {
        return x >= 0 && y >= 0 && x < mask.width() && y < mask.height() && mask.get(x, y) >= 128;
    }

    private static String png(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a PNG in memory", e);
        }
        return HtmlWriter.pngDataUri(bytes.toByteArray());
    }
}
