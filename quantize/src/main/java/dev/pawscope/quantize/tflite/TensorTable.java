package dev.pawscope.quantize.tflite;

import static dev.pawscope.quantize.tflite.TfLiteSchema.TENSOR_BUFFER;
import static dev.pawscope.quantize.tflite.TfLiteSchema.TENSOR_NAME;
import static dev.pawscope.quantize.tflite.TfLiteSchema.TENSOR_QUANTIZATION;
import static dev.pawscope.quantize.tflite.TfLiteSchema.TENSOR_SHAPE;
import static dev.pawscope.quantize.tflite.TfLiteSchema.TENSOR_SPARSITY;
import static dev.pawscope.quantize.tflite.TfLiteSchema.TENSOR_TYPE;

import java.nio.ByteBuffer;

/** TFLite's {@code Tensor}: shape, element type, buffer index, name, quantization. */
final class TensorTable extends FlatTable {

    TensorTable(ByteBuffer bb, int position, String path) {
        super(bb, position, path);
    }

    /** The shape; a scalar's is empty (also when the field is absent). */
    int[] shape() {
        int[] shape = intVector(TENSOR_SHAPE, "shape");
        return shape == null ? new int[0] : shape;
    }

    /** The {@code TensorType} code; FLOAT32 (0) when absent. */
    int type() {
        return int8(TENSOR_TYPE, "type", (byte) 0);
    }

    /** Index into {@code Model.buffers}; 0, the empty sentinel, when absent. */
    long buffer() {
        return uint32(TENSOR_BUFFER, "buffer", 0);
    }

    /** The name, or null when absent. */
    String name() {
        return string(TENSOR_NAME, "name");
    }

    /** The quantization table, or null when absent (float tensors often have none, or an empty one). */
    QuantizationTable quantization() {
        int position = tableRef(TENSOR_QUANTIZATION, "quantization");
        return position < 0 ? null : new QuantizationTable(bb, position, path() + ".quantization");
    }

    /** Whether the tensor is stored sparse ({@code SparsityParameters}): its buffer then is not dense data. */
    boolean isSparse() {
        return has(TENSOR_SPARSITY);
    }
}
