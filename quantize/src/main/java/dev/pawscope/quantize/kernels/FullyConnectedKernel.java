package dev.pawscope.quantize.kernels;

import dev.pawscope.quantize.graph.FusedActivation;

/**
 * FULLY_CONNECTED as TFLite's reference kernels compute it ({@code
 * reference_integer_ops::FullyConnected/FullyConnectedPerChannel} for int8, {@code
 * reference_ops::FullyConnected} for float). The input is read as {@code [batches, depth]}
 * whatever its rank.
 *
 * <p>Unlike CONV_2D, TFLite's reference int8 FULLY_CONNECTED (per-tensor and per-channel, since
 * TF 2.14) requantizes in double precision: {@code round((double) acc * (double) s_in * s_w[c] /
 * s_out)}, not with the fixed-point multiplier; the two differ by one step where the exact value
 * lies near .5. See {@link DoubleScale}.
 *
 * <p>Shapes: input {@code [batches, depth]}, weights {@code [outputs, depth]}, bias {@code
 * [outputs]}, output {@code [batches, outputs]}.
 */
public final class FullyConnectedKernel {

    private FullyConnectedKernel() {}

    /**
     * @param scales one (per-tensor weights) or one per output
     */
    public static void int8(int batches, int depth, int outputs, int inputOffset, int outputZeroPoint,
            DoubleScale[] scales, ActivationRange range,
            byte[] input, byte[] weights, int[] bias, byte[] output) {
        boolean perChannel = scales.length > 1;
        for (int b = 0; b < batches; b++) {
            for (int o = 0; o < outputs; o++) {
                // |acc| <= depth * 127 * 255: safe below 66,000 inputs.
                int acc = 0;
                for (int d = 0; d < depth; d++) {
                    acc += weights[o * depth + d] * (input[b * depth + d] + inputOffset);
                }
                if (bias != null) {
                    acc += bias[o];
                }
                acc = scales[perChannel ? o : 0].multiply(acc) + outputZeroPoint;
                output[b * outputs + o] = (byte) range.clamp(acc);
            }
        }
    }

    public static void float32(int batches, int depth, int outputs, FusedActivation activation,
            float[] input, float[] weights, float[] bias, float[] output) {
        for (int b = 0; b < batches; b++) {
            for (int o = 0; o < outputs; o++) {
                float total = 0f;
                for (int d = 0; d < depth; d++) {
                    total += input[b * depth + d] * weights[o * depth + d];
                }
                output[b * outputs + o] = activation.apply(total + (bias == null ? 0f : bias[o]));
            }
        }
    }
}
