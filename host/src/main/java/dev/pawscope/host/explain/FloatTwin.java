package dev.pawscope.host.explain;

import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.host.dataset.InputSpec;
import dev.pawscope.host.model.ModelFolder;
import dev.pawscope.host.model.ModelMetadata;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
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
 * <p>Gradients come from DL4J's own backprop: {@link MultiLayerNetwork#calculateGradients} with a
 * one-hot label returns the input epsilon dL/dx of the cross-entropy loss L = -log p_c, so the
 * gradient of log p_c is its negation. For the convolution activations the layers after them are
 * copied (configuration and parameters) into a "tail" network, whose input epsilon is the same
 * thing one level up. DL4J networks are not thread-safe: every method here is synchronized.
 */
public final class FloatTwin implements ScoreFunction {

    private final MultiLayerNetwork net;
    private final InputSpec input;
    private final ModelMetadata.Normalization normalization;
    private final int classes;
    private final DataType dataType;
    private final int camLayer;
    private MultiLayerNetwork tail; // built on first use

    public FloatTwin(MultiLayerNetwork net, InputSpec input, ModelMetadata.Normalization normalization) {
        this.net = net;
        this.input = input;
        this.normalization = normalization;
        this.dataType = net.getLayerWiseConfigurations().getDataType();
        this.classes = (int) net.output(Nd4j.zeros(dataType, 1, 1, input.height(), input.width()), false).size(1);
        this.camLayer = lastConvolutionBlock(net);
    }

    /** The float twin of a model folder. */
    public static FloatTwin load(ModelFolder folder) {
        ModelMetadata meta = folder.metadata();
        return new FloatTwin(folder.loadFloatTwin(), meta.input(), meta.normalization());
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
    public synchronized double[] logProbabilityGradient(float[] x, int classIndex) {
        checkClass(classIndex);
        INDArray epsilon = net.calculateGradients(tensor(x), oneHot(classIndex), null, null).getSecond();
        return epsilon.neg().reshape(x.length).toDoubleVector();
    }

    /** The DL4J layer Grad-CAM looks at: the output of the last convolution (after its activation). */
    public int camLayer() {
        return camLayer;
    }

    /** The activations of {@link #camLayer()}, {@code [1, C, h, w]}. */
    public synchronized INDArray camActivations(float[] x) {
        List<INDArray> ff = net.feedForwardToLayer(camLayer, tensor(x), false);
        return ff.get(ff.size() - 1).dup();
    }

    /** d log p_c / dA for activations {@code a} of {@link #camLayer()}, the same shape as {@code a}. */
    public synchronized INDArray camGradient(INDArray a, int classIndex) {
        checkClass(classIndex);
        return tail(a).calculateGradients(a, oneHot(classIndex), null, null).getSecond().neg();
    }

    /** Class probabilities from activations of {@link #camLayer()} (the layers after it only). */
    public synchronized float[] scoresFromCamActivations(INDArray a) {
        return tail(a).output(a, false).toFloatVector();
    }

    synchronized double[] probabilitiesFromCamActivations(INDArray a) {
        return tail(a).output(a, false).toDoubleVector();
    }

    private MultiLayerNetwork tail(INDArray a) {
        if (tail == null) {
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
        if (x.length != input.width() * input.height()) {
            throw new IllegalArgumentException("the float twin eats " + input.height() + "x" + input.width()
                    + " = " + input.width() * input.height() + " values, found " + x.length);
        }
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
            throw new IllegalArgumentException("the float twin has no convolution layer, so no Grad-CAM; "
                    + "use gradient, smoothgrad or occlusion");
        }
        if (found + 1 < net.getnLayers()
                && net.getLayerWiseConfigurations().getConf(found + 1).getLayer() instanceof ActivationLayer) {
            found++;
        }
        return found;
    }
}
