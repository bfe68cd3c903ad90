package dev.pawscope.host.dataset.synth;

import java.util.random.RandomGenerator;

/**
 * The proportions of one procedurally drawn dog, in units of its torso length. Drawn independently of the
 * posture, so a breed never hints at the class.
 *
 * @param torsoDepth     height of the torso ellipse
 * @param legLength      ground to belly when standing
 * @param legRadius      leg half-thickness at the paw
 * @param chestDepth     chest height relative to the torso (deep-chested breeds > 1)
 * @param neckLength     neck base to head centre
 * @param headRadius     skull radius
 * @param snoutLength    how far the muzzle reaches past the skull
 * @param snoutThickness muzzle radius at its root relative to the skull
 * @param earLength      relative to the skull radius
 * @param tailLength     base to tip
 * @param tailRadius     at the base
 */
record DogBreed(double torsoDepth, double legLength, double legRadius, double chestDepth, double neckLength,
                double headRadius, double snoutLength, double snoutThickness, Ears ears, double earLength,
                Tail tail, double tailLength, double tailRadius) {

    enum Ears { FLOPPY, POINTY }

    enum Tail { UP, DOWN, CURLED }

    static DogBreed sample(RandomGenerator rng) {
        // One "build" value makes chunky dogs chunky all over rather than thick-legged greyhounds.
        double build = rng.nextDouble();
        double torsoDepth = 0.27 + 0.15 * build + rng.nextDouble(-0.02, 0.02);
        double legLength = rng.nextDouble(0.32, 0.62);
        double legRadius = 0.034 + 0.026 * build;
        double chestDepth = rng.nextDouble(1.0, 1.2);
        double neckLength = rng.nextDouble(0.12, 0.26);
        double headRadius = rng.nextDouble(0.11, 0.16) + 0.02 * build;
        double snoutLength = rng.nextDouble(0.06, 0.24);
        double snoutThickness = rng.nextDouble(0.5, 0.72);
        Ears ears = rng.nextBoolean() ? Ears.FLOPPY : Ears.POINTY;
        double earLength = ears == Ears.FLOPPY ? rng.nextDouble(1.0, 1.5) : rng.nextDouble(0.7, 1.1);
        Tail tail = Tail.values()[rng.nextInt(Tail.values().length)];
        double tailLength = rng.nextDouble(0.2, 0.45);
        double tailRadius = rng.nextDouble(0.025, 0.045) + 0.01 * build;
        return new DogBreed(torsoDepth, legLength, legRadius, chestDepth, neckLength, headRadius, snoutLength,
                snoutThickness, ears, earLength, tail, tailLength, tailRadius);
    }
}
