package dev.pawscope.host.dataset.synth;

/** An axis-aligned rectangle that encloses a shape or a figure, in that shape's own units. */
record Bounds(double minX, double minY, double maxX, double maxY) {

    Bounds {
        if (!(minX <= maxX && minY <= maxY)) {
            throw new IllegalArgumentException("bounds need min <= max, found x " + minX + ".." + maxX
                    + ", y " + minY + ".." + maxY);
        }
    }

    /** The rectangle centred on (cx, cy) reaching {@code halfWidth} and {@code halfHeight} to each side. */
    static Bounds around(double cx, double cy, double halfWidth, double halfHeight) {
        return new Bounds(cx - halfWidth, cy - halfHeight, cx + halfWidth, cy + halfHeight);
    }

    Bounds union(Bounds other) {
        return new Bounds(Math.min(minX, other.minX), Math.min(minY, other.minY),
                Math.max(maxX, other.maxX), Math.max(maxY, other.maxY));
    }

    double width() {
        return maxX - minX;
    }

    double height() {
        return maxY - minY;
    }
}
