package dev.pawscope.quantize.interpreter;

import java.util.Arrays;

/**
 * The flat indices of one tensor's elements that differ from the baseline in the current delta
 * run, in increasing order (every producer scans its output in NHWC order), with the bounding box
 * of their positions once asked for. Mutable scratch owned by one {@link DeltaSession}.
 */
final class ChangeList {

    private int[] indices = new int[64];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int get(int k) {
        return indices[k];
    }

    void add(int index) {
        if (size == indices.length) {
            indices = Arrays.copyOf(indices, size * 2);
        }
        indices[size++] = index;
    }

    /** Makes room for {@code extra} more indices, so that {@link #addIf} needs no check. */
    void reserve(int extra) {
        if (size + extra > indices.length) {
            indices = Arrays.copyOf(indices, Math.max(size + extra, size * 2));
        }
    }

    /**
     * Appends {@code index} when {@code really}, without a branch: the slot is written either way
     * and the size only grows when it counts. Needs room from {@link #reserve}.
     */
    void addIf(int index, boolean really) {
        indices[size] = index;
        size += really ? 1 : 0;
    }

    void clear() {
        size = 0;
    }

    /**
     * The changed positions' box in an NHWC tensor of this shape: {@code {bMin, bMax, yMin, yMax,
     * xMin, xMax}}, inclusive, written into {@code box}. Only for a non-empty list.
     */
    void boundingBox(int h, int w, int c, int[] box) {
        int bMin = Integer.MAX_VALUE;
        int bMax = -1;
        int yMin = Integer.MAX_VALUE;
        int yMax = -1;
        int xMin = Integer.MAX_VALUE;
        int xMax = -1;
        int positionEnd = Integer.MIN_VALUE;
        for (int k = 0; k < size; k++) {
            if (indices[k] < positionEnd) {
                continue; // the rest of a position's channels: one division per position
            }
            int p = indices[k] / c;
            positionEnd = (p + 1) * c;
            int x = p % w;
            int rest = p / w;
            int y = rest % h;
            int b = rest / h;
            bMin = Math.min(bMin, b);
            bMax = Math.max(bMax, b);
            yMin = Math.min(yMin, y);
            yMax = Math.max(yMax, y);
            xMin = Math.min(xMin, x);
            xMax = Math.max(xMax, x);
        }
        box[0] = bMin;
        box[1] = bMax;
        box[2] = yMin;
        box[3] = yMax;
        box[4] = xMin;
        box[5] = xMax;
    }
}
