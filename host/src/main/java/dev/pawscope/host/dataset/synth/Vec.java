package dev.pawscope.host.dataset.synth;

/** A point or direction in a figure's own units: x forward, y up. */
record Vec(double x, double y) {

    /** The vector of the given length pointing at {@code angle} radians counter-clockwise from +x. */
    static Vec polar(double length, double angle) {
        return new Vec(length * Math.cos(angle), length * Math.sin(angle));
    }

    Vec plus(Vec other) {
        return new Vec(x + other.x, y + other.y);
    }

    Vec plus(double dx, double dy) {
        return new Vec(x + dx, y + dy);
    }

    Vec times(double k) {
        return new Vec(x * k, y * k);
    }

    /** This vector turned counter-clockwise by {@code angle} radians. */
    Vec rotated(double angle) {
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        return new Vec(x * c - y * s, x * s + y * c);
    }
}
