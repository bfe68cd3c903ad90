package dev.pawscope.host.dataset.synth;

import java.util.List;

/** A dog or an object: parts in its own units (x forward, y up, resting on y = 0) and the box around them. */
record Figure(List<Part> parts, Bounds bounds) {

    Figure {
        parts = List.copyOf(parts);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a figure needs at least one part, found none");
        }
    }

    static Figure of(List<Part> parts) {
        Bounds bounds = parts.get(0).shape().bounds();
        for (Part part : parts) {
            if (!part.atop()) {
                bounds = bounds.union(part.shape().bounds());
            }
        }
        return new Figure(parts, bounds);
    }
}
