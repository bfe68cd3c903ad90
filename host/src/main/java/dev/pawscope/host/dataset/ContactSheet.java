package dev.pawscope.host.dataset;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A picture of a dataset: one row per label, the first samples of each, scaled up with crisp
 * pixels; with masks, a red outline of the ground-truth dog.
 */
public final class ContactSheet {

    private static final int LABEL_WIDTH = 90;
    private static final int GAP = 4;

    private ContactSheet() {
    }

    public static BufferedImage render(Dataset dataset, int perLabel) {
        InputSpec in = dataset.input();
        int scale = Math.max(1, 96 / Math.max(in.width(), in.height()));
        int cellW = in.width() * scale;
        int cellH = in.height() * scale;
        List<String> labels = dataset.labels();
        int width = LABEL_WIDTH + perLabel * (cellW + GAP) + GAP;
        int height = labels.size() * (cellH + GAP) + GAP + 20;
        BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(new Color(0x20, 0x22, 0x26));
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.LIGHT_GRAY);
        g.drawString(dataset.manifest().source() + " dataset, " + in + ", " + dataset.manifest().entries().size()
                + " images" + (hasMasks(dataset) ? "; red: ground-truth mask outline" : ""), GAP, 14);
        for (int row = 0; row < labels.size(); row++) {
            String label = labels.get(row);
            int y = 20 + GAP + row * (cellH + GAP);
            g.setColor(Color.WHITE);
            g.drawString(label, GAP, y + cellH / 2 + 4);
            List<DatasetEntry> entries = firstOf(dataset, label, perLabel);
            for (int col = 0; col < entries.size(); col++) {
                DatasetEntry e = entries.get(col);
                int x = LABEL_WIDTH + col * (cellW + GAP);
                g.drawImage(PngCodec.toBuffered(dataset.readImage(e.path())), x, y, cellW, cellH, null);
                GrayImage mask = dataset.mask(e);
                if (mask != null) {
                    outline(sheet, mask, x, y, scale);
                }
            }
        }
        g.dispose();
        return sheet;
    }

    private static boolean hasMasks(Dataset d) {
        return d.manifest().entries().stream().anyMatch(DatasetEntry::hasMask);
    }

    private static List<DatasetEntry> firstOf(Dataset d, String label, int n) {
        List<DatasetEntry> out = new ArrayList<>();
        for (DatasetEntry e : d.manifest().entries()) {
            if (e.label().equals(label) && out.size() < n) {
                out.add(e);
            }
        }
        return out;
    }

    /** Marks mask pixels that border a non-mask pixel. */
    private static void outline(BufferedImage sheet, GrayImage mask, int x0, int y0, int scale) {
        int red = new Color(255, 60, 60).getRGB();
        for (int y = 0; y < mask.height(); y++) {
            for (int x = 0; x < mask.width(); x++) {
                if (mask.get(x, y) < 128) {
                    continue;
                }
                boolean edge = x == 0 || y == 0 || x == mask.width() - 1 || y == mask.height() - 1
                        || mask.get(x - 1, y) < 128 || mask.get(x + 1, y) < 128
                        || mask.get(x, y - 1) < 128 || mask.get(x, y + 1) < 128;
                if (edge) {
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) {
                            sheet.setRGB(x0 + x * scale + dx, y0 + y * scale + dy, red);
                        }
                    }
                }
            }
        }
    }
}
