package dev.pawscope.quantize.kernels;

import dev.pawscope.quantize.graph.FusedActivation;

/**
 * The int8 clamp a fused activation becomes, as TFLite's {@code
 * CalculateActivationRangeQuantized}: the activation's real bounds quantized with the output's
 * scale and zero point ({@code zp + round(f / scale)}, float division, ties away from zero),
 * intersected with [-128, 127].
 */
public record ActivationRange(int min, int max) {

    public static final int INT8_MIN = -128;
    public static final int INT8_MAX = 127;

    public static ActivationRange int8(FusedActivation activation, float outputScale, int outputZeroPoint) {
        return switch (activation) {
            case NONE -> new ActivationRange(INT8_MIN, INT8_MAX);
            case RELU -> new ActivationRange(Math.max(INT8_MIN, quantize(0f, outputScale, outputZeroPoint)), INT8_MAX);
            case RELU6 -> new ActivationRange(Math.max(INT8_MIN, quantize(0f, outputScale, outputZeroPoint)),
                    Math.min(INT8_MAX, quantize(6f, outputScale, outputZeroPoint)));
            case RELU_N1_TO_1 -> new ActivationRange(Math.max(INT8_MIN, quantize(-1f, outputScale, outputZeroPoint)),
                    Math.min(INT8_MAX, quantize(1f, outputScale, outputZeroPoint)));
        };
    }

    private static int quantize(float real, float scale, int zeroPoint) {
        return zeroPoint + (int) Rounding.roundHalfAwayFromZero(real / scale);
    }

    int clamp(int value) {
        return Math.min(Math.max(value, min), max);
    }
}
