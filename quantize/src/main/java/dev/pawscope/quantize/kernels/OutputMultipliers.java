package dev.pawscope.quantize.kernels;

import dev.pawscope.quantize.FixedPoint;
import dev.pawscope.quantize.QuantizedMultiplier;
import java.util.Arrays;

/**
 * Per-output-channel requantization of int32 accumulators to the output's int8 scale: channel
 * {@code c}'s real multiplier is {@code inputScale * filterScale[c] / outputScale}, computed in
 * double from the float scales exactly as TFLite's {@code PopulateConvolutionQuantizationParams}
 * (and, for one channel, {@code GetQuantizedConvolutionMultipler}) do, then split by {@link
 * FixedPoint#quantizeMultiplier}. A per-tensor filter scale is broadcast to every channel.
 */
public record OutputMultipliers(int[] multipliers, int[] shifts) {

    public OutputMultipliers {
        if (multipliers.length != shifts.length) {
            throw new IllegalArgumentException(multipliers.length + " multipliers but " + shifts.length + " shifts");
        }
        multipliers = multipliers.clone();
        shifts = shifts.clone();
    }

    public static OutputMultipliers of(float inputScale, float[] filterScales, float outputScale, int channels) {
        if (filterScales.length != 1 && filterScales.length != channels) {
            throw new IllegalArgumentException("filter has " + filterScales.length + " scales, expected 1 or "
                    + channels + " (one per output channel)");
        }
        int[] multipliers = new int[channels];
        int[] shifts = new int[channels];
        for (int c = 0; c < channels; c++) {
            double filterScale = filterScales[filterScales.length == 1 ? 0 : c];
            double effective = (double) inputScale * filterScale / (double) outputScale;
            QuantizedMultiplier q = FixedPoint.quantizeMultiplier(effective);
            multipliers[c] = q.multiplier();
            shifts[c] = q.shift();
        }
        return new OutputMultipliers(multipliers, shifts);
    }

    int requantize(int accumulator, int channel) {
        return FixedPoint.multiplyByQuantizedMultiplier(accumulator, multipliers[channel], shifts[channel]);
    }

    @Override
    public int[] multipliers() {
        return multipliers.clone();
    }

    @Override
    public int[] shifts() {
        return shifts.clone();
    }

    public int channels() {
        return multipliers.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutputMultipliers m && Arrays.equals(multipliers, m.multipliers)
                && Arrays.equals(shifts, m.shifts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(multipliers) + Arrays.hashCode(shifts);
    }
}
