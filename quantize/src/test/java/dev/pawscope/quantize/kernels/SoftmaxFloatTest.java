package dev.pawscope.quantize.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SoftmaxFloatTest {

    /** Recorded from TensorFlow Lite 2.20's Register_SOFTMAX_REF (org.bytedeco tensorflow-lite linux-x86_64). */
    @Test
    void knownAnswersFromTflite220ReferenceKernel() {
        assertArrayEquals(new float[] {0.08536889404058456f, 0.23205672204494476f, 0.6307955384254456f,
            0.051778849214315414f}, run(1.0f, 1.0f, 2.0f, 3.0f, 0.5f));
        assertArrayEquals(new float[] {0.6324813961982727f, 0.0008391638984903693f, 0.18120895326137543f,
            0.18120895326137543f, 0.0042616259306669235f}, run(0.5f, 10.0f, -3.25f, 7.5f, 7.5f, 0.0f));
        assertArrayEquals(new float[] {0.7306791543960571f, 0.2093430906534195f, 0.05997779592871666f},
                run(2.5f, -1.0f, -1.5f, -2.0f));
        assertArrayEquals(new float[] {1.0f, 1.6458114537543937e-38f}, run(1.0f, 0.0f, -87.0f), "smallest normal range");
    }

    @Test
    void subnormalResultsAreFlushedToZeroAsUnderTflitesScopedSuppressDenormals() {
        // exp(-87.5) = 1.04e-38 is below Float.MIN_NORMAL: TFLite 2.20 gives exactly 0
        assertArrayEquals(new float[] {1.0f, 0.0f}, run(1.0f, 0.0f, -87.5f));
        assertEquals(0.0f, run(1.0f, 0.0f, -100.0f)[1]);
    }

    @Test
    void subnormalInputsCountAsZeroAsUnderTflitesScopedSuppressDenormals() {
        // without DAZ, (0 - 1e-40) * 1e38 = -0.01 would give 0.5025 / 0.4975; TFLite 2.20 gives halves
        assertArrayEquals(new float[] {0.5f, 0.5f}, run(1e38f, 1e-40f, 0.0f));
        assertEquals(0.0f, SoftmaxFloat.flushDenormal(Float.MIN_VALUE));
        assertEquals(Float.floatToIntBits(-0.0f), Float.floatToIntBits(SoftmaxFloat.flushDenormal(-Float.MIN_VALUE)));
        assertEquals(Float.MIN_NORMAL, SoftmaxFloat.flushDenormal(Float.MIN_NORMAL));
    }

    @Test
    void specialValuesBehaveAsInCpp() {
        assertTrue(allNaN(run(1.0f, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY)), "0 / 0");
        assertTrue(allNaN(run(1.0f, Float.NaN, 1.0f, 2.0f)), "a NaN poisons its row's sum");
        assertTrue(allNaN(run(1.0f, Float.POSITIVE_INFINITY, 1.0f)), "inf - inf");
        assertArrayEquals(new float[] {1.0f, 0.0f}, run(1.0f, 0.0f, Float.NEGATIVE_INFINITY));
    }

    @Test
    void aUniformRowGivesOneOverDepth() {
        for (int depth = 1; depth <= 1000; depth++) {
            float[] input = new float[depth];
            Arrays.fill(input, 3.25f);
            float[] output = new float[depth];
            SoftmaxFloat.run(1.0f, 1, depth, input, output);
            // the sum of depth ones is exact, so each output is the correctly rounded 1/depth
            assertEquals(1.0f / depth, output[depth - 1], "depth " + depth);
        }
    }

    @Test
    void outputsAreWithinTheFloatErrorBudgetOfAnExactSoftmaxOfTheSameArguments() {
        // The arguments (x - max) * beta are rounded to float exactly as in C++; from there each exp
        // is off by at most an ulp, the float sum by (depth - 1) half-ulps, the quotient by half an ulp.
        SplittableRandom random = new SplittableRandom(51);
        for (int n = 0; n < 20_000; n++) {
            int depth = new int[] {1, 2, 4, 10, 100}[random.nextInt(5)];
            float beta = random.nextBoolean() ? 1.0f : (float) random.nextDouble(0.1, 5);
            double spread = new double[] {0.1, 1, 5, 20}[random.nextInt(4)];
            float[] input = new float[depth];
            for (int i = 0; i < depth; i++) {
                input[i] = (float) (random.nextGaussian() * spread);
            }
            float[] output = new float[depth];
            SoftmaxFloat.run(beta, 1, depth, input, output);
            float max = -Float.MAX_VALUE;
            for (float value : input) {
                max = Math.max(max, value);
            }
            double[] exps = new double[depth];
            double sum = 0;
            for (int i = 0; i < depth; i++) {
                exps[i] = Math.exp((input[i] - max) * beta);
                sum += exps[i];
            }
            double budget = (depth + 3) * Math.scalb(1.0, -24);
            for (int i = 0; i < depth; i++) {
                double exact = exps[i] / sum;
                if (exact < Float.MIN_NORMAL) {
                    assertTrue(output[i] == 0 || output[i] >= Float.MIN_NORMAL, "flushed or normal");
                    continue;
                }
                double relative = Math.abs(output[i] - exact) / exact;
                int element = i;
                assertTrue(relative <= budget, () -> "element " + element + " of " + Arrays.toString(input)
                        + " beta " + beta + ": " + output[element] + " vs " + exact);
            }
        }
    }

    @Test
    void rowsAreIndependentAndTheKernelMayRunInPlace() {
        SplittableRandom random = new SplittableRandom(52);
        int rows = 40;
        int depth = 9;
        float[] input = new float[rows * depth];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) (random.nextGaussian() * 4);
        }
        float[] together = new float[input.length];
        SoftmaxFloat.run(1.5f, rows, depth, input, together);
        for (int r = 0; r < rows; r++) {
            float[] alone = new float[depth];
            SoftmaxFloat.run(1.5f, 1, depth, Arrays.copyOfRange(input, r * depth, (r + 1) * depth), alone);
            assertArrayEquals(alone, Arrays.copyOfRange(together, r * depth, (r + 1) * depth), "row " + r);
        }
        float[] inPlace = input.clone();
        SoftmaxFloat.run(1.5f, rows, depth, inPlace, inPlace);
        assertArrayEquals(together, inPlace);
    }

    @Test
    void runRejectsBadShapesWithExpectedAndFound() {
        IllegalArgumentException depth = assertThrows(IllegalArgumentException.class,
                () -> SoftmaxFloat.run(1f, 1, 0, new float[0], new float[0]));
        assertTrue(depth.getMessage().contains("depth >= 1") && depth.getMessage().contains("depth 0"), depth.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SoftmaxFloat.run(1f, -1, 3, new float[0], new float[0]));
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> SoftmaxFloat.run(1f, 3, 2, new float[5], new float[6]));
        assertTrue(length.getMessage().contains("outerSize * depth = 6") && length.getMessage().contains("input 5"),
                length.getMessage());
    }

    private static float[] run(float beta, float... input) {
        float[] output = new float[input.length];
        SoftmaxFloat.run(beta, 1, input.length, input, output);
        return output;
    }

    private static boolean allNaN(float[] values) {
        for (float value : values) {
            if (!Float.isNaN(value)) {
                return false;
            }
        }
        return true;
    }
}
