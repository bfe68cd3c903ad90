package dev.pawscope.quantize.gradient;

import dev.pawscope.quantize.graph.FusedActivation;

/** RESHAPE: the same values in the same (row-major) order, so the gradient passes straight through. */
final class ReshapeStep implements Step {

    private final int input;
    private final int output;

    ReshapeStep(int input, int output) {
        this.input = input;
        this.output = output;
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
        System.arraycopy(x, 0, y, 0, x.length);
    }

    @Override
    public void backward(float[] x, float[] y, float[] dz, float[] dx) {
        for (int i = 0; i < dz.length; i++) {
            dx[i] += dz[i];
        }
    }
}
