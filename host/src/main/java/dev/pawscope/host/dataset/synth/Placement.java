package dev.pawscope.host.dataset.synth;

/**
 * Maps a figure's own units into frame units (0..1 across the image, y down): {@code frameX = tx + sx * x},
 * {@code frameY = ty + sy * y}. The scale is uniform; a negative {@code sx} mirrors the figure and a negative
 * {@code sy} turns y-up figure units into the frame's y-down. Working in frame units keeps every size-independent.
 */
record Placement(double tx, double ty, double sx, double sy) {

    /** Shapes that are already given in frame units. */
    static final Placement FRAME = new Placement(0, 0, 1, 1);

    Placement {
        if (!(Math.abs(sx) > 0) || Math.abs(Math.abs(sx) - Math.abs(sy)) > 1e-12 * Math.abs(sx)) {
            throw new IllegalArgumentException("placement needs a uniform non-zero scale, found sx=" + sx + ", sy=" + sy);
        }
    }

    /** Frame units per figure unit. */
    double scale() {
        return Math.abs(sx);
    }

    double frameX(double x) {
        return tx + sx * x;
    }

    double frameY(double y) {
        return ty + sy * y;
    }
}
