package dev.pawscope.quantize.interpreter;

import dev.pawscope.quantize.interpreter.Interpreter.PreparedOp;

/**
 * An op without an incremental rule (SOFTMAX, QUANTIZE, ...): the reference kernel reruns on the
 * whole changed input, and the result is compared with the baseline to list what changed. Exact
 * by construction; cheap for the small ops at a classifier's end.
 */
final class DeltaFullRecompute implements DeltaOp {

    private final int in;
    private final int out;
    private final PreparedOp full;

    DeltaFullRecompute(int in, int out, PreparedOp full) {
        this.in = in;
        this.out = out;
        this.full = full;
    }

    @Override
    public int input() {
        return in;
    }

    @Override
    public int output() {
        return out;
    }

    @Override
    public Object baselineAccumulators(byte[][] base) {
        return null;
    }

    @Override
    public void propagate(DeltaSession s, int opIndex) {
        s.recomputeFully(full, in, out, opIndex);
    }
}
