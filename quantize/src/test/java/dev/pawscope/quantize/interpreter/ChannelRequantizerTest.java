package dev.pawscope.quantize.interpreter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pawscope.quantize.FixedPoint;
import dev.pawscope.quantize.kernels.ActivationRange;
import dev.pawscope.quantize.kernels.OutputMultipliers;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The requantizer's branch-free fast path against {@link FixedPoint}, ties and extremes included. */
class ChannelRequantizerTest {

    @Test
    void everyShiftAndManyAccumulatorsMatchFixedPoint() {
        SplittableRandom random = new SplittableRandom(42);
        int[] shifts = new int[62];
        int[] multipliers = new int[62];
        for (int c = 0; c < shifts.length; c++) {
            shifts[c] = c - 31; // -31 .. 30: the fast path and the general one
            multipliers[c] = c % 5 == 0 ? 0 : (1 << 30) + random.nextInt(1 << 30);
        }
        for (int[] range : new int[][] {{-128, 127}, {-5, 127}, {-128, 40}}) {
            Int8OpParams q = new Int8OpParams(0, random.nextInt(-20, 20), new OutputMultipliers(multipliers, shifts),
                    new ActivationRange(range[0], range[1]));
            ChannelRequantizer requantizer = new ChannelRequantizer(q, shifts.length);
            for (int c = 0; c < shifts.length; c++) {
                for (int k = 0; k < 20_000; k++) {
                    int acc = switch (k % 4) {
                        case 0 -> random.nextInt();
                        case 1 -> random.nextInt(-70_000, 70_000);
                        case 2 -> (random.nextInt(-4000, 4000) << Math.max(0, -shifts[c] - 1)); // ties
                        default -> k % 8 == 3 ? Integer.MIN_VALUE + k : Integer.MAX_VALUE - k;
                    };
                    int expected = FixedPoint.multiplyByQuantizedMultiplier(acc, multipliers[c], shifts[c])
                            + q.outputZeroPoint();
                    expected = Math.min(Math.max(expected, range[0]), range[1]);
                    assertEquals((byte) expected, requantizer.apply(acc, c), "acc " + acc + " shift " + shifts[c]);
                }
            }
        }
    }
}
