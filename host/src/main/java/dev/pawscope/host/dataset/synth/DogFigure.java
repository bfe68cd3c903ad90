package dev.pawscope.host.dataset.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Draws a dog in one posture from a breed's proportions: side view, facing +x, paws on y = 0, in units of
 * torso length. Far-side limbs go first in the shadow tone so the near ones read as in front of them.
 * Only the posture methods differ between classes; breed, head, tail and markings are shared.
 */
final class DogFigure {

    private final DogBreed breed;
    private final RandomGenerator rng;
    private final List<Part> parts = new ArrayList<>();
    private final double halfDepth;
    private final double legRadius;

    private DogFigure(DogBreed breed, RandomGenerator rng) {
        this.breed = breed;
        this.rng = rng;
        this.halfDepth = breed.torsoDepth() / 2;
        this.legRadius = breed.legRadius();
    }

    static Figure build(DogBreed breed, Posture posture, RandomGenerator rng) {
        DogFigure dog = new DogFigure(breed, rng);
        switch (posture) {
            case STAND -> dog.stand();
            case SIT -> dog.sit();
            case LIE_DOWN -> dog.lieDown();
        }
        return Figure.of(dog.parts);
    }

    /** Horizontal torso held well above the floor on four near-vertical legs, head up at the front. */
    private void stand() {
        double tilt = degrees(-4, 4);
        Vec axis = Vec.polar(1, tilt);
        Vec up = Vec.polar(1, tilt + Math.PI / 2);
        Vec center = new Vec(0, breed.legLength() + halfDepth);
        Vec shoulder = at(center, axis, 0.3, up, -0.4 * halfDepth);
        Vec hip = at(center, axis, -0.3, up, -0.1 * halfDepth);
        double stride = rng.nextDouble(-0.07, 0.07);   // near and far legs apart, as in a walk
        double lean = rng.nextDouble(-0.04, 0.04);
        straightLeg(shoulder.plus(stride, 0), lean, Tone.SHADOW);
        hindLeg(hip.plus(-stride, 0), lean, Tone.SHADOW);
        tail(at(center, axis, -0.46, up, 0.45 * halfDepth), degrees(215, 250));
        torso(center, 0.5, halfDepth, tilt);
        straightLeg(shoulder, lean, Tone.BASE);
        hindLeg(hip, lean, Tone.BASE);
        head(at(center, axis, 0.38, up, 0.35 * halfDepth), degrees(45, 78), breed.neckLength(), degrees(-28, -2));
        markings(center, tilt, 0.5, halfDepth);
    }

    /** Torso tilted steeply with the rear on the floor, front legs straight, hind legs folded, head high. */
    private void sit() {
        // Long-legged dogs sit more upright; the raised torso is foreshortened a little.
        double legShare = (breed.legLength() - 0.32) / 0.30;
        double tilt = Math.toRadians(40 + 15 * legShare + rng.nextDouble(0, 15));
        double half = 0.5 * rng.nextDouble(0.8, 0.92);
        Vec axis = Vec.polar(1, tilt);
        Vec up = Vec.polar(1, tilt + Math.PI / 2);
        double haunchRadius = halfDepth * rng.nextDouble(1.2, 1.45);
        Vec haunch = new Vec(-0.12, haunchRadius * 0.92);
        Vec rear = haunch.plus(-0.04, haunchRadius * 0.25);
        Vec center = rear.plus(axis.times(half));
        Vec shoulder = at(center, axis, 0.55 * half, up, -0.45 * halfDepth);
        double lean = rng.nextDouble(-0.02, 0.05);
        straightLeg(shoulder.plus(-0.05, 0), lean, Tone.SHADOW);
        foldedHindLeg(haunch, haunchRadius, 0.05, Tone.SHADOW);
        tail(rear.plus(-0.03, 0), degrees(185, 200));
        torso(center, half, halfDepth, tilt);
        parts.add(Part.over(new Ellipse(haunch, haunchRadius * 1.15, haunchRadius * 0.92, degrees(-10, 15)), Tone.BASE));
        foldedHindLeg(haunch, haunchRadius, 0, Tone.BASE);
        straightLeg(shoulder, lean, Tone.BASE);
        head(at(center, axis, 0.78 * half, up, 0.3 * halfDepth), degrees(68, 100), breed.neckLength(), degrees(-22, 5));
        markings(center, tilt, half, halfDepth);
    }

    /** Torso low and flat on the floor, legs folded or stretched forward, head resting or raised. */
    private void lieDown() {
        double depth = halfDepth * rng.nextDouble(0.88, 1.0);   // a little flattened against the floor
        double tilt = degrees(0, 7);   // chest held a little higher than the rump
        Vec axis = Vec.polar(1, tilt);
        Vec up = Vec.polar(1, tilt + Math.PI / 2);
        double belly = Math.hypot(0.5 * Math.sin(tilt), depth * Math.cos(tilt));
        Vec center = new Vec(0, belly * 0.97);
        double haunchRadius = depth * rng.nextDouble(1.15, 1.4);
        Vec haunch = new Vec(-0.24, haunchRadius * 0.9);
        boolean pawsForward = rng.nextDouble() < 0.65;
        double reach = breed.legLength() * rng.nextDouble(0.65, 0.95) + 0.05;
        Vec elbow = new Vec(0.3, legRadius * 1.2);
        if (pawsForward) {
            forwardLeg(elbow.plus(0.05, 0), reach * 0.9, Tone.SHADOW);
        }
        tail(at(center, axis, -0.46, up, 0.3 * depth), degrees(185, 200));
        torso(center, 0.5, depth, tilt);
        parts.add(Part.over(new Ellipse(haunch, haunchRadius * 1.1, haunchRadius * 0.9, degrees(-12, 0)), Tone.BASE));
        foldedHindLeg(haunch, haunchRadius, 0, Tone.BASE);
        if (pawsForward) {
            forwardLeg(elbow, reach, Tone.BASE);
        } else {
            paw(new Vec(0.4, pawHeight()), Tone.BASE);   // tucked under the chest, only the toes show
        }
        if (rng.nextDouble() < 0.3) {
            double chin = pawsForward ? legRadius * 1.6 : 0;   // resting on the paws or on the floor
            double r = breed.headRadius();
            Vec skull = new Vec(0.5 + r * 0.6 + breed.neckLength() * 0.4, r * 0.9 + chin);
            headAt(at(center, axis, 0.35, up, 0.2 * depth), skull, degrees(-6, 4));
        } else {
            head(at(center, axis, 0.38, up, 0.6 * depth), degrees(50, 85), breed.neckLength() * 1.15, degrees(-20, 0));
        }
        markings(center, tilt, 0.5, depth);
    }

    /** Torso ellipse with a chest at the front and a rump at the back, all along {@code angle}. */
    private void torso(Vec center, double half, double depth, double angle) {
        Vec axis = Vec.polar(1, angle);
        Vec up = Vec.polar(1, angle + Math.PI / 2);
        parts.add(Part.over(new Ellipse(center, half, depth, angle), Tone.BASE));
        parts.add(Part.over(new Ellipse(at(center, axis, 0.42 * half, up, -0.1 * depth),
                0.55 * half, depth * breed.chestDepth(), angle), Tone.BASE));
        parts.add(Part.over(new Ellipse(at(center, axis, -0.6 * half, up, 0.05 * depth),
                0.42 * half, depth * 0.95, angle), Tone.BASE));
    }

    private void straightLeg(Vec shoulder, double lean, Tone tone) {
        Vec foot = new Vec(shoulder.x() + lean, pawHeight());
        Vec elbow = new Vec(shoulder.x() + 0.6 * lean + 0.015, shoulder.y() * 0.6 + foot.y() * 0.4);
        chain(tone, new double[] {legRadius * 1.45, legRadius * 1.05, legRadius * 0.85}, shoulder, elbow, foot);
        paw(foot, tone);
    }

    /** Thick thigh forward to the stifle, back to the hock, then straight down: the dog's dog-leg. */
    private void hindLeg(Vec hip, double lean, Tone tone) {
        double length = breed.legLength();
        Vec stifle = new Vec(hip.x() + 0.05, length * 0.62);
        Vec hock = new Vec(hip.x() - 0.08, length * 0.27);
        Vec foot = new Vec(hip.x() - 0.02 + lean, pawHeight());
        chain(tone, new double[] {legRadius * 2.3, legRadius * 1.4, legRadius * 0.95, legRadius * 0.85},
                hip, stifle, hock, foot);
        paw(foot, tone);
    }

    /** Hock on the floor behind the haunch, foot forward under it: a sitting or lying hind leg. */
    private void foldedHindLeg(Vec haunch, double haunchRadius, double shift, Tone tone) {
        Vec hock = new Vec(haunch.x() - haunchRadius * 0.8 + shift, legRadius);
        Vec foot = new Vec(haunch.x() + haunchRadius * 0.8 + shift, pawHeight());
        chain(tone, new double[] {legRadius * 1.05, legRadius * 0.85}, hock, foot);
        paw(foot, tone);
    }

    /** A front leg stretched forward along the floor. */
    private void forwardLeg(Vec elbow, double reach, Tone tone) {
        Vec foot = new Vec(elbow.x() + reach, pawHeight());
        chain(tone, new double[] {legRadius * 1.3, legRadius * 0.85}, elbow, foot);
        paw(foot, tone);
    }

    private void paw(Vec foot, Tone tone) {
        parts.add(Part.over(new Ellipse(new Vec(foot.x() + legRadius * 0.8, pawHeight()),
                legRadius * 1.6, legRadius * 0.8, 0), tone));
    }

    private double pawHeight() {
        return legRadius * 0.8;
    }

    private void head(Vec neckBase, double neckAngle, double neckLength, double snoutAngle) {
        Vec skull = neckBase.plus(Vec.polar(neckLength + breed.headRadius() * 0.4, neckAngle));
        headAt(neckBase, skull, snoutAngle);
    }

    /** Neck, skull, muzzle, nose, ears and eye; the head is tilted by the muzzle's angle. */
    private void headAt(Vec neckBase, Vec skull, double snoutAngle) {
        double r = breed.headRadius();
        Tone earTone = rng.nextDouble() < 0.35 ? Tone.MARKING : Tone.BASE;
        parts.add(Part.over(new Capsule(neckBase, halfDepth * 0.8, skull, r * 0.75), Tone.BASE));
        if (breed.ears() == DogBreed.Ears.POINTY) {
            Vec root = skull.plus(new Vec(-0.25 * r, 0.55 * r).rotated(snoutAngle));
            Vec tip = root.plus(Vec.polar(breed.earLength() * r, snoutAngle + degrees(95, 120)));
            parts.add(Part.over(new Capsule(root, r * 0.4, tip, r * 0.07), earTone));
        }
        parts.add(Part.over(new Ellipse(skull, r * 1.05, r * 0.92, snoutAngle * 0.5), Tone.BASE));
        Vec forward = Vec.polar(1, snoutAngle);
        Vec tip = skull.plus(forward.times(r * 0.6 + breed.snoutLength()));
        double muzzle = r * breed.snoutThickness();
        parts.add(Part.over(new Capsule(skull.plus(forward.times(r * 0.2)), muzzle, tip, muzzle * 0.62), Tone.BASE));
        parts.add(Part.over(Ellipse.circle(tip.plus(new Vec(muzzle * 0.1, muzzle * 0.15).rotated(snoutAngle)),
                muzzle * 0.45), Tone.DARK));
        if (breed.ears() == DogBreed.Ears.FLOPPY) {
            Vec hang = skull.plus(new Vec(-0.4 * r, -0.1 * r).rotated(snoutAngle));
            parts.add(Part.over(new Ellipse(hang, r * 0.34, breed.earLength() * r * 0.5,
                    snoutAngle + degrees(-15, 20)), earTone));
        }
        parts.add(Part.atop(Ellipse.circle(skull.plus(new Vec(0.35 * r, 0.3 * r).rotated(snoutAngle)), r * 0.15), Tone.DARK));
    }

    /** Up, hanging (resting on the floor if it reaches it) or curled over the back. */
    private void tail(Vec base, double hangAngle) {
        double length = breed.tailLength();
        double radius = breed.tailRadius();
        List<Vec> joints = new ArrayList<>();
        joints.add(base);
        if (breed.tail() == DogBreed.Tail.CURLED) {
            // A ring that leaves the base straight up and curls forward over the back.
            double ring = length * 0.3;
            Vec hub = base.plus(ring, 0);
            for (int k = 1; k <= 5; k++) {
                joints.add(hub.plus(Vec.polar(ring, Math.PI - k * Math.toRadians(40))));
            }
        } else {
            boolean up = breed.tail() == DogBreed.Tail.UP;
            double angle = up ? degrees(105, 150) : hangAngle;
            double bend = up ? degrees(5, 25) : degrees(-15, 15);
            Vec joint = base;
            for (int k = 0; k < 3; k++) {
                joint = joint.plus(Vec.polar(length / 3, angle + k * bend));
                joints.add(joint);
            }
        }
        double[] radii = new double[joints.size()];
        for (int k = 0; k < radii.length; k++) {
            radii[k] = radius * (1 - 0.6 * k / (radii.length - 1));
            Vec joint = joints.get(k);
            if (joint.y() < radii[k]) {
                joints.set(k, new Vec(joint.x(), radii[k]));   // lies on the floor rather than through it
            }
        }
        chain(Tone.BASE, radii, joints.toArray(Vec[]::new));
    }

    /** A saddle over the back and a bib on the chest, each only sometimes, recolouring the fur. */
    private void markings(Vec center, double angle, double half, double depth) {
        Vec axis = Vec.polar(1, angle);
        Vec up = Vec.polar(1, angle + Math.PI / 2);
        if (rng.nextDouble() < 0.3) {
            parts.add(Part.atop(new Ellipse(at(center, axis, -0.1, up, 0.75 * depth), 0.6 * half, 0.55 * depth, angle),
                    Tone.MARKING));
        }
        if (rng.nextDouble() < 0.3) {
            parts.add(Part.atop(new Ellipse(at(center, axis, 0.8 * half, up, -0.3 * depth), 0.3 * half, 0.7 * depth, angle),
                    Tone.MARKING));
        }
    }

    /** Tapered capsules through the joints, radius {@code radii[k]} at joint k. */
    private void chain(Tone tone, double[] radii, Vec... joints) {
        for (int k = 0; k + 1 < joints.length; k++) {
            parts.add(Part.over(new Capsule(joints[k], radii[k], joints[k + 1], radii[k + 1]), tone));
        }
    }

    private static Vec at(Vec origin, Vec axis, double along, Vec up, double across) {
        return origin.plus(axis.times(along)).plus(up.times(across));
    }

    private double degrees(double low, double high) {
        return Math.toRadians(rng.nextDouble(low, high));
    }
}
