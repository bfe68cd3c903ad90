package dev.pawscope.quantize.kernels;

/**
 * QUANTIZE (float32 to int8) and DEQUANTIZE (int8 to float32) as TFLite's reference kernels
 * compute them: {@code q = clamp(round(x / scale) + zp)} with float division and ties away from
 * zero; {@code x = (float) (scale * (q - zp))} with the scale widened to double.
 */
public final class QuantizeKernel {

    private QuantizeKernel() {}

    public static void quantize(float scale, int zeroPoint, float[] input, byte[] output) {
        for (int i = 0; i < input.length; i++) {
            output[i] = quantize(input[i], scale, zeroPoint);
        }
    }

    public static byte quantize(float value, float scale, int zeroPoint) {
        double rounded = Rounding.roundHalfAwayFromZero(value / scale);
        // Clamp in double: (int) of a huge value would saturate at the int range, not at int8's.
        double q = rounded + zeroPoint;
        return (byte) Math.max(ActivationRange.INT8_MIN, Math.min(ActivationRange.INT8_MAX, q));
    }

    public static void dequantize(float scale, int zeroPoint, byte[] input, float[] output) {
        for (int i = 0; i < input.length; i++) {
            output[i] = dequantize(input[i], scale, zeroPoint);
        }
    }

    public static float dequantize(byte q, float scale, int zeroPoint) {
        return (float) ((double) scale * (q - zeroPoint));
    }
}
