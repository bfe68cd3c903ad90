package dev.pawscope.host.train.charts;

import dev.pawscope.host.dataset.GrayImage;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The test images the model got wrong, most confident mistakes first: each thumbnail scaled up with crisp
 * pixels, with the true label, the predicted label and the model's confidence in it underneath, and the
 * file name to find it in the dataset. A ground-truth mask, when the dataset has one, is outlined in red
 * along pixel edges so the image itself stays visible.
 */
public final class MisclassifiedSheet {

    /** Thumbnails shown at most; the title says how many there were. */
    public static final int MAX_SHOWN = 96;

    private static final int COLUMNS = 8;
    private static final int PAD = 16;
    private static final int GAP = 10;
    private static final int THUMB = 144;
    private static final int LINE = 15;
    private static final int MAX_NAME_CHARS = 24;

    private static final Font TITLE = ChartStyle.font(Font.BOLD, 16f);
    private static final Font SUBTITLE = ChartStyle.font(Font.PLAIN, 12f);
    private static final Font CAPTION = ChartStyle.font(Font.PLAIN, 12f);
    private static final Font CAPTION_BOLD = ChartStyle.font(Font.BOLD, 12f);
    private static final Font NAME = ChartStyle.font(Font.PLAIN, 10f);
    private static final Color MASK = new Color(0xFF3C3C);
    private static final Color WRONG = new Color(0xD55E00);

    /**
     * One wrong answer: the image (and its mask, or null), where it came from, and what the model said.
     *
     * @param confidence the probability the model gave its (wrong) prediction, in [0, 1]
     */
    public record Mistake(GrayImage image, GrayImage mask, String name, String truth, String predicted,
                          double confidence) {
        public Mistake {
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(truth, "truth");
            Objects.requireNonNull(predicted, "predicted");
            if (mask != null && (mask.width() != image.width() || mask.height() != image.height())) {
                throw new IllegalArgumentException("expected a mask of the image's size " + image.width() + "x"
                        + image.height() + ", found " + mask.width() + "x" + mask.height() + " for " + name);
            }
            if (!(confidence >= 0 && confidence <= 1)) {
                throw new IllegalArgumentException("expected a confidence in [0, 1], found " + confidence + " for " + name);
            }
        }
    }

    private MisclassifiedSheet() {
    }

    /**
     * Renders up to {@link #MAX_SHOWN} of {@code mistakes} out of {@code tested} images, most confident first;
     * with no mistakes, a small sheet that says so.
     */
    public static BufferedImage render(List<Mistake> mistakes, int tested, String title) {
        Objects.requireNonNull(title, "title");
        if (tested < mistakes.size()) {
            throw new IllegalArgumentException("expected at least as many tested images as mistakes, found "
                    + tested + " tested and " + mistakes.size() + " mistakes");
        }
        List<Mistake> shown = new ArrayList<>(mistakes);
        shown.sort(Comparator.comparingDouble(Mistake::confidence).reversed().thenComparing(Mistake::name));
        if (shown.size() > MAX_SHOWN) {
            shown = shown.subList(0, MAX_SHOWN);
        }
        int columns = Math.max(1, Math.min(COLUMNS, shown.size()));
        int rows = (shown.size() + columns - 1) / columns;
        int cellH = THUMB + 3 * LINE + 4;
        int header = 52;
        int width = Math.max(PAD * 2 + columns * THUMB + (columns - 1) * GAP, 520);
        int height = header + rows * (cellH + GAP) + PAD;
        BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = ChartStyle.canvas(sheet);
        try {
            g.setColor(ChartStyle.INK);
            g.setFont(TITLE);
            g.drawString(title, PAD, PAD + 12);
            g.setFont(SUBTITLE);
            g.setColor(ChartStyle.MUTED);
            g.drawString(subtitle(mistakes.size(), shown.size(), tested, shown.stream().anyMatch(m -> m.mask() != null)),
                    PAD, PAD + 30);
            for (int k = 0; k < shown.size(); k++) {
                int x = PAD + (k % columns) * (THUMB + GAP);
                int y = header + (k / columns) * (cellH + GAP);
                drawCell(g, sheet, shown.get(k), x, y);
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }

    private static String subtitle(int wrong, int shown, int tested, boolean masks) {
        if (wrong == 0) {
            return String.format(Locale.ROOT, "no misclassified images among %d", tested);
        }
        String count = shown < wrong
                ? String.format(Locale.ROOT, "the %d most confident of %d misclassified images (of %d)", shown, wrong, tested)
                : String.format(Locale.ROOT, "%d of %d images misclassified, most confident first", wrong, tested);
        return count + "; under each: true label \u2192 predicted (confidence)" + (masks ? "; red: ground-truth mask" : "");
    }

    private static void drawCell(Graphics2D g, BufferedImage sheet, Mistake m, int x, int y) {
        GrayImage img = m.image();
        int scale = Math.max(1, THUMB / Math.max(img.width(), img.height()));
        int w = img.width() * scale;
        int h = img.height() * scale;
        int ox = x + (THUMB - w) / 2;
        int oy = y + (THUMB - h) / 2;
        g.setColor(ChartStyle.AXIS);
        g.fillRect(ox - 1, oy - 1, w + 2, h + 2);   // a one-pixel frame once the thumbnail covers the inside
        thumbnail(sheet, img, ox, oy, scale);
        if (m.mask() != null) {
            outline(sheet, m.mask(), ox, oy, scale);
        }
        int ty = y + THUMB + LINE;
        g.setFont(CAPTION);
        FontMetrics fm = g.getFontMetrics();
        String truth = m.truth() + " \u2192 ";
        g.setColor(ChartStyle.INK);
        g.drawString(truth, x, ty);
        g.setFont(CAPTION_BOLD);
        g.setColor(WRONG);
        g.drawString(m.predicted(), x + fm.stringWidth(truth), ty);
        g.setFont(CAPTION);
        g.setColor(ChartStyle.INK);
        g.drawString(String.format(Locale.ROOT, "confidence %.2f", m.confidence()), x, ty + LINE);
        g.setFont(NAME);
        g.setColor(ChartStyle.MUTED);
        g.drawString(shorten(m.name()), x, ty + 2 * LINE);
    }

    /**
     * Copies the pixels, each as a {@code scale}-pixel square, exactly: drawing a TYPE_BYTE_GRAY image onto an
     * RGB canvas would pass it through Java2D's linear-gray colour space and brighten the midtones.
     */
    private static void thumbnail(BufferedImage sheet, GrayImage img, int x0, int y0, int scale) {
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                int v = img.get(x, y);
                int rgb = (v << 16) | (v << 8) | v;
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        sheet.setRGB(x0 + x * scale + dx, y0 + y * scale + dy, rgb);
                    }
                }
            }
        }
    }

    /** Keeps the end of a long name, where the file name is. */
    private static String shorten(String name) {
        return name.length() <= MAX_NAME_CHARS ? name : "\u2026" + name.substring(name.length() - MAX_NAME_CHARS + 1);
    }

    /** One-pixel red lines on the sheet along every edge between a mask pixel and a non-mask pixel. */
    private static void outline(BufferedImage sheet, GrayImage mask, int x0, int y0, int scale) {
        int red = MASK.getRGB();
        for (int y = 0; y < mask.height(); y++) {
            for (int x = 0; x < mask.width(); x++) {
                if (!in(mask, x, y)) {
                    continue;
                }
                int px = x0 + x * scale;
                int py = y0 + y * scale;
                for (int d = 0; d < scale; d++) {
                    if (!in(mask, x - 1, y)) {
                        sheet.setRGB(px, py + d, red);
                    }
                    if (!in(mask, x + 1, y)) {
                        sheet.setRGB(px + scale - 1, py + d, red);
                    }
                    if (!in(mask, x, y - 1)) {
                        sheet.setRGB(px + d, py, red);
                    }
                    if (!in(mask, x, y + 1)) {
                        sheet.setRGB(px + d, py + scale - 1, red);
                    }
                }
            }
        }
    }

    private static boolean in(GrayImage mask, int x, int y) {
        return x >= 0 && y >= 0 && x < mask.width() && y < mask.height() && mask.get(x, y) >= 128;
    }
}
