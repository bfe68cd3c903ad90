package dev.pawscope.host.explain;

import dev.pawscope.host.dataset.GrayImage;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Numbers that make explanations comparable: against a ground-truth mask (synthetic datasets have
 * one: 255 = dog) and between two maps (the float twin's and the int8 model's).
 *
 * <ul>
 *   <li>{@link #maskShare}: the share of the map's positive mass inside the mask (1 = all of it on
 *       the dog; a uniform map scores the mask's area share).</li>
 *   <li>{@link #pointingGame}: whether the map's maximum lies on the mask, or within
 *       {@code tolerance} pixels of it (Zhang et al., 2016; Chebyshev distance).</li>
 *   <li>{@link #spearman}: the rank correlation of two maps over all pixels (ties get their
 *       average rank).</li>
 *   <li>{@link #topIou}: the intersection over union of the two maps' top {@code fraction} pixels
 *       (exactly ceil(fraction x n) each; among equal values the lower index counts first).</li>
 * </ul>
 * A mask pixel counts as inside when it is at least 128.
 */
public final class ExplanationScores {

    /** The pointing game's default tolerance in pixels. */
    public static final int DEFAULT_TOLERANCE = 1;
    /** The top share {@link #topIou} compares by default. */
    public static final double DEFAULT_TOP = 0.10;

    private ExplanationScores() {}

    /** Positive mass inside the mask / all positive mass; NaN for a map with no positive value. */
    public static double maskShare(Saliency map, GrayImage mask) {
        checkSize(map, mask);
        float[] v = map.values();
        byte[] m = mask.pixels();
        double inside = 0;
        double total = 0;
        for (int i = 0; i < v.length; i++) {
            if (v[i] > 0) {
                total += v[i];
                if ((m[i] & 0xFF) >= 128) {
                    inside += v[i];
                }
            }
        }
        return total > 0 ? inside / total : Double.NaN;
    }

    /**
     * True when the map's largest value (the first in row-major order among equals) lies within
     * {@code tolerance} pixels (in x and in y) of a mask pixel. False for an all-zero map or an
     * empty mask.
     */
    public static boolean pointingGame(Saliency map, GrayImage mask, int tolerance) {
        checkSize(map, mask);
        if (tolerance < 0) {
            throw new IllegalArgumentException("expected a tolerance >= 0, found " + tolerance);
        }
        float[] v = map.values();
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        if (!(v[best] > 0)) {
            return false;
        }
        int bx = best % map.width();
        int by = best / map.width();
        for (int y = Math.max(0, by - tolerance); y <= Math.min(map.height() - 1, by + tolerance); y++) {
            for (int x = Math.max(0, bx - tolerance); x <= Math.min(map.width() - 1, bx + tolerance); x++) {
                if (mask.get(x, y) >= 128) {
                    return true;
                }
            }
        }
        return false;
    }

    public static boolean pointingGame(Saliency map, GrayImage mask) {
        return pointingGame(map, mask, DEFAULT_TOLERANCE);
    }

    /** Whether the mask has any inside pixel (a no-dog image's mask has none). */
    public static boolean hasObject(GrayImage mask) {
        for (byte b : mask.pixels()) {
            if ((b & 0xFF) >= 128) {
                return true;
            }
        }
        return false;
    }

    /** Spearman's rank correlation of two same-size maps; NaN if either is constant. */
    public static double spearman(Saliency a, Saliency b) {
        checkSize(a, b);
        double[] ra = ranks(a.values());
        double[] rb = ranks(b.values());
        int n = ra.length;
        double mean = (n + 1) / 2.0;
        double cov = 0;
        double va = 0;
        double vb = 0;
        for (int i = 0; i < n; i++) {
            double da = ra[i] - mean;
            double db = rb[i] - mean;
            cov += da * db;
            va += da * da;
            vb += db * db;
        }
        return va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : Double.NaN;
    }

    /** IoU of the top {@code fraction} pixels of two same-size maps. */
    public static double topIou(Saliency a, Saliency b, double fraction) {
        checkSize(a, b);
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("expected a fraction in (0, 1], found " + fraction);
        }
        boolean[] ta = top(a.values(), fraction);
        boolean[] tb = top(b.values(), fraction);
        int inter = 0;
        int union = 0;
        for (int i = 0; i < ta.length; i++) {
            inter += ta[i] && tb[i] ? 1 : 0;
            union += ta[i] || tb[i] ? 1 : 0;
        }
        return union == 0 ? Double.NaN : inter / (double) union;
    }

    public static double topIou(Saliency a, Saliency b) {
        return topIou(a, b, DEFAULT_TOP);
    }

    /** 1-based ranks, ascending, ties averaged. */
    static double[] ranks(float[] v) {
        Integer[] order = IntStream.range(0, v.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> v[i]));
        double[] r = new double[v.length];
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && v[order[j + 1]] == v[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[order[k]] = rank;
            }
            i = j + 1;
        }
        return r;
    }

    static boolean[] top(float[] v, double fraction) {
        int k = (int) Math.ceil(fraction * v.length - 1e-9);
        Integer[] order = IntStream.range(0, v.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (p, q) -> v[p] != v[q] ? Float.compare(v[q], v[p]) : Integer.compare(p, q));
        boolean[] in = new boolean[v.length];
        for (int i = 0; i < k; i++) {
            in[order[i]] = true;
        }
        return in;
    }

    private static void checkSize(Saliency map, GrayImage mask) {
        if (map.width() != mask.width() || map.height() != mask.height()) {
            throw new IllegalArgumentException("the map is " + map.width() + "x" + map.height() + " but the mask is "
                    + mask.width() + "x" + mask.height());
        }
    }

    private static void checkSize(Saliency a, Saliency b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new IllegalArgumentException("cannot compare a " + a.width() + "x" + a.height() + " map with a "
                    + b.width() + "x" + b.height() + " one");
        }
    }
}
