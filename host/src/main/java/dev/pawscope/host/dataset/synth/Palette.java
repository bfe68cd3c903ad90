package dev.pawscope.host.dataset.synth;

import java.util.random.RandomGenerator;

/** The gray levels (0..255) that a figure's tones are painted in. */
record Palette(double base, double shadow, double marking, double dark) {

    /** A palette around a base shade; the marking always moves towards mid-gray so it stays visible. */
    static Palette around(double base, RandomGenerator rng) {
        double shadow = base * rng.nextDouble(0.78, 0.9);
        double step = rng.nextDouble(35, 80);
        double marking = base > 128 ? base - step : base + step;
        double dark = Math.min(base * 0.35, 35);
        return new Palette(base, shadow, marking, dark);
    }

    double shadeOf(Tone tone) {
        return switch (tone) {
            case BASE -> base;
            case SHADOW -> shadow;
            case MARKING -> marking;
            case DARK -> dark;
        };
    }
}
