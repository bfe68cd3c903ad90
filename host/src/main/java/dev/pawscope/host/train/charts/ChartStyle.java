package dev.pawscope.host.train.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * The look every chart shares: Okabe–Ito colours (distinguishable with the common colour-vision
 * deficiencies), sans-serif text, antialiased drawing on white.
 */
final class ChartStyle {

    static final Color BLUE = new Color(0x0072B2);
    static final Color ORANGE = new Color(0xE69F00);
    static final Color INK = new Color(0x222222);
    static final Color MUTED = new Color(0x666666);
    static final Color AXIS = new Color(0x9A9A9A);
    static final Color GRID = new Color(0xE8E8E8);
    static final Color MARKER = new Color(0x4D4D4D);
    static final Color PANEL = new Color(0xF3F4F6);

    static final BasicStroke HAIRLINE = new BasicStroke(1f);

    private ChartStyle() {
    }

    static Font font(int style, float size) {
        return new Font(Font.SANS_SERIF, style, 1).deriveFont(size);
    }

    /** A white canvas with the shared rendering hints; the caller disposes it. */
    static Graphics2D canvas(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        applyHints(g);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        return g;
    }

    /**
     * Metrics as the canvas will see them, for sizing a layout before the image exists; the
     * hints must match or measured text would not fit what is drawn.
     */
    static FontMetrics metrics(Font font) {
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        try {
            applyHints(g);
            return g.getFontMetrics(font);
        } finally {
            g.dispose();
        }
    }

    /** Relative luminance (sRGB, linearised), used to pick readable text over a fill. */
    static double luminance(Color c) {
        return 0.2126 * linear(c.getRed()) + 0.7152 * linear(c.getGreen()) + 0.0722 * linear(c.getBlue());
    }

    private static double linear(int channel) {
        double v = channel / 255.0;
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }

    private static void applyHints(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        // Greyscale, not LCD, text antialiasing: the PNG is viewed on screens of any subpixel order.
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    }
}
