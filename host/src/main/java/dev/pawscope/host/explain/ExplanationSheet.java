package dev.pawscope.host.explain;

import static dev.pawscope.host.explain.SheetStyle.FRAME;
import static dev.pawscope.host.explain.SheetStyle.INK;
import static dev.pawscope.host.explain.SheetStyle.MARGIN;
import static dev.pawscope.host.explain.SheetStyle.font;

import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.host.view.Colormap;
import dev.pawscope.host.view.PanelRenderer;
import java.awt.BasicStroke;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * One PNG sheet for {@code pawscope explain}: a title and subtitle, the input on its own, then one
 * heat-map overlay per explanation (each normalised to its own 99th percentile, with a colour bar and a
 * caption under it), side by side. Pure Java2D, headless.
 */
public final class ExplanationSheet {

    /** One overlay: the map, a heading (model and method) and a line of figures under it. */
    public record Panel(Saliency map, String heading, String caption) {}

    static final int SIDE = 256;
    static final int GAP = 18;
    static final int BAR = 12;
    static final int BAR_SPACE = 52;
    static final int TOP = 62;
    static final int PANEL_HEAD = 20;
    static final int FOOT = 40;

    /** The colour scale tops out at this quantile of the map, so one outlier pixel cannot hide the rest. */
    public static final double CLIP = 0.99;

    private ExplanationSheet() {}

    /** The map with values above its {@code quantile} quantile lowered to it (unchanged if that is 0). */
    public static Saliency clipped(Saliency map, double quantile) {
        float[] v = map.values();
        float[] sorted = v.clone();
        java.util.Arrays.sort(sorted);
        float cap = sorted[Math.min(sorted.length - 1, (int) Math.floor(quantile * (sorted.length - 1)))];
        if (!(cap > 0)) {
            return map;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.min(v[i], cap);
        }
        return new Saliency(map.method(), map.classIndex(), map.width(), map.height(), v);
    }

    public static BufferedImage render(GrayImage input, String title, String subtitle, List<Panel> panels,
            double opacity) {
        int s = Math.max(1, (int) Math.round(SIDE / (double) Math.max(input.width(), input.height())));
        int w = input.width() * s;
        int h = input.height() * s;
        int cell = w + BAR_SPACE + GAP;
        Graphics2D probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB).createGraphics();
        int text = Math.max(probe.getFontMetrics(font(Font.BOLD, 15)).stringWidth(title),
                probe.getFontMetrics(font(Font.PLAIN, 12)).stringWidth(subtitle));
        probe.dispose();
        int width = Math.max(2 * MARGIN + (w + GAP) + panels.size() * cell, 2 * MARGIN + text);
        int height = TOP + PANEL_HEAD + h + FOOT;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = SheetStyle.begin(image, title);
        g.setFont(font(Font.PLAIN, 12));
        g.drawString(subtitle, MARGIN, 42);

        int y = TOP + PANEL_HEAD;
        int x = MARGIN;
        heading(g, "input", x, y);
        g.drawImage(gray(input, s), x, y, null);
        frame(g, x, y, w, h);
        caption(g, input.width() + "x" + input.height() + " gray, as the model sees it", x, y + h);
        x += w + GAP;
        for (Panel p : panels) {
            heading(g, p.heading(), x, y);
            g.drawImage(gray(input, s), x, y, null);
            g.drawImage(PanelRenderer.heat(clipped(p.map(), CLIP), s, opacity), x, y, null);
            frame(g, x, y, w, h);
            colourBar(g, x + w + 6, y, h);
            caption(g, p.caption(), x, y + h);
            x += cell;
        }
        g.dispose();
        return image;
    }

    private static void heading(Graphics2D g, String text, int x, int y) {
        g.setColor(INK);
        g.setFont(font(Font.BOLD, 12));
        g.drawString(text, x, y - 7);
    }

    private static void caption(Graphics2D g, String text, int x, int y) {
        g.setColor(INK);
        g.setFont(font(Font.PLAIN, 11));
        int line = 0;
        for (String part : text.split("\n")) {
            g.drawString(part, x, y + 16 + 14 * line++);
        }
    }

    private static void frame(Graphics2D g, int x, int y, int w, int h) {
        g.setColor(FRAME);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(x - 1, y - 1, w + 1, h + 1);
    }

    /** The heat scale, high at the top, labelled max / half / 0 (each map relative to its own maximum). */
    private static void colourBar(Graphics2D g, int x, int y, int h) {
        for (int i = 0; i < h; i++) {
            g.setColor(Colormap.HEAT.color(1 - i / (double) Math.max(1, h - 1)));
            g.fillRect(x, y + i, BAR, 1);
        }
        g.setColor(FRAME);
        g.drawRect(x, y, BAR, h);
        g.setFont(font(Font.PLAIN, 10));
        FontMetrics fm = g.getFontMetrics();
        String[] ticks = {"p99", "½", "0"};
        for (int k = 0; k < 3; k++) {
            int ty = y + h * k / 2;
            g.setColor(INK);
            g.drawString(ticks[k], x + BAR + 4, Math.min(y + h, Math.max(y + fm.getAscent(), ty + fm.getAscent() / 2)));
        }
    }

    private static BufferedImage gray(GrayImage in, int s) {
        BufferedImage out = new BufferedImage(in.width() * s, in.height() * s, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < in.height(); y++) {
            for (int x = 0; x < in.width(); x++) {
                int v = in.get(x, y);
                int rgb = 0xFF000000 | v << 16 | v << 8 | v;
                for (int dy = 0; dy < s; dy++) {
                    for (int dx = 0; dx < s; dx++) {
                        out.setRGB(x * s + dx, y * s + dy, rgb);
                    }
                }
            }
        }
        return out;
    }
}
