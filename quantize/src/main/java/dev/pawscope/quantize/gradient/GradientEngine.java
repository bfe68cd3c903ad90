package dev.pawscope.quantize.gradient;

import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.GraphException;
import dev.pawscope.quantize.graph.OpOptions;
import dev.pawscope.quantize.graph.OpType;
import dev.pawscope.quantize.graph.Operator;
import dev.pawscope.quantize.graph.Tensor;
import dev.pawscope.quantize.graph.TensorType;
import dev.pawscope.quantize.interpreter.Interpreter;
import dev.pawscope.quantize.interpreter.TensorData;
import dev.pawscope.quantize.kernels.WindowGeometry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reverse-mode differentiation of a float32 {@link Graph} (NHWC; CONV_2D, DEPTHWISE_CONV_2D,
 * MAX_POOL_2D, AVERAGE_POOL_2D, FULLY_CONNECTED, RESHAPE and SOFTMAX with fused NONE, RELU,
 * RELU_N1_TO_1 or RELU6), for saliency maps: the gradient of a scalar objective with respect to the
 * input or to any intermediate tensor. Weights are constants, so no parameter gradient is ever
 * formed.
 *
 * <p>{@link #prepare} validates the graph as the {@link Interpreter} does and lays the weights out
 * once so that every inner loop runs over contiguous channels; {@link #forward} keeps every
 * tensor's value in a {@link Trace}, and {@link #gradient} walks the ops back from a seed. Values
 * agree with the interpreter's up to float rounding (sums run in another order).
 *
 * <p>Everything is float32: a float64 network (a converted Keras twin) is differentiated in float,
 * which is plenty for saliency (relative error around 1e-6).
 *
 * <p>{@link #logProbabilityGradients} differentiates several inputs in one batched pass, which
 * is faster than one at a time: the plane convolutions then run over all images' planes at once.
 *
 * <p>An engine is immutable (apart from a cache of batched op lists) and safe to share between
 * threads; each call works on its own trace.
 */
public final class GradientEngine {

    private final Graph graph;
    private final List<Step> steps;
    private final int[] producer; // op index that writes each tensor, -1 for inputs and constants
    private final int[] sizes;
    /** Ops prepared for a batch of n images, by n (2..MAX_BATCH); built on first use. */
    private final ConcurrentHashMap<Integer, List<Step>> batchedSteps = new ConcurrentHashMap<>();

    /** The most images one batched pass takes; more are split (bounds memory and the cache above). */
    public static final int MAX_BATCH = 16;

    private GradientEngine(Graph graph, List<Step> steps, int[] producer) {
        this.graph = graph;
        this.steps = steps;
        this.producer = producer;
        this.sizes = graph.tensors().stream().mapToInt(Tensor::elementCount).toArray();
    }

    /**
     * Prepares {@code graph}.
     *
     * @throws GraphException if the graph is not float32 throughout, has an op this engine cannot
     *     differentiate, or fails the interpreter's shape checks
     */
    public static GradientEngine prepare(Graph graph) {
        for (Tensor t : graph.tensors()) {
            if (t.type() != TensorType.FLOAT32) {
                throw new GraphException("tensor '" + t.name() + "' is " + t.type()
                        + ", expected FLOAT32 throughout (gradients need the float graph)");
            }
        }
        new Interpreter(graph); // the interpreter's shape, option and constant checks, with its messages
        int[] producer = new int[graph.tensors().size()];
        Arrays.fill(producer, -1);
        for (int i = 0; i < graph.operators().size(); i++) {
            producer[graph.operators().get(i).output()] = i;
        }
        return new GradientEngine(graph, steps(graph, 1), producer);
    }

    /** The ops for {@code batch} images concatenated along the leading (batch) dimension. */
    private static List<Step> steps(Graph graph, int batch) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < graph.operators().size(); i++) {
            steps.add(step(graph, i, graph.operators().get(i), batch));
        }
        return List.copyOf(steps);
    }

    private static Step step(Graph graph, int index, Operator op, int batch) {
        int in = op.input(0);
        int out = op.output();
        int[] inShape = graph.tensor(in).shape().clone();
        // only convolutions and pools read the batch from the shape; the others go by length
        inShape[0] *= batch;
        return switch (op.type()) {
            case CONV_2D -> {
                OpOptions.Conv2D o = (OpOptions.Conv2D) op.options();
                Tensor filter = graph.tensor(op.input(1));
                WindowGeometry g = WindowGeometry.of(inShape, filter.dim(1), filter.dim(2), o.padding(),
                        o.strideH(), o.strideW(), o.dilationH(), o.dilationW());
                yield new ConvStep(in, out, o.activation(), g, filter.dim(0), floats(filter),
                        bias(graph, op.input(2)));
            }
            case DEPTHWISE_CONV_2D -> {
                OpOptions.DepthwiseConv2D o = (OpOptions.DepthwiseConv2D) op.options();
                Tensor filter = graph.tensor(op.input(1));
                WindowGeometry g = WindowGeometry.of(inShape, filter.dim(1), filter.dim(2), o.padding(),
                        o.strideH(), o.strideW(), o.dilationH(), o.dilationW());
                yield new DepthwiseConvStep(in, out, o.activation(), g, o.depthMultiplier(), floats(filter),
                        bias(graph, op.input(2)));
            }
            case MAX_POOL_2D, AVERAGE_POOL_2D -> {
                OpOptions.Pool2D o = (OpOptions.Pool2D) op.options();
                WindowGeometry g = WindowGeometry.of(inShape, o.filterH(), o.filterW(), o.padding(), o.strideH(),
                        o.strideW(), 1, 1);
                yield new PoolStep(in, out, o.activation(), g, op.type() == OpType.MAX_POOL_2D);
            }
            case FULLY_CONNECTED -> {
                OpOptions.FullyConnected o = (OpOptions.FullyConnected) op.options();
                Tensor weights = graph.tensor(op.input(1));
                yield new DenseStep(in, out, o.activation(), weights.dim(1), weights.dim(0), floats(weights),
                        bias(graph, op.input(2)));
            }
            case RESHAPE -> new ReshapeStep(in, out);
            case SOFTMAX -> new SoftmaxStep(in, out, ((OpOptions.Softmax) op.options()).beta(),
                    inShape[inShape.length - 1]);
            case QUANTIZE, DEQUANTIZE -> throw new GraphException("op " + index + " (" + op.type()
                    + ") has no place in a float32 graph; differentiate the float twin, not the int8 model");
        };
    }

    private static float[] floats(Tensor constant) {
        return TensorData.toFloats(constant.data());
    }

    private static float[] bias(Graph graph, int index) {
        return index == -1 ? null : floats(graph.tensor(index));
    }

    public Graph graph() {
        return graph;
    }

    /** The graph's input tensor. */
    public int inputTensor() {
        return graph.inputs()[0];
    }

    /** The graph's output tensor. */
    public int outputTensor() {
        return graph.outputs()[0];
    }

    /** The index of the op that writes {@code tensor}, or -1 for the input and constants. */
    public int producer(int tensor) {
        return producer[tensor];
    }

    /** The output tensors of the convolutions (CONV_2D and DEPTHWISE_CONV_2D), in execution order. */
    public int[] convolutionOutputs() {
        return graph.operators().stream()
                .filter(op -> op.type() == OpType.CONV_2D || op.type() == OpType.DEPTHWISE_CONV_2D)
                .mapToInt(Operator::output).toArray();
    }

    /**
     * The logits: the input of the SOFTMAX that writes the graph output.
     *
     * @throws IllegalStateException if the graph does not end in a SOFTMAX
     */
    public int logitsTensor() {
        return softmax().input();
    }

    /** Runs the whole graph on {@code input} (NHWC, the input tensor's size), keeping every value. */
    public Trace forward(float[] input) {
        return forwardFrom(inputTensor(), input);
    }

    /**
     * Runs the ops after the one that writes {@code tensor}, starting from {@code value} for it:
     * e.g. the classifier head on given activations of an intermediate layer.
     *
     * @throws IllegalArgumentException if {@code value} has the wrong size, or a later op needs a
     *     tensor this pass cannot compute
     */
    public Trace forwardFrom(int tensor, float[] value) {
        checkSize(tensor, value, "value");
        Trace trace = new Trace(this, sizes.length);
        trace.values[tensor] = value.clone();
        run(steps, 1, trace.values, tensor);
        return trace;
    }

    /** Fills {@code values} from {@code values[tensor]} on, with the ops for {@code batch} images. */
    private void run(List<Step> steps, int batch, float[][] values, int tensor) {
        for (int i = producer[tensor] + 1; i < steps.size(); i++) {
            Step step = steps.get(i);
            float[] x = values[step.input()];
            if (x == null) {
                throw new IllegalArgumentException("op " + i + " (" + graph.operators().get(i).type()
                        + ") reads tensor '" + graph.tensor(step.input()).name() + "', which a pass from '"
                        + graph.tensor(tensor).name() + "' does not compute");
            }
            float[] y = new float[batch * sizes[step.output()]];
            step.forward(x, y);
            values[step.output()] = y;
        }
    }

    /**
     * The gradient, with respect to tensor {@code wrt}, of the objective {@code <seed, T>} where T is
     * tensor {@code seedTensor}: i.e. {@code seed} is dL/dT, and the result dL/d(wrt) has wrt's size.
     * Zero if wrt does not lie upstream of the seed.
     *
     * @param trace a forward pass of this engine that computed every tensor between wrt and the seed
     */
    public float[] gradient(Trace trace, int seedTensor, float[] seed, int wrt) {
        if (trace.engine() != this) {
            throw new IllegalArgumentException("the trace comes from another engine");
        }
        checkSize(seedTensor, seed, "seed");
        return backward(steps, 1, trace.values, seedTensor, seed.clone(), wrt);
    }

    /** The backward walk of {@link #gradient} with the ops for {@code batch} images; takes {@code seed}. */
    private float[] backward(List<Step> steps, int batch, float[][] values, int seedTensor, float[] seed, int wrt) {
        float[][] grads = new float[sizes.length][];
        grads[seedTensor] = seed;
        for (int i = producer[seedTensor]; i > producer[wrt] && i >= 0; i--) {
            Step step = steps.get(i);
            float[] dz = grads[step.output()];
            if (dz == null) {
                continue; // nothing of the seed flows through this op
            }
            float[] x = values[step.input()];
            float[] y = values[step.output()];
            if (x == null || y == null) {
                throw new IllegalArgumentException("the trace has no value for op " + i + " ("
                        + graph.operators().get(i).type() + "); run forward from further up");
            }
            ActivationGradient.mask(step.activation(), y, dz); // dz is ours: a copy or a sum
            float[] dx = grads[step.input()];
            if (dx == null) {
                dx = new float[batch * sizes[step.input()]];
                grads[step.input()] = dx;
            }
            step.backward(x, y, dz, dx);
        }
        return grads[wrt] != null ? grads[wrt] : new float[batch * sizes[wrt]];
    }

    /**
     * d log p_c / d(wrt) for a classifier that ends in SOFTMAX: the logits z are seeded with
     * {@code beta * (onehot(c) - p)}, the exact gradient of {@code log softmax(beta z)_c}, and the
     * softmax itself is skipped (no division by a small p_c).
     */
    public float[] logProbabilityGradient(Trace trace, int classIndex, int wrt) {
        SoftmaxStep softmax = softmax();
        float[] p = trace.values[softmax.output()];
        if (p == null) {
            throw new IllegalArgumentException("the trace has no class probabilities");
        }
        if (p.length != softmax.depth()) {
            throw new IllegalArgumentException("the softmax has " + p.length / softmax.depth()
                    + " rows, expected 1 (one image)");
        }
        if (classIndex < 0 || classIndex >= p.length) {
            throw new IllegalArgumentException("class " + classIndex + " is out of range 0.." + (p.length - 1));
        }
        return gradient(trace, softmax.input(), logProbabilitySeed(softmax, p, classIndex), wrt);
    }

    /** {@code beta * (onehot(c) - p)} for every row of {@code p}. */
    private static float[] logProbabilitySeed(SoftmaxStep softmax, float[] p, int classIndex) {
        int depth = softmax.depth();
        float[] seed = new float[p.length];
        for (int k = 0; k < p.length; k++) {
            seed[k] = softmax.beta() * ((k % depth == classIndex ? 1f : 0f) - p[k]);
        }
        return seed;
    }

    /** d log p_c / dx for one input: a forward pass and a backward pass to the input. */
    public float[] logProbabilityGradient(float[] input, int classIndex) {
        return logProbabilityGradient(forward(input), classIndex, inputTensor());
    }

    /**
     * d log p_c / dx for each of {@code inputs}, the same values as {@link
     * #logProbabilityGradient(float[], int)} one by one up to float rounding, but faster: up to
     * {@link #MAX_BATCH} inputs go through one batched forward and backward pass, where the plane
     * convolutions run over all of the images' planes at once and each op's weights are read once per
     * pass. The first call for a batch size lays the weights out for it (cached).
     *
     * @param inputs NHWC inputs, each of the input tensor's size
     * @return one gradient per input, in order
     */
    public float[][] logProbabilityGradients(float[][] inputs, int classIndex) {
        SoftmaxStep softmax = softmax();
        if (classIndex < 0 || classIndex >= softmax.depth()) {
            throw new IllegalArgumentException("class " + classIndex + " is out of range 0.." + (softmax.depth() - 1));
        }
        int in = inputTensor();
        for (float[] x : inputs) {
            checkSize(in, x, "input");
        }
        float[][] out = new float[inputs.length][];
        for (int first = 0; first < inputs.length; first += MAX_BATCH) {
            int n = Math.min(MAX_BATCH, inputs.length - first);
            List<Step> batchSteps = n == 1 ? steps : batchedSteps.computeIfAbsent(n, k -> steps(graph, k));
            float[][] values = new float[sizes.length][];
            float[] x = new float[n * sizes[in]];
            for (int b = 0; b < n; b++) {
                System.arraycopy(inputs[first + b], 0, x, b * sizes[in], sizes[in]);
            }
            values[in] = x;
            run(batchSteps, n, values, in);
            float[] p = values[softmax.output()];
            if (p.length != n * softmax.depth()) {
                throw new IllegalArgumentException("the softmax has " + p.length / softmax.depth()
                        + " rows for " + n + " images, expected one per image");
            }
            float[] seed = logProbabilitySeed(softmax, p, classIndex);
            float[] g = backward(batchSteps, n, values, softmax.input(), seed, in);
            for (int b = 0; b < n; b++) {
                out[first + b] = Arrays.copyOfRange(g, b * sizes[in], (b + 1) * sizes[in]);
            }
        }
        return out;
    }

    private SoftmaxStep softmax() {
        int op = producer[outputTensor()];
        if (op < 0 || !(steps.get(op) instanceof SoftmaxStep s)) {
            throw new IllegalStateException("the graph output '" + graph.outputTensor().name()
                    + "' is not written by a SOFTMAX, so it has no log-probabilities");
        }
        return s;
    }

    private void checkSize(int tensor, float[] values, String what) {
        if (tensor < 0 || tensor >= sizes.length) {
            throw new IllegalArgumentException("tensor " + tensor + " does not exist, expected 0.."
                    + (sizes.length - 1));
        }
        if (values.length != sizes[tensor]) {
            throw new IllegalArgumentException("the " + what + " for tensor '" + graph.tensor(tensor).name() + "' "
                    + Arrays.toString(graph.tensor(tensor).shape()) + " needs " + sizes[tensor] + " values, found "
                    + values.length);
        }
    }
}
