package dev.pawscope.quantize.gradient;

import dev.pawscope.quantize.graph.FusedActivation;
import dev.pawscope.quantize.kernels.SoftmaxFloat;

/**
 * SOFTMAX over the last axis, {@code p = softmax(beta * x)} per row, computed by the interpreter's
 * own {@link SoftmaxFloat}; the gradient is {@code dx = beta * p * (dp - <dp, p>)}. A classifier's
 * log-probability skips this step (see {@link GradientEngine#logProbabilityGradient}).
 */
final class SoftmaxStep implements Step {

    private final int input;
    private final int output;
    private final float beta;
    private final int depth;

    SoftmaxStep(int input, int output, float beta, int depth) {
        this.input = input;
        this.output = output;
        this.beta = beta;
        this.depth = depth;
    }

    float beta() {
        return beta;
    }

    int depth() {
        return depth;
    }

    @Override
    public int input() {
        return input;
    }

    @Override
    public int output() {
        return output;
    }

    @Override
    public FusedActivation activation() {
        return FusedActivation.NONE;
    }

    @Override
    public void forward(float[] x, float[] y) {
        SoftmaxFloat.run(beta, x.length / depth, depth, x, y);
    }

    @Override
    public void backward(float[] x, float[] p, float[] dz, float[] dx) {
        for (int base = 0; base < p.length; base += depth) {
            double dot = 0;
            for (int c = 0; c < depth; c++) {
                dot += (double) dz[base + c] * p[base + c];
            }
            for (int c = 0; c < depth; c++) {
                dx[base + c] += (float) (beta * p[base + c] * (dz[base + c] - dot));
            }
        }
    }
}
