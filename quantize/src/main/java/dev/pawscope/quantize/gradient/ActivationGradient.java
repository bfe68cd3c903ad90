package dev.pawscope.quantize.gradient;

import dev.pawscope.quantize.graph.FusedActivation;

/**
 * The derivative of a fused activation, applied to a gradient in place, read off the activation's
 * output y. A clamp passes gradient only strictly inside its range, so ReLU's derivative at 0 is 0
 * (as DL4J and TensorFlow take it) and ReLU6 passes it only for {@code 0 < y < 6}.
 */
final class ActivationGradient {

    private ActivationGradient() {}

    static void mask(FusedActivation activation, float[] y, float[] gradient) {
        if (activation == FusedActivation.NONE) {
            return;
        }
        float lower = activation.lower();
        float upper = activation.upper();
        for (int i = 0; i < gradient.length; i++) {
            float v = y[i];
            gradient[i] = v > lower && v < upper ? gradient[i] : 0f;
        }
    }

    /** Applies the activation to {@code values[from, from + n)}. */
    static void apply(FusedActivation activation, float[] values, int from, int n) {
        if (activation == FusedActivation.NONE) {
            return;
        }
        float lower = activation.lower();
        float upper = activation.upper();
        for (int i = from; i < from + n; i++) {
            values[i] = Math.min(Math.max(values[i], lower), upper);
        }
    }
}
