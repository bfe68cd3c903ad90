package dev.pawscope.quantize.tflite;

import static dev.pawscope.quantize.tflite.TfLiteSchema.BUFFER_DATA;
import static dev.pawscope.quantize.tflite.TfLiteSchema.BUFFER_OFFSET;
import static dev.pawscope.quantize.tflite.TfLiteSchema.BUFFER_SIZE;

import java.nio.ByteBuffer;

/**
 * TFLite's {@code Buffer}: a constant tensor's bytes, either inside the flatbuffer ({@code data})
 * or, since schema 3c, after it in the same file ({@code offset} and {@code size}, counted from
 * the start of the file). The converter writes the second form for models over 2 GB, where a
 * flatbuffer cannot hold the weights, and when asked to ({@code _experimental_use_buffer_offset}).
 */
final class BufferTable extends FlatTable {

    BufferTable(ByteBuffer bb, int position, String path) {
        super(bb, position, path);
    }

    /** The inline data, or null when absent. */
    byte[] data() {
        return byteVector(BUFFER_DATA, "data");
    }

    /**
     * Where the data starts in the file, as an unsigned 64-bit value. Only values above 1 count:
     * the converter writes 1 as a placeholder (0 would be left out as the default).
     */
    long offset() {
        return int64(BUFFER_OFFSET, "offset", 0);
    }

    /** The number of bytes at {@link #offset()}, as an unsigned 64-bit value. */
    long size() {
        return int64(BUFFER_SIZE, "size", 0);
    }
}
