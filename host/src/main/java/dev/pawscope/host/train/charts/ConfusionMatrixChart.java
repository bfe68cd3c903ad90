package dev.pawscope.host.train.charts;

import dev.pawscope.host.train.ConfusionMatrix;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A confusion matrix as a heat map: rows are the truth, columns the prediction, each cell shaded
 * by its share of the row (so a rare class's errors are as visible as a common class's), with
 * recall down the right margin and precision along the bottom.
 */
public final class ConfusionMatrixChart {

    private static final int PAD = 20;
    private static final int GAP = 6;
    private static final int LABEL_GAP = 8;
    private static final int MAX_LABEL_CHARS = 18;

    private static final Font TITLE = ChartStyle.font(Font.BOLD, 16f);
    private static final Font SUBTITLE = ChartStyle.font(Font.PLAIN, 12f);
    private static final Font AXIS_TITLE = ChartStyle.font(Font.BOLD, 12f);
    private static final Font LABEL = ChartStyle.font(Font.PLAIN, 13f);
    private static final Font MARGIN = ChartStyle.font(Font.PLAIN, 12f);
    private static final Font MARGIN_HEADER = ChartStyle.font(Font.ITALIC, 12f);

    /** Sequential blues from near-white to deep blue (ColorBrewer "Blues"), evenly spaced. */
    private static final Color[] RAMP = {
        new Color(0xF7FBFF), new Color(0xC6DBEF), new Color(0x6BAED6), new Color(0x2171B5), new Color(0x08306B),
    };
    private static final Color CELL_LINE = new Color(0xDADDE2);
    private static final Color ZERO_TEXT = new Color(0xB4B4B4);

    private ConfusionMatrixChart() {
    }

    public static BufferedImage render(ConfusionMatrix cm, String title) {
        Objects.requireNonNull(cm, "cm");
        Objects.requireNonNull(title, "title");
        requireDrawable(cm);
        Layout layout = Layout.of(cm, title);
        BufferedImage image = new BufferedImage(layout.width(), layout.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = ChartStyle.canvas(image);
        try {
            drawTitle(g, cm, title);
            drawAxes(g, cm, layout);
            drawCells(g, cm, layout);
            drawMargins(g, cm, layout);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** The fill for a cell holding {@code share} of its row; exactly white for an empty cell. */
    static Color shade(double share) {
        if (!(share > 0)) {
            return Color.WHITE;
        }
        // A power below 1 lifts small shares off white: a 5% confusion is what the reader hunts for.
        double t = Math.pow(Math.min(1, share), 0.6) * (RAMP.length - 1);
        int i = Math.min((int) t, RAMP.length - 2);
        double f = t - i;
        Color a = RAMP[i];
        Color b = RAMP[i + 1];
        return new Color(
                (int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }

    /** Where things go; package-private so tests can sample a cell's pixels. */
    record Layout(int n, int cell, int gridX, int gridY, int marginWidth, int marginHeight, boolean rotatedColumns,
                  int width, int height) {

        static Layout of(ConfusionMatrix cm, String title) {
            int n = cm.labels().size();
            // ~360 px of matrix whatever the label count, but never cells too small for two lines of text.
            int cell = clamp((int) Math.round(360.0 / n), 52, 120);
            FontMetrics label = ChartStyle.metrics(LABEL);
            int widest = 0;
            for (String s : cm.labels()) {
                widest = Math.max(widest, label.stringWidth(shorten(s)));
            }
            boolean rotated = widest > cell - 2 * LABEL_GAP;
            int columnLabelHeight = rotated ? widest : label.getAscent();

            FontMetrics margin = ChartStyle.metrics(MARGIN_HEADER);
            int marginWidth = Math.max(56, margin.stringWidth("recall") + 16);
            int marginHeight = 30;
            int rowLabelWidth = Math.max(widest, margin.stringWidth("precision"));

            int gridX = PAD + ChartStyle.metrics(AXIS_TITLE).getHeight() + LABEL_GAP + rowLabelWidth + LABEL_GAP + 2;
            int gridY = PAD + headerHeight() + 14 + ChartStyle.metrics(AXIS_TITLE).getHeight() + 6
                    + columnLabelHeight + LABEL_GAP;
            int width = gridX + n * cell + GAP + marginWidth + PAD;
            width = Math.max(width, PAD + ChartStyle.metrics(TITLE).stringWidth(title) + PAD);
            width = Math.max(width, PAD + ChartStyle.metrics(SUBTITLE).stringWidth(subtitle(cm)) + PAD);
            int height = gridY + n * cell + GAP + marginHeight + PAD;
            return new Layout(n, cell, gridX, gridY, marginWidth, marginHeight, rotated, width, height);
        }

        Rectangle cell(int truth, int predicted) {
            return new Rectangle(gridX + predicted * cell, gridY + truth * cell, cell, cell);
        }

        Rectangle recall(int truth) {
            return new Rectangle(gridX + n * cell + GAP, gridY + truth * cell, marginWidth, cell);
        }

        Rectangle precision(int predicted) {
            return new Rectangle(gridX + predicted * cell, gridY + n * cell + GAP, cell, marginHeight);
        }
    }

    private static void requireDrawable(ConfusionMatrix cm) {
        if (cm.labels().isEmpty()) {
            throw new IllegalArgumentException("expected at least 1 label, found 0");
        }
        for (int t = 0; t < cm.labels().size(); t++) {
            for (int p = 0; p < cm.labels().size(); p++) {
                if (cm.count(t, p) < 0) {
                    throw new IllegalArgumentException("expected non-negative counts, found " + cm.count(t, p)
                            + " at [" + t + "][" + p + "] (true " + cm.labels().get(t) + ", predicted "
                            + cm.labels().get(p) + ")");
                }
            }
        }
    }

    private static int headerHeight() {
        return ChartStyle.metrics(TITLE).getHeight() + 4 + ChartStyle.metrics(SUBTITLE).getHeight();
    }

    private static String subtitle(ConfusionMatrix cm) {
        String accuracy = cm.total() == 0 ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * cm.accuracy());
        return "accuracy " + accuracy + "  ·  N = " + cm.total() + "  ·  cell % = share of its true row";
    }

    private static void drawTitle(Graphics2D g, ConfusionMatrix cm, String title) {
        FontMetrics tm = ChartStyle.metrics(TITLE);
        g.setFont(TITLE);
        g.setColor(ChartStyle.INK);
        g.drawString(title, PAD, PAD + tm.getAscent());
        g.setFont(SUBTITLE);
        g.setColor(ChartStyle.MUTED);
        g.drawString(subtitle(cm), PAD, PAD + tm.getHeight() + 4 + ChartStyle.metrics(SUBTITLE).getAscent());
    }

    private static void drawAxes(Graphics2D g, ConfusionMatrix cm, Layout l) {
        List<String> labels = cm.labels();
        int gridSize = l.n() * l.cell();
        FontMetrics axis = ChartStyle.metrics(AXIS_TITLE);
        g.setFont(AXIS_TITLE);
        g.setColor(ChartStyle.MUTED);
        int predictedY = PAD + headerHeight() + 14 + axis.getAscent();
        centre(g, "predicted →", l.gridX() + gridSize / 2, predictedY);
        // "true" reads bottom-to-top along the row labels, as on most published matrices.
        drawRotated(g, "← true", PAD + axis.getAscent(), l.gridY() + gridSize / 2 + axis.stringWidth("← true") / 2);

        FontMetrics fm = ChartStyle.metrics(LABEL);
        g.setFont(LABEL);
        g.setColor(ChartStyle.INK);
        int columnBaseline = l.gridY() - LABEL_GAP;
        for (int i = 0; i < labels.size(); i++) {
            String s = shorten(labels.get(i));
            Rectangle c = l.cell(0, i);
            if (l.rotatedColumns()) {
                // Baseline vertical, text rising from just above the grid, centred on the column.
                drawRotated(g, s, c.x + c.width / 2 + (fm.getAscent() - fm.getDescent()) / 2, columnBaseline);
            } else {
                centre(g, s, c.x + c.width / 2, columnBaseline);
            }
            Rectangle r = l.cell(i, 0);
            g.drawString(s, l.gridX() - LABEL_GAP - fm.stringWidth(s), middleBaseline(fm, r));
        }
        g.setFont(MARGIN_HEADER);
        g.setColor(ChartStyle.MUTED);
        Rectangle recall = l.recall(0);
        centre(g, "recall", recall.x + recall.width / 2, columnBaseline);
        FontMetrics mh = ChartStyle.metrics(MARGIN_HEADER);
        Rectangle precision = l.precision(0);
        g.drawString("precision", l.gridX() - LABEL_GAP - mh.stringWidth("precision"), middleBaseline(mh, precision));
    }

    private static void drawCells(Graphics2D g, ConfusionMatrix cm, Layout l) {
        int n = l.n();
        for (int t = 0; t < n; t++) {
            int support = cm.support(t);
            for (int p = 0; p < n; p++) {
                int count = cm.count(t, p);
                double share = support == 0 ? 0 : (double) count / support;
                Rectangle c = l.cell(t, p);
                Color fill = shade(share);
                g.setColor(fill);
                g.fillRect(c.x, c.y, c.width, c.height);
                drawCellText(g, c, count, share, fill);
            }
        }
        g.setStroke(ChartStyle.HAIRLINE);
        g.setColor(CELL_LINE);
        int size = n * l.cell();
        for (int i = 0; i <= n; i++) {
            int at = i * l.cell();
            g.drawLine(l.gridX() + at, l.gridY(), l.gridX() + at, l.gridY() + size);
            g.drawLine(l.gridX(), l.gridY() + at, l.gridX() + size, l.gridY() + at);
        }
    }

    private static void drawCellText(Graphics2D g, Rectangle c, int count, double share, Color fill) {
        boolean dark = ChartStyle.luminance(fill) < 0.36;
        String countText = Integer.toString(count);
        Font countFont = fit(ChartStyle.font(Font.BOLD, clamp(c.width * 0.2f, 12f, 20f)), countText, c.width - 8);
        FontMetrics cf = ChartStyle.metrics(countFont);
        if (count == 0) {
            // An empty cell is background, not data: one quiet zero, no percentage.
            g.setFont(countFont);
            g.setColor(ZERO_TEXT);
            centre(g, countText, c.x + c.width / 2, middleBaseline(cf, c));
            return;
        }
        Font shareFont = ChartStyle.font(Font.PLAIN, clamp(c.width * 0.135f, 10f, 14f));
        FontMetrics sf = ChartStyle.metrics(shareFont);
        int lineGap = 3;
        int block = cf.getAscent() + lineGap + sf.getAscent();
        int top = c.y + (c.height - block) / 2;
        g.setFont(countFont);
        g.setColor(dark ? Color.WHITE : ChartStyle.INK);
        centre(g, countText, c.x + c.width / 2, top + cf.getAscent());
        g.setFont(shareFont);
        g.setColor(dark ? new Color(0xDCE6F2) : new Color(0x4A4A4A));
        centre(g, percent(share), c.x + c.width / 2, top + block);
    }

    private static void drawMargins(Graphics2D g, ConfusionMatrix cm, Layout l) {
        g.setFont(MARGIN);
        FontMetrics fm = ChartStyle.metrics(MARGIN);
        for (int i = 0; i < l.n(); i++) {
            boolean anyTrue = cm.support(i) > 0;
            boolean anyPredicted = false;
            for (int t = 0; t < l.n(); t++) {
                anyPredicted |= cm.count(t, i) > 0;
            }
            // The record reports 0 for an undefined ratio; a dash says "no samples" rather than "all wrong".
            marginCell(g, fm, l.recall(i), anyTrue ? percent(cm.recall(i)) : "–");
            marginCell(g, fm, l.precision(i), anyPredicted ? percent(cm.precision(i)) : "–");
        }
    }

    private static void marginCell(Graphics2D g, FontMetrics fm, Rectangle r, String text) {
        g.setColor(ChartStyle.PANEL);
        g.fillRect(r.x + 1, r.y + 1, r.width - 2, r.height - 2);
        g.setColor(ChartStyle.INK);
        centre(g, text, r.x + r.width / 2, middleBaseline(fm, r));
    }

    /** Whole percentages, but never rounding a non-zero share to 0% or an imperfect one to 100%. */
    static String percent(double share) {
        if (share <= 0) {
            return "0%";
        }
        if (share >= 1) {
            return "100%";
        }
        if (share < 0.01) {
            return "<1%";
        }
        return Math.min(99, Math.round(share * 100)) + "%";
    }

    private static String shorten(String label) {
        return label.length() <= MAX_LABEL_CHARS ? label : label.substring(0, MAX_LABEL_CHARS - 1) + "…";
    }

    private static Font fit(Font font, String text, int width) {
        Font f = font;
        while (f.getSize2D() > 8f && ChartStyle.metrics(f).stringWidth(text) > width) {
            f = f.deriveFont(f.getSize2D() - 1f);
        }
        return f;
    }

    private static int middleBaseline(FontMetrics fm, Rectangle r) {
        return r.y + (r.height + fm.getAscent() - fm.getDescent()) / 2;
    }

    private static void centre(Graphics2D g, String s, int cx, int baseline) {
        g.drawString(s, cx - g.getFontMetrics().stringWidth(s) / 2f, baseline);
    }

    /** Draws {@code s} reading upwards, its baseline starting at (x, y). */
    private static void drawRotated(Graphics2D g, String s, int x, int y) {
        AffineTransform saved = g.getTransform();
        g.translate(x, y);
        g.rotate(-Math.PI / 2);
        g.drawString(s, 0, 0);
        g.setTransform(saved);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static float clamp(float v, float lo, float hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
