package dev.pawscope.host.dataset.synth;

import java.util.Objects;

/**
 * One shape of a figure and how it is painted. An {@code atop} part only recolours what is already painted
 * (markings, eyes), so it never changes the figure's silhouette.
 */
record Part(Shape shape, Tone tone, boolean atop) {

    Part {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(tone, "tone");
    }

    static Part over(Shape shape, Tone tone) {
        return new Part(shape, tone, false);
    }

    static Part atop(Shape shape, Tone tone) {
        return new Part(shape, tone, true);
    }
}
