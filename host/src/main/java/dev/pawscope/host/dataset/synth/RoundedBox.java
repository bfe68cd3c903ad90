package dev.pawscope.host.dataset.synth;

/** A rotated rectangle with rounded corners: boxes, furniture, windows, floors. */
final class RoundedBox implements Shape {

    private final double cx;
    private final double cy;
    private final double innerHalfWidth;
    private final double innerHalfHeight;
    private final double corner;
    private final double cos;
    private final double sin;
    private final Bounds bounds;

    /** A box centred on {@code center}, {@code halfWidth} along {@code angle} radians, with corner radius {@code corner}. */
    RoundedBox(Vec center, double halfWidth, double halfHeight, double angle, double corner) {
        if (!(halfWidth > 0 && halfHeight > 0)) {
            throw new IllegalArgumentException("box half sizes must be positive, found " + halfWidth + " x " + halfHeight);
        }
        if (!(corner >= 0 && corner <= Math.min(halfWidth, halfHeight))) {
            throw new IllegalArgumentException("corner radius must be in [0, " + Math.min(halfWidth, halfHeight)
                    + "] (the smaller half size), found " + corner);
        }
        this.cx = center.x();
        this.cy = center.y();
        this.innerHalfWidth = halfWidth - corner;
        this.innerHalfHeight = halfHeight - corner;
        this.corner = corner;
        this.cos = Math.cos(angle);
        this.sin = Math.sin(angle);
        double ex = Math.abs(halfWidth * cos) + Math.abs(halfHeight * sin);
        double ey = Math.abs(halfWidth * sin) + Math.abs(halfHeight * cos);
        this.bounds = Bounds.around(cx, cy, ex, ey);
    }

    /** An upright box standing on {@code y = bottom}, centred on {@code x}. */
    static RoundedBox standing(double x, double bottom, double width, double height, double corner) {
        return new RoundedBox(new Vec(x, bottom + height / 2), width / 2, height / 2, 0, corner);
    }

    @Override
    public double distance(double x, double y) {
        double dx = x - cx;
        double dy = y - cy;
        double qx = Math.abs(dx * cos + dy * sin) - innerHalfWidth;
        double qy = Math.abs(dy * cos - dx * sin) - innerHalfHeight;
        double ox = Math.max(qx, 0);
        double oy = Math.max(qy, 0);
        double outside = Math.sqrt(ox * ox + oy * oy);
        double inside = Math.min(Math.max(qx, qy), 0);
        return outside + inside - corner;
    }

    @Override
    public Bounds bounds() {
        return bounds;
    }
}
