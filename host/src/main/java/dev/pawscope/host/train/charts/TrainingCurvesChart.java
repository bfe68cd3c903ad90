package dev.pawscope.host.train.charts;

import dev.pawscope.host.train.EpochStats;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Loss and accuracy per epoch, training in blue and validation in orange, side by side, with the
 * epoch whose weights were kept marked in both.
 */
public final class TrainingCurvesChart {

    static final int WIDTH = 900;
    static final int HEIGHT = 380;
    static final Color TRAIN = ChartStyle.BLUE;
    static final Color VAL = ChartStyle.ORANGE;

    private static final int PAD = 20;
    private static final int PLOT_TOP = 100;
    private static final int PLOT_LEFT = 64;
    private static final int PLOT_RIGHT = 22;
    private static final int PLOT_BOTTOM = 48;

    private static final Font TITLE = ChartStyle.font(Font.BOLD, 16f);
    private static final Font SUBTITLE = ChartStyle.font(Font.PLAIN, 12f);
    private static final Font LEGEND = ChartStyle.font(Font.PLAIN, 12f);

    private TrainingCurvesChart() {
    }

    public static BufferedImage render(List<EpochStats> history, int bestEpoch, String title) {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(title, "title");
        int[] epochs = epochsOf(history);
        int best = indexOf(epochs, bestEpoch);

        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = ChartStyle.canvas(image);
        try {
            drawHeader(g, history.get(best), title);
            double[] trainLoss = values(history, EpochStats::trainLoss);
            double[] valLoss = values(history, EpochStats::valLoss);
            double[] trainAcc = values(history, EpochStats::trainAccuracy);
            double[] valAcc = values(history, EpochStats::valAccuracy);

            CurvePanel loss = new CurvePanel(plotArea(0), epochs, lossAxis(trainLoss, valLoss), 1, "");
            loss.draw(g, "loss", List.of(
                    new CurvePanel.Series("train", TRAIN, trainLoss),
                    new CurvePanel.Series("validation", VAL, valLoss)), bestEpoch, "best");
            ring(g, loss, bestEpoch, valLoss[best]);

            CurvePanel accuracy = new CurvePanel(plotArea(1), epochs, accuracyAxis(trainAcc, valAcc), 100, "%");
            accuracy.draw(g, "accuracy", List.of(
                    new CurvePanel.Series("train", TRAIN, trainAcc),
                    new CurvePanel.Series("validation", VAL, valAcc)), bestEpoch, "best");
            ring(g, accuracy, bestEpoch, valAcc[best]);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** The plotting rectangle of panel 0 (loss) or 1 (accuracy), inside the axes. */
    static Rectangle plotArea(int panel) {
        int panelWidth = WIDTH / 2;
        int x = panel * panelWidth + PLOT_LEFT;
        return new Rectangle(x, PLOT_TOP, panelWidth - PLOT_LEFT - PLOT_RIGHT, HEIGHT - PLOT_TOP - PLOT_BOTTOM);
    }

    /**
     * Loss from zero, so the eye reads the drop as a proportion of where training started; a
     * little headroom keeps the first point off the top edge.
     */
    static NiceAxis lossAxis(double[] train, double[] val) {
        double[] range = finiteRange(train, val);
        if (range == null) {
            return new NiceAxis(0, 1, 0.2);
        }
        return NiceAxis.covering(Math.min(0, range[0]), range[1] + 0.04 * Math.abs(range[1]), 5);
    }

    /**
     * Up to 100%, the ceiling every reader measures against, and down to just below the data when
     * it all sits high (the usual case once a model learns anything), otherwise down to 0%.
     */
    static NiceAxis accuracyAxis(double[] train, double[] val) {
        double[] range = finiteRange(train, val);
        if (range == null) {
            return new NiceAxis(0, 1, 0.2);
        }
        double top = Math.max(1, range[1]);
        NiceAxis zoomed = NiceAxis.covering(range[0] - 0.02, top, 5);
        if (zoomed.lo() < 0.4) {
            return NiceAxis.covering(Math.min(0, range[0]), top, 5);
        }
        return zoomed;
    }

    private static int[] epochsOf(List<EpochStats> history) {
        if (history.isEmpty()) {
            throw new IllegalArgumentException("expected at least 1 epoch in the history, found 0");
        }
        int[] epochs = new int[history.size()];
        for (int i = 0; i < epochs.length; i++) {
            EpochStats e = Objects.requireNonNull(history.get(i), "history[" + i + "]");
            epochs[i] = e.epoch();
            if (i > 0 && epochs[i] <= epochs[i - 1]) {
                throw new IllegalArgumentException("expected epochs in increasing order, found epoch " + epochs[i]
                        + " after epoch " + epochs[i - 1] + " at index " + i);
            }
        }
        return epochs;
    }

    private static int indexOf(int[] epochs, int bestEpoch) {
        for (int i = 0; i < epochs.length; i++) {
            if (epochs[i] == bestEpoch) {
                return i;
            }
        }
        throw new IllegalArgumentException("expected bestEpoch to be one of the history's epochs (" + epochs[0]
                + ".." + epochs[epochs.length - 1] + "), found " + bestEpoch);
    }

    private static double[] values(List<EpochStats> history, ToDoubleFunction<EpochStats> field) {
        return history.stream().mapToDouble(field).toArray();
    }

    /** {min, max} over the finite values of both arrays, or null when there are none. */
    private static double[] finiteRange(double[] a, double[] b) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] values : new double[][] {a, b}) {
            for (double v : values) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        return min <= max ? new double[] {min, max} : null;
    }

    private static void drawHeader(Graphics2D g, EpochStats best, String title) {
        FontMetrics tm = ChartStyle.metrics(TITLE);
        g.setFont(TITLE);
        g.setColor(ChartStyle.INK);
        g.drawString(title, PAD, PAD + tm.getAscent());

        StringBuilder summary = new StringBuilder("best epoch " + best.epoch());
        if (Double.isFinite(best.valLoss())) {
            summary.append("  ·  val loss ").append(String.format(Locale.ROOT, "%.3g", best.valLoss()));
        }
        if (Double.isFinite(best.valAccuracy())) {
            summary.append("  ·  val accuracy ")
                    .append(String.format(Locale.ROOT, "%.1f%%", 100 * best.valAccuracy()));
        }
        g.setFont(SUBTITLE);
        g.setColor(ChartStyle.MUTED);
        g.drawString(summary.toString(), PAD, PAD + tm.getHeight() + 4 + ChartStyle.metrics(SUBTITLE).getAscent());

        drawLegend(g, PAD + tm.getAscent());
    }

    /** Right-aligned in the header, so it never sits on a curve. */
    private static void drawLegend(Graphics2D g, int baseline) {
        FontMetrics fm = ChartStyle.metrics(LEGEND);
        String[] names = {"train", "validation", "best epoch"};
        int swatch = 22;
        int spacing = 18;
        int total = 0;
        for (String n : names) {
            total += swatch + 6 + fm.stringWidth(n);
        }
        total += spacing * (names.length - 1);
        int x = WIDTH - PAD - total;
        double midY = baseline - (fm.getAscent() - fm.getDescent()) / 2.0;
        g.setFont(LEGEND);
        for (int i = 0; i < names.length; i++) {
            if (i < 2) {
                g.setColor(i == 0 ? TRAIN : VAL);
                g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(new Line2D.Double(x, midY, x + swatch, midY));
                g.fill(new Ellipse2D.Double(x + swatch / 2.0 - 3, midY - 3, 6, 6));
            } else {
                g.setColor(ChartStyle.MARKER);
                g.setStroke(CurvePanel.DASHED);
                g.draw(new Line2D.Double(x + swatch / 2.0, midY - 7, x + swatch / 2.0, midY + 7));
            }
            g.setColor(ChartStyle.INK);
            g.drawString(names[i], x + swatch + 6, baseline);
            x += swatch + 6 + fm.stringWidth(names[i]) + spacing;
        }
    }

    /** Circles the validation value at the kept epoch: the number the model folder reports. */
    private static void ring(Graphics2D g, CurvePanel panel, int epoch, double value) {
        if (!Double.isFinite(value)) {
            return;
        }
        double r = 6.5;
        g.setColor(VAL);
        g.setStroke(new BasicStroke(1.6f));
        g.draw(new Ellipse2D.Double(panel.x(epoch) - r, panel.y(value) - r, 2 * r, 2 * r));
    }
}
