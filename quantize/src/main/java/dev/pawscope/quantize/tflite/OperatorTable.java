package dev.pawscope.quantize.tflite;

import static dev.pawscope.quantize.tflite.TfLiteSchema.OPERATOR_BUILTIN_OPTIONS;
import static dev.pawscope.quantize.tflite.TfLiteSchema.OPERATOR_BUILTIN_OPTIONS_TYPE;
import static dev.pawscope.quantize.tflite.TfLiteSchema.OPERATOR_INPUTS;
import static dev.pawscope.quantize.tflite.TfLiteSchema.OPERATOR_OPCODE_INDEX;
import static dev.pawscope.quantize.tflite.TfLiteSchema.OPERATOR_OUTPUTS;

import java.nio.ByteBuffer;

/** TFLite's {@code Operator}: an index into the operator codes, tensor indices, builtin options. */
final class OperatorTable extends FlatTable {

    OperatorTable(ByteBuffer bb, int position, String path) {
        super(bb, position, path);
    }

    long opcodeIndex() {
        return uint32(OPERATOR_OPCODE_INDEX, "opcode_index", 0);
    }

    /** Input tensor indices, -1 for an absent optional input; empty when the field is absent. */
    int[] inputs() {
        int[] inputs = intVector(OPERATOR_INPUTS, "inputs");
        return inputs == null ? new int[0] : inputs;
    }

    /** Output tensor indices; empty when the field is absent. */
    int[] outputs() {
        int[] outputs = intVector(OPERATOR_OUTPUTS, "outputs");
        return outputs == null ? new int[0] : outputs;
    }

    /** The {@code BuiltinOptions} union member number; {@link TfLiteSchema#OPTIONS_NONE} when absent. */
    int builtinOptionsType() {
        return uint8(OPERATOR_BUILTIN_OPTIONS_TYPE, "builtin_options_type", 0);
    }

    /** The builtin options table, or null when absent. */
    OptionsTable builtinOptions() {
        int position = tableRef(OPERATOR_BUILTIN_OPTIONS, "builtin_options");
        return position < 0 ? null : new OptionsTable(bb, position, path() + ".builtin_options");
    }
}
