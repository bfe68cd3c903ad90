package dev.pawscope.quantize.graph;

import java.util.Arrays;
import java.util.Objects;

/**
 * One op of a {@link Graph}, with tensor indices in TFLite's order: CONV_2D and
 * DEPTHWISE_CONV_2D take (input, filter, bias), FULLY_CONNECTED (input, weights, bias), RESHAPE
 * (input[, shape]); the rest one input. An optional input absent is -1.
 */
public record Operator(OpType type, int[] inputs, int[] outputs, OpOptions options) {

    public Operator {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(options, "options");
        inputs = inputs.clone();
        outputs = outputs.clone();
    }

    @Override
    public int[] inputs() {
        return inputs.clone();
    }

    @Override
    public int[] outputs() {
        return outputs.clone();
    }

    public int input(int i) {
        return i < inputs.length ? inputs[i] : -1;
    }

    public int output() {
        return outputs[0];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Operator op && type == op.type && Arrays.equals(inputs, op.inputs)
                && Arrays.equals(outputs, op.outputs) && options.equals(op.options);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, Arrays.hashCode(inputs), Arrays.hashCode(outputs), options);
    }

    @Override
    public String toString() {
        return type + " in=" + Arrays.toString(inputs) + " out=" + Arrays.toString(outputs) + " " + options;
    }
}
