package dev.pawscope.quantize.tflite;

import java.nio.ByteBuffer;

/**
 * One of the {@code BuiltinOptions} union's tables ({@code Conv2DOptions}, {@code Pool2DOptions},
 * ...). They differ only in their fields, so one accessor serves all of them: {@link OptionsReader}
 * asks for fields by the ids in {@link TfLiteSchema}, with the schema's defaults.
 */
final class OptionsTable extends FlatTable {

    OptionsTable(ByteBuffer bb, int position, String path) {
        super(bb, position, path);
    }

    int intField(int fieldId, String name, int defaultValue) {
        return int32(fieldId, name, defaultValue);
    }

    /** An enum field stored as a byte ({@code Padding}, {@code ActivationFunctionType}, ...). */
    int byteField(int fieldId, String name) {
        return int8(fieldId, name, (byte) 0);
    }

    boolean boolField(int fieldId, String name) {
        return bool(fieldId, name, false);
    }

    float floatField(int fieldId, String name) {
        return float32(fieldId, name, 0f);
    }

    /** An {@code [int]} field, or null when absent. */
    int[] intArrayField(int fieldId, String name) {
        return intVector(fieldId, name);
    }
}
