package dev.pawscope.host.dataset.synth;

/** A rotated ellipse: torsos, heads, haunches, paws, balls, leaves. */
final class Ellipse implements Shape {

    private final double cx;
    private final double cy;
    private final double invRx2;
    private final double invRy2;
    private final double cos;
    private final double sin;
    private final double minRadius;
    private final Bounds bounds;

    /** An ellipse centred on {@code center} with semi-axis {@code rx} along {@code angle} radians and {@code ry} across it. */
    Ellipse(Vec center, double rx, double ry, double angle) {
        if (!(rx > 0 && ry > 0)) {
            throw new IllegalArgumentException("ellipse radii must be positive, found rx=" + rx + ", ry=" + ry);
        }
        this.cx = center.x();
        this.cy = center.y();
        this.invRx2 = 1 / (rx * rx);
        this.invRy2 = 1 / (ry * ry);
        this.cos = Math.cos(angle);
        this.sin = Math.sin(angle);
        this.minRadius = Math.min(rx, ry);
        double ex = Math.sqrt(rx * rx * cos * cos + ry * ry * sin * sin);
        double ey = Math.sqrt(rx * rx * sin * sin + ry * ry * cos * cos);
        this.bounds = Bounds.around(cx, cy, ex, ey);
    }

    static Ellipse circle(Vec center, double radius) {
        return new Ellipse(center, radius, radius, 0);
    }

    @Override
    public double distance(double x, double y) {
        double dx = x - cx;
        double dy = y - cy;
        double u = dx * cos + dy * sin;
        double v = dy * cos - dx * sin;
        // First-order distance: (F - 1) / |grad F| with F the normalised radius; exact for circles.
        double k0 = Math.sqrt(u * u * invRx2 + v * v * invRy2);
        double k1 = Math.sqrt(u * u * invRx2 * invRx2 + v * v * invRy2 * invRy2);
        return k1 < 1e-12 ? -minRadius : k0 * (k0 - 1) / k1;
    }

    @Override
    public Bounds bounds() {
        return bounds;
    }
}
