package dev.pawscope.host.dataset.synth;

/** A segment thickened by a radius that tapers linearly from one end to the other: legs, necks, tails, ears. */
final class Capsule implements Shape {

    private final double ax;
    private final double ay;
    private final double dx;
    private final double dy;
    private final double invLength2;
    private final double ra;
    private final double dr;
    private final Bounds bounds;

    Capsule(Vec a, double radiusA, Vec b, double radiusB) {
        if (!(radiusA >= 0 && radiusB >= 0 && radiusA + radiusB > 0)) {
            throw new IllegalArgumentException("capsule radii must be >= 0 and not both 0, found "
                    + radiusA + " and " + radiusB);
        }
        this.ax = a.x();
        this.ay = a.y();
        this.dx = b.x() - a.x();
        this.dy = b.y() - a.y();
        double length2 = dx * dx + dy * dy;
        this.invLength2 = length2 > 0 ? 1 / length2 : 0;
        this.ra = radiusA;
        this.dr = radiusB - radiusA;
        this.bounds = Bounds.around(a.x(), a.y(), radiusA, radiusA).union(Bounds.around(b.x(), b.y(), radiusB, radiusB));
    }

    @Override
    public double distance(double x, double y) {
        double px = x - ax;
        double py = y - ay;
        double t = Math.max(0, Math.min(1, (px * dx + py * dy) * invLength2));
        double qx = px - t * dx;
        double qy = py - t * dy;
        // The radius at the nearest axis point: not an exact distance for strong tapers, but smooth and
        // exact at both round ends, which is all antialiasing needs.
        return Math.sqrt(qx * qx + qy * qy) - (ra + t * dr);
    }

    @Override
    public Bounds bounds() {
        return bounds;
    }
}
