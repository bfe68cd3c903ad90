package dev.pawscope.quantize.interpreter;

/** RESHAPE: the same bytes in the same order, so the changed indices pass through unchanged. */
final class DeltaReshape implements DeltaOp {

    private final int in;
    private final int out;

    DeltaReshape(int in, int out) {
        this.in = in;
        this.out = out;
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
        ChangeList changes = s.changes[in];
        byte[] x = s.values[in];
        byte[] y = s.values[out];
        ChangeList outChanges = s.changes[out];
        for (int k = 0; k < changes.size(); k++) {
            int i = changes.get(k);
            y[i] = x[i];
            outChanges.add(i);
        }
    }
}
