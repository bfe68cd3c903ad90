package dev.pawscope.host.train.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.util.ArrayList;
import java.util.List;

/**
 * One plot of per-epoch values: integer epoch ticks along x, a nice value axis along y, lines
 * that break where a value is missing (NaN or infinite), and a dashed marker at one epoch.
 */
final class CurvePanel {

    /** A named line; {@code values[i]} belongs to {@code epochs[i]}. */
    record Series(String name, Color colour, double[] values) {
    }

    /** Above this many epochs, per-point dots would merge into a thick smear. */
    private static final int MAX_DOTTED_POINTS = 40;
    /** Keeps the first and last points off the axis lines. */
    private static final int X_INSET = 8;

    static final Font HEADING = ChartStyle.font(Font.BOLD, 13f);
    static final Font TICK = ChartStyle.font(Font.PLAIN, 11f);
    private static final BasicStroke LINE = new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    static final BasicStroke DASHED = new BasicStroke(1.3f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {5f, 4f}, 0f);

    private final Rectangle plot;
    private final int[] epochs;
    private final NiceAxis y;
    private final double labelScale;
    private final String labelSuffix;

    /**
     * @param labelScale and {@code labelSuffix} turn a tick value into its label, e.g. 100 and "%"
     *                   for an accuracy held as a fraction
     */
    CurvePanel(Rectangle plot, int[] epochs, NiceAxis y, double labelScale, String labelSuffix) {
        this.plot = new Rectangle(plot);
        this.epochs = epochs.clone();
        this.y = y;
        this.labelScale = labelScale;
        this.labelSuffix = labelSuffix;
    }

    double x(double epoch) {
        int first = epochs[0];
        int last = epochs[epochs.length - 1];
        double left = plot.x + X_INSET;
        double width = plot.width - 2.0 * X_INSET;
        return first == last ? left + width / 2 : left + width * (epoch - first) / (last - first);
    }

    double y(double value) {
        return plot.y + plot.height * (1 - y.fraction(value));
    }

    void draw(Graphics2D g, String heading, List<Series> series, int markedEpoch, String markLabel) {
        drawGridAndYTicks(g);
        drawXTicks(g);
        drawMarker(g, markedEpoch, markLabel, series);
        for (Series s : series) {
            drawSeries(g, s);
        }
        g.setFont(HEADING);
        g.setColor(ChartStyle.INK);
        g.drawString(heading, plot.x, plot.y - 12);
    }

    /** Integer epochs on a 1/2/5 step, plus the first epoch when the first tick is far from it. */
    int[] xTicks() {
        int first = epochs[0];
        int last = epochs[epochs.length - 1];
        if (first == last) {
            return new int[] {first};
        }
        int labelWidth = ChartStyle.metrics(TICK).stringWidth(Integer.toString(last)) + 24;
        int maxTicks = Math.max(2, Math.min(8, plot.width / labelWidth));
        int step = (int) Math.max(1, Math.round(NiceAxis.niceStep(last - first, maxTicks)));
        List<Integer> ticks = new ArrayList<>();
        int firstMultiple = Math.floorDiv(first + step - 1, step) * step;
        if (firstMultiple - first > step / 2.0) {
            ticks.add(first);
        }
        for (int t = firstMultiple; t <= last; t += step) {
            ticks.add(t);
        }
        return ticks.stream().mapToInt(Integer::intValue).toArray();
    }

    private void drawGridAndYTicks(Graphics2D g) {
        FontMetrics fm = ChartStyle.metrics(TICK);
        g.setFont(TICK);
        g.setStroke(ChartStyle.HAIRLINE);
        for (double v : y.ticks()) {
            int py = (int) Math.round(y(v));
            g.setColor(ChartStyle.GRID);
            g.drawLine(plot.x, py, plot.x + plot.width, py);
            String label = y.label(v, labelScale, labelSuffix);
            g.setColor(ChartStyle.MUTED);
            g.drawString(label, plot.x - 8 - fm.stringWidth(label), py + (fm.getAscent() - fm.getDescent()) / 2f);
        }
        g.setColor(ChartStyle.AXIS);
        g.drawLine(plot.x, plot.y, plot.x, plot.y + plot.height);
        g.drawLine(plot.x, plot.y + plot.height, plot.x + plot.width, plot.y + plot.height);
    }

    private void drawXTicks(Graphics2D g) {
        FontMetrics fm = ChartStyle.metrics(TICK);
        g.setFont(TICK);
        int bottom = plot.y + plot.height;
        for (int t : xTicks()) {
            int px = (int) Math.round(x(t));
            g.setColor(ChartStyle.AXIS);
            g.drawLine(px, bottom, px, bottom + 4);
            String label = Integer.toString(t);
            g.setColor(ChartStyle.MUTED);
            g.drawString(label, px - fm.stringWidth(label) / 2f, bottom + 6 + fm.getAscent());
        }
        String axis = "epoch";
        g.drawString(axis, plot.x + (plot.width - fm.stringWidth(axis)) / 2f, bottom + 8 + fm.getHeight() + fm.getAscent());
    }

    private void drawMarker(Graphics2D g, int epoch, String label, List<Series> series) {
        double px = x(epoch);
        g.setColor(ChartStyle.MARKER);
        g.setStroke(DASHED);
        g.draw(new Line2D.Double(px, plot.y, px, plot.y + plot.height));

        // The label goes to whichever end of the marker the curves leave free at that epoch.
        FontMetrics fm = ChartStyle.metrics(TICK);
        int index = indexOf(epoch);
        double nearestToTop = plot.height;
        for (Series s : series) {
            double v = s.values()[index];
            if (Double.isFinite(v)) {
                nearestToTop = Math.min(nearestToTop, y(v) - plot.y);
            }
        }
        int labelHeight = fm.getAscent() + 6;
        int baseline = nearestToTop > labelHeight + 8
                ? plot.y + 4 + fm.getAscent()
                : plot.y + plot.height - 6;
        int width = fm.stringWidth(label);
        double lx = px + 5 + width <= plot.x + plot.width ? px + 5 : px - 5 - width;
        g.setFont(TICK);
        g.setColor(ChartStyle.MARKER);
        g.drawString(label, (float) lx, baseline);
    }

    private void drawSeries(Graphics2D g, Series s) {
        double[] v = s.values();
        Path2D.Double path = new Path2D.Double();
        boolean penDown = false;
        List<Integer> dots = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                penDown = false;
                continue;
            }
            boolean isolated = (i == 0 || !Double.isFinite(v[i - 1])) && (i == v.length - 1 || !Double.isFinite(v[i + 1]));
            if (isolated || epochs.length <= MAX_DOTTED_POINTS) {
                dots.add(i);
            }
            if (penDown) {
                path.lineTo(x(epochs[i]), y(v[i]));
            } else {
                path.moveTo(x(epochs[i]), y(v[i]));
                penDown = true;
            }
        }
        g.setColor(s.colour());
        g.setStroke(LINE);
        g.draw(path);
        double r = epochs.length <= MAX_DOTTED_POINTS ? 3 : 3.5;
        for (int i : dots) {
            g.fill(new Ellipse2D.Double(x(epochs[i]) - r, y(v[i]) - r, 2 * r, 2 * r));
        }
    }

    private int indexOf(int epoch) {
        for (int i = 0; i < epochs.length; i++) {
            if (epochs[i] == epoch) {
                return i;
            }
        }
        throw new IllegalArgumentException("expected an epoch of this panel, found " + epoch);
    }
}
