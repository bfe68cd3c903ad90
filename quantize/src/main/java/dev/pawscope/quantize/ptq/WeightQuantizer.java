package dev.pawscope.quantize.ptq;

import dev.pawscope.quantize.graph.Quantization;
import dev.pawscope.quantize.graph.Tensor;
import dev.pawscope.quantize.graph.TensorType;
import dev.pawscope.quantize.interpreter.TensorData;
import dev.pawscope.quantize.kernels.QuantizeKernel;
import dev.pawscope.quantize.kernels.Rounding;

/**
 * Symmetric int8 weights (zero point 0, values in [-127, 127]) with one scale per slice of a
 * channel axis, {@code scale = max|w| / 127}; and int32 biases with scale {@code inputScale *
 * weightScale[c]}, as TFLite's converter makes them.
 */
public final class WeightQuantizer {

    private static final float WEIGHT_QMAX = 127f;

    private WeightQuantizer() {}

    /**
     * @param channelAxis the axis that gets its own scale (0 for [C_out,KH,KW,C_in] and [out,in],
     *     3 for depthwise [1,KH,KW,C_out]), or -1 for one scale for the whole tensor
     */
    public static Tensor weights(Tensor floatWeights, int channelAxis) {
        float[] w = (float[]) TensorData.decode(floatWeights);
        int[] shape = floatWeights.shape();
        int channels = channelAxis < 0 ? 1 : shape[channelAxis];
        int inner = 1; // elements between consecutive channel indices
        for (int axis = channelAxis + 1; channelAxis >= 0 && axis < shape.length; axis++) {
            inner *= shape[axis];
        }
        float[] maxAbs = new float[channels];
        for (int i = 0; i < w.length; i++) {
            int c = channelAxis < 0 ? 0 : (i / inner) % channels;
            maxAbs[c] = Math.max(maxAbs[c], Math.abs(w[i]));
        }
        float[] scales = new float[channels];
        for (int c = 0; c < channels; c++) {
            scales[c] = maxAbs[c] == 0f ? 1f : maxAbs[c] / WEIGHT_QMAX;
        }
        byte[] q = new byte[w.length];
        for (int i = 0; i < w.length; i++) {
            int c = channelAxis < 0 ? 0 : (i / inner) % channels;
            q[i] = (byte) Math.max(-127, QuantizeKernel.quantize(w[i], scales[c], 0));
        }
        Quantization quantization = new Quantization(scales, new int[channels], Math.max(channelAxis, 0));
        return new Tensor(floatWeights.name(), TensorType.INT8, shape, quantization, q);
    }

    /** int32 bias for a layer whose input has {@code inputScale} and weights {@code weights}. */
    public static Tensor bias(Tensor floatBias, float inputScale, Quantization weights) {
        float[] b = (float[]) TensorData.decode(floatBias);
        int channels = b.length;
        float[] scales = new float[weights.isPerTensor() ? 1 : channels];
        for (int c = 0; c < scales.length; c++) {
            scales[c] = inputScale * weights.scale(c);
        }
        int[] q = new int[channels];
        for (int c = 0; c < channels; c++) {
            double rounded = Rounding.roundHalfAwayFromZero(b[c] / scales[scales.length == 1 ? 0 : c]);
            q[c] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, rounded));
        }
        Quantization quantization = new Quantization(scales, new int[scales.length], 0);
        return new Tensor(floatBias.name(), TensorType.INT32, floatBias.shape(), quantization, TensorData.fromInts(q));
    }
}
