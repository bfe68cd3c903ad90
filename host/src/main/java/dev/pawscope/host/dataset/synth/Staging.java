package dev.pawscope.host.dataset.synth;

import java.util.random.RandomGenerator;

/** Puts a figure on the floor of the frame: scale, facing, and a position that keeps it (almost) all in view. */
final class Staging {

    /** No figure gets larger than this share of the frame in either direction. */
    private static final double MAX_EXTENT = 0.96;
    /** At most this share of a figure's width or height may fall outside the frame. */
    private static final double MAX_CUT = 0.04;

    private Staging() {
    }

    /**
     * Where a figure with the given bounds stands, at {@code scale} frame units per figure unit (reduced if
     * the figure would not fit), facing left or right at random, its lowest point on the floor no nearer
     * than {@code nearest} (frame units from the top) when the figure's height allows.
     */
    static Placement onFloor(Bounds figure, double scale, Backdrop backdrop, double nearest, RandomGenerator rng) {
        double s = Math.min(scale, Math.min(MAX_EXTENT / figure.width(), MAX_EXTENT / figure.height()));
        boolean facesLeft = rng.nextBoolean();
        double width = figure.width() * s;
        double height = figure.height() * s;
        double left = rng.nextDouble(-MAX_CUT * width, 1 - (1 - MAX_CUT) * width);
        double groundLow = Math.max(backdrop.horizon() + 0.02, height * (1 - MAX_CUT));
        double groundHigh = Math.min(1 + MAX_CUT * height, nearest);
        double ground = groundLow < groundHigh ? rng.nextDouble(groundLow, groundHigh) : groundLow;
        double sx = facesLeft ? -s : s;
        double tx = facesLeft ? left + s * figure.maxX() : left - s * figure.minX();
        return new Placement(tx, ground + s * figure.minY(), sx, -s);
    }
}
