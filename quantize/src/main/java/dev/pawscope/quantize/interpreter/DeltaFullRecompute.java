package dev.pawscope.quantize.interpreter;

import dev.pawscope.quantize.interpreter.Interpreter.PreparedOp;

/**
 * An op without an incremental rule (SOFTMAX, QUANTIZE, ...): the reference kernel reruns on the
 * whole changed input, and the result is compared with the baseline to list what changed. Exact
 * by construction; cheap for the small ops at a classifier's end.
 */
record DeltaFullRecompute(int input, int output, PreparedOp full) implements DeltaOp {

    @Override
    public Object baselineAccumulators(byte[][] base) {
        return null;
    }

    @Override
    public void propagate(DeltaSession s, int opIndex) {
        s.recomputeFully(full, input, output, opIndex);
    }
}
