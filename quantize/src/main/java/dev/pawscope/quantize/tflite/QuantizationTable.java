package dev.pawscope.quantize.tflite;

import static dev.pawscope.quantize.tflite.TfLiteSchema.QUANT_DETAILS_TYPE;
import static dev.pawscope.quantize.tflite.TfLiteSchema.QUANT_QUANTIZED_DIMENSION;
import static dev.pawscope.quantize.tflite.TfLiteSchema.QUANT_SCALE;
import static dev.pawscope.quantize.tflite.TfLiteSchema.QUANT_ZERO_POINT;

import java.nio.ByteBuffer;

/**
 * TFLite's {@code QuantizationParameters}: {@code real = scale * (q - zero_point)}, one pair per
 * tensor or one per slice along {@code quantized_dimension}. The {@code min}/{@code max} fields are
 * only for importing back into TensorFlow and are not read.
 */
final class QuantizationTable extends FlatTable {

    QuantizationTable(ByteBuffer bb, int position, String path) {
        super(bb, position, path);
    }

    /** The scales; empty when absent (a float tensor's empty table). */
    float[] scales() {
        float[] scales = floatVector(QUANT_SCALE, "scale");
        return scales == null ? new float[0] : scales;
    }

    /** The zero points, or null when absent. */
    long[] zeroPoints() {
        return longVector(QUANT_ZERO_POINT, "zero_point");
    }

    /** The {@code QuantizationDetails} union type: non-zero means custom quantization that replaces scale and zero point. */
    int detailsType() {
        return uint8(QUANT_DETAILS_TYPE, "details_type", 0);
    }

    int quantizedDimension() {
        return int32(QUANT_QUANTIZED_DIMENSION, "quantized_dimension", 0);
    }
}
