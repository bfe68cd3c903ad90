package dev.pawscope.quantize.kernels;

import dev.pawscope.quantize.FixedPoint;

/**
 * SOFTMAX with int8 input and int8 output, bit-exact with TensorFlow Lite's reference kernel:
 * {@code tflite::ops::builtin::Register_SOFTMAX_REF()}, whose {@code SoftmaxPrepare<kReference>}
 * computes the {@link Params} exactly as {@link #prepare} does ({@code PreprocessSoftmaxScaling},
 * {@code CalculateInputRadius}) and whose {@code SoftmaxEval<kReference>} runs the templated
 * {@code reference_ops::Softmax<int8_t, int8_t>} of {@code reference/softmax.h}, mirrored by
 * {@link #run}. TFLite's default kernel ({@code Register_SOFTMAX}) differs: it uses a float lookup
 * table (or, on aarch64 built with clang, {@code SoftmaxInt8LUT}) and may disagree by an LSB.
 *
 * <p>Shapes: input and output {@code [outerSize, depth]} (every dimension but the last folded into
 * {@code outerSize}); each row of {@code depth} elements is normalized on its own. The input's zero
 * point plays no part (only differences between elements of a row matter), its scale only through
 * {@link #prepare}.
 *
 * <p>Output quantization is fixed: scale {@link #OUTPUT_SCALE} = 1/256, zero point {@link
 * #OUTPUT_ZERO_POINT} = -128, so a probability {@code p} is stored as {@code round(256 p) - 128}
 * clamped to {@code [-128, 127]} (1.0 saturates to 127, one step short). TFLite's prepare rejects
 * any other output zero point and any scale farther than {@code 0.001/256} from 1/256.
 *
 * <p>Arithmetic of one row, in gemmlowp fixed point ({@link FixedPoint}):
 *
 * <ol>
 *   <li>{@code max} = the row's largest input; {@code diff = input - max <= 0} (exact int32).
 *   <li>Elements with {@code diff < diffMin} are skipped: they contribute nothing to the sum and
 *       output -128.
 *   <li>{@code scaled = }{@link FixedPoint#multiplyByQuantizedMultiplierGreaterThanOne}{@code
 *       (diff, inputMultiplier, inputLeftShift)}: {@code beta * inputScale * diff} in Q5.26
 *       ({@code kScaledDiffIntegerBits = 5}), in {@code [-31, 0]}.
 *   <li>{@code e = }{@link FixedPoint#expOnNegativeValues}{@code (scaled, 5)}, Q0.31; the maximum
 *       gets {@code Integer.MAX_VALUE}.
 *   <li>{@code sum += }{@link FixedPoint#rescale}{@code (e, 0, 12)}: Q12.19 ({@code
 *       kAccumulationIntegerBits = 12}), each term rounded to 2^-19 (ties away from zero).
 *   <li>{@code (scale, bits) = }{@link FixedPoint#getReciprocal}{@code (sum, 12)}; {@code exponent
 *       = bits + 31 - 8}.
 *   <li>{@code out = }{@link FixedPoint#roundingDivideByPot}{@code (}{@link
 *       FixedPoint#saturatingRoundingDoublingHighMul}{@code (scale, e), exponent) - 128}, clamped to
 *       {@code [-128, 127]}.
 * </ol>
 *
 * <p>Why nothing overflows: {@code |diff| <= -diffMin = floor(31 * 2^26 / 2^inputLeftShift)}, so
 * {@code |diff| * 2^inputLeftShift <= 31 * 2^26 < 2^31}. Each term of the sum is at most {@code
 * 2^19} (1.0), and the maximum always contributes exactly {@code 2^19}, so {@code sum >= 2^19} and
 * {@code exponent >= 23}. TFLite checks {@code exponent <= 31}, i.e. {@code sum < 2^28} (a
 * denominator below 512); beyond that it aborts, and {@link #run} throws instead (it takes 512 or
 * more elements close to the maximum, so never for a classifier's handful of classes).
 */
public final class SoftmaxInt8 {

    /** The output scale TFLite requires for int8 softmax: 1/256. */
    public static final float OUTPUT_SCALE = 1.0f / 256;

    /** The output zero point TFLite requires for int8 softmax: -128, so 0.0 is stored as -128. */
    public static final int OUTPUT_ZERO_POINT = -128;

    /** gemmlowp integer bits of the scaled input differences (Q5.26). */
    static final int SCALED_DIFF_INTEGER_BITS = 5;

    /** gemmlowp integer bits of the sum of exponentials (Q12.19). */
    static final int ACCUMULATION_INTEGER_BITS = 12;

    /** The largest sum of exps (raw Q12.19, exclusive) for which TFLite's exponent stays <= 31. */
    static final long SUM_OF_EXPS_LIMIT = 1L << 28;

    private static final int OUTPUT_BITS = 8;

    private SoftmaxInt8() {}

    /**
     * The quantities {@code SoftmaxPrepare<kReference>} stores in {@code SoftmaxParams}.
     *
     * @param inputMultiplier Q0.31 mantissa of {@code beta * inputScale * 2^26}: in {@code [2^30,
     *     2^31 - 1]} when made by {@link #prepare}; must be {@code >= 0}
     * @param inputLeftShift its exponent: the real multiplier is {@code inputMultiplier * 2^(inputLeftShift
     *     - 31)}, applied as a left shift of the difference before a rounding doubling high
     *     multiply; in {@code [0, 31]} ({@link #prepare} yields {@code [1, 31]})
     * @param diffMin the most negative {@code input - max} still taken into account, {@code <= 0}:
     *     {@code -floor(31 * 2^26 / 2^inputLeftShift)}, the radius beyond which {@code beta *
     *     inputScale * diff} would leave Q5.26
     */
    public record Params(int inputMultiplier, int inputLeftShift, int diffMin) {

        public Params {
            if (inputMultiplier < 0) {
                throw new IllegalArgumentException(
                        "inputMultiplier must be >= 0 (Q0.31), found " + inputMultiplier);
            }
            if (inputLeftShift < 0 || inputLeftShift > 31) {
                throw new IllegalArgumentException(
                        "inputLeftShift must be in [0, 31], found " + inputLeftShift);
            }
            if (diffMin > 0) {
                throw new IllegalArgumentException("diffMin must be <= 0 (the row maximum has"
                        + " difference 0 and must always count), found " + diffMin);
            }
        }
    }

    /**
     * TFLite's int8 {@code SoftmaxPrepare<kReference>}: {@code PreprocessSoftmaxScaling(beta,
     * inputScale, 5)} then {@code diff_min = -CalculateInputRadius(5, inputLeftShift)}, in the same
     * double arithmetic.
     *
     * <ol>
     *   <li>{@code real = min(beta * inputScale * 2^26, 2^31 - 1.0)} (evaluated left to right in
     *       double; TFLite's beta and scale are float32, so their product and this value are exact).
     *   <li>{@code QuantizeMultiplierGreaterThanOne(real)}: {@code real = q * 2^shift} with {@code
     *       q} in {@code [0.5, 1)} (frexp), multiplier {@code = round(q * 2^31)} half away from zero,
     *       a mantissa rounding up to {@code 2^31} halves with {@code shift + 1}. The cap at {@code
     *       2^31 - 1} keeps {@code shift <= 31}.
     *   <li>{@code diffMin = -floor(31.0 * 2^26 / 2^shift)} (0 once {@code shift} is 31).
     * </ol>
     *
     * @param beta the SOFTMAX op's beta; pass TFLite's float32 value (widening is exact)
     * @param inputScale the input tensor's scale; pass the float32 value from the model
     * @throws IllegalArgumentException unless {@code beta * inputScale * 2^26 > 1} (TFLite's {@code
     *     TFLITE_CHECK_GT(double_multiplier, 1.)} aborts there): beta and scale must be positive
     *     and their product above {@code 2^-26}, about {@code 1.5e-8}
     */
    public static Params prepare(double beta, double inputScale) {
        double uncapped = beta * inputScale * (1 << (31 - SCALED_DIFF_INTEGER_BITS));
        double cap = (1L << 31) - 1.0;
        // std::min(a, b) is (b < a) ? b : a: a NaN product stays NaN and fails the check below.
        double realMultiplier = cap < uncapped ? cap : uncapped;
        if (!(realMultiplier > 1.0)) {
            throw new IllegalArgumentException("beta * inputScale * 2^26 must be > 1, found "
                    + realMultiplier + " (beta " + beta + ", inputScale " + inputScale
                    + "); TFLite's QuantizeMultiplierGreaterThanOne rejects it: beta and the input"
                    + " scale must be positive with a product above 2^-26");
        }
        // frexp: realMultiplier = q * 2^shift, q in [0.5, 1); realMultiplier is normal and > 1.
        int shift = Math.getExponent(realMultiplier) + 1;
        double q = Math.scalb(realMultiplier, -shift); // exact
        long qFixed = Math.round(q * (1L << 31)); // q > 0: half-up is TfLiteRound's half away from zero
        if (qFixed == 1L << 31) {
            qFixed /= 2;
            shift++;
        }
        // realMultiplier <= 2^31 - 1 keeps shift <= 31 and qFixed <= 2^31 - 1; > 1 keeps shift >= 1.
        return new Params((int) qFixed, shift, -calculateInputRadius(shift));
    }

    /**
     * TFLite's {@code CalculateInputRadius(5, inputLeftShift, 31)} (float build): {@code floor(1.0 *
     * (2^5 - 1) * 2^26 / 2^inputLeftShift)}, every step exact in double.
     */
    static int calculateInputRadius(int inputLeftShift) {
        double maxInputRescaled = 1.0 * ((1 << SCALED_DIFF_INTEGER_BITS) - 1)
                * (1L << (31 - SCALED_DIFF_INTEGER_BITS)) / (1L << inputLeftShift);
        return (int) Math.floor(maxInputRescaled);
    }

    /**
     * {@code reference_ops::Softmax<int8_t, int8_t>} over {@code outerSize} rows of {@code depth}
     * elements; see the class documentation for the arithmetic. {@code input} and {@code output} may
     * be the same array (TFLite runs this kernel in place too).
     *
     * @param input {@code outerSize * depth} int8 values, row after row
     * @param output receives {@code outerSize * depth} int8 values, scale {@link #OUTPUT_SCALE}, zero
     *     point {@link #OUTPUT_ZERO_POINT}
     * @throws IllegalArgumentException if {@code outerSize < 0}, {@code depth < 1}, an array's length
     *     is not {@code outerSize * depth}, or a row's sum of exponentials reaches 512 (TFLite's
     *     reference kernel aborts on its {@code exponent <= 31} check there; {@code output} is then
     *     left partly written)
     */
    public static void run(Params p, int outerSize, int depth, byte[] input, byte[] output) {
        if (outerSize < 0 || depth < 1) {
            throw new IllegalArgumentException("expected outerSize >= 0 and depth >= 1, found outerSize "
                    + outerSize + ", depth " + depth);
        }
        long size = (long) outerSize * depth;
        if (input.length != size || output.length != size) {
            throw new IllegalArgumentException("input and output must hold outerSize * depth = "
                    + size + " values [" + outerSize + ", " + depth + "], found input " + input.length
                    + ", output " + output.length);
        }
        int[] exps = new int[depth]; // Q0.31 exp of each element of the row, computed once
        for (int row = 0; row < outerSize; row++) {
            int base = row * depth;
            int maxInRow = Byte.MIN_VALUE;
            for (int c = 0; c < depth; c++) {
                maxInRow = Math.max(maxInRow, input[base + c]);
            }
            // Q12.19; at most depth * 2^19, kept in a long to catch rows TFLite would reject.
            long sumOfExps = 0;
            for (int c = 0; c < depth; c++) {
                int inputDiff = input[base + c] - maxInRow;
                if (inputDiff >= p.diffMin()) {
                    int scaledDiff = FixedPoint.multiplyByQuantizedMultiplierGreaterThanOne(
                            inputDiff, p.inputMultiplier(), p.inputLeftShift()); // Q5.26
                    exps[c] = FixedPoint.expOnNegativeValues(scaledDiff, SCALED_DIFF_INTEGER_BITS);
                    sumOfExps += FixedPoint.rescale(exps[c], 0, ACCUMULATION_INTEGER_BITS);
                }
            }
            if (sumOfExps >= SUM_OF_EXPS_LIMIT) {
                throw new IllegalArgumentException("row " + row + ": the sum of exponentials is "
                        + sumOfExps / (double) (1 << 19) + ", expected below 512; TFLite's reference"
                        + " softmax aborts there (TFLITE_CHECK(exponent <= 31)), its int8 output"
                        + " cannot resolve 1/512. Hint: 512 or more elements lie within a few"
                        + " 1/(beta * inputScale) steps of the row maximum");
            }
            FixedPoint.Reciprocal reciprocal =
                    FixedPoint.getReciprocal((int) sumOfExps, ACCUMULATION_INTEGER_BITS);
            int exponent = reciprocal.numBitsOverUnit() + 31 - OUTPUT_BITS; // in [23, 31]
            for (int c = 0; c < depth; c++) {
                int inputDiff = input[base + c] - maxInRow; // read before output[base + c] is written
                int result;
                if (inputDiff >= p.diffMin()) {
                    int unsaturated = FixedPoint.roundingDivideByPot(FixedPoint
                            .saturatingRoundingDoublingHighMul(reciprocal.shiftedScale(), exps[c]), exponent);
                    result = Math.max(Byte.MIN_VALUE, Math.min(Byte.MAX_VALUE, unsaturated + Byte.MIN_VALUE));
                } else {
                    result = Byte.MIN_VALUE;
                }
                output[base + c] = (byte) result;
            }
        }
    }
}
