package dev.pawscope.host.dataset.synth;

/**
 * A filled region described by its signed distance: negative inside, positive outside, in the shape's own
 * units. The distance only has to be accurate within about a pixel of the edge, where it sets the
 * antialiased coverage; further away only its sign matters.
 */
sealed interface Shape permits Ellipse, Capsule, RoundedBox {

    double distance(double x, double y);

    Bounds bounds();
}
