package dev.pawscope.quantize.interpreter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.quantize.kernels.ActivationRange;
import dev.pawscope.quantize.kernels.OutputMultipliers;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The slack intervals are exact: a change inside keeps the baseline byte, and (for changes within
 * the three-lane bound) a change outside does not, at the interval edges and at random.
 */
class RequantizationSlackTest {

    @Test
    void insideKeepsTheByteAndOutsideChangesIt() {
        SplittableRandom random = new SplittableRandom(7);
        int channels = 40;
        int[] shifts = new int[channels];
        int[] multipliers = new int[channels];
        for (int c = 0; c < channels; c++) {
            shifts[c] = c < 4 ? c + 1 : -random.nextInt(0, 20); // a few general (left-shift) channels
            multipliers[c] = c % 9 == 5 ? 0 : (1 << 30) + random.nextInt(1 << 30);
        }
        for (int[] range : new int[][] {{-128, 127}, {-128, 0}, {-10, 90}}) {
            Int8OpParams q = new Int8OpParams(0, random.nextInt(-30, 30), new OutputMultipliers(multipliers, shifts),
                    new ActivationRange(range[0], range[1]));
            ChannelRequantizer requantizer = new ChannelRequantizer(q, channels);
            long[] thresholds = RequantizationSlack.thresholds(requantizer, channels);
            for (int trial = 0; trial < 300; trial++) {
                int[] acc = new int[channels];
                byte[] base = new byte[channels];
                for (int c = 0; c < channels; c++) {
                    acc[c] = trial % 3 == 0 ? random.nextInt() : random.nextInt(-3_000_000, 3_000_000);
                    base[c] = requantizer.apply(acc[c], c);
                }
                int[] slack = RequantizationSlack.of(base, channels, thresholds, requantizer, acc);
                for (int c = 0; c < channels; c++) {
                    int lo = slack[2 * c];
                    int hi = slack[2 * c] + slack[2 * c + 1];
                    int[] deltas = {0, lo, hi, lo - 1, hi + 1, random.nextInt(-(1 << 20), 1 << 20),
                            random.nextInt(-2000, 2000), random.nextInt(-50, 50)};
                    for (int d : deltas) {
                        if (d < -(1 << 20) || d >= 1 << 20) {
                            continue; // beyond any three-lane change
                        }
                        long sum = (long) acc[c] + d;
                        if (sum != (int) sum) {
                            continue; // no int accumulator there
                        }
                        boolean same = requantizer.apply((int) sum, c) == base[c];
                        boolean keeps = RequantizationSlack.keeps(slack, c, d);
                        if (!requantizer.monotone(c)) {
                            assertFalse(keeps, "a non-monotone channel is always requantized");
                        } else {
                            assertEquals(same, keeps, "channel " + c + " acc " + acc[c] + " change " + d);
                        }
                    }
                }
            }
            for (int c = 4; c < channels; c++) {
                assertTrue(requantizer.monotone(c));
            }
        }
    }
}
