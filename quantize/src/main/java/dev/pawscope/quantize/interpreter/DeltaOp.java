package dev.pawscope.quantize.interpreter;

/**
 * One int8 op as {@link DeltaInterpreter} runs it: once in full for the baseline (keeping its
 * int32 accumulators, if it has any), then per delta run only where its input changed.
 * Implementations are immutable; all mutable state lives in the {@link DeltaSession}.
 */
interface DeltaOp {

    /** The tensor the op reads (its only activation input). */
    int input();

    /** The tensor the op writes. */
    int output();

    /**
     * The op's int32 accumulators (bias included, before requantization) for the baseline values
     * ({@code int[]}, or {@code long[]} with two packed per element, see {@link DeltaConv}),
     * or null for an op without any. An op with accumulators also requantizes them into {@code
     * base[output()]} when that is null, or, when the reference interpreter already filled it
     * (a checked start), throws unless they requantize to exactly those bytes.
     */
    Object baselineAccumulators(byte[][] base);

    /**
     * Brings the op's output in {@code s} up to date with its changed input: writes every output
     * byte that now differs from the baseline and lists it in {@code s.changes[output()]}.
     * Called only when the input has changes; the output's list is empty on entry.
     */
    void propagate(DeltaSession s, int opIndex);

    /**
     * Per output element, the accumulator changes that keep its baseline byte ({@link
     * RequantizationSlack#of}), kept by the session in {@code s.slack}; null when the op has no
     * use for them. Called once per session, after {@link #baselineAccumulators}.
     */
    default int[] requantizationSlack(byte[][] base, Object baseAccumulators) {
        return null;
    }

    /** Longs of zeroed per-session scratch the op wants in {@code s.laneScratch} (0: none). */
    default int laneScratchSize() {
        return 0;
    }
}
