package dev.pawscope.quantize.interpreter;

/** RESHAPE: the same bytes in the same order, so the changed indices pass through unchanged. */
record DeltaReshape(int input, int output) implements DeltaOp {

    @Override
    public Object baselineAccumulators(byte[][] base) {
        return null;
    }

    @Override
    public void propagate(DeltaSession s, int opIndex) {
        ChangeList changes = s.changes[input];
        byte[] x = s.values[input];
        byte[] y = s.values[output];
        ChangeList outChanges = s.changes[output];
        for (int k = 0; k < changes.size(); k++) {
            int i = changes.get(k);
            y[i] = x[i];
            outChanges.add(i);
        }
    }
}
