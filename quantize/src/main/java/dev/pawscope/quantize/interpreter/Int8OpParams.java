package dev.pawscope.quantize.interpreter;

import dev.pawscope.quantize.kernels.ActivationRange;
import dev.pawscope.quantize.kernels.OutputMultipliers;

/**
 * The integer parameters an int8 CONV_2D, DEPTHWISE_CONV_2D or FULLY_CONNECTED kernel runs with,
 * derived once from the float scales (TFLite's {@code Prepare}); what the firmware receives so
 * that it never touches a float.
 *
 * @param inputOffset minus the input zero point, added to every input value
 * @param outputZeroPoint added after requantization
 * @param multipliers one per output channel (or one for per-tensor weights)
 * @param range the fused activation's clamp, within [-128, 127]
 */
public record Int8OpParams(int inputOffset, int outputZeroPoint, OutputMultipliers multipliers,
        ActivationRange range) {

    /** The parameters of op {@code opIndex} of an int8 graph, checked as the interpreter checks them. */
    public static Int8OpParams of(dev.pawscope.quantize.graph.Graph graph, int opIndex) {
        return OpPreparer.int8Params(graph, opIndex);
    }

    /**
     * The scales an int8 FULLY_CONNECTED requantizes with instead of {@link #multipliers()}: TFLite's
     * reference kernel does it in double precision (see {@link
     * dev.pawscope.quantize.kernels.FullyConnectedKernel}).
     */
    public static dev.pawscope.quantize.kernels.DoubleScale[] fullyConnectedScales(
            dev.pawscope.quantize.graph.Graph graph, int opIndex) {
        return OpPreparer.fullyConnectedScales(graph, opIndex);
    }
}
