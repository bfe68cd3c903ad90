package dev.pawscope.quantize.ptq;

import dev.pawscope.quantize.graph.Quantization;

/**
 * Asymmetric int8 parameters for a real range, as TFLite's post-training quantizer chooses them
 * ({@code GetAsymmetricQuantizationParams}): the range is widened to contain 0, so that 0 is
 * exactly representable (zero padding and ReLU depend on it), and the zero point is nudged to an
 * integer in [-128, 127].
 */
public final class ActivationQuantization {

    private static final float QMIN = -128f;
    private static final float QMAX = 127f;

    private ActivationQuantization() {}

    public static Quantization forRange(float min, float max) {
        if (!(min <= max)) {
            throw new IllegalArgumentException("range [" + min + ", " + max + "] is empty, expected min <= max");
        }
        min = Math.min(min, 0f);
        max = Math.max(max, 0f);
        if (min == max) {
            // All zeros (e.g. a dead channel set): any scale represents it; pick one that stays finite.
            return Quantization.perTensor(1f / 256f, -128);
        }
        float scale = (max - min) / (QMAX - QMIN);
        float zeroPointFromMin = QMIN - min / scale;
        float zeroPointFromMax = QMAX - max / scale;
        float errorFromMin = Math.abs(QMIN) + Math.abs(min / scale);
        float errorFromMax = Math.abs(QMAX) + Math.abs(max / scale);
        float zeroPoint = errorFromMin < errorFromMax ? zeroPointFromMin : zeroPointFromMax;
        int nudged;
        if (zeroPoint <= QMIN) {
            nudged = (int) QMIN;
        } else if (zeroPoint >= QMAX) {
            nudged = (int) QMAX;
        } else {
            nudged = (int) dev.pawscope.quantize.kernels.Rounding.roundHalfAwayFromZero(zeroPoint);
        }
        return Quantization.perTensor(scale, nudged);
    }
}
