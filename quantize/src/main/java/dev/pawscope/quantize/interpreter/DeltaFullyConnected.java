package dev.pawscope.quantize.interpreter;

import dev.pawscope.quantize.kernels.DoubleScale;

/**
 * Int8 FULLY_CONNECTED by accumulator deltas: a changed input {@code d} of a batch adds {@code
 * w[o][d] * (x_new - x_base)} to each of that batch's kept accumulators, which are then
 * requantized in double precision as the reference kernel does. Weights are kept transposed
 * ({@code [depth][outputs]}) so one changed input updates a contiguous row.
 */
final class DeltaFullyConnected implements DeltaOp {

    private final int in;
    private final int out;
    private final int depth;
    private final int outputs;
    private final int[] weightsByInput;
    private final int[] bias;
    private final int inputOffset;
    private final int outputZeroPoint;
    private final int min;
    private final int max;
    private final DoubleScale[] scales;

    DeltaFullyConnected(int in, int out, int depth, int outputs, byte[] weights, int[] bias, Int8OpParams q,
            DoubleScale[] scales) {
        this.in = in;
        this.out = out;
        this.depth = depth;
        this.outputs = outputs;
        this.weightsByInput = new int[depth * outputs];
        for (int o = 0; o < outputs; o++) {
            for (int d = 0; d < depth; d++) {
                weightsByInput[d * outputs + o] = weights[o * depth + d];
            }
        }
        this.bias = bias == null ? new int[outputs] : bias.clone();
        this.inputOffset = q.inputOffset();
        this.outputZeroPoint = q.outputZeroPoint();
        this.min = q.range().min();
        this.max = q.range().max();
        this.scales = scales.clone();
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
        byte[] x = base[in];
        int batches = x.length / depth;
        int[] acc = new int[batches * outputs];
        for (int b = 0; b < batches; b++) {
            System.arraycopy(bias, 0, acc, b * outputs, outputs);
            for (int d = 0; d < depth; d++) {
                addRow(acc, b * outputs, x[b * depth + d] + inputOffset, d * outputs);
            }
        }
        byte[] result = new byte[acc.length];
        for (int k = 0; k < acc.length; k++) {
            result[k] = requantize(acc[k], k % outputs);
        }
        DeltaSession.setOrCheck(base, out, result, "delta fully connected");
        return acc;
    }

    @Override
    public void propagate(DeltaSession s, int opIndex) {
        ChangeList changes = s.changes[in];
        byte[] x = s.values[in];
        byte[] xBase = s.base[in];
        int[] acc = (int[]) s.acc[opIndex];
        int firstBatch = changes.get(0) / depth;
        int lastBatch = changes.get(changes.size() - 1) / depth;
        for (int k = 0; k < changes.size(); k++) {
            int i = changes.get(k);
            addRow(acc, (i / depth) * outputs, x[i] - xBase[i], (i % depth) * outputs);
        }
        byte[] y = s.values[out];
        byte[] yBase = s.base[out];
        ChangeList outChanges = s.changes[out];
        for (int k = firstBatch * outputs; k < (lastBatch + 1) * outputs; k++) {
            byte v = requantize(acc[k], k % outputs);
            if (v != yBase[k]) {
                y[k] = v;
                outChanges.add(k);
            }
        }
        s.touchAccumulators(opIndex, firstBatch * outputs, (lastBatch + 1) * outputs);
    }

    private byte requantize(int acc, int o) {
        int v = scales[scales.length > 1 ? o : 0].multiply(acc) + outputZeroPoint;
        return (byte) Math.min(Math.max(v, min), max);
    }

    private void addRow(int[] acc, int a, int v, int w) {
        int[] wt = weightsByInput;
        for (int o = 0; o < outputs; o++) {
            acc[a + o] += v * wt[w + o];
        }
    }
}
