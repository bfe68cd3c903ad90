package dev.pawscope.host.dataset.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Things that are not dogs. Every class gets some of them as clutter; {@code no_dog} also gets one of dog size
 * where the dog would be, so "a big blob is present" never tells the classes apart. Chairs and tables have
 * four legs and cushions are long and flat on purpose: only a dog's shape should make a dog.
 * Figures are about one unit wide, resting on y = 0.
 */
enum Distractor {
    BALL(0.29, 0.49),
    BOX(0.28, 0.5),
    CHAIR(0.4, 0.65),
    TABLE(0.55, 0.9),
    BOWL(0.4, 0.7),
    PLANT(0.3, 0.48),
    BLOB(0.35, 0.65),
    CUSHION(0.5, 0.82),
    BAG(0.25, 0.42);

    private final double minWidth;
    private final double maxWidth;

    /** The width range, as a share of the frame, in which it roughly matches a dog's area. */
    Distractor(double minWidth, double maxWidth) {
        this.minWidth = minWidth;
        this.maxWidth = maxWidth;
    }

    static Distractor random(RandomGenerator rng) {
        return values()[rng.nextInt(values().length)];
    }

    /** A frame-width share at which this object stands in for a dog. */
    double standInWidth(RandomGenerator rng) {
        return rng.nextDouble(minWidth, maxWidth);
    }

    Figure build(RandomGenerator rng) {
        List<Part> parts = new ArrayList<>();
        switch (this) {
            case BALL -> ball(parts, rng);
            case BOX -> box(parts, rng);
            case CHAIR -> chair(parts, rng);
            case TABLE -> table(parts, rng);
            case BOWL -> bowl(parts, rng);
            case PLANT -> plant(parts, rng);
            case BLOB -> blob(parts, rng);
            case CUSHION -> cushion(parts, rng);
            case BAG -> bag(parts, rng);
        }
        return Figure.of(parts);
    }

    private static void ball(List<Part> parts, RandomGenerator rng) {
        Vec center = new Vec(0, 0.5);
        parts.add(Part.over(Ellipse.circle(center, 0.5), Tone.BASE));
        if (rng.nextBoolean()) {
            parts.add(Part.atop(new Ellipse(center, 0.5, rng.nextDouble(0.07, 0.12), rng.nextDouble(0, Math.PI)), Tone.MARKING));
        }
    }

    private static void box(List<Part> parts, RandomGenerator rng) {
        double height = rng.nextDouble(0.45, 1.1);
        parts.add(Part.over(RoundedBox.standing(0, 0, 1, height, rng.nextDouble(0, 0.04)), Tone.BASE));
        if (rng.nextDouble() < 0.6) {
            parts.add(Part.atop(RoundedBox.standing(0, height - 0.08, 1, 0.08, 0), Tone.MARKING));
        }
        if (rng.nextDouble() < 0.4) {
            parts.add(Part.atop(RoundedBox.standing(rng.nextDouble(-0.2, 0.2), 0, 0.1, height, 0), Tone.MARKING));
        }
    }

    /** Side view: four legs, a seat and a backrest at the rear. */
    private static void chair(List<Part> parts, RandomGenerator rng) {
        double seat = rng.nextDouble(0.85, 1.1);
        double back = rng.nextDouble(0.6, 1.0);
        double leg = rng.nextDouble(0.05, 0.09);
        double depth = rng.nextDouble(0.04, 0.1);   // far legs peek out beside the near ones
        fourLegs(parts, 0.44, seat, leg, depth);
        parts.add(Part.over(RoundedBox.standing(0, seat - 0.08, 1, 0.08, 0.02), Tone.BASE));
        parts.add(Part.over(RoundedBox.standing(-0.46, seat, 0.08, back, 0.02), Tone.BASE));
        parts.add(Part.over(RoundedBox.standing(-0.44, seat + back * 0.45, 0.12, back * 0.5, 0.02), Tone.BASE));
        if (rng.nextDouble() < 0.4) {
            parts.add(Part.over(RoundedBox.standing(0, seat * 0.3, 0.9, 0.04, 0), Tone.BASE));
        }
    }

    private static void table(List<Part> parts, RandomGenerator rng) {
        double height = rng.nextDouble(0.45, 0.75);
        double top = rng.nextDouble(0.05, 0.08);
        fourLegs(parts, 0.44, height, rng.nextDouble(0.04, 0.07), rng.nextDouble(0.04, 0.1));
        parts.add(Part.over(RoundedBox.standing(0, height - top, 1, top, 0.01), Tone.BASE));
        if (rng.nextBoolean()) {
            parts.add(Part.over(RoundedBox.standing(0, height - top - 0.08, 0.8, 0.08, 0), Tone.MARKING));
        }
    }

    private static void fourLegs(List<Part> parts, double offset, double height, double thickness, double depth) {
        for (double x : new double[] {-offset + depth, offset - depth}) {
            parts.add(Part.over(RoundedBox.standing(x, 0, thickness, height, 0), Tone.SHADOW));
        }
        for (double x : new double[] {-offset, offset}) {
            parts.add(Part.over(RoundedBox.standing(x, 0, thickness, height, 0), Tone.BASE));
        }
    }

    private static void bowl(List<Part> parts, RandomGenerator rng) {
        parts.add(Part.over(new Ellipse(new Vec(0, 0.16), 0.45, 0.16, 0), Tone.BASE));
        parts.add(Part.over(RoundedBox.standing(0, 0.2, 1, 0.07, 0.03), Tone.BASE));
        if (rng.nextBoolean()) {
            parts.add(Part.over(new Ellipse(new Vec(0, 0.28), 0.35, rng.nextDouble(0.04, 0.1), 0), Tone.MARKING));
        }
    }

    /** A pot with a fan of leaves. */
    private static void plant(List<Part> parts, RandomGenerator rng) {
        double potHeight = rng.nextDouble(0.3, 0.5);
        parts.add(Part.over(RoundedBox.standing(0, 0, rng.nextDouble(0.35, 0.5), potHeight, 0.02), Tone.MARKING));
        int leaves = rng.nextInt(4, 9);
        Vec root = new Vec(0, potHeight);
        for (int k = 0; k < leaves; k++) {
            double angle = Math.toRadians(rng.nextDouble(25, 155));
            double length = rng.nextDouble(0.3, 0.6);
            parts.add(Part.over(new Ellipse(root.plus(Vec.polar(length / 2, angle)), length / 2,
                    length * rng.nextDouble(0.1, 0.2), angle), Tone.BASE));
        }
    }

    /**
     * A heap: laundry, a bag of food, a sleeping-bag lump. A dome, highest in the middle, with lumps and folds
     * inside its outline: a heap whose lumps stuck out at one end would be a lying dog's body and raised head,
     * a label nobody could tell at this resolution.
     */
    private static void blob(List<Part> parts, RandomGenerator rng) {
        double height = rng.nextDouble(0.45, 0.8);   // of a width of 1
        parts.add(Part.over(new Ellipse(new Vec(0, height / 2), 0.5, height / 2, 0), Tone.BASE));
        parts.add(Part.over(RoundedBox.standing(0, 0, rng.nextDouble(0.7, 0.95), height * 0.4, height * 0.1), Tone.BASE));
        int lumps = rng.nextInt(2, 6);
        for (int k = 0; k < lumps; k++) {
            double rx = rng.nextDouble(0.1, 0.22);
            double ry = rng.nextDouble(0.08, 0.2) * height / 0.6;
            double cx = rng.nextDouble(-0.45 + rx, 0.45 - rx);
            // the dome's top above the lump's outer flank, so the lump stays inside the outline
            double edge = Math.min(1, (Math.abs(cx) + 0.7 * rx) / 0.5);
            double top = height / 2 + height / 2 * Math.sqrt(1 - edge * edge);
            double cy = Math.max(ry, top - ry - rng.nextDouble(0, 0.15));
            Tone tone = k == 0 && rng.nextBoolean() ? Tone.MARKING : Tone.SHADOW;
            parts.add(Part.atop(new Ellipse(new Vec(cx, cy), rx, Math.min(ry, top - cy), Math.toRadians(rng.nextDouble(-30, 30))), tone));
        }
    }

    /** A flat cushion or a dog bed with raised ends: long and low like a lying dog, but headless. */
    private static void cushion(List<Part> parts, RandomGenerator rng) {
        double height = rng.nextDouble(0.16, 0.35);
        parts.add(Part.over(RoundedBox.standing(0, 0, 1, height, height * 0.45), Tone.BASE));
        if (rng.nextBoolean()) {
            for (double x : new double[] {-0.4, 0.4}) {
                parts.add(Part.over(new Ellipse(new Vec(x, height * 0.9), 0.1, height * 0.7, 0), Tone.BASE));
            }
        }
        if (rng.nextDouble() < 0.3) {
            parts.add(Part.atop(RoundedBox.standing(0, height * 0.4, 1, height * 0.2, 0), Tone.MARKING));
        }
    }

    private static void bag(List<Part> parts, RandomGenerator rng) {
        double height = rng.nextDouble(0.6, 0.9);
        parts.add(Part.over(RoundedBox.standing(0, 0, 0.8, height, 0.15), Tone.BASE));
        Vec[] handle = {new Vec(-0.25, height - 0.05), new Vec(-0.15, height + 0.22),
                        new Vec(0.15, height + 0.22), new Vec(0.25, height - 0.05)};
        for (int k = 0; k + 1 < handle.length; k++) {
            parts.add(Part.over(new Capsule(handle[k], 0.03, handle[k + 1], 0.03), Tone.BASE));
        }
        if (rng.nextBoolean()) {
            parts.add(Part.atop(RoundedBox.standing(0, height * 0.15, 0.5, height * 0.35, 0.05), Tone.MARKING));
        }
    }
}
