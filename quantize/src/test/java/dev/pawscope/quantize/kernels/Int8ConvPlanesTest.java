package dev.pawscope.quantize.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pawscope.quantize.graph.Padding;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The plane accumulators against a window-by-window sum written out plainly here. */
class Int8ConvPlanesTest {

    @Test
    void equalTheWindowSumsForSameAndValidPaddingOddAndEvenKernels() {
        SplittableRandom random = new SplittableRandom(11);
        int[][] kernels = {{1, 1}, {3, 3}, {5, 3}, {2, 2}, {4, 1}};
        for (int trial = 0; trial < 120; trial++) {
            int[] k = kernels[trial % kernels.length];
            Padding padding = trial % 2 == 0 ? Padding.SAME : Padding.VALID;
            int batches = 1 + random.nextInt(2);
            int h = k[0] + random.nextInt(9);
            int w = k[1] + random.nextInt(9);
            int inC = 1 + random.nextInt(6);
            int outC = 1 + random.nextInt(9);
            WindowGeometry g = WindowGeometry.of(new int[] {batches, h, w, inC}, k[0], k[1], padding, 1, 1, 1, 1);
            byte[] input = bytes(random, batches * h * w * inC);
            byte[] filter = bytes(random, outC * k[0] * k[1] * inC);
            if (trial % 7 == 0) {
                java.util.Arrays.fill(filter, 0, filter.length / 3, (byte) 0); // zero weights are skipped
            }
            int[] bias = trial % 3 == 0 ? null : random.ints(outC, -40_000, 40_000).toArray();
            int inputOffset = random.nextInt(-127, 129);
            int[] expected = windowSums(g, outC, inputOffset, input, filter, bias);
            int[] actual = new Int8ConvPlanes(g, outC, inputOffset, filter, bias).accumulate(input);
            assertArrayEquals(expected, actual, "trial " + trial + ": " + g + ", outC " + outC);
        }
    }

    @Test
    void refusesStridedAndDilatedConvolutions() {
        WindowGeometry strided = WindowGeometry.of(new int[] {1, 8, 8, 1}, 3, 3, Padding.SAME, 2, 2, 1, 1);
        WindowGeometry dilated = WindowGeometry.of(new int[] {1, 8, 8, 1}, 3, 3, Padding.SAME, 1, 1, 2, 2);
        assertFalse(Int8ConvPlanes.supports(strided));
        assertFalse(Int8ConvPlanes.supports(dilated));
        assertThrows(IllegalArgumentException.class, () -> new Int8ConvPlanes(strided, 1, 0, new byte[9], null));
    }

    /** bias + sum over the taps inside the image of w * (x + offset), one output at a time. */
    private static int[] windowSums(WindowGeometry g, int outC, int inputOffset, byte[] input, byte[] filter,
            int[] bias) {
        int[] out = new int[g.batches() * g.outH() * g.outW() * outC];
        for (int b = 0; b < g.batches(); b++) {
            for (int oy = 0; oy < g.outH(); oy++) {
                for (int ox = 0; ox < g.outW(); ox++) {
                    for (int oc = 0; oc < outC; oc++) {
                        int sum = bias == null ? 0 : bias[oc];
                        for (int fy = 0; fy < g.filterH(); fy++) {
                            for (int fx = 0; fx < g.filterW(); fx++) {
                                int iy = oy - g.padH() + fy;
                                int ix = ox - g.padW() + fx;
                                if (iy < 0 || iy >= g.inH() || ix < 0 || ix >= g.inW()) {
                                    continue;
                                }
                                for (int ic = 0; ic < g.inC(); ic++) {
                                    int x = input[((b * g.inH() + iy) * g.inW() + ix) * g.inC() + ic];
                                    int wt = filter[((oc * g.filterH() + fy) * g.filterW() + fx) * g.inC() + ic];
                                    sum += wt * (x + inputOffset);
                                }
                            }
                        }
                        out[((b * g.outH() + oy) * g.outW() + ox) * outC + oc] = sum;
                    }
                }
            }
        }
        return out;
    }

    private static byte[] bytes(SplittableRandom random, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        return b;
    }
}
