package dev.pawscope.quantize.interpreter;

import dev.pawscope.quantize.FixedPoint;
import dev.pawscope.quantize.kernels.OutputMultipliers;

/**
 * A conv's per-channel int32-to-int8 step, as the reference kernels do it: fixed-point multiply,
 * add the output zero point, clamp to the fused activation's range. A per-tensor multiplier is
 * spread to every channel once, so lookups need no branch.
 *
 * <p>Why not just call {@link FixedPoint#multiplyByQuantizedMultiplier}: it checks its arguments
 * and branches on the rounding, per value. For the usual right shift (a real multiplier below 1)
 * the same arithmetic is done here with the checks made once and the round-half-away-from-zero
 * decision as a comparison against a per-channel threshold, which the JIT turns into
 * conditional moves; requantization is a large share of a delta run, and its outcome (clamped
 * or not) is unpredictable. Other shifts take the general path.
 */
final class ChannelRequantizer {

    private final int[] multipliers;
    private final int[] shifts;
    /** Right shift ({@code -shift}) for channels on the fast path. */
    private final int[] rightShifts;
    /** {@code 2^rightShift - 1}: the bits the shift drops. */
    private final int[] masks;
    /**
     * Round up when the dropped bits exceed {@code roundAbove + (negative ? 1 : 0)}: half minus
     * one, i.e. ties round up for non-negative values and down for negative ones (away from
     * zero). 0 with no shift (nothing dropped, never round).
     */
    private final int[] roundAbove;
    private final boolean[] general;
    private final int zeroPoint;
    private final int min;
    private final int max;

    ChannelRequantizer(Int8OpParams q, int channels) {
        OutputMultipliers m = q.multipliers();
        int[] mult = m.multipliers();
        int[] shift = m.shifts();
        this.multipliers = new int[channels];
        this.shifts = new int[channels];
        this.rightShifts = new int[channels];
        this.masks = new int[channels];
        this.roundAbove = new int[channels];
        this.general = new boolean[channels];
        this.zeroPoint = q.outputZeroPoint();
        this.min = q.range().min();
        this.max = q.range().max();
        for (int c = 0; c < channels; c++) {
            multipliers[c] = mult[mult.length == 1 ? 0 : c];
            shifts[c] = shift[shift.length == 1 ? 0 : c];
            general[c] = shifts[c] > 0 || shifts[c] < -31 || multipliers[c] < 0;
            if (!general[c]) {
                int e = -shifts[c];
                rightShifts[c] = e;
                masks[c] = (int) ((1L << e) - 1);
                roundAbove[c] = e == 0 ? 0 : (1 << (e - 1)) - 1;
            }
        }
    }

    /**
     * Whether {@link #apply} never decreases as the accumulator grows, for this channel. True on
     * the fast path (multiplier {@code >= 0}, no left shift: every rounding step is monotone); a
     * left shift wraps around in the reference arithmetic, so general channels say false.
     */
    boolean monotone(int channel) {
        return !general[channel];
    }

    byte apply(int acc, int channel) {
        if (general[channel]) {
            int v = FixedPoint.multiplyByQuantizedMultiplier(acc, multipliers[channel], shifts[channel]) + zeroPoint;
            return (byte) Math.min(Math.max(v, min), max);
        }
        // saturatingRoundingDoublingHighMul: the multiplier is >= 0, so MIN_VALUE * MIN_VALUE cannot occur.
        long ab = (long) acc * multipliers[channel];
        int high = (int) ((ab + (1L << 30)) >> 31);
        // roundingDivideByPot: floor, plus one when the dropped bits are above half (or at half, for high >= 0).
        int remainder = high & masks[channel];
        int v = (high >> rightShifts[channel]) + (remainder > roundAbove[channel] + (high >>> 31) ? 1 : 0);
        v += zeroPoint;
        return (byte) Math.min(Math.max(v, min), max);
    }
}
