package dev.pawscope.host.explain;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** What the explanation and tile sheets share: margins, ink, fonts and how a sheet starts. */
final class SheetStyle {

    static final int MARGIN = 14;
    static final Color INK = new Color(0x222222);
    static final Color MUTED = new Color(0x666666);
    static final Color FRAME = new Color(0xB0B0B0);

    private SheetStyle() {}

    static Font font(int style, float size) {
        return new Font(Font.SANS_SERIF, style, 1).deriveFont(size);
    }

    /** A white sheet with antialiasing on and {@code title} in bold ink at the top left; the pen is left muted. */
    static Graphics2D begin(BufferedImage image, String title) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(INK);
        g.setFont(font(Font.BOLD, 15));
        g.drawString(title, MARGIN, 22);
        g.setColor(MUTED);
        return g;
    }
}
