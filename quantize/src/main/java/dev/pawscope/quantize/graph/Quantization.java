package dev.pawscope.quantize.graph;

import java.util.Arrays;

/**
 * Affine quantization of a tensor: {@code real = scale * (q - zeroPoint)}. One scale and zero
 * point per tensor, or one per slice along {@code quantizedDimension} (per-channel weights).
 *
 * @param scales one per tensor, or one per slice of {@code quantizedDimension}; all positive
 * @param zeroPoints as many as {@code scales}
 * @param quantizedDimension the axis the per-slice values run along; 0 for per-tensor
 */
public record Quantization(float[] scales, int[] zeroPoints, int quantizedDimension) {

    public Quantization {
        if (scales.length == 0 || scales.length != zeroPoints.length) {
            throw new IllegalArgumentException("quantization needs as many zero points as scales (at least one), found "
                    + scales.length + " scales and " + zeroPoints.length + " zero points");
        }
        for (float scale : scales) {
            if (!(scale > 0f) || Float.isInfinite(scale)) {
                throw new IllegalArgumentException("quantization scales must be finite and > 0, found " + scale);
            }
        }
        if (quantizedDimension < 0) {
            throw new IllegalArgumentException("quantized dimension must be >= 0, found " + quantizedDimension);
        }
        scales = scales.clone();
        zeroPoints = zeroPoints.clone();
    }

    public static Quantization perTensor(float scale, int zeroPoint) {
        return new Quantization(new float[] {scale}, new int[] {zeroPoint}, 0);
    }

    public boolean isPerTensor() {
        return scales.length == 1;
    }

    public float scale() {
        requirePerTensor();
        return scales[0];
    }

    public int zeroPoint() {
        requirePerTensor();
        return zeroPoints[0];
    }

    @Override
    public float[] scales() {
        return scales.clone();
    }

    @Override
    public int[] zeroPoints() {
        return zeroPoints.clone();
    }

    public float scale(int channel) {
        return scales[isPerTensor() ? 0 : channel];
    }

    public int zeroPoint(int channel) {
        return zeroPoints[isPerTensor() ? 0 : channel];
    }

    public int channels() {
        return scales.length;
    }

    private void requirePerTensor() {
        if (!isPerTensor()) {
            throw new IllegalStateException("expected per-tensor quantization, found " + scales.length
                    + " per-channel scales along dimension " + quantizedDimension);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Quantization q && Arrays.equals(scales, q.scales)
                && Arrays.equals(zeroPoints, q.zeroPoints) && quantizedDimension == q.quantizedDimension;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(scales) + Arrays.hashCode(zeroPoints)) + quantizedDimension;
    }

    @Override
    public String toString() {
        return isPerTensor() ? "scale=" + scales[0] + " zp=" + zeroPoints[0]
                : scales.length + " scales along dim " + quantizedDimension;
    }
}
