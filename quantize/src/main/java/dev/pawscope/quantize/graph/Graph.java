package dev.pawscope.quantize.graph;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A model as TFLite's single subgraph sees it: tensors, ops in execution order, graph inputs and
 * outputs (tensor indices). Float32 graphs describe the float twin; int8 graphs what the board runs.
 *
 * @param description free text stored in the .tflite (who made it, from which model)
 */
public record Graph(List<Tensor> tensors, List<Operator> operators, int[] inputs, int[] outputs,
        String description) {

    public Graph {
        tensors = List.copyOf(tensors);
        operators = List.copyOf(operators);
        inputs = inputs.clone();
        outputs = outputs.clone();
        description = Objects.requireNonNullElse(description, "");
        for (int index : inputs) {
            checkIndex(tensors, index, "graph input");
        }
        for (int index : outputs) {
            checkIndex(tensors, index, "graph output");
        }
        for (int i = 0; i < operators.size(); i++) {
            Operator op = operators.get(i);
            for (int index : op.inputs()) {
                if (index != -1) {
                    checkIndex(tensors, index, "input of op " + i + " (" + op.type() + ")");
                }
            }
            for (int index : op.outputs()) {
                checkIndex(tensors, index, "output of op " + i + " (" + op.type() + ")");
            }
        }
    }

    private static void checkIndex(List<Tensor> tensors, int index, String what) {
        if (index < 0 || index >= tensors.size()) {
            throw new IllegalArgumentException(what + " refers to tensor " + index + ", expected 0.."
                    + (tensors.size() - 1));
        }
    }

    public Tensor tensor(int index) {
        return tensors.get(index);
    }

    public Tensor inputTensor() {
        return tensors.get(inputs[0]);
    }

    public Tensor outputTensor() {
        return tensors.get(outputs[0]);
    }

    @Override
    public int[] inputs() {
        return inputs.clone();
    }

    @Override
    public int[] outputs() {
        return outputs.clone();
    }

    /** The same graph with other output tensors (e.g. every op's output, to read them all). */
    public Graph withOutputs(int[] newOutputs) {
        return new Graph(tensors, operators, inputs, newOutputs, description);
    }

    /** The output tensor index of every op, in execution order. */
    public int[] opOutputs() {
        return operators.stream().mapToInt(Operator::output).toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Graph g && tensors.equals(g.tensors) && operators.equals(g.operators)
                && Arrays.equals(inputs, g.inputs) && Arrays.equals(outputs, g.outputs)
                && description.equals(g.description);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tensors, operators, Arrays.hashCode(inputs), Arrays.hashCode(outputs), description);
    }
}
