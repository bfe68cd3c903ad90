package dev.pawscope.quantize.tflite;

import static dev.pawscope.quantize.tflite.TfLiteSchema.MODEL_BUFFERS;
import static dev.pawscope.quantize.tflite.TfLiteSchema.MODEL_DESCRIPTION;
import static dev.pawscope.quantize.tflite.TfLiteSchema.MODEL_OPERATOR_CODES;
import static dev.pawscope.quantize.tflite.TfLiteSchema.MODEL_SUBGRAPHS;
import static dev.pawscope.quantize.tflite.TfLiteSchema.MODEL_VERSION;

import java.nio.ByteBuffer;

/** TFLite's root table {@code Model}: schema version, operator codes, subgraphs, description, buffers. */
final class ModelTable extends FlatTable {

    ModelTable(ByteBuffer bb, int position) {
        super(bb, position, "Model");
    }

    long version() {
        return uint32(MODEL_VERSION, "version", 0);
    }

    int operatorCodeCount() {
        return tableCount(MODEL_OPERATOR_CODES, "operator_codes");
    }

    OperatorCodeTable operatorCode(int index) {
        return new OperatorCodeTable(bb, tableAt(MODEL_OPERATOR_CODES, "operator_codes", index),
                path() + ".operator_codes[" + index + "]");
    }

    int subgraphCount() {
        return tableCount(MODEL_SUBGRAPHS, "subgraphs");
    }

    SubGraphTable subgraph(int index) {
        return new SubGraphTable(bb, tableAt(MODEL_SUBGRAPHS, "subgraphs", index),
                path() + ".subgraphs[" + index + "]");
    }

    /** The description, or null when absent. */
    String description() {
        return string(MODEL_DESCRIPTION, "description");
    }

    int bufferCount() {
        return tableCount(MODEL_BUFFERS, "buffers");
    }

    BufferTable buffer(int index) {
        return new BufferTable(bb, tableAt(MODEL_BUFFERS, "buffers", index), path() + ".buffers[" + index + "]");
    }
}
