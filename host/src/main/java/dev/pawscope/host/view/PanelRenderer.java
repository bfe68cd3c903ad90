package dev.pawscope.host.view;

import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.host.explain.Saliency;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws the viewer's panels with Java2D, headless: the window shows these same images, and
 * {@code pawscope view --headless} writes them as PNGs. Every method is pure (analysis in, image
 * out) and safe off the JavaFX thread.
 *
 * <p>Scales: the device's and the float twin's maps share one colour scale (so equal values look
 * equal across both grids), the difference grid a symmetric one around zero, the saliency map its
 * own maximum; each grid has its colour bar.
 */
public final class PanelRenderer {

    /** Display size of the longer side of the input and saliency images. */
    static final int IMAGE_SIDE = 288;
    /** Display size of the longer side of one feature-map tile. */
    static final int TILE_SIDE = 96;
    static final int GAP = 8;
    static final int BAR_WIDTH = 14;
    /** Default saliency overlay opacity for the PNGs. */
    public static final double DEFAULT_OPACITY = 0.7;

    private PanelRenderer() {}

    // ------------------------------------------------------------------ panels

    public static BufferedImage input(FrameAnalysis a) {
        int s = scale(a.input().width(), a.input().height(), IMAGE_SIDE);
        BufferedImage image = blank(a.input().width() * s + 2 * PanelStyle.MARGIN,
                a.input().height() * s + PanelStyle.HEADER + PanelStyle.MARGIN);
        Graphics2D g = PanelStyle.canvas(image);
        PanelStyle.header(g, "Input", "frame " + a.frameNumber()
                + (a.requested() ? " · sent by the host" : " · camera")
                + " · " + a.input().height() + "x" + a.input().width());
        drawGray(image, a.input(), PanelStyle.MARGIN, PanelStyle.HEADER, s);
        outline(g, PanelStyle.MARGIN, PanelStyle.HEADER, a.input().width() * s, a.input().height() * s);
        g.dispose();
        return image;
    }

    /** The device's maps, dequantized, on the scale shared with {@link #twinMaps}. */
    public static BufferedImage deviceMaps(FrameAnalysis a) {
        float[] range = sharedRange(a);
        return mapGrid("Device feature maps (int8, dequantized)", "layer " + a.layerIndex() + " " + a.layerName()
                + (a.mapsEqualEmulator() ? " · equal to the Java int8 emulator" : " · DIFFERS from the Java int8 "
                + "emulator"), a.device(), range[0], range[1], Colormap.ACTIVATION, channelLabels(a.device()),
                "activation");
    }

    public static BufferedImage twinMaps(FrameAnalysis a) {
        float[] range = sharedRange(a);
        return mapGrid("Float twin feature maps (float32)", "layer " + a.layerIndex() + " " + a.layerName()
                + " · same input, same colour scale as the device", a.twin(), range[0], range[1],
                Colormap.ACTIVATION, channelLabels(a.twin()), "activation");
    }

    /** Device minus float twin, per channel, with cosine and SQNR. */
    public static BufferedImage difference(FrameAnalysis a) {
        FeatureMaps d = a.device();
        FeatureMaps t = a.twin();
        float[][] diff = new float[d.size()][];
        float max = 0;
        for (int i = 0; i < d.size(); i++) {
            float[] dm = d.map(i);
            float[] tm = t.map(i);
            diff[i] = new float[dm.length];
            for (int p = 0; p < dm.length; p++) {
                diff[i][p] = dm[p] - tm[p];
                max = Math.max(max, Math.abs(diff[i][p]));
            }
        }
        if (max == 0) {
            max = 1e-6f;
        }
        double[] cos = a.cosine();
        double[] sqnr = a.sqnrDb();
        List<String[]> labels = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            labels.add(new String[] {String.format(Locale.ROOT, "ch %d · cos %.4f", d.channels().get(i), cos[i]),
                    "SQNR " + formatDb(sqnr[i])});
        }
        double minCos = 1;
        for (double c : cos) {
            minCos = Math.min(minCos, c);
        }
        return mapGrid("Device − float twin", String.format(Locale.ROOT, "largest |difference| %.4g · lowest "
                + "cosine %.4f", max, minCos), new FeatureMaps(d.width(), d.height(), d.channels(), diff), -max, max,
                Colormap.DIVERGING, labels, "device − twin");
    }

    /** Class scores of the device and the float twin, as labelled bars. */
    public static BufferedImage predictions(FrameAnalysis a) {
        List<String> labels = a.labels();
        float[] dev = a.deviceScores();
        float[] twin = a.floatScores();
        int labelWidth = 90;
        int barMax = 220;
        int rowHeight = 40;
        int top = PanelStyle.HEADER + 22;
        BufferedImage image = blank(PanelStyle.MARGIN * 2 + labelWidth + barMax + 60,
                top + labels.size() * rowHeight + 14 + PanelStyle.MARGIN);
        Graphics2D g = PanelStyle.canvas(image);
        int pd = a.devicePrediction();
        int pf = a.floatPrediction();
        PanelStyle.header(g, "Predictions", "device says '" + labels.get(pd) + "' " + percent(dev[pd])
                + " · float twin says '" + labels.get(pf) + "' " + percent(twin[pf]));
        legend(g, PanelStyle.MARGIN, PanelStyle.HEADER + 6, PanelStyle.DEVICE, "device (int8)");
        legend(g, PanelStyle.MARGIN + 120, PanelStyle.HEADER + 6, PanelStyle.TWIN, "float twin");
        int x0 = PanelStyle.MARGIN + labelWidth;
        int bottom = top + labels.size() * rowHeight - 8;
        g.setFont(PanelStyle.SMALL);
        for (int k = 0; k <= 4; k++) {
            int x = x0 + barMax * k / 4;
            g.setColor(PanelStyle.GRID);
            g.drawLine(x, top - 4, x, bottom);
            g.setColor(PanelStyle.MUTED);
            String tick = 25 * k + "%";
            g.drawString(tick, x - g.getFontMetrics().stringWidth(tick) / 2, bottom + 14);
        }
        for (int i = 0; i < labels.size(); i++) {
            int y = top + i * rowHeight;
            g.setFont(i == pd ? PanelStyle.TITLE.deriveFont(12f) : PanelStyle.LABEL);
            g.setColor(PanelStyle.INK);
            g.drawString(labels.get(i), PanelStyle.MARGIN, y + 18);
            bar(g, x0, y, barMax, dev[i], PanelStyle.DEVICE);
            bar(g, x0, y + 15, barMax, twin[i], PanelStyle.TWIN);
        }
        g.dispose();
        return image;
    }

    /** The input with the saliency map over it ({@code opacity} at the highest value) and a colour bar. */
    public static BufferedImage saliency(FrameAnalysis a, String modelDescription, double opacity) {
        GrayImage in = a.input();
        int s = scale(in.width(), in.height(), IMAGE_SIDE);
        int w = in.width() * s;
        int h = in.height() * s;
        BufferedImage image = blank(w + 2 * PanelStyle.MARGIN + GAP + BAR_WIDTH + 64, h + PanelStyle.HEADER
                + PanelStyle.MARGIN);
        Graphics2D g = PanelStyle.canvas(image);
        Saliency sal = a.saliency();
        if (sal == null) {
            PanelStyle.header(g, "Saliency", "none computed");
            drawGray(image, in, PanelStyle.MARGIN, PanelStyle.HEADER, s);
        } else {
            PanelStyle.header(g, "Saliency · " + sal.method() + " (" + modelDescription + ")", "class '"
                    + a.labels().get(sal.classIndex()) + "' · frame " + a.frameNumber()
                    + " · brighter = matters more");
            drawGray(image, in, PanelStyle.MARGIN, PanelStyle.HEADER, s);
            g.drawImage(heat(sal, s, opacity), PanelStyle.MARGIN, PanelStyle.HEADER, null);
            colourBar(g, PanelStyle.MARGIN + w + GAP, PanelStyle.HEADER, h, Colormap.HEAT, 0, 1, "relative");
        }
        outline(g, PanelStyle.MARGIN, PanelStyle.HEADER, w, h);
        g.dispose();
        return image;
    }

    /**
     * The saliency map alone as a translucent heat image at {@code s} x its size: each pixel's
     * colour is {@link Colormap#HEAT} of its normalised value t, its alpha {@code opacity} x t squared,
     * so the image stays visible where little matters and the peaks stand out.
     */
    public static BufferedImage heat(Saliency sal, int s, double opacity) {
        float[] v = sal.normalised();
        double alphaScale = 255 * Math.max(0, Math.min(1, opacity));
        int[] argb = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            float t = v[i];
            argb[i] = (int) Math.round(alphaScale * t * t) << 24 | Colormap.HEAT.rgb(t);
        }
        BufferedImage heat = new BufferedImage(sal.width() * s, sal.height() * s, BufferedImage.TYPE_INT_ARGB);
        PixelBlocks.draw(heat, 0, 0, sal.width(), sal.height(), s, argb);
        return heat;
    }

    /** The checks in words: emulator agreement, the closest and farthest channels, the device's time. */
    public static BufferedImage summary(FrameAnalysis a) {
        BufferedImage image = blank(380, 200);
        Graphics2D g = PanelStyle.canvas(image);
        PanelStyle.header(g, "Checks", "frame " + a.frameNumber()
                + (a.complete() ? "" : " · INCOMPLETE (parts lost)"));
        double[] cos = a.cosine();
        int worst = 0;
        for (int i = 1; i < cos.length; i++) {
            worst = cos[i] < cos[worst] ? i : worst;
        }
        String[][] lines = {
                {a.mapsEqualEmulator() ? "✓" : "✗", "maps equal the Java int8 emulator, byte for byte"},
                {a.scoresEqualEmulator() ? "✓" : "✗", "scores equal the Java int8 emulator"},
                {a.devicePrediction() == a.floatPrediction() ? "✓" : "✗",
                        "device and float twin predict the same class"},
                {"", cos.length == 0 ? "no channels streamed" : String.format(Locale.ROOT,
                        "lowest cosine: ch %d, %.4f (SQNR %s)", a.device().channels().get(worst), cos[worst],
                        formatDb(a.sqnrDb()[worst]))},
                {"", "device inference time: " + a.inferenceTime()}};
        int y = PanelStyle.HEADER + 10;
        for (String[] line : lines) {
            g.setFont(PanelStyle.TITLE);
            g.setColor(line[0].equals("✓") ? PanelStyle.GOOD : PanelStyle.BAD);
            g.drawString(line[0], PanelStyle.MARGIN, y);
            g.setFont(PanelStyle.LABEL);
            g.setColor(PanelStyle.INK);
            g.drawString(line[1], PanelStyle.MARGIN + 20, y);
            y += 24;
        }
        g.dispose();
        return image;
    }

    /** Every panel on one sheet: input, saliency, predictions; device and twin maps; difference. */
    public static BufferedImage dashboard(FrameAnalysis a, String saliencyModel, String status) {
        List<List<BufferedImage>> rows = List.of(
                List.of(input(a), saliency(a, saliencyModel, DEFAULT_OPACITY), predictions(a)),
                List.of(deviceMaps(a), twinMaps(a)),
                List.of(difference(a), summary(a)));
        int width = 0;
        int height = 30;
        for (List<BufferedImage> row : rows) {
            width = Math.max(width, row.stream().mapToInt(BufferedImage::getWidth).sum());
            height += row.stream().mapToInt(BufferedImage::getHeight).max().orElse(0);
        }
        BufferedImage sheet = blank(width, height);
        Graphics2D g = PanelStyle.canvas(sheet);
        g.setColor(PanelStyle.MUTED);
        g.setFont(PanelStyle.LABEL);
        g.drawString(status, PanelStyle.MARGIN, 20);
        int y = 30;
        for (List<BufferedImage> row : rows) {
            int x = 0;
            int rowHeight = 0;
            for (BufferedImage panel : row) {
                g.drawImage(panel, x, y, null);
                x += panel.getWidth();
                rowHeight = Math.max(rowHeight, panel.getHeight());
            }
            y += rowHeight;
        }
        g.dispose();
        return sheet;
    }

    // ------------------------------------------------------------------ parts

    /** The colour scale the device and twin grids share: from min(0, lowest) to the highest value. */
    static float[] sharedRange(FrameAnalysis a) {
        float[] d = a.device().range();
        float[] t = a.twin().range();
        float lo = Math.min(0, Math.min(d[0], t[0]));
        float hi = Math.max(d[1], t[1]);
        return new float[] {lo, hi > lo ? hi : lo + 1e-6f};
    }

    static BufferedImage mapGrid(String title, String subtitle, FeatureMaps maps, float lo, float hi, Colormap cmap,
            List<String[]> tileLabels, String barLabel) {
        int n = Math.max(1, maps.size());
        int cols = Math.min(4, n);
        int rows = (n + cols - 1) / cols;
        int s = scale(maps.width(), maps.height(), TILE_SIDE);
        int tw = Math.max(maps.width() * s, 1);
        int th = Math.max(maps.height() * s, 1);
        int lines = tileLabels.stream().mapToInt(l -> l.length).max().orElse(1);
        int labelHeight = 14 * lines + 2;
        int cellW = Math.max(tw, 118);
        int gridH = rows * (th + labelHeight + GAP) - GAP;
        int barX = PanelStyle.MARGIN + cols * (cellW + GAP);
        BufferedImage image = blank(barX + BAR_WIDTH + 80, PanelStyle.HEADER + gridH + PanelStyle.MARGIN);
        Graphics2D g = PanelStyle.canvas(image);
        PanelStyle.header(g, title, subtitle);
        for (int i = 0; i < maps.size(); i++) {
            int x = PanelStyle.MARGIN + (i % cols) * (cellW + GAP);
            int y = PanelStyle.HEADER + (i / cols) * (th + labelHeight + GAP);
            g.setFont(PanelStyle.SMALL);
            g.setColor(PanelStyle.INK);
            String[] label = tileLabels.get(i);
            for (int l = 0; l < label.length; l++) {
                g.drawString(label[l], x, y + 11 + 14 * l);
            }
            float[] m = maps.map(i);
            int[] argb = new int[m.length];
            for (int p = 0; p < m.length; p++) {
                argb[p] = 0xFF000000 | cmap.rgb((m[p] - lo) / (hi - lo));
            }
            int ty = y + labelHeight;
            PixelBlocks.draw(image, x, ty, maps.width(), maps.height(), s, argb);
            outline(g, x, ty, tw, th);
        }
        colourBar(g, barX, PanelStyle.HEADER + labelHeight, gridH - labelHeight, cmap, lo, hi, barLabel);
        g.dispose();
        return image;
    }

    /** A vertical colour bar, high at the top, with the low, middle and high values and a caption. */
    static void colourBar(Graphics2D g, int x, int y, int h, Colormap cmap, double lo, double hi, String caption) {
        int[] ramp = new int[h];
        for (int i = 0; i < h; i++) {
            ramp[i] = 0xFF000000 | cmap.rgb(1 - i / (double) Math.max(1, h - 1));
        }
        PixelBlocks.column(g, x, y, BAR_WIDTH, ramp);
        g.setColor(PanelStyle.FRAME);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(x, y, BAR_WIDTH, h);
        g.setFont(PanelStyle.SMALL);
        FontMetrics fm = g.getFontMetrics();
        double[] values = {hi, (lo + hi) / 2, lo};
        for (int k = 0; k < 3; k++) {
            int ty = y + (h * k) / 2;
            g.setColor(PanelStyle.FRAME);
            g.drawLine(x + BAR_WIDTH, ty, x + BAR_WIDTH + 3, ty);
            g.setColor(PanelStyle.INK);
            g.drawString(number(values[k]), x + BAR_WIDTH + 5, ty + fm.getAscent() / 2 - 1);
        }
        g.setColor(PanelStyle.MUTED);
        g.drawString(caption, x, y - 6);
    }

    private static void bar(Graphics2D g, int x, int y, int max, float value, Color color) {
        int w = (int) Math.round(max * Math.max(0, Math.min(1, value)));
        g.setColor(color);
        g.fillRect(x, y, Math.max(w, 1), 12);
        g.setColor(PanelStyle.INK);
        g.setFont(PanelStyle.SMALL);
        g.drawString(percent(value), x + w + 5, y + 10);
    }

    private static void legend(Graphics2D g, int x, int y, Color color, String text) {
        g.setColor(color);
        g.fillRect(x, y, 12, 12);
        g.setColor(PanelStyle.INK);
        g.setFont(PanelStyle.SMALL);
        g.drawString(text, x + 17, y + 10);
    }

    private static void drawGray(BufferedImage target, GrayImage in, int x0, int y0, int s) {
        byte[] px = in.pixels();
        int[] argb = new int[px.length];
        for (int i = 0; i < px.length; i++) {
            int v = px[i] & 0xFF;
            argb[i] = 0xFF000000 | v << 16 | v << 8 | v;
        }
        PixelBlocks.draw(target, x0, y0, in.width(), in.height(), s, argb);
    }

    /** A 1-pixel frame around a tile; axis-aligned on whole pixels, so drawn without antialiasing (4x faster). */
    private static void outline(Graphics2D g, int x, int y, int w, int h) {
        Object antialiasing = g.getRenderingHint(RenderingHints.KEY_ANTIALIASING);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setColor(PanelStyle.FRAME);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(x - 1, y - 1, w + 1, h + 1);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, antialiasing);
    }

    static List<String[]> channelLabels(FeatureMaps maps) {
        List<String[]> labels = new ArrayList<>();
        for (int c : maps.channels()) {
            labels.add(new String[] {"ch " + c});
        }
        return labels;
    }

    /** Integer upscaling so the longer side is about {@code side} pixels (at least 1x). */
    static int scale(int w, int h, int side) {
        return Math.max(1, (int) Math.round(side / (double) Math.max(w, h)));
    }

    static BufferedImage blank(int w, int h) {
        return new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    }

    static String percent(float p) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * p);
    }

    static String formatDb(double db) {
        return Double.isInfinite(db) ? "∞ (equal)" : String.format(Locale.ROOT, "%.1f dB", db);
    }

    static String number(double v) {
        return v == 0 ? "0" : String.format(Locale.ROOT, "%.3g", v);
    }
}
