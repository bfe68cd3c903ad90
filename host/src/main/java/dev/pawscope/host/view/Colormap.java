package dev.pawscope.host.view;

import java.awt.Color;

/**
 * Colour maps for the panels, as piecewise-linear ramps through anchor colours: {@link #ACTIVATION}
 * (viridis-like: perceptually ordered, readable in gray and with colour-vision deficiencies),
 * {@link #DIVERGING} (blue, white, vermillion: signed differences around zero) and {@link #HEAT}
 * (inferno-like: saliency).
 */
public enum Colormap {
    ACTIVATION(0x440154, 0x3B528B, 0x21918C, 0x5EC962, 0xFDE725),
    DIVERGING(0x0072B2, 0x8FC1E3, 0xF7F7F7, 0xF2A97F, 0xD55E00),
    HEAT(0x000004, 0x57106E, 0xBC3754, 0xF98E09, 0xFCFFA4);

    private final int[] lut = new int[256];

    Colormap(int... anchors) {
        for (int i = 0; i < 256; i++) {
            double t = i / 255.0 * (anchors.length - 1);
            int k = Math.min(anchors.length - 2, (int) t);
            double f = t - k;
            lut[i] = mix(anchors[k], anchors[k + 1], f);
        }
    }

    /** The colour of {@code t} in [0, 1] (clamped), as 0xRRGGBB. */
    public int rgb(double t) {
        double c = Double.isNaN(t) ? 0 : Math.max(0, Math.min(1, t));
        return lut[(int) Math.round(c * 255)];
    }

    public Color color(double t) {
        return new Color(rgb(t));
    }

    static int mix(int a, int b, double f) {
        int r = (int) Math.round(((a >> 16) & 0xFF) * (1 - f) + ((b >> 16) & 0xFF) * f);
        int g = (int) Math.round(((a >> 8) & 0xFF) * (1 - f) + ((b >> 8) & 0xFF) * f);
        int bl = (int) Math.round((a & 0xFF) * (1 - f) + (b & 0xFF) * f);
        return r << 16 | g << 8 | bl;
    }
}
