package dev.pawscope.quantize.interpreter;

import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.Operator;
import dev.pawscope.quantize.graph.OpOptions;
import dev.pawscope.quantize.graph.OpType;
import dev.pawscope.quantize.graph.Quantization;
import dev.pawscope.quantize.graph.Tensor;
import dev.pawscope.quantize.graph.TensorType;
import dev.pawscope.quantize.kernels.ActivationRange;
import dev.pawscope.quantize.kernels.WindowGeometry;
import java.util.ArrayList;
import java.util.List;

/**
 * Exact incremental evaluation of an int8 graph for inputs that differ from one baseline input in
 * a few places (occlusion: the same image with one small patch grayed out, hundreds of times).
 *
 * <p>{@link #start} runs the baseline once through the {@link Interpreter} and keeps every tensor
 * and every conv's and fully connected op's int32 accumulators. A delta run then touches only
 * what changed: convolutions add {@code w * (x_new - x_base)} to the kept accumulators (integer
 * sums are exact and associative, so this equals recomputing) and requantize the outputs around
 * the changes, pools recompute the windows over them, and each op passes on only the output
 * bytes that really differ from the baseline, so ReLU clamps and max pools cut the work short.
 * Ops without an incremental rule (softmax) rerun their reference kernel; so does any op whose
 * changed input exceeds {@code recomputeAbove} of its size. Results equal {@link Interpreter#run}
 * on the modified input byte for byte, for every tensor.
 *
 * <p>Immutable and safe to share between threads; each {@link DeltaSession} is one thread's.
 */
public final class DeltaInterpreter {

    /** Ops whose changed input exceeds this fraction of the input recompute in full. */
    public static final double DEFAULT_RECOMPUTE_ABOVE = 0.5;

    private final Interpreter interpreter;
    private final List<DeltaOp> ops;
    private final double recomputeAbove;

    /** With {@link #DEFAULT_RECOMPUTE_ABOVE}. */
    public DeltaInterpreter(Interpreter interpreter) {
        this(interpreter, DEFAULT_RECOMPUTE_ABOVE);
    }

    /**
     * @param recomputeAbove an op recomputes in full when more than this fraction of its input
     *     changed (0 recomputes every op that sees a change: the plain fallback path)
     * @throws IllegalArgumentException if the graph is not int8 throughout ({@link #supports})
     */
    public DeltaInterpreter(Interpreter interpreter, double recomputeAbove) {
        Graph graph = interpreter.graph();
        if (!supports(graph)) {
            throw new IllegalArgumentException("delta evaluation needs an int8 graph: an INT8 input and INT8 "
                    + "outputs for every op, found input " + graph.inputTensor().type() + " and ops "
                    + graph.operators().stream().map(o -> o.type() + "->" + graph.tensor(o.output()).type()).toList());
        }
        if (!(recomputeAbove >= 0)) {
            throw new IllegalArgumentException("recomputeAbove is a fraction >= 0, found " + recomputeAbove);
        }
        this.interpreter = interpreter;
        this.recomputeAbove = recomputeAbove;
        List<DeltaOp> built = new ArrayList<>();
        for (int i = 0; i < graph.operators().size(); i++) {
            built.add(build(graph, i, interpreter.steps().get(i), interpreter.constants()));
        }
        this.ops = List.copyOf(built);
    }

    /** Whether the graph is int8 throughout (input and every op's output), as delta runs need. */
    public static boolean supports(Graph graph) {
        if (graph.inputs().length != 1 || graph.inputTensor().type() != TensorType.INT8) {
            return false;
        }
        for (Operator op : graph.operators()) {
            if (graph.tensor(op.output()).type() != TensorType.INT8 || graph.tensor(op.input(0)).isConstant()
                    || graph.tensor(op.input(0)).type() != TensorType.INT8) {
                return false;
            }
        }
        return true;
    }

    public Interpreter interpreter() {
        return interpreter;
    }

    /**
     * Runs {@code baselineInput} in full and returns a session ready for delta runs against it.
     *
     * @param baselineInput the int8 input tensor's values, NHWC (copied)
     */
    public DeltaSession start(byte[] baselineInput) {
        checkInput(baselineInput);
        return new DeltaSession(this, baselineInput, null);
    }

    /**
     * As {@link #start}, but also runs the reference interpreter and checks that the engine's own
     * baseline (accumulators requantized) equals it byte for byte; for tests and doubts.
     *
     * @throws IllegalStateException if they differ
     */
    public DeltaSession startChecked(byte[] baselineInput) {
        return new DeltaSession(this, baselineInput, interpreter.run(baselineInput));
    }

    private void checkInput(byte[] input) {
        int expected = interpreter.graph().inputTensor().elementCount();
        if (input == null || input.length != expected) {
            throw new IllegalArgumentException("the input tensor holds " + expected + " int8 values, found "
                    + (input == null ? "null" : input.length));
        }
    }

    List<DeltaOp> ops() {
        return ops;
    }

    double recomputeAbove() {
        return recomputeAbove;
    }

    private static DeltaOp build(Graph graph, int index, Interpreter.PreparedOp full, Object[] constants) {
        Operator op = graph.operators().get(index);
        int in = op.input(0);
        int out = op.output();
        Tensor input = graph.tensor(in);
        switch (op.type()) {
            case CONV_2D -> {
                OpOptions.Conv2D o = (OpOptions.Conv2D) op.options();
                Tensor filter = graph.tensor(op.input(1));
                WindowGeometry g = WindowGeometry.of(input.shape(), filter.dim(1), filter.dim(2), o.padding(),
                        o.strideH(), o.strideW(), o.dilationH(), o.dilationW());
                return new DeltaConv(in, out, g, filter.dim(0), (byte[]) constants[op.input(1)],
                        bias(op, constants), Int8OpParams.of(graph, index), full);
            }
            case DEPTHWISE_CONV_2D -> {
                OpOptions.DepthwiseConv2D o = (OpOptions.DepthwiseConv2D) op.options();
                Tensor filter = graph.tensor(op.input(1));
                WindowGeometry g = WindowGeometry.of(input.shape(), filter.dim(1), filter.dim(2), o.padding(),
                        o.strideH(), o.strideW(), o.dilationH(), o.dilationW());
                return new DeltaDepthwiseConv(in, out, g, filter.dim(3), (byte[]) constants[op.input(1)],
                        bias(op, constants), Int8OpParams.of(graph, index), full);
            }
            case MAX_POOL_2D, AVERAGE_POOL_2D -> {
                OpOptions.Pool2D o = (OpOptions.Pool2D) op.options();
                WindowGeometry g = WindowGeometry.of(input.shape(), o.filterH(), o.filterW(), o.padding(),
                        o.strideH(), o.strideW(), 1, 1);
                Quantization oq = graph.tensor(out).quantization();
                return new DeltaPool(in, out, g, op.type() == OpType.MAX_POOL_2D,
                        ActivationRange.int8(o.activation(), oq.scale(), oq.zeroPoint()));
            }
            case FULLY_CONNECTED -> {
                Tensor weights = graph.tensor(op.input(1));
                return new DeltaFullyConnected(in, out, weights.dim(1), weights.dim(0),
                        (byte[]) constants[op.input(1)], bias(op, constants), Int8OpParams.of(graph, index),
                        Int8OpParams.fullyConnectedScales(graph, index));
            }
            case RESHAPE -> {
                return new DeltaReshape(in, out);
            }
            default -> {
                return new DeltaFullRecompute(in, out, full);
            }
        }
    }

    private static int[] bias(Operator op, Object[] constants) {
        return op.inputs().length > 2 && op.input(2) != -1 ? (int[]) constants[op.input(2)] : null;
    }
}
