package dev.pawscope.host.explain;

import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.host.dataset.InputSpec;
import dev.pawscope.host.model.ModelFolder;
import dev.pawscope.host.model.ModelMetadata;
import dev.pawscope.host.quant.FloatGraphBuilder;
import dev.pawscope.host.train.ArchitectureSpec;
import dev.pawscope.host.view.FeatureMaps;
import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.GraphException;
import dev.pawscope.quantize.gradient.GradientEngine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The float twin (a DL4J network, NCHW {@code [1,1,H,W]}) as the gradient methods need it: class
 * scores, the gradient of a class's log-probability with respect to the input, and, for Grad-CAM,
 * the activations of its last convolution block and the gradient with respect to them.
 *
 * <p>Gradients come from a {@link GradientEngine} over the twin's float32 graph (what {@link
 * FloatGraphBuilder} exports, NHWC): a forward pass that keeps every value and one backward pass
 * from the logits, seeded with {@code onehot(c) - p}, about ten times faster than DL4J's
 * {@link MultiLayerNetwork#calculateGradients}, which also forms every parameter gradient. The
 * engine computes in float32 even when the DL4J network is float64 (a converted Keras twin):
 * relative differences around 1e-6, far below anything a saliency map shows. The engine is
 * immutable, so the gradient methods need no lock. It copies the weights when first used: edit
 * the network (as tests do) before asking for a gradient, not after.
 *
 * <p>DL4J still runs everything else (scores, feature maps, the layers other methods copy) and,
 * when the architecture has no float32 graph (an activation TFLite cannot fuse), the gradients too:
 * {@code calculateGradients} with a one-hot label returns the input epsilon of L = -log p_c, and for
 * the convolution activations the layers after them are copied into a "tail" network. DL4J networks
 * are not thread-safe: every method that touches one is synchronized.
 */
public final class FloatTwin implements ScoreFunction {

    private final MultiLayerNetwork net;
    private final InputSpec input;
    private final ModelMetadata.Normalization normalization;
    private final int classes;
    private final DataType dataType;
    private final int camLayer; // -1: no convolution, so no Grad-CAM (the other methods still work)
    private final Graph float32; // given, or null to build from architecture on first use
    private final ArchitectureSpec architecture; // null when float32 is given or for DL4J only
    private volatile Fast fast; // built on first use: the weights as they are then
    private MultiLayerNetwork tail; // built on first use
    private List<TwinLayer> layers; // built on first use

    /**
     * The engine and the tensor Grad-CAM reads; {@code engine} null when there is no float32 graph.
     *
     * @param camTensor the engine's tensor for {@link #camLayer()}, -1 without engine or convolution
     */
    private record Fast(GradientEngine engine, int camTensor) {}

    /**
     * @param float32 the same network as a float32 graph ({@link FloatGraphBuilder}), for the fast
     *     gradients; null to compute them with DL4J
     */
    public FloatTwin(MultiLayerNetwork net, Graph float32, InputSpec input, ModelMetadata.Normalization normalization) {
        this(net, float32, null, input, normalization);
    }

    /**
     * The twin of {@code net}, built with {@code architecture}: its float32 graph, for the fast
     * gradients, is exported from the network's weights when a gradient is first asked for (so a
     * network may still be edited until then, as tests do), or never if the architecture has none.
     */
    public FloatTwin(MultiLayerNetwork net, ArchitectureSpec architecture, InputSpec input,
            ModelMetadata.Normalization normalization) {
        this(net, null, architecture, input, normalization);
    }

    private FloatTwin(MultiLayerNetwork net, Graph float32, ArchitectureSpec architecture, InputSpec input,
            ModelMetadata.Normalization normalization) {
        this.net = net;
        this.input = input;
        this.normalization = normalization;
        this.dataType = net.getLayerWiseConfigurations().getDataType();
        this.classes = (int) net.output(Nd4j.zeros(dataType, 1, 1, input.height(), input.width()), false).size(1);
        this.camLayer = lastConvolutionBlock(net);
        this.float32 = float32;
        this.architecture = architecture;
    }

    /** The float twin of a model folder. */
    public static FloatTwin load(ModelFolder folder) {
        ModelMetadata meta = folder.metadata();
        return new FloatTwin(folder.loadFloatTwin(), ArchitectureSpec.parse(meta.architecture()), meta.input(),
                meta.normalization());
    }

    /** The engine, prepared on first use (double-checked: after that, one volatile read). */
    private Fast fast() {
        Fast f = fast;
        if (f == null) {
            synchronized (this) {
                f = fast;
                if (f == null) {
                    Graph graph = float32 != null ? float32 : architecture == null ? null : exportGraph();
                    GradientEngine engine = graph == null ? null : prepareEngine(graph, input, classes);
                    int[] convolutions = engine == null ? new int[0] : engine.convolutionOutputs();
                    int cam = camLayer < 0 || convolutions.length == 0 ? -1 : convolutions[convolutions.length - 1];
                    f = new Fast(engine, cam);
                    fast = f;
                }
            }
        }
        return f;
    }

    /** The float32 graph of the network as it is now, or null when its architecture has none. */
    private Graph exportGraph() {
        try {
            return FloatGraphBuilder.build(architecture, input, classes, net, "float32 twin for gradients");
        } catch (GraphException e) {
            return null; // e.g. a ReLU TFLite cannot fuse: slower DL4J gradients, same results
        }
    }

    private static GradientEngine prepareEngine(Graph float32, InputSpec input, int classes) {
        GradientEngine engine = GradientEngine.prepare(float32);
        int[] in = float32.inputTensor().shape();
        if (float32.inputTensor().elementCount() != input.width() * input.height() || in.length != 4
                || in[1] != input.height() || in[2] != input.width()
                || float32.outputTensor().elementCount() != classes) {
            throw new IllegalArgumentException("the float32 graph eats " + java.util.Arrays.toString(in)
                    + " and gives " + float32.outputTensor().elementCount() + " scores, the twin "
                    + input.height() + "x" + input.width() + " and " + classes);
        }
        engine.logitsTensor(); // refuses a graph without a final softmax
        return engine;
    }

    /** Whether gradients come from the float32 engine (true) or from DL4J (false). */
    public boolean fastGradients() {
        return fast().engine() != null;
    }

    /**
     * The float32 engine behind the gradients, prepared now if it was not yet, for callers that
     * want the twin's float32 values themselves (the viewer's maps).
     *
     * @throws IllegalStateException if this twin has no float32 graph (its gradients come from DL4J)
     */
    public GradientEngine engine() {
        GradientEngine engine = fast().engine();
        if (engine == null) {
            throw new IllegalStateException("this float twin has no float32 graph, so no gradient engine");
        }
        return engine;
    }

    @Override
    public int width() {
        return input.width();
    }

    @Override
    public int height() {
        return input.height();
    }

    @Override
    public int classes() {
        return classes;
    }

    /** The image as the twin eats it: {@code pixel * scale + offset}, row-major. */
    public float[] normalise(GrayImage image) {
        checkSize(image);
        byte[] px = image.pixels();
        float[] x = new float[px.length];
        for (int i = 0; i < px.length; i++) {
            x[i] = (float) ((px[i] & 0xFF) * normalization.scale() + normalization.offset());
        }
        return x;
    }

    /** The image a normalised input shows: the inverse of {@link #normalise}, rounded and clamped to 0..255. */
    public GrayImage denormalise(float[] x) {
        if (x.length != input.width() * input.height()) {
            throw new IllegalArgumentException("expected " + input.width() * input.height() + " values, found "
                    + x.length);
        }
        byte[] px = new byte[x.length];
        for (int i = 0; i < x.length; i++) {
            long p = Math.round((x[i] - normalization.offset()) / normalization.scale());
            px[i] = (byte) Math.max(0, Math.min(255, p));
        }
        return new GrayImage(input.width(), input.height(), px);
    }

    /** The normalised values of the darkest and brightest pixel, low first. */
    public float[] inputBounds() {
        float a = (float) normalization.offset();
        float b = (float) (255 * normalization.scale() + normalization.offset());
        return new float[] {Math.min(a, b), Math.max(a, b)};
    }

    /** Every layer with its alias and output shape, in order. */
    public synchronized List<TwinLayer> layers() {
        if (layers == null) {
            List<INDArray> ff = net.feedForward(Nd4j.zeros(dataType, 1, 1, input.height(), input.width()), false);
            Map<String, Integer> counts = new HashMap<>();
            List<TwinLayer> out = new ArrayList<>();
            for (int i = 0; i < net.getnLayers(); i++) {
                Layer conf = net.getLayerWiseConfigurations().getConf(i).getLayer();
                String kind = kind(conf);
                int k = counts.merge(kind, 1, Integer::sum);
                String alias = kind.equals(TwinLayer.SCORES) ? TwinLayer.SCORES : kind + k;
                long[] shape = ff.get(i + 1).shape(); // ff.get(0) is the input
                boolean maps = shape.length == 4;
                out.add(new TwinLayer(i, conf.getLayerName() != null ? conf.getLayerName() : "layer" + i, alias,
                        kind, (int) shape[1], maps ? (int) shape[2] : 1, maps ? (int) shape[3] : 1));
            }
            layers = List.copyOf(out);
        }
        return layers;
    }

    /** The layer {@code ref} names (alias, DL4J name or index); an unknown one lists them all. */
    public TwinLayer layer(String ref) {
        return TwinLayer.find(layers(), ref);
    }

    /**
     * Every channel of {@code layer}'s output for a normalised input (after the layer's own
     * activation; the output layer gives probabilities), as maps.
     */
    public synchronized FeatureMaps featureMaps(float[] x, TwinLayer layer) {
        List<INDArray> ff = net.feedForwardToLayer(layer.index(), tensor(x), false);
        INDArray a = ff.get(ff.size() - 1);
        int plane = layer.height() * layer.width();
        float[] flat = a.castTo(DataType.FLOAT).dup('c').reshape(layer.channels() * (long) plane).toFloatVector();
        float[][] maps = new float[layer.channels()][];
        for (int c = 0; c < maps.length; c++) {
            maps[c] = java.util.Arrays.copyOfRange(flat, c * plane, (c + 1) * plane);
        }
        return new FeatureMaps(layer.width(), layer.height(), IntStream.range(0, maps.length).boxed().toList(), maps);
    }

    /**
     * The first layer's convolution weights, {@code [filters][kh * kw]} row-major, and biases; the
     * layer must be a plain convolution over the one gray channel.
     */
    public synchronized float[][] firstLayerFilters() {
        Layer conf = net.getLayerWiseConfigurations().getConf(0).getLayer();
        if (!(conf instanceof ConvolutionLayer) || conf.getClass() != ConvolutionLayer.class) {
            throw new IllegalArgumentException("the first layer is " + conf.getClass().getSimpleName()
                    + ", expected a Conv2D to draw its filters");
        }
        INDArray w = net.getLayer(0).getParam("W"); // [out, in, kh, kw]
        if (w.size(1) != 1) {
            throw new IllegalArgumentException("expected the first convolution to see 1 gray channel, found "
                    + w.size(1));
        }
        int out = (int) w.size(0);
        int taps = (int) (w.size(2) * w.size(3));
        float[] flat = w.castTo(DataType.FLOAT).dup('c').reshape((long) out * taps).toFloatVector();
        float[][] filters = new float[out][];
        for (int f = 0; f < out; f++) {
            filters[f] = java.util.Arrays.copyOfRange(flat, f * taps, (f + 1) * taps);
        }
        return filters;
    }

    /** The first convolution's kernel size {height, width}. */
    public int[] firstLayerKernel() {
        INDArray w = net.getLayer(0).getParam("W");
        return new int[] {(int) w.size(2), (int) w.size(3)};
    }

    /** The first convolution's biases, one per filter (zeros if it has none). */
    public synchronized float[] firstLayerBiases() {
        INDArray b = net.getLayer(0).getParam("b");
        return b == null ? new float[(int) net.getLayer(0).getParam("W").size(0)]
                : b.castTo(DataType.FLOAT).toFloatVector();
    }

    /** The wrapped network, for {@link LayerObjective} to copy; not to be run from outside this class. */
    MultiLayerNetwork network() {
        return net;
    }

    DataType dataType() {
        return dataType;
    }

    /** The range of normalised inputs, {@code scale * 255}: SmoothGrad's noise is relative to it. */
    public double inputRange() {
        return Math.abs(normalization.scale() * 255);
    }

    @Override
    public float[] scores(GrayImage image) {
        return scores(normalise(image));
    }

    /** Class probabilities for a normalised input (H x W, row-major). */
    public synchronized float[] scores(float[] x) {
        return net.output(tensor(x), false).toFloatVector();
    }

    /** Class probabilities in the network's own precision (float64 for a converted twin), for checks. */
    synchronized double[] probabilities(double[] x) {
        INDArray in = Nd4j.create(x, new long[] {1, 1, input.height(), input.width()}, 'c').castTo(dataType);
        return net.output(in, false).toDoubleVector();
    }

    /** d log p_c / dx for a normalised input, one value per pixel (row-major). */
    public double[] logProbabilityGradient(float[] x, int classIndex) {
        checkClass(classIndex);
        checkLength(x);
        GradientEngine engine = fast().engine();
        if (engine != null) {
            return toDouble(engine.logProbabilityGradient(x, classIndex));
        }
        synchronized (this) {
            INDArray epsilon = net.calculateGradients(tensor(x), oneHot(classIndex), null, null).getSecond();
            return epsilon.neg().reshape(x.length).toDoubleVector();
        }
    }

    /**
     * d log p_c / dx for each of several normalised inputs: the same values as {@link
     * #logProbabilityGradient} one by one (up to float rounding), computed in batched passes of the
     * gradient engine; without the engine, one DL4J pass each.
     */
    public double[][] logProbabilityGradients(float[][] xs, int classIndex) {
        checkClass(classIndex);
        for (float[] x : xs) {
            checkLength(x);
        }
        GradientEngine engine = fast().engine();
        double[][] out = new double[xs.length][];
        if (engine == null) {
            for (int s = 0; s < xs.length; s++) {
                out[s] = logProbabilityGradient(xs[s], classIndex);
            }
            return out;
        }
        float[][] g = engine.logProbabilityGradients(xs, classIndex);
        for (int s = 0; s < xs.length; s++) {
            out[s] = toDouble(g[s]);
        }
        return out;
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    /** The DL4J layer Grad-CAM looks at: the output of the last convolution (after its activation). */
    public int camLayer() {
        if (camLayer < 0) {
            throw new IllegalArgumentException("the float twin has no convolution layer, so no Grad-CAM; "
                    + "use gradient, smoothgrad, guided or occlusion");
        }
        return camLayer;
    }

    /** The shape of {@link #camLayer()}'s activations: {height, width, channels}. */
    public int[] camShape() {
        Fast f = fast();
        if (f.camTensor() >= 0) {
            int[] s = f.engine().graph().tensor(f.camTensor()).shape(); // [1, h, w, C]
            return new int[] {s[1], s[2], s[3]};
        }
        TwinLayer layer = layers().get(camLayer());
        return new int[] {layer.height(), layer.width(), layer.channels()};
    }

    /** The activations of {@link #camLayer()}, NHWC: {@code a[(y * w + x) * C + c]}. */
    public float[] camActivations(float[] x) {
        camLayer();
        checkLength(x);
        Fast f = fast();
        if (f.camTensor() >= 0) {
            return f.engine().forward(x).value(f.camTensor());
        }
        synchronized (this) {
            List<INDArray> ff = net.feedForwardToLayer(camLayer, tensor(x), false);
            return nhwc(ff.get(ff.size() - 1));
        }
    }

    /** d log p_c / dA for activations {@code a} of {@link #camLayer()} (NHWC), the same layout. */
    public float[] camGradient(float[] a, int classIndex) {
        checkClass(classIndex);
        checkCamLength(a);
        Fast f = fast();
        if (f.camTensor() >= 0) {
            GradientEngine engine = f.engine();
            return engine.logProbabilityGradient(engine.forwardFrom(f.camTensor(), a), classIndex, f.camTensor());
        }
        synchronized (this) {
            INDArray in = nchw(a);
            return nhwc(tail(in).calculateGradients(in, oneHot(classIndex), null, null).getSecond().neg());
        }
    }

    /** Class probabilities from activations of {@link #camLayer()} (NHWC; the layers after it only). */
    public float[] scoresFromCamActivations(float[] a) {
        checkCamLength(a);
        Fast f = fast();
        if (f.camTensor() >= 0) {
            return f.engine().forwardFrom(f.camTensor(), a).output();
        }
        synchronized (this) {
            INDArray in = nchw(a);
            return tail(in).output(in, false).toFloatVector();
        }
    }

    /** Class probabilities from NHWC activations by DL4J's tail network, in its own precision, for checks. */
    synchronized double[] probabilitiesFromCamActivations(double[] a) {
        checkCamLength(a.length);
        int[] s = camShape();
        INDArray nhwc = Nd4j.create(a, new long[] {1, s[0], s[1], s[2]}, 'c').castTo(dataType);
        INDArray in = nhwc.permute(0, 3, 1, 2).dup('c');
        return tail(in).output(in, false).toDoubleVector();
    }

    /** {@code [1, C, h, w]} to NHWC floats. */
    private static float[] nhwc(INDArray nchw) {
        return nchw.permute(0, 2, 3, 1).dup('c').castTo(DataType.FLOAT).reshape(nchw.length()).toFloatVector();
    }

    /** NHWC floats of {@link #camLayer()} to {@code [1, C, h, w]} in the network's type. */
    private INDArray nchw(float[] a) {
        int[] s = camShape();
        return Nd4j.create(a, new long[] {1, s[0], s[1], s[2]}, 'c').castTo(dataType).permute(0, 3, 1, 2).dup('c');
    }

    private void checkCamLength(float[] a) {
        checkCamLength(a.length);
    }

    private void checkCamLength(int length) {
        int[] s = camShape();
        if (length != s[0] * s[1] * s[2]) {
            throw new IllegalArgumentException("the Grad-CAM layer is " + s[0] + "x" + s[1] + "x" + s[2] + " = "
                    + s[0] * s[1] * s[2] + " values, found " + length);
        }
    }

    private void checkLength(float[] x) {
        if (x.length != input.width() * input.height()) {
            throw new IllegalArgumentException("the float twin eats " + input.height() + "x" + input.width()
                    + " = " + input.width() * input.height() + " values, found " + x.length);
        }
    }

    private MultiLayerNetwork tail(INDArray a) {
        if (tail == null) {
            camLayer(); // refuses a twin without a convolution
            MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
            NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().dataType(dataType).list();
            int n = net.getnLayers();
            for (int i = camLayer + 1; i < n; i++) {
                list.layer(conf.getConf(i).getLayer().clone());
            }
            list.setInputType(InputType.convolutional(a.size(2), a.size(3), a.size(1)));
            MultiLayerNetwork t = new MultiLayerNetwork(list.build());
            t.init();
            for (int i = camLayer + 1; i < n; i++) {
                org.deeplearning4j.nn.api.Layer from = net.getLayer(i);
                if (from.numParams() > 0) {
                    t.getLayer(i - camLayer - 1).setParams(from.params().dup());
                }
            }
            tail = t;
        }
        return tail;
    }

    private INDArray tensor(float[] x) {
        checkLength(x);
        return Nd4j.create(x, new long[] {1, 1, input.height(), input.width()}, 'c').castTo(dataType);
    }

    private INDArray oneHot(int classIndex) {
        INDArray labels = Nd4j.zeros(dataType, 1, classes);
        labels.putScalar(0, classIndex, 1.0);
        return labels;
    }

    void checkSize(GrayImage image) {
        if (!input.matches(image)) {
            throw new IllegalArgumentException("the model input is " + input.height() + "x" + input.width()
                    + ", found a " + image.height() + "x" + image.width() + " image; resize it first");
        }
    }

    void checkClass(int classIndex) {
        if (classIndex < 0 || classIndex >= classes) {
            throw new IllegalArgumentException("class " + classIndex + " is out of range 0.." + (classes - 1));
        }
    }

    private static String kind(Layer conf) {
        if (conf instanceof BaseOutputLayer) {
            return TwinLayer.SCORES;
        }
        if (conf instanceof ConvolutionLayer) {
            return "conv";
        }
        if (conf instanceof ActivationLayer a) {
            String fn = String.valueOf(a.getActivationFn()).toLowerCase(java.util.Locale.ROOT);
            return fn.contains("relu") ? "relu" : "act"; // ReLU6 too
        }
        if (conf instanceof SubsamplingLayer) {
            return "pool";
        }
        if (conf instanceof DenseLayer) {
            return "dense";
        }
        return "layer";
    }

    /** The last ConvolutionLayer, or the ActivationLayer right after it (the ReLU the spec adds). */
    private static int lastConvolutionBlock(MultiLayerNetwork net) {
        int found = -1;
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer layer = net.getLayerWiseConfigurations().getConf(i).getLayer();
            if (layer instanceof ConvolutionLayer) { // DepthwiseConvolution2D extends it too
                found = i;
            }
        }
        if (found < 0) {
            return -1;
        }
        if (found + 1 < net.getnLayers()
                && net.getLayerWiseConfigurations().getConf(found + 1).getLayer() instanceof ActivationLayer) {
            found++;
        }
        return found;
    }
}
