package dev.pawscope.host.dataset.synth;

import java.util.random.RandomGenerator;

/**
 * The room behind the subject: a wall, a floor below a slightly rolled horizon line, and clutter on both.
 * Coordinates are frame units (0..1, y down). Every class gets the same kind of room.
 *
 * @param horizon    where the floor meets the wall, from the top of the frame
 * @param roll       camera roll in radians
 * @param wallShade  gray level of the wall
 * @param floorShade gray level of the floor
 */
record Backdrop(double horizon, double roll, double wallShade, double floorShade) {

    /** Subjects should differ from both wall and floor by at least this many gray levels when possible. */
    private static final double MIN_CONTRAST = 60;

    static Backdrop sample(RandomGenerator rng) {
        double wall = rng.nextDouble(25, 230);
        double step = rng.nextDouble(15, 70);
        double floor = wall + (rng.nextBoolean() ? step : -step);
        if (floor < 10 || floor > 245) {
            floor = 2 * wall - floor;   // the other side of the wall shade stays in range
        }
        return new Backdrop(rng.nextDouble(0.25, 0.8), Math.toRadians(rng.nextDouble(-4, 4)), wall, floor);
    }

    /** Paints wall, wall clutter, floor and floor clutter into a new opaque layer. */
    Layer paint(int size, RandomGenerator rng) {
        Layer layer = Layer.filled(size, wallShade);
        int items = rng.nextInt(1, 5);
        for (int k = 0; k < items; k++) {
            paintWallItem(layer, rng);
        }
        // The floor is a huge box whose top edge is the horizon; it hides whatever wall items reach below it.
        layer.paint(new RoundedBox(new Vec(0.5, horizon + 1.5), 2, 1.5, roll, 0), floorShade, Placement.FRAME);
        if (rng.nextDouble() < 0.5) {
            double height = rng.nextDouble(0.01, 0.04);
            layer.paint(new RoundedBox(new Vec(0.5, horizon - height / 2), 2, height / 2, roll, 0),
                    clutterShade(rng), Placement.FRAME);
        }
        if (rng.nextDouble() < 0.4) {
            int boards = rng.nextInt(2, 6);
            for (int k = 0; k < boards; k++) {
                double y = horizon + (1 - horizon) * (k + rng.nextDouble(0.3, 1)) / boards;
                double shade = floorShade + (rng.nextBoolean() ? 1 : -1) * rng.nextDouble(8, 20);
                layer.paint(new Capsule(new Vec(-0.5, y - roll), rng.nextDouble(0.003, 0.007),
                        new Vec(1.5, y + roll), 0.005), shade, Placement.FRAME);
            }
        }
        if (rng.nextDouble() < 0.3) {
            Vec center = new Vec(rng.nextDouble(), rng.nextDouble(horizon + 0.05, 1));
            double shade = floorShade + (rng.nextBoolean() ? 1 : -1) * rng.nextDouble(10, 35);
            Shape rug = rng.nextBoolean()
                    ? new Ellipse(center, rng.nextDouble(0.15, 0.45), rng.nextDouble(0.03, 0.1), roll)
                    : new RoundedBox(center, rng.nextDouble(0.15, 0.45), rng.nextDouble(0.03, 0.1), roll, 0.01);
            layer.paint(rug, shade, Placement.FRAME);
        }
        return layer;
    }

    /**
     * A shade for a dog or an object that stands out from wall, floor and the {@code avoid} shade (NaN for
     * none) when it can: darker or lighter than the background at random, so brightness alone never tells
     * what the subject is.
     */
    double contrastingShade(RandomGenerator rng, double avoid) {
        double best = 128;
        double bestGap = -1;
        for (int attempt = 0; attempt < 16; attempt++) {
            double shade = rng.nextDouble(10, 245);
            double gap = Math.min(Math.abs(shade - wallShade), Math.abs(shade - floorShade));
            if (!Double.isNaN(avoid)) {
                gap = Math.min(gap, Math.abs(shade - avoid));
            }
            if (gap >= MIN_CONTRAST) {
                return shade;
            }
            if (gap > bestGap) {
                best = shade;
                bestGap = gap;
            }
        }
        return best;
    }

    /** A picture or window, a shelf or cable, a clock or plate, or a door edge. */
    private void paintWallItem(Layer layer, RandomGenerator rng) {
        double shade = clutterShade(rng);
        switch (rng.nextInt(4)) {
            case 0 -> {
                Vec center = new Vec(rng.nextDouble(), rng.nextDouble(0.05, horizon));
                double halfWidth = rng.nextDouble(0.04, 0.2);
                double halfHeight = rng.nextDouble(0.04, 0.2);
                layer.paint(new RoundedBox(center, halfWidth, halfHeight, roll, 0), shade, Placement.FRAME);
                if (rng.nextDouble() < 0.5) {
                    double inset = rng.nextDouble(0.6, 0.85);
                    layer.paint(new RoundedBox(center, halfWidth * inset, halfHeight * inset, roll, 0),
                            clutterShade(rng), Placement.FRAME);
                }
            }
            case 1 -> {
                Vec start = new Vec(rng.nextDouble(-0.2, 1), rng.nextDouble(0, horizon + 0.1));
                double angle = rng.nextDouble() < 0.7 ? roll + rng.nextDouble(-0.15, 0.15) : rng.nextDouble(0, Math.PI);
                double radius = rng.nextDouble(0.004, 0.015);
                layer.paint(new Capsule(start, radius, start.plus(Vec.polar(rng.nextDouble(0.2, 0.8), angle)), radius),
                        shade, Placement.FRAME);
            }
            case 2 -> {
                double radius = rng.nextDouble(0.03, 0.12);
                Vec center = new Vec(rng.nextDouble(), rng.nextDouble(0, horizon + 0.1));
                layer.paint(new Ellipse(center, radius, radius * rng.nextDouble(0.6, 1), rng.nextDouble(0, Math.PI)),
                        shade, Placement.FRAME);
            }
            default -> {
                double halfWidth = rng.nextDouble(0.01, 0.12);
                Vec center = new Vec(rng.nextDouble(), horizon / 2 - 0.1);
                layer.paint(new RoundedBox(center, halfWidth, horizon / 2 + 0.1, roll, 0), shade, Placement.FRAME);
            }
        }
    }

    /** Clutter leans towards the wall shade so it never drowns the subject out. */
    private double clutterShade(RandomGenerator rng) {
        return wallShade + (rng.nextDouble(0, 255) - wallShade) * rng.nextDouble(0.3, 0.8);
    }
}
