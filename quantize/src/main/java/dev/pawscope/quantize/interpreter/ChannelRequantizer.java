package dev.pawscope.quantize.interpreter;

import dev.pawscope.quantize.FixedPoint;
import dev.pawscope.quantize.kernels.OutputMultipliers;

/**
 * A conv's per-channel int32-to-int8 step, as the reference kernels do it: fixed-point multiply,
 * add the output zero point, clamp to the fused activation's range. A per-tensor multiplier is
 * spread to every channel once, so lookups need no branch.
 *
 * <p>Why the thresholds: with a right shift (a real multiplier below 1, as convolutions have) the
 * step is monotonic in the accumulator, so each channel has a last accumulator that still clamps
 * to the minimum (ReLU's zero) and a first that clamps to the maximum, found once by bisection.
 * Accumulators beyond them skip the fixed-point arithmetic and get the same byte.
 */
final class ChannelRequantizer {

    private final int[] multipliers;
    private final int[] shifts;
    private final int zeroPoint;
    private final int min;
    private final int max;
    /** {@code acc < clampedBelow[c]} requantizes to {@link #min}; MIN_VALUE when unknown. */
    private final int[] clampedBelow;
    /** {@code acc > clampedAbove[c]} requantizes to {@link #max}; MAX_VALUE when unknown. */
    private final int[] clampedAbove;

    ChannelRequantizer(Int8OpParams q, int channels) {
        OutputMultipliers m = q.multipliers();
        int[] mult = m.multipliers();
        int[] shift = m.shifts();
        this.multipliers = new int[channels];
        this.shifts = new int[channels];
        this.zeroPoint = q.outputZeroPoint();
        this.min = q.range().min();
        this.max = q.range().max();
        this.clampedBelow = new int[channels];
        this.clampedAbove = new int[channels];
        for (int c = 0; c < channels; c++) {
            multipliers[c] = mult[mult.length == 1 ? 0 : c];
            shifts[c] = shift[shift.length == 1 ? 0 : c];
            if (shifts[c] < -31) {
                throw new IllegalArgumentException("channel " + c + " has shift " + shifts[c] + ", expected >= -31");
            }
            boolean monotonic = shifts[c] <= 0 && multipliers[c] >= 0; // no wrapping left shift
            clampedBelow[c] = monotonic ? firstAbove(c, min) : Integer.MIN_VALUE;
            clampedAbove[c] = monotonic ? lastBelow(c, max) : Integer.MAX_VALUE;
        }
    }

    byte apply(int acc, int channel) {
        if (acc < clampedBelow[channel]) {
            return (byte) min;
        }
        if (acc > clampedAbove[channel]) {
            return (byte) max;
        }
        return exact(acc, channel);
    }

    private byte exact(int acc, int channel) {
        int shift = shifts[channel];
        int v;
        if (shift <= 0 && multipliers[channel] >= 0) {
            // FixedPoint.multiplyByQuantizedMultiplier without its argument checks (done once here):
            // the rounding doubling high multiply, then the rounding right shift, same expressions.
            long ab = (long) acc * multipliers[channel];
            int high = (int) ((ab + (1L << 30)) >> 31);
            int exponent = -shift;
            if (exponent == 0) {
                v = high;
            } else {
                int floor = high >> exponent;
                int remainder = high & (int) ((1L << exponent) - 1);
                int half = 1 << (exponent - 1);
                v = remainder > half || (remainder == half && high >= 0) ? floor + 1 : floor;
            }
        } else {
            v = FixedPoint.multiplyByQuantizedMultiplier(acc, multipliers[channel], shift);
        }
        v += zeroPoint;
        return (byte) Math.min(Math.max(v, min), max);
    }

    /** The smallest accumulator whose byte exceeds {@code low} (MIN_VALUE if all do). */
    private int firstAbove(int c, int low) {
        if (exact(Integer.MIN_VALUE, c) > low) {
            return Integer.MIN_VALUE;
        }
        long lo = Integer.MIN_VALUE; // exact(lo) == low
        long hi = Integer.MAX_VALUE;
        if (exact((int) hi, c) == low) {
            return Integer.MAX_VALUE;
        }
        while (hi - lo > 1) { // exact(lo) == low < exact(hi)
            long mid = (lo + hi) >> 1;
            if (exact((int) mid, c) > low) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return (int) hi;
    }

    /** The largest accumulator whose byte is below {@code high} (MAX_VALUE if all are). */
    private int lastBelow(int c, int high) {
        if (exact(Integer.MAX_VALUE, c) < high) {
            return Integer.MAX_VALUE;
        }
        long lo = Integer.MIN_VALUE;
        long hi = Integer.MAX_VALUE; // exact(hi) == high
        if (exact((int) lo, c) == high) {
            return Integer.MIN_VALUE;
        }
        while (hi - lo > 1) { // exact(lo) < high == exact(hi)
            long mid = (lo + hi) >> 1;
            if (exact((int) mid, c) < high) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (int) lo;
    }
}
