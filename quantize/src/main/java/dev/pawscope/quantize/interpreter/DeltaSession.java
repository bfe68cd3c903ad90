package dev.pawscope.quantize.interpreter;

import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.Tensor;
import dev.pawscope.quantize.interpreter.Interpreter.PreparedOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One baseline input and the scratch for delta runs against it (see {@link DeltaInterpreter}).
 * Each run replaces the previous one: {@link #runWithRectangle} or {@link #run} first puts every
 * tensor back to the baseline (only the bytes the last run changed), then propagates the new
 * changes. Until the first run, the results are the baseline's.
 *
 * <p>Mutable and not thread-safe: one session per thread (they are cheap: one full inference
 * plus copies of the activations).
 */
public final class DeltaSession {

    private final DeltaInterpreter engine;
    private final Graph graph;
    private final List<DeltaOp> ops;
    private final int inputTensor;
    private final int outputTensor;
    /** Baseline activations, indexed by tensor (null for constants); never modified. */
    final byte[][] base;
    /** Current activations: the baseline plus this run's changes. */
    final byte[][] values;
    /** Per op: kept accumulators (int[] or long[]; null for ops without), current and baseline. */
    final Object[] acc;
    final Object[] baseAcc;
    /** Per op: zeroed scratch for three-lane deltas ({@link DeltaConv}), or null; and its touched range. */
    final long[][] laneScratch;
    /** Per op: {@link DeltaOp#requantizationSlack} of the baseline, or null. */
    final int[][] slack;
    private final int[] lanesLo;
    private final int[] lanesHi;
    private final int[] accLo;
    private final int[] accHi;
    /** Per tensor: what differs from the baseline in this run. */
    final ChangeList[] changes;
    final double recomputeAbove;
    /** Scratch: a bounding box ({@link ChangeList#boundingBox}) and one value per channel. */
    final int[] box = new int[6];
    final int[] channelScratch;
    final int[] deltaScratch;
    /** Scratch: marks an op's touched output positions with the current generation (no clearing). */
    final int[] positionStamp;
    private int generation;
    private final Object[] table;

    private long runs;
    private long unchangedOutputs;
    private final long[] opRuns;
    private final long[] opFullRecomputes;
    private final long[] changedElements;

    /**
     * @param baseline every tensor from the reference interpreter (a checked start: the engine's
     *     own baseline must equal it), or null to compute the baseline here
     */
    DeltaSession(DeltaInterpreter engine, byte[] input, Activations baseline) {
        this.engine = engine;
        this.graph = engine.interpreter().graph();
        this.ops = engine.ops();
        this.recomputeAbove = engine.recomputeAbove();
        this.inputTensor = graph.inputs()[0];
        this.outputTensor = graph.outputs()[0];
        int tensors = graph.tensors().size();
        this.base = new byte[tensors][];
        this.values = new byte[tensors][];
        this.changes = new ChangeList[tensors];
        this.table = engine.interpreter().constants().clone();
        int[] lastDim = new int[tensors]; // channels, or a flat tensor's length
        int maxChannels = 1;
        for (int t = 0; t < tensors; t++) {
            Tensor tensor = graph.tensor(t);
            lastDim[t] = tensor.rank() == 0 ? 1 : tensor.dim(tensor.rank() - 1);
            maxChannels = Math.max(maxChannels, lastDim[t]);
        }
        this.channelScratch = new int[maxChannels];
        this.deltaScratch = new int[maxChannels];
        int maxPositions = 1;
        for (int t = 0; t < tensors; t++) {
            maxPositions = Math.max(maxPositions, graph.tensor(t).elementCount() / Math.max(1, lastDim[t]));
        }
        this.positionStamp = new int[maxPositions];
        this.acc = new Object[ops.size()];
        this.baseAcc = new Object[ops.size()];
        this.accLo = new int[ops.size()];
        this.accHi = new int[ops.size()];
        this.laneScratch = new long[ops.size()][];
        this.lanesLo = new int[ops.size()];
        this.lanesHi = new int[ops.size()];
        this.slack = new int[ops.size()][];
        for (int i = 0; i < ops.size(); i++) {
            int size = ops.get(i).laneScratchSize();
            laneScratch[i] = size == 0 ? null : new long[size];
        }
        List<PreparedOp> steps = engine.interpreter().steps();
        base[inputTensor] = input.clone();
        for (int i = 0; i < ops.size(); i++) {
            DeltaOp op = ops.get(i);
            if (baseline != null) {
                base[op.output()] = (byte[]) baseline.valueUnsafe(op.output());
            }
            baseAcc[i] = op.baselineAccumulators(base);
            if (base[op.output()] == null) { // no accumulators: the reference kernel computes the output
                table[op.input()] = base[op.input()];
                steps.get(i).run(table);
                base[op.output()] = (byte[]) table[op.output()];
            }
            slack[i] = op.requantizationSlack(base, baseAcc[i]);
            acc[i] = baseAcc[i] instanceof long[] packed ? packed.clone()
                    : baseAcc[i] instanceof int[] plain ? plain.clone() : null;
        }
        track(inputTensor);
        for (DeltaOp op : ops) {
            track(op.output());
        }
        this.opRuns = new long[ops.size()];
        this.opFullRecomputes = new long[ops.size()];
        this.changedElements = new long[ops.size()];
    }

    /**
     * Stores an op's own baseline output, or checks it against the reference interpreter's when
     * the session started checked.
     */
    static void setOrCheck(byte[][] base, int tensor, byte[] computed, String what) {
        if (base[tensor] == null) {
            base[tensor] = computed;
            return;
        }
        if (!Arrays.equals(base[tensor], computed)) {
            int k = Arrays.mismatch(base[tensor], computed);
            throw new IllegalStateException(what + " output " + k + " is " + computed[k]
                    + " from its accumulators, the reference kernel wrote " + base[tensor][k]);
        }
    }

    private void track(int tensor) {
        values[tensor] = base[tensor].clone();
        changes[tensor] = new ChangeList();
        table[tensor] = values[tensor];
    }

    /**
     * The baseline with the rectangle {@code [top, top + height) x [left, left + width)} of every
     * channel (and batch) of the input set to {@code value}: occlusion's perturbation.
     */
    public void runWithRectangle(int top, int left, int height, int width, byte value) {
        Tensor in = graph.tensor(inputTensor);
        int h = in.dim(1);
        int w = in.dim(2);
        int c = in.dim(3);
        if (top < 0 || left < 0 || height < 0 || width < 0 || top + height > h || left + width > w) {
            throw new IllegalArgumentException("rectangle at (" + left + ", " + top + ") of " + width + "x" + height
                    + " does not fit the " + w + "x" + h + " input");
        }
        restore();
        byte[] x = values[inputTensor];
        byte[] xBase = base[inputTensor];
        ChangeList list = changes[inputTensor];
        for (int b = 0; b < in.dim(0); b++) {
            for (int y = top; y < top + height; y++) {
                for (int i = ((b * h + y) * w + left) * c, end = i + width * c; i < end; i++) {
                    if (xBase[i] != value) {
                        x[i] = value;
                        list.add(i);
                    }
                }
            }
        }
        propagate();
    }

    /** Any input: changes found by comparing with the baseline input. */
    public void run(byte[] input) {
        byte[] xBase = base[inputTensor];
        if (input.length != xBase.length) {
            throw new IllegalArgumentException("the input tensor holds " + xBase.length + " values, found "
                    + input.length);
        }
        restore();
        byte[] x = values[inputTensor];
        ChangeList list = changes[inputTensor];
        for (int i = 0; i < input.length; i++) {
            if (input[i] != xBase[i]) {
                x[i] = input[i];
                list.add(i);
            }
        }
        propagate();
    }

    private void propagate() {
        runs++;
        for (int i = 0; i < ops.size(); i++) {
            DeltaOp op = ops.get(i);
            if (changes[op.input()].isEmpty()) {
                continue; // an unchanged input gives the baseline output
            }
            opRuns[i]++;
            op.propagate(this, i);
            changedElements[i] += changes[op.output()].size();
        }
        if (changes[outputTensor].isEmpty()) {
            unchangedOutputs++;
        }
    }

    /** Puts back the bytes and accumulators the last run changed. */
    private void restore() {
        for (int t = 0; t < changes.length; t++) {
            ChangeList list = changes[t];
            if (list == null || list.isEmpty()) {
                continue;
            }
            byte[] v = values[t];
            byte[] b = base[t];
            for (int k = 0; k < list.size(); k++) {
                int i = list.get(k);
                v[i] = b[i];
            }
            list.clear();
        }
        for (int i = 0; i < acc.length; i++) {
            if (accHi[i] > accLo[i]) {
                System.arraycopy(baseAcc[i], accLo[i], acc[i], accLo[i], accHi[i] - accLo[i]);
                accLo[i] = 0;
                accHi[i] = 0;
            }
            if (lanesHi[i] > lanesLo[i]) {
                Arrays.fill(laneScratch[i], lanesLo[i], lanesHi[i], 0L);
                lanesLo[i] = 0;
                lanesHi[i] = 0;
            }
        }
    }

    /** A fresh mark for {@link #positionStamp}. */
    int nextGeneration() {
        return ++generation;
    }

    /** Records that op {@code opIndex} changed accumulators only within {@code [lo, hi)}. */
    void touchAccumulators(int opIndex, int lo, int hi) {
        accLo[opIndex] = lo;
        accHi[opIndex] = hi;
    }

    /** Records that op {@code opIndex} wrote its lane scratch only within {@code [lo, hi)}. */
    void touchLanes(int opIndex, int lo, int hi) {
        lanesLo[opIndex] = lo;
        lanesHi[opIndex] = hi;
    }

    /** Reruns the op's reference kernel on the current input and lists the output bytes that differ. */
    void recomputeFully(PreparedOp full, int in, int out, int opIndex) {
        opFullRecomputes[opIndex]++;
        full.run(table); // reads table[in] == values[in], writes a fresh array to table[out]
        byte[] result = (byte[]) table[out];
        table[out] = values[out];
        byte[] y = values[out];
        byte[] yBase = base[out];
        ChangeList list = changes[out];
        for (int i = 0; i < result.length; i++) {
            if (result[i] != yBase[i]) {
                y[i] = result[i];
                list.add(i);
            }
        }
    }

    /** The first graph output of the last run (the baseline's before any), int8, a copy. */
    public byte[] output() {
        return values[outputTensor].clone();
    }

    /** The first graph output of the last run as reals, exactly as {@link Activations#outputReal()}. */
    public float[] outputReal() {
        return Activations.dequantize(graph.tensor(outputTensor), values[outputTensor]);
    }

    /** Every tensor of the last run, as {@link Interpreter#run} would return them (copies). */
    public Activations activations() {
        Object[] all = engine.interpreter().constants().clone();
        for (int t = 0; t < values.length; t++) {
            if (values[t] != null) {
                all[t] = values[t].clone();
            }
        }
        return new Activations(graph, all);
    }

    /** Counters over this session's runs so far, per op, to see how far changes travel. */
    public DeltaStats stats() {
        List<DeltaStats.OpStats> perOp = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            DeltaOp op = ops.get(i);
            perOp.add(new DeltaStats.OpStats(graph.operators().get(i).type().name(),
                    Arrays.copyOf(graph.tensor(op.output()).shape(), graph.tensor(op.output()).rank()),
                    opRuns[i], opFullRecomputes[i], changedElements[i]));
        }
        return new DeltaStats(runs, unchangedOutputs, perOp);
    }
}
