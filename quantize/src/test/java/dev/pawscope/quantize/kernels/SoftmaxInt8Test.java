package dev.pawscope.quantize.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SoftmaxInt8Test {

    private static final int RANDOM_ROWS = 20_000;

    // --- prepare: TFLite's float-to-fixed conversion ---

    @Test
    void prepareTurnsBetaOneAndScaleOneSixteenthIntoHalfTimesTwoToThe23() {
        // 1 * 0.0625 * 2^26 = 2^22 = 0.5 * 2^23: multiplier 0.5 in Q0.31, shift 23;
        // radius floor(31 * 2^26 / 2^23) = 248
        assertEquals(new SoftmaxInt8.Params(1 << 30, 23, -248), SoftmaxInt8.prepare(1.0, 0.0625));
    }

    @Test
    void prepareUsesTheFloat32ScaleExactlyAsTfliteWidensIt() {
        // 0.1f = 13421773 * 2^-27, times 2^26 = 6710886.5 = (6710886.5 / 2^23) * 2^23, and
        // 6710886.5 / 2^23 * 2^31 = 1717986944 exactly
        assertEquals(new SoftmaxInt8.Params(1717986944, 23, -248), SoftmaxInt8.prepare(1.0f, 0.1f));
        // the double 0.1 is a different number: 0.1 * 2^26 * 2^8 = 1717986918.4 -> 1717986918
        assertEquals(new SoftmaxInt8.Params(1717986918, 23, -248), SoftmaxInt8.prepare(1.0, 0.1));
    }

    @Test
    void prepareCapsTheMultiplierBelowTwoToThe31AndThenNeedsNoDifferencesAtAll() {
        // beta * scale = 16: 2^30 = 0.5 * 2^31, radius floor(31 * 2^26 / 2^31) = 0
        assertEquals(new SoftmaxInt8.Params(1 << 30, 31, 0), SoftmaxInt8.prepare(1.0, 16.0));
        // beta * scale >= 32 would be >= 2^31: capped at 2^31 - 1 = (1 - 2^-31) * 2^31
        assertEquals(new SoftmaxInt8.Params(Integer.MAX_VALUE, 31, 0), SoftmaxInt8.prepare(2.0, 40.0));
        assertEquals(new SoftmaxInt8.Params(Integer.MAX_VALUE, 31, 0), SoftmaxInt8.prepare(1.0, Double.POSITIVE_INFINITY));
    }

    @Test
    void prepareHalvesAMantissaThatRoundsUpToTwoToThe31() {
        // (1 - 2^-40) * 2^16 has mantissa 1 - 2^-40: times 2^31 it rounds to 2^31, so it becomes
        // 2^30 with the exponent one higher (only a double scale can be this close to a power of two)
        double scale = (1 - Math.scalb(1.0, -40)) * Math.scalb(1.0, -10);
        assertEquals(new SoftmaxInt8.Params(1 << 30, 17, -(31 << 26 >> 17)), SoftmaxInt8.prepare(1.0, scale));
    }

    @Test
    void prepareComputesTheRadiusWithWhichNoScaledDifferenceOverflows() {
        for (int shift = 0; shift <= 31; shift++) {
            long radius = SoftmaxInt8.calculateInputRadius(shift);
            assertEquals(Math.floorDiv(31L << 26, 1L << shift), radius, "shift " + shift);
            assertTrue(radius << shift < 1L << 31, "radius * 2^shift fits int32 at shift " + shift);
        }
    }

    @Test
    void prepareGivesMultipliersInTheNormalizedRangeForRealisticScales() {
        SplittableRandom random = new SplittableRandom(31);
        for (int i = 0; i < 10_000; i++) {
            float scale = (float) Math.pow(10, random.nextDouble(-6, 1.5));
            float beta = (float) random.nextDouble(0.05, 5);
            SoftmaxInt8.Params p = SoftmaxInt8.prepare(beta, scale);
            assertTrue(p.inputMultiplier() >= 1 << 30, p::toString);
            double real = p.inputMultiplier() * Math.scalb(1.0, p.inputLeftShift() - 31);
            double wanted = Math.min((double) beta * scale * (1 << 26), (1L << 31) - 1.0);
            assertEquals(1.0, real / wanted, 1.0 / (1 << 30), () -> beta + " " + scale + " " + p);
        }
    }

    @Test
    void prepareRejectsWhatTflitesGreaterThanOneCheckRejects() {
        // 2^-26 exactly gives a real multiplier of 1.0, which is not > 1
        IllegalArgumentException atOne = assertThrows(IllegalArgumentException.class,
                () -> SoftmaxInt8.prepare(1.0, Math.scalb(1.0, -26)));
        assertTrue(atOne.getMessage().contains("must be > 1") && atOne.getMessage().contains("found 1.0"),
                atOne.getMessage());
        assertEquals(1, SoftmaxInt8.prepare(1.0, Math.scalb(1.0, -26) * 1.0000001).inputLeftShift());
        assertThrows(IllegalArgumentException.class, () -> SoftmaxInt8.prepare(0.0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> SoftmaxInt8.prepare(-1.0, 0.1));
        assertThrows(IllegalArgumentException.class, () -> SoftmaxInt8.prepare(1.0, Double.NaN));
    }

    @Test
    void paramsRejectAPositiveDiffMinAShiftBeyond31AndANegativeMultiplier() {
        IllegalArgumentException diffMin = assertThrows(IllegalArgumentException.class,
                () -> new SoftmaxInt8.Params(1 << 30, 5, 1));
        assertTrue(diffMin.getMessage().contains("diffMin must be <= 0") && diffMin.getMessage().contains("found 1"),
                diffMin.getMessage());
        IllegalArgumentException shift = assertThrows(IllegalArgumentException.class,
                () -> new SoftmaxInt8.Params(1 << 30, 32, 0));
        assertTrue(shift.getMessage().contains("[0, 31]") && shift.getMessage().contains("found 32"), shift.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SoftmaxInt8.Params(-1, 5, 0));
    }

    // --- run: hand-traced rows ---

    @Test
    void aRowOfFourEqualValuesGivesAQuarterEach() {
        // each exp is 1.0 (Integer.MAX_VALUE), each adds 2^19 in Q12.19: sum 2^21 = 4.0;
        // GetReciprocal: 10 leading zeros, 2 bits over the unit, mantissa 1/(1 + 0) = MAX;
        // exponent 2 + 31 - 8 = 25; MAX * MAX / 2^31 = 2147483646; / 2^25 = 63.99.. -> 64; 64 - 128
        assertArrayEquals(new byte[] {-64, -64, -64, -64}, run(1.0f, 0.0625f, 10, 10, 10, 10));
    }

    @Test
    void aSingleElementRowSaturatesAtOneStepShortOfOne() {
        // sum 2^19 = 1.0: exponent 23; 2147483646 / 2^23 = 255.99.. -> 256; 256 - 128 = 128 -> 127
        for (int value : new int[] {-128, 0, 127}) {
            assertArrayEquals(new byte[] {127}, run(1.0f, 0.1f, value));
        }
    }

    @Test
    void uniformRowsGiveOneOverDepthRoundedToTheNearest256th() {
        SoftmaxInt8.Params p = SoftmaxInt8.prepare(1.0f, 0.05f);
        for (int depth = 2; depth <= 511; depth++) {
            byte[] input = new byte[depth];
            Arrays.fill(input, (byte) -17);
            byte[] output = new byte[depth];
            SoftmaxInt8.run(p, 1, depth, input, output);
            int expected = (int) Math.round(256.0 / depth) - 128;
            for (byte value : output) {
                assertEquals(expected, value, "depth " + depth);
            }
        }
    }

    @Test
    void aDominantLogitSaturatesAt127AndTheRestVanish() {
        assertArrayEquals(new byte[] {127, -128, -128, -128}, run(1.0f, 0.1f, 127, -128, -128, -128));
        assertArrayEquals(new byte[] {-128, -128, 127, -128}, run(1.0f, 0.1f, -128, -128, 127, -128));
    }

    @Test
    void rowsOfAllMinusOneTwentyEightOrAll127AreUniformLikeAnyOtherConstantRow() {
        assertArrayEquals(run(1.0f, 0.1f, 0, 0, 0, 0), run(1.0f, 0.1f, -128, -128, -128, -128));
        assertArrayEquals(run(1.0f, 0.1f, 0, 0, 0, 0), run(1.0f, 0.1f, 127, 127, 127, 127));
    }

    @Test
    void elementsAtAndBeyondDiffMinCountForNothingVisible() {
        // beta 1, scale 0.25: 2^24 = 0.5 * 2^25, radius floor(31 * 2^26 / 2^25) = 62
        SoftmaxInt8.Params p = SoftmaxInt8.prepare(1.0, 0.25);
        assertEquals(-62, p.diffMin());
        byte[] output = new byte[3];
        SoftmaxInt8.run(p, 1, 3, new byte[] {100, 38, 37}, output); // differences 0, -62, -63
        assertArrayEquals(new byte[] {127, -128, -128}, output);
    }

    @Test
    void aMultiplierCappedAtTheTopSkipsEveryElementButTheMaxima() {
        SoftmaxInt8.Params p = SoftmaxInt8.prepare(1.0, 64.0); // diffMin 0
        byte[] output = new byte[4];
        SoftmaxInt8.run(p, 1, 4, new byte[] {5, 4, 5, -128}, output);
        assertArrayEquals(new byte[] {0, -128, 0, -128}, output);
    }

    /** Recorded from TensorFlow Lite 2.20's Register_SOFTMAX_REF (org.bytedeco tensorflow-lite linux-x86_64). */
    @Test
    void knownAnswersFromTflite220ReferenceKernel() {
        assertArrayEquals(bytes(2, -59, -91, -108), run(1.0f, 0.0625f, 20, 10, 0, -10));
        assertArrayEquals(bytes(-58, -62, -66, -70), run(1.0f, 0.0625f, 127, 126, 125, 124));
        assertArrayEquals(bytes(-99, -99, -97, 39), run(1.0f, 0.0625f, -128, -128, -127, -100));
        assertArrayEquals(bytes(-22, -32, -75, -126), run(1.0f, 0.1f, 37, 36, 30, -5));
        assertArrayEquals(bytes(-112, -111, -109, -107, -105, -102, -99, -96, -93, -89),
                run(1.0f, 0.1f, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        assertArrayEquals(bytes(-47, -69, -85, -96, -105, -111), run(1.0f, 0.03125f, 100, 90, 80, 70, 60, 50));
        assertArrayEquals(bytes(-107, -12, -12, -124), run(2.0f, 0.05f, -3, 14, 14, -20));
        assertArrayEquals(bytes(113, -118, -126, -127, -127, -128, -128, -128), run(0.5f, 0.2f, 64, 32, 16, 8, 4, 2, 1, 0));
        assertArrayEquals(bytes(37, -67, -106, -120), run(1.0f, 1.0f, 3, 2, 1, 0));
        assertArrayEquals(bytes(-112, -7, -83, -54), run(1.0f, 0.0078125f, -128, 127, 0, 64));
        assertArrayEquals(bytes(-115, -120, -103, -103, -103, -127, 31), run(1.7f, 0.013f, 12, -7, 44, 44, 43, -128, 127));
    }

    // --- run: properties over many rows ---

    @Test
    void everyRowSumsTo256StepsWithinHalfAStepPerElement() {
        forRandomRows(41, (p, input, output) -> {
            int sum = 0;
            for (byte value : output) {
                sum += value - SoftmaxInt8.OUTPUT_ZERO_POINT;
            }
            int steps = sum;
            assertTrue(Math.abs(steps - 256) <= output.length / 2 + 1,
                    () -> steps + " steps for " + Arrays.toString(input) + " " + p);
        });
    }

    @Test
    void everyOutputIsWithinOneStepOfTheExactSoftmaxRounded() {
        forRandomRows(42, (p, input, output) -> {
            double scale = p.inputMultiplier() * Math.scalb(1.0, p.inputLeftShift() - 31 - 26); // beta * inputScale
            int max = Byte.MIN_VALUE;
            for (byte value : input) {
                max = Math.max(max, value);
            }
            double denominator = 0;
            for (byte value : input) {
                denominator += Math.exp((value - max) * scale);
            }
            for (int c = 0; c < input.length; c++) {
                double probability = Math.exp((input[c] - max) * scale) / denominator;
                long exact = Math.min(127, Math.round(probability / SoftmaxInt8.OUTPUT_SCALE) - 128);
                int element = c;
                assertTrue(Math.abs(exact - output[c]) <= 1,
                        () -> "element " + element + ": " + output[element] + " vs " + exact + " in " + Arrays.toString(input));
            }
        });
    }

    @Test
    void outputsKeepTheOrderOfTheInputsAndTheLargestInputGetsTheLargestOutput() {
        forRandomRows(43, (p, input, output) -> {
            int argmax = 0;
            for (int i = 0; i < input.length; i++) {
                if (input[i] > input[argmax]) {
                    argmax = i;
                }
                for (int j = 0; j < input.length; j++) {
                    if (input[i] > input[j]) {
                        assertTrue(output[i] >= output[j], () -> Arrays.toString(input) + " -> " + Arrays.toString(output));
                    } else if (input[i] == input[j]) {
                        assertEquals(output[i], output[j], () -> Arrays.toString(input));
                    }
                }
            }
            for (byte value : output) {
                assertTrue(value <= output[argmax]);
            }
        });
    }

    @Test
    void raisingOneInputNeverLowersItsOutputNorRaisesAnyOther() {
        forRandomRows(44, (p, input, output) -> {
            int i = Math.floorMod(input[0] * 31 + input.length, input.length);
            if (input[i] == Byte.MAX_VALUE) {
                return;
            }
            byte[] raised = input.clone();
            raised[i]++;
            byte[] after = new byte[input.length];
            SoftmaxInt8.run(p, 1, input.length, raised, after);
            for (int j = 0; j < input.length; j++) {
                int element = j;
                if (j == i) {
                    assertTrue(after[j] >= output[j], () -> Arrays.toString(input) + " raise " + i);
                } else {
                    assertTrue(after[j] <= output[j], () -> Arrays.toString(input) + " raise " + i + ", element " + element);
                }
            }
        });
    }

    @Test
    void onlyDifferencesMatterSoEveryPairWithTheSameDifferenceGivesTheSameOutput() {
        for (float scale : new float[] {1 / 256f, 0.0625f, 0.1f, 0.5f, 3f}) {
            SoftmaxInt8.Params p = SoftmaxInt8.prepare(1.0f, scale);
            byte[][] byDifference = new byte[511][];
            byte[] output = new byte[2];
            for (int a = -128; a <= 127; a++) {
                for (int b = -128; b <= 127; b++) {
                    SoftmaxInt8.run(p, 1, 2, new byte[] {(byte) a, (byte) b}, output);
                    int key = a - b + 255;
                    if (byDifference[key] == null) {
                        byDifference[key] = output.clone();
                    } else {
                        int first = a;
                        int second = b;
                        assertArrayEquals(byDifference[key], output, () -> "scale " + scale + ": " + first + ", " + second);
                    }
                }
            }
        }
    }

    @Test
    void rowsAreIndependentAndTheKernelMayRunInPlace() {
        SplittableRandom random = new SplittableRandom(45);
        SoftmaxInt8.Params p = SoftmaxInt8.prepare(1.0f, 0.07f);
        int rows = 50;
        int depth = 7;
        byte[] input = new byte[rows * depth];
        for (int i = 0; i < input.length; i++) {
            input[i] = (byte) random.nextInt(-128, 128);
        }
        byte[] together = new byte[input.length];
        SoftmaxInt8.run(p, rows, depth, input, together);
        for (int r = 0; r < rows; r++) {
            byte[] one = Arrays.copyOfRange(input, r * depth, (r + 1) * depth);
            byte[] alone = new byte[depth];
            SoftmaxInt8.run(p, 1, depth, one, alone);
            assertArrayEquals(alone, Arrays.copyOfRange(together, r * depth, (r + 1) * depth), "row " + r);
        }
        byte[] inPlace = input.clone();
        SoftmaxInt8.run(p, rows, depth, inPlace, inPlace);
        assertArrayEquals(together, inPlace);
        SoftmaxInt8.run(p, 0, depth, new byte[0], new byte[0]); // no rows: nothing to do
    }

    // --- run: error paths ---

    @Test
    void aRowWhoseDenominatorReaches512IsRejectedWhereTfliteAborts() {
        SoftmaxInt8.Params p = SoftmaxInt8.prepare(1.0f, 0.1f);
        byte[] equal = new byte[512];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SoftmaxInt8.run(p, 1, 512, equal, new byte[512]));
        assertTrue(e.getMessage().contains("row 0") && e.getMessage().contains("512.0")
                && e.getMessage().contains("expected below 512"), e.getMessage());
        byte[] justBelow = new byte[512];
        justBelow[0] = -128; // exp(-12.8) keeps the sum just under 512
        byte[] output = new byte[512];
        SoftmaxInt8.run(p, 1, 512, justBelow, output);
        assertEquals(-127, output[1]);
    }

    @Test
    void runRejectsBadShapesWithExpectedAndFound() {
        SoftmaxInt8.Params p = SoftmaxInt8.prepare(1.0f, 0.1f);
        IllegalArgumentException depth = assertThrows(IllegalArgumentException.class,
                () -> SoftmaxInt8.run(p, 1, 0, new byte[0], new byte[0]));
        assertTrue(depth.getMessage().contains("depth >= 1") && depth.getMessage().contains("depth 0"), depth.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SoftmaxInt8.run(p, -1, 4, new byte[0], new byte[0]));
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> SoftmaxInt8.run(p, 2, 4, new byte[8], new byte[7]));
        assertTrue(length.getMessage().contains("outerSize * depth = 8") && length.getMessage().contains("[2, 4]")
                && length.getMessage().contains("output 7"), length.getMessage());
    }

    @Test
    void theOutputQuantizationIsOneOver256WithZeroPointMinus128() {
        assertEquals(0.00390625f, SoftmaxInt8.OUTPUT_SCALE);
        assertEquals(-128, SoftmaxInt8.OUTPUT_ZERO_POINT);
    }

    // --- helpers ---

    private interface RowCheck {
        void check(SoftmaxInt8.Params p, byte[] input, byte[] output);
    }

    /** Random realistic parameters and rows: uniform, clustered, and constant-with-one-outlier. */
    private static void forRandomRows(long seed, RowCheck check) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] depths = {2, 3, 4, 4, 4, 5, 8, 10, 30, 100};
        for (int n = 0; n < RANDOM_ROWS; n++) {
            float scale = (float) Math.pow(10, random.nextDouble(-3, 0.5));
            float beta = random.nextInt(4) == 0 ? (float) random.nextDouble(0.1, 4) : 1f;
            SoftmaxInt8.Params p = SoftmaxInt8.prepare(beta, scale);
            int depth = depths[random.nextInt(depths.length)];
            byte[] input = new byte[depth];
            int centre = random.nextInt(-128, 128);
            int width = new int[] {1, 4, 16, 256}[random.nextInt(4)];
            for (int i = 0; i < depth; i++) {
                input[i] = (byte) Math.max(-128, Math.min(127, centre + random.nextInt(-width, width + 1)));
            }
            byte[] output = new byte[depth];
            SoftmaxInt8.run(p, 1, depth, input, output);
            check.check(p, input, output);
        }
    }

    private static byte[] run(float beta, float scale, int... values) {
        byte[] input = bytes(values);
        byte[] output = new byte[input.length];
        SoftmaxInt8.run(SoftmaxInt8.prepare(beta, scale), 1, input.length, input, output);
        return output;
    }

    private static byte[] bytes(int... values) {
        byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (byte) values[i];
        }
        return result;
    }
}
