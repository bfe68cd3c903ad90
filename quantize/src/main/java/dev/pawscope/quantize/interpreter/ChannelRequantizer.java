package dev.pawscope.quantize.interpreter;

import dev.pawscope.quantize.FixedPoint;
import dev.pawscope.quantize.kernels.OutputMultipliers;

/**
 * A conv's per-channel int32-to-int8 step, as the reference kernels do it: fixed-point multiply,
 * add the output zero point, clamp to the fused activation's range. A per-tensor multiplier is
 * spread to every channel once, so lookups need no branch.
 */
final class ChannelRequantizer {

    private final int[] multipliers;
    private final int[] shifts;
    private final int zeroPoint;
    private final int min;
    private final int max;

    ChannelRequantizer(Int8OpParams q, int channels) {
        OutputMultipliers m = q.multipliers();
        int[] mult = m.multipliers();
        int[] shift = m.shifts();
        this.multipliers = new int[channels];
        this.shifts = new int[channels];
        for (int c = 0; c < channels; c++) {
            multipliers[c] = mult[mult.length == 1 ? 0 : c];
            shifts[c] = shift[shift.length == 1 ? 0 : c];
        }
        this.zeroPoint = q.outputZeroPoint();
        this.min = q.range().min();
        this.max = q.range().max();
    }

    byte apply(int acc, int channel) {
        int v = FixedPoint.multiplyByQuantizedMultiplier(acc, multipliers[channel], shifts[channel]) + zeroPoint;
        return (byte) Math.min(Math.max(v, min), max);
    }
}
