package dev.pawscope.quantize.tflite;

import static dev.pawscope.quantize.tflite.TfLiteSchema.DEFAULT_OP_VERSION;
import static dev.pawscope.quantize.tflite.TfLiteSchema.OPCODE_BUILTIN_CODE;
import static dev.pawscope.quantize.tflite.TfLiteSchema.OPCODE_CUSTOM_CODE;
import static dev.pawscope.quantize.tflite.TfLiteSchema.OPCODE_DEPRECATED_BUILTIN_CODE;
import static dev.pawscope.quantize.tflite.TfLiteSchema.OPCODE_VERSION;

import java.nio.ByteBuffer;

/**
 * TFLite's {@code OperatorCode}. The builtin code is stored twice since schema 3a: the old byte
 * {@code deprecated_builtin_code} (which older runtimes read) and the int32 {@code builtin_code}.
 * Files from before 3a have only the byte, files with codes above 127 have 127 in it.
 */
final class OperatorCodeTable extends FlatTable {

    OperatorCodeTable(ByteBuffer bb, int position, String path) {
        super(bb, position, path);
    }

    /**
     * The builtin operator: the larger of the two fields, as TFLite's {@code GetBuiltinCode} does
     * (an old file leaves {@code builtin_code} at 0; a new one puts 127 in the byte for larger codes).
     */
    int builtinCode() {
        return Math.max(int32(OPCODE_BUILTIN_CODE, "builtin_code", 0),
                int8(OPCODE_DEPRECATED_BUILTIN_CODE, "deprecated_builtin_code", (byte) 0));
    }

    /** A custom op's name, or null. */
    String customCode() {
        return string(OPCODE_CUSTOM_CODE, "custom_code");
    }

    int version() {
        return int32(OPCODE_VERSION, "version", DEFAULT_OP_VERSION);
    }
}
