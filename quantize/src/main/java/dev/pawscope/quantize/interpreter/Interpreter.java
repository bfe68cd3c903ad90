package dev.pawscope.quantize.interpreter;

import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.GraphException;
import dev.pawscope.quantize.graph.Operator;
import dev.pawscope.quantize.graph.Tensor;
import dev.pawscope.quantize.graph.TensorType;
import java.util.ArrayList;
import java.util.List;

/**
 * The plain-Java reference interpreter: runs a float32 or int8 {@link Graph} op by op with
 * TFLite's reference kernels' arithmetic (bit-exact for int8) and keeps every op's output.
 *
 * <p>Construction validates the graph and prepares each op once (requantization multipliers,
 * activation clamps, window geometry), as TFLite's {@code Prepare}; {@link #run} only computes.
 * An interpreter is immutable and safe to share between threads.
 */
public final class Interpreter {

    private final Graph graph;
    private final Object[] constants;
    private final List<PreparedOp> steps;

    public Interpreter(Graph graph) {
        this.graph = graph;
        this.constants = new Object[graph.tensors().size()];
        for (int i = 0; i < constants.length; i++) {
            Tensor t = graph.tensor(i);
            if (t.isConstant()) {
                constants[i] = TensorData.decode(t);
            }
        }
        if (graph.inputs().length != 1) {
            throw new GraphException("the graph has " + graph.inputs().length
                    + " inputs, expected exactly 1 (an image)");
        }
        List<PreparedOp> prepared = new ArrayList<>();
        for (int i = 0; i < graph.operators().size(); i++) {
            prepared.add(OpPreparer.prepare(graph, i, constants));
        }
        this.steps = List.copyOf(prepared);
    }

    public Graph graph() {
        return graph;
    }

    /** The prepared ops in graph order, for engines that reuse them (e.g. {@link DeltaInterpreter}'s fallback). */
    List<PreparedOp> steps() {
        return steps;
    }

    /** The decoded constants, indexed by tensor (null for activations); shared, never modified. */
    Object[] constants() {
        return constants;
    }

    /**
     * Runs one inference.
     *
     * @param input {@code byte[]} for an INT8 input tensor, {@code float[]} for FLOAT32, with the
     *     input tensor's element count, NHWC
     */
    public Activations run(Object input) {
        Tensor inputTensor = graph.inputTensor();
        int expected = inputTensor.elementCount();
        boolean typeMatches = inputTensor.type() == TensorType.INT8 ? input instanceof byte[]
                : inputTensor.type() == TensorType.FLOAT32 && input instanceof float[];
        if (!typeMatches) {
            throw new IllegalArgumentException("the input tensor '" + inputTensor.name() + "' is "
                    + inputTensor.type() + ", found a " + (input == null ? "null" : input.getClass().getSimpleName())
                    + "; pass byte[] for INT8 and float[] for FLOAT32");
        }
        int found = input instanceof byte[] b ? b.length : ((float[]) input).length;
        if (found != expected) {
            throw new IllegalArgumentException("the input tensor '" + inputTensor.name() + "' holds " + expected
                    + " values " + java.util.Arrays.toString(inputTensor.shape()) + ", found " + found);
        }
        Object[] values = constants.clone();
        values[graph.inputs()[0]] = input instanceof byte[] b ? b.clone() : ((float[]) input).clone();
        for (PreparedOp step : steps) {
            step.run(values);
        }
        return new Activations(graph, values);
    }

    /** One op, ready to run: reads its inputs from and writes its output into the value table. */
    @FunctionalInterface
    interface PreparedOp {
        void run(Object[] values);
    }

    static String describe(Graph graph, int opIndex) {
        Operator op = graph.operators().get(opIndex);
        return "op " + opIndex + " (" + op.type() + ", output '" + graph.tensor(op.output()).name() + "')";
    }
}
