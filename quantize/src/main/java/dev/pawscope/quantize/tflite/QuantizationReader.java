package dev.pawscope.quantize.tflite;

import dev.pawscope.quantize.graph.Quantization;
import dev.pawscope.quantize.graph.TensorType;
import java.util.Arrays;

/**
 * Turns a tensor's {@code QuantizationParameters} into a {@link Quantization}, with the checks
 * TFLite's {@code InterpreterBuilder::ParseQuantization} makes: as many zero points as scales, the
 * quantized dimension inside the shape, one scale or one per slice of that dimension.
 */
final class QuantizationReader {

    private static final String HINT = "; the file was not written by a TFLite converter or is damaged: export it again";

    private QuantizationReader() {}

    /**
     * The quantization, or null when there is none (no table, or no scales).
     *
     * @param where the tensor for messages, e.g. "tensor 3 'conv/weights'"
     */
    static Quantization read(String where, TensorType type, int[] shape, QuantizationTable table) {
        if (table == null) {
            return null;
        }
        float[] scales = table.scales();
        if (scales.length == 0) {
            return null;
        }
        if (table.detailsType() != 0) {
            throw new TfLiteFormatException(where + " uses custom quantization (QuantizationDetails type "
                    + table.detailsType() + "), expected affine scale and zero point; convert the model with the"
                    + " standard int8 quantization");
        }
        long[] zeroPoints = table.zeroPoints();
        if (zeroPoints == null || zeroPoints.length != scales.length) {
            throw new TfLiteFormatException(where + " has " + scales.length + " scales and "
                    + (zeroPoints == null ? "no" : String.valueOf(zeroPoints.length)) + " zero points, expected as many"
                    + " zero points as scales" + HINT);
        }
        int dimension = table.quantizedDimension();
        if (dimension < 0 || (shape.length > 0 && dimension >= shape.length)) {
            throw new TfLiteFormatException(where + " is quantized along dimension " + dimension + ", expected one of"
                    + " its " + shape.length + " dimensions " + Arrays.toString(shape) + HINT);
        }
        if (scales.length > 1 && (shape.length == 0 || shape[dimension] != scales.length)) {
            throw new TfLiteFormatException(where + " has " + scales.length + " scales along dimension " + dimension
                    + " of shape " + Arrays.toString(shape) + ", expected 1 (per tensor) or "
                    + (shape.length == 0 ? 1 : shape[dimension]) + " (one per slice)" + HINT);
        }
        int[] points = new int[zeroPoints.length];
        for (int i = 0; i < points.length; i++) {
            long zp = zeroPoints[i];
            boolean fits = type == TensorType.INT8 ? zp >= Byte.MIN_VALUE && zp <= Byte.MAX_VALUE : zp == (int) zp;
            if (!fits) {
                throw new TfLiteFormatException(where + " has zero point " + zp + ", expected a value in the " + type
                        + " range" + HINT);
            }
            points[i] = (int) zp;
        }
        try {
            // One scale is per-tensor whatever the file's quantized_dimension: pawscope writes it as 0.
            return new Quantization(scales, points, scales.length == 1 ? 0 : dimension);
        } catch (IllegalArgumentException e) {
            throw new TfLiteFormatException(where + ": " + e.getMessage() + HINT, e);
        }
    }
}
