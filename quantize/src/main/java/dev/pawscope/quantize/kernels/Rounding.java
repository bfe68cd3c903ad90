package dev.pawscope.quantize.kernels;

/** C's {@code std::round} (ties away from zero), which TFLite's {@code TfLiteRound} is. */
public final class Rounding {

    private Rounding() {}

    /**
     * Exact for every float: the sum {@code |x| + 0.5} is computed in double, where it cannot
     * round (a float has 24 significant bits, a double 53), so 0.49999997f rounds to 0 as in C.
     */
    public static double roundHalfAwayFromZero(float x) {
        double magnitude = Math.floor(Math.abs((double) x) + 0.5);
        return x < 0 ? -magnitude : magnitude;
    }

    /** The same for doubles, via {@link Math#round}'s exact floor semantics on the magnitude. */
    public static double roundHalfAwayFromZero(double x) {
        double magnitude = Math.abs(x);
        double floor = Math.floor(magnitude);
        double rounded = magnitude - floor >= 0.5 ? floor + 1 : floor;
        return x < 0 ? -rounded : rounded;
    }
}
