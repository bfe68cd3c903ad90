package dev.pawscope.quantize.gradient;

import dev.pawscope.quantize.graph.FusedActivation;

/**
 * One prepared float32 op of a {@link GradientEngine}: a forward kernel and its vector-Jacobian
 * product with respect to its one activation input (weights are constants here, so their
 * gradients are never formed). Immutable.
 */
interface Step {

    /** The op's activation input tensor. */
    int input();

    /** The op's output tensor. */
    int output();

    /** The activation fused into the op; the engine masks the output gradient with its derivative. */
    FusedActivation activation();

    /** Computes {@code y} (fresh, zeroed, of the output's size) from {@code x}, fused activation included. */
    void forward(float[] x, float[] y);

    /**
     * Adds {@code dL/dx} to {@code dx}, given the forward values {@code x}, {@code y} and the
     * gradient {@code dz} with respect to the op's output before its fused activation (already
     * masked by the engine).
     */
    void backward(float[] x, float[] y, float[] dz, float[] dx);
}
