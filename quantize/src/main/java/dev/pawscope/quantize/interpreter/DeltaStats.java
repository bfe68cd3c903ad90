package dev.pawscope.quantize.interpreter;

import java.util.List;

/**
 * How much a {@link DeltaSession}'s runs touched: per op, how often it had changed input, how
 * often it recomputed in full, and the output elements that differed from the baseline, summed
 * over runs. Cheap counters only: the runs are a hot path.
 *
 * @param runs delta runs so far
 * @param unchangedOutputs runs whose graph output equalled the baseline's
 */
public record DeltaStats(long runs, long unchangedOutputs, List<OpStats> ops) {

    public DeltaStats {
        ops = List.copyOf(ops);
    }

    /** One op's counters; {@code outputShape} is its output tensor's shape. */
    public record OpStats(String type, int[] outputShape, long runs, long fullRecomputes, long changedElements) {

        public OpStats {
            outputShape = outputShape.clone();
        }

        @Override
        public int[] outputShape() {
            return outputShape.clone();
        }
    }
}
