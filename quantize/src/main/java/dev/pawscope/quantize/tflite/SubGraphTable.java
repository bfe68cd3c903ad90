package dev.pawscope.quantize.tflite;

import static dev.pawscope.quantize.tflite.TfLiteSchema.SUBGRAPH_INPUTS;
import static dev.pawscope.quantize.tflite.TfLiteSchema.SUBGRAPH_NAME;
import static dev.pawscope.quantize.tflite.TfLiteSchema.SUBGRAPH_OPERATORS;
import static dev.pawscope.quantize.tflite.TfLiteSchema.SUBGRAPH_OUTPUTS;
import static dev.pawscope.quantize.tflite.TfLiteSchema.SUBGRAPH_TENSORS;

import java.nio.ByteBuffer;

/** TFLite's {@code SubGraph}: tensors, graph inputs and outputs (tensor indices), operators, name. */
final class SubGraphTable extends FlatTable {

    SubGraphTable(ByteBuffer bb, int position, String path) {
        super(bb, position, path);
    }

    int tensorCount() {
        return tableCount(SUBGRAPH_TENSORS, "tensors");
    }

    TensorTable tensor(int index) {
        return new TensorTable(bb, tableAt(SUBGRAPH_TENSORS, "tensors", index), path() + ".tensors[" + index + "]");
    }

    /** Graph input tensor indices; empty when absent. */
    int[] inputs() {
        int[] inputs = intVector(SUBGRAPH_INPUTS, "inputs");
        return inputs == null ? new int[0] : inputs;
    }

    /** Graph output tensor indices; empty when absent. */
    int[] outputs() {
        int[] outputs = intVector(SUBGRAPH_OUTPUTS, "outputs");
        return outputs == null ? new int[0] : outputs;
    }

    int operatorCount() {
        return tableCount(SUBGRAPH_OPERATORS, "operators");
    }

    OperatorTable operator(int index) {
        return new OperatorTable(bb, tableAt(SUBGRAPH_OPERATORS, "operators", index),
                path() + ".operators[" + index + "]");
    }

    /** The subgraph's name ("main" from the converter), or null when absent. */
    String name() {
        return string(SUBGRAPH_NAME, "name");
    }
}
