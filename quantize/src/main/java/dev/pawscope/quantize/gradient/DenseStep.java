package dev.pawscope.quantize.gradient;

import dev.pawscope.quantize.graph.FusedActivation;

/**
 * FULLY_CONNECTED (weights {@code [outputs, depth]}, input read as {@code [batches, depth]}) and
 * its input gradient, which runs over contiguous weight rows ({@code dx[i] += w[o][i] * dz[o]}).
 */
final class DenseStep implements Step {

    private final int input;
    private final int output;
    private final FusedActivation activation;
    private final int depth;
    private final int outputs;
    private final float[] weights;
    private final float[] bias;

    DenseStep(int input, int output, FusedActivation activation, int depth, int outputs, float[] weights,
            float[] bias) {
        this.input = input;
        this.output = output;
        this.activation = activation;
        this.depth = depth;
        this.outputs = outputs;
        this.weights = weights.clone();
        this.bias = bias == null ? new float[outputs] : bias.clone();
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
        return activation;
    }

    @Override
    public void forward(float[] x, float[] y) {
        int batches = x.length / depth;
        for (int b = 0; b < batches; b++) {
            for (int o = 0; o < outputs; o++) {
                float total = 0f;
                int wBase = o * depth;
                int xBase = b * depth;
                for (int i = 0; i < depth; i++) {
                    total += weights[wBase + i] * x[xBase + i];
                }
                y[b * outputs + o] = total + bias[o];
            }
            ActivationGradient.apply(activation, y, b * outputs, outputs);
        }
    }

    @Override
    public void backward(float[] x, float[] y, float[] dz, float[] dx) {
        int batches = x.length / depth;
        for (int b = 0; b < batches; b++) {
            for (int o = 0; o < outputs; o++) {
                float d = dz[b * outputs + o];
                if (d == 0f) {
                    continue;
                }
                int wBase = o * depth;
                int xBase = b * depth;
                for (int i = 0; i < depth; i++) {
                    dx[xBase + i] += weights[wBase + i] * d;
                }
            }
        }
    }
}
