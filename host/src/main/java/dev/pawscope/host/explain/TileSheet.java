package dev.pawscope.host.explain;

import static dev.pawscope.host.explain.SheetStyle.FRAME;
import static dev.pawscope.host.explain.SheetStyle.INK;
import static dev.pawscope.host.explain.SheetStyle.MARGIN;
import static dev.pawscope.host.explain.SheetStyle.MUTED;
import static dev.pawscope.host.explain.SheetStyle.font;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleToIntFunction;

/**
 * A PNG sheet of small labelled images in a grid: filters, feature maps, maximised inputs. Each
 * tile is a value grid drawn with a palette over its own [lo, hi] range (pixels upscaled without
 * smoothing, so each value stays a visible square), one or more label lines above it, optionally
 * its values printed in the squares and a small curve under it. An optional colour bar at the
 * right says what the colours mean. Pure Java2D, headless.
 */
public final class TileSheet {

    /** Black to white. */
    public static final DoubleToIntFunction GRAY = t -> {
        int v = (int) Math.round(255 * Math.max(0, Math.min(1, Double.isNaN(t) ? 0 : t)));
        return v << 16 | v << 8 | v;
    };

    /**
     * One tile.
     *
     * @param curve values to draw as a line under the tile (e.g. an objective per step), or null
     */
    public record Tile(float[] values, int width, int height, double lo, double hi, DoubleToIntFunction palette,
            List<String> label, double[] curve) {

        public Tile {
            if (values.length != width * height) {
                throw new IllegalArgumentException("expected " + width + "x" + height + " values, found "
                        + values.length);
            }
            values = values.clone();
            label = List.copyOf(label);
            curve = curve == null ? null : curve.clone();
        }

        /** The colour of the value at (x, y): its place in [lo, hi] through the palette. */
        int rgb(int x, int y) {
            double span = hi - lo;
            double t = span > 0 ? (values[y * width + x] - lo) / span : 0.5;
            return palette.applyAsInt(t);
        }
    }

    /** The colour bar: the palette from {@code lo} (bottom) to {@code hi} (top), with a caption above. */
    public record Bar(DoubleToIntFunction palette, double lo, double hi, String caption) {}

    static final int HEADER = 58;
    static final int GAP = 14;
    static final int LINE = 14;
    static final int CURVE = 30;
    static final int BAR_WIDTH = 14;

    private TileSheet() {}

    /**
     * The sheet: title and subtitle (lines split at newlines), the tiles {@code columns} to a row,
     * each scaled by a whole factor to about {@code side} pixels on its longer side.
     *
     * @param printValues write each value in its square when the squares are big enough to read
     */
    public static BufferedImage render(String title, String subtitle, List<Tile> tiles, int columns, int side,
            boolean printValues, Bar bar) {
        if (tiles.isEmpty() || columns < 1) {
            throw new IllegalArgumentException("expected some tiles and columns >= 1, found " + tiles.size()
                    + " tiles and " + columns + " columns");
        }
        int cols = Math.min(columns, tiles.size());
        int rows = (tiles.size() + cols - 1) / cols;
        Graphics2D probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB).createGraphics();
        FontMetrics small = probe.getFontMetrics(font(Font.PLAIN, 11));
        int labelWidth = 0;
        int lines = 0;
        int tileW = 0;
        int tileH = 0;
        boolean curves = false;
        for (Tile t : tiles) {
            int s = scale(t, side);
            tileW = Math.max(tileW, t.width() * s);
            tileH = Math.max(tileH, t.height() * s);
            lines = Math.max(lines, t.label().size());
            for (String l : t.label()) {
                labelWidth = Math.max(labelWidth, small.stringWidth(l));
            }
            curves |= t.curve() != null;
        }
        String[] subtitleLines = subtitle.split("\n");
        int textWidth = probe.getFontMetrics(font(Font.BOLD, 15)).stringWidth(title);
        for (String line : subtitleLines) {
            textWidth = Math.max(textWidth, small.stringWidth(line));
        }
        int header = HEADER + LINE * (subtitleLines.length - 1);
        int captionWidth = bar == null ? 0 : probe.getFontMetrics(font(Font.PLAIN, 10)).stringWidth(bar.caption());
        probe.dispose();
        int cellW = Math.max(tileW, labelWidth + 4);
        int cellH = LINE * lines + 4 + tileH + (curves ? CURVE + 6 : 0);
        int gridW = cols * cellW + (cols - 1) * GAP;
        int gridH = rows * cellH + (rows - 1) * GAP;
        int barSpace = bar == null ? 0 : GAP + Math.max(BAR_WIDTH + 60, captionWidth + 4);
        int width = Math.max(2 * MARGIN + gridW + barSpace, 2 * MARGIN + textWidth);
        int height = header + gridH + MARGIN;

        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = SheetStyle.begin(image, title);
        g.setFont(font(Font.PLAIN, 11));
        for (int l = 0; l < subtitleLines.length; l++) {
            g.drawString(subtitleLines[l], MARGIN, 42 + LINE * l);
        }

        for (int i = 0; i < tiles.size(); i++) {
            Tile t = tiles.get(i);
            int x = MARGIN + (i % cols) * (cellW + GAP);
            int y = header + (i / cols) * (cellH + GAP);
            g.setFont(font(Font.PLAIN, 11));
            for (int l = 0; l < t.label().size(); l++) {
                g.setColor(l == 0 ? INK : MUTED);
                g.drawString(t.label().get(l), x, y + 11 + LINE * l);
            }
            int ty = y + LINE * lines + 4;
            int s = scale(t, side);
            drawTile(g, image, t, x, ty, s, printValues);
            if (t.curve() != null) {
                curve(g, t.curve(), x, ty + tileH + 6, t.width() * s, CURVE);
            }
        }
        if (bar != null) {
            int bx = MARGIN + gridW + GAP;
            int by = header + LINE * lines + 4;
            colourBar(g, bar, bx, by, Math.min(Math.max(tileH, 120), gridH - LINE * lines - 4));
        }
        g.dispose();
        return image;
    }

    private static void drawTile(Graphics2D g, BufferedImage image, Tile t, int x0, int y0, int s,
            boolean printValues) {
        for (int y = 0; y < t.height(); y++) {
            for (int x = 0; x < t.width(); x++) {
                int rgb = 0xFF000000 | t.rgb(x, y);
                for (int dy = 0; dy < s; dy++) {
                    for (int dx = 0; dx < s; dx++) {
                        image.setRGB(x0 + x * s + dx, y0 + y * s + dy, rgb);
                    }
                }
            }
        }
        if (printValues && s >= 30) {
            g.setFont(font(Font.PLAIN, s >= 40 ? 11 : 9));
            FontMetrics fm = g.getFontMetrics();
            for (int y = 0; y < t.height(); y++) {
                for (int x = 0; x < t.width(); x++) {
                    String text = String.format(Locale.ROOT, "%.2f", t.values()[y * t.width() + x]);
                    int rgb = t.rgb(x, y);
                    double luma = 0.299 * (rgb >> 16 & 0xFF) + 0.587 * (rgb >> 8 & 0xFF) + 0.114 * (rgb & 0xFF);
                    g.setColor(luma > 140 ? INK : Color.WHITE);
                    g.drawString(text, x0 + x * s + (s - fm.stringWidth(text)) / 2,
                            y0 + y * s + (s + fm.getAscent()) / 2 - 2);
                }
            }
        }
        g.setColor(FRAME);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(x0 - 1, y0 - 1, t.width() * s + 1, t.height() * s + 1);
    }

    /** A sparkline of {@code v} in a w x h box, its first and last values written at its ends. */
    private static void curve(Graphics2D g, double[] v, int x, int y, int w, int h) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            lo = Math.min(lo, d);
            hi = Math.max(hi, d);
        }
        double span = hi > lo ? hi - lo : 1;
        g.setColor(new Color(0xEEEEEE));
        g.fillRect(x, y, w, h);
        Path2D.Double path = new Path2D.Double();
        for (int i = 0; i < v.length; i++) {
            double px = x + (v.length == 1 ? 0 : i * (w - 1.0) / (v.length - 1));
            double py = y + h - 2 - (v[i] - lo) / span * (h - 4);
            if (i == 0) {
                path.moveTo(px, py);
            } else {
                path.lineTo(px, py);
            }
        }
        g.setColor(new Color(0x0072B2));
        g.setStroke(new BasicStroke(1.3f));
        g.draw(path);
    }

    private static void colourBar(Graphics2D g, Bar bar, int x, int y, int h) {
        for (int i = 0; i < h; i++) {
            g.setColor(new Color(bar.palette().applyAsInt(1 - i / (double) Math.max(1, h - 1))));
            g.fillRect(x, y + i, BAR_WIDTH, 1);
        }
        g.setColor(FRAME);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(x, y, BAR_WIDTH, h);
        g.setFont(font(Font.PLAIN, 10));
        FontMetrics fm = g.getFontMetrics();
        double[] values = {bar.hi(), (bar.lo() + bar.hi()) / 2, bar.lo()};
        for (int k = 0; k < 3; k++) {
            int ty = y + h * k / 2;
            g.setColor(FRAME);
            g.drawLine(x + BAR_WIDTH, ty, x + BAR_WIDTH + 3, ty);
            g.setColor(INK);
            g.drawString(number(values[k]), x + BAR_WIDTH + 5, ty + fm.getAscent() / 2 - 1);
        }
        g.setColor(MUTED);
        g.drawString(bar.caption(), x, y - 4);
    }

    /** The whole upscaling factor that brings the tile's longer side to about {@code side}. */
    static int scale(Tile t, int side) {
        return Math.max(1, (int) Math.round(side / (double) Math.max(t.width(), t.height())));
    }

    /** Three significant digits, plain zero. */
    public static String number(double v) {
        return v == 0 ? "0" : String.format(Locale.ROOT, "%.3g", v);
    }
}
