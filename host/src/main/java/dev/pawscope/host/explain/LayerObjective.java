package dev.pawscope.host.explain;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU6;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The objective "mean of channel k of layer L's output" on the float twin (for a flat layer: unit
 * k; for the output layer: class k's pre-softmax score), with its gradient with respect to the
 * input. It runs on a copy of the twin's layers 0..L (configuration and parameters) ending in a
 * {@link LinearObjective} head, so DL4J's own backprop computes the gradient. With {@code guided}
 * every ReLU in the copy is a {@link GuidedRelu}: the gradient is guided backpropagation's.
 *
 * <p>Used by {@link GuidedBackprop} (the class score, guided) and {@link ActivationMaximisation}
 * (any layer). Not thread-safe on its own; its methods are synchronized.
 */
public final class LayerObjective {

    /** What is maximised: channel (or class) {@code channel} of {@code layer}; prints as {@code conv2:5}. */
    public record Target(TwinLayer layer, int channel) {
        @Override
        public String toString() {
            return layer.alias() + ":" + channel;
        }
    }

    private final FloatTwin twin;
    private final TwinLayer layer;
    private final boolean guided;
    private final MultiLayerNetwork copy;

    public LayerObjective(FloatTwin twin, TwinLayer layer, boolean guided) {
        this.twin = twin;
        this.layer = layer;
        this.guided = guided;
        this.copy = build(twin, layer.index(), guided);
    }

    /** The class-score objective: unit {@code c} of the output layer before its softmax. */
    public static LayerObjective classScores(FloatTwin twin, boolean guided) {
        return new LayerObjective(twin, twin.layer(TwinLayer.SCORES), guided);
    }

    public TwinLayer layer() {
        return layer;
    }

    public Target target(int k) {
        checkChannel(k);
        return new Target(layer, k);
    }

    public boolean guided() {
        return guided;
    }

    /** The objective for channel {@code k} at a normalised input. */
    public double value(float[] x, int k) {
        return values(new float[][] {x}, new int[] {k})[0];
    }

    /** d objective / dx for channel {@code k} at a normalised input, one value per pixel, row-major. */
    public double[] gradient(float[] x, int k) {
        return gradients(new float[][] {x}, new int[] {k})[0];
    }

    /** The objectives of channels {@code ks[n]} at inputs {@code xs[n]}, in one batch. */
    public synchronized double[] values(float[][] xs, int[] ks) {
        // the head has an identity activation: its output is layer L's output (the scores before softmax)
        INDArray out = copy.output(batch(xs, ks), false).castTo(twin.dataType());
        INDArray weighted = weights(ks).muli(out);
        double[] v = new double[xs.length];
        for (int n = 0; n < v.length; n++) {
            v[n] = weighted.slice(n).sumNumber().doubleValue();
        }
        return v;
    }

    /** d objective / dx for channels {@code ks[n]} at inputs {@code xs[n]}, in one batch. */
    public synchronized double[][] gradients(float[][] xs, int[] ks) {
        // examples do not interact (no batch statistics in the twin), so each row is its own gradient
        INDArray epsilon = copy.calculateGradients(batch(xs, ks), weights(ks), null, null).getSecond();
        int plane = twin.width() * twin.height();
        double[] flat = epsilon.dup('c').reshape((long) xs.length * plane).toDoubleVector();
        double[][] g = new double[xs.length][];
        for (int n = 0; n < xs.length; n++) {
            g[n] = java.util.Arrays.copyOfRange(flat, n * plane, (n + 1) * plane);
        }
        return g;
    }

    /** The head's labels: for example n, 1 / positions on channel ks[n] (a mean over the map), 0 elsewhere. */
    private INDArray weights(int[] ks) {
        if (layer.spatial()) {
            INDArray w = Nd4j.zeros(twin.dataType(), ks.length, layer.channels(), layer.height(), layer.width());
            for (int n = 0; n < ks.length; n++) {
                w.get(org.nd4j.linalg.indexing.NDArrayIndex.point(n),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(ks[n]))
                        .assign(1.0 / (layer.height() * layer.width()));
            }
            return w;
        }
        INDArray w = Nd4j.zeros(twin.dataType(), ks.length, layer.channels());
        for (int n = 0; n < ks.length; n++) {
            w.putScalar(n, ks[n], 1.0);
        }
        return w;
    }

    private INDArray batch(float[][] xs, int[] ks) {
        if (xs.length == 0 || xs.length != ks.length) {
            throw new IllegalArgumentException("expected as many inputs as channels (at least one), found "
                    + xs.length + " and " + ks.length);
        }
        int plane = twin.width() * twin.height();
        float[] flat = new float[xs.length * plane];
        for (int n = 0; n < xs.length; n++) {
            checkChannel(ks[n]);
            if (xs[n].length != plane) {
                throw new IllegalArgumentException("expected " + plane + " values, found " + xs[n].length);
            }
            System.arraycopy(xs[n], 0, flat, n * plane, plane);
        }
        return Nd4j.create(flat, new long[] {xs.length, 1, twin.height(), twin.width()}, 'c')
                .castTo(twin.dataType());
    }

    private void checkChannel(int k) {
        if (k < 0 || k >= layer.channels()) {
            throw new IllegalArgumentException(layer.alias() + " has " + (layer.kind().equals(TwinLayer.SCORES)
                    ? "classes" : "channels") + " 0.." + (layer.channels() - 1) + ", found " + k);
        }
    }

    private static MultiLayerNetwork build(FloatTwin twin, int last, boolean guided) {
        MultiLayerNetwork net = twin.network();
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().dataType(twin.dataType())
                .list();
        boolean scores = conf.getConf(last).getLayer() instanceof BaseOutputLayer;
        for (int i = 0; i < last || (i == last && !scores); i++) {
            Layer l = conf.getConf(i).getLayer().clone();
            if (guided) {
                guide(l);
            }
            list.layer(l);
        }
        if (scores) {
            if (!(conf.getConf(last).getLayer() instanceof OutputLayer original)) {
                throw new IllegalArgumentException("expected the float twin to end in a dense OutputLayer, found "
                        + conf.getConf(last).getLayer().getClass().getSimpleName() + "; class scores need one");
            }
            list.layer(new OutputLayer.Builder(new LinearObjective()).activation(Activation.IDENTITY)
                    .nIn(original.getNIn()).nOut(original.getNOut()).hasBias(original.hasBias()).build());
        } else {
            INDArray probe = net.feedForwardToLayer(last, Nd4j.zeros(twin.dataType(), 1, 1, twin.height(),
                    twin.width()), false).get(last + 1);
            list.layer(probe.rank() == 4
                    ? new CnnLossLayer.Builder(new LinearObjective()).activation(Activation.IDENTITY).build()
                    : new LossLayer.Builder(new LinearObjective()).activation(Activation.IDENTITY).build());
        }
        list.setInputType(InputType.convolutional(twin.height(), twin.width(), 1));
        MultiLayerNetwork copy = new MultiLayerNetwork(list.build());
        copy.init();
        for (int i = 0; i <= last; i++) {
            org.deeplearning4j.nn.api.Layer from = net.getLayer(i);
            if (from.numParams() > 0) {
                copy.getLayer(i).setParams(from.params().dup());
            }
        }
        return copy;
    }

    /** Swaps a ReLU or ReLU6 activation for its guided twin; other activations are left alone. */
    private static void guide(Layer l) {
        if (l instanceof ActivationLayer a) {
            a.setActivationFn(guidedOrSame(a.getActivationFn()));
        } else if (l instanceof BaseLayer b) {
            b.setActivationFn(guidedOrSame(b.getActivationFn()));
        }
    }

    private static IActivation guidedOrSame(IActivation fn) {
        if (fn instanceof ActivationReLU6) {
            return new GuidedRelu(6.0);
        }
        if (fn instanceof ActivationReLU r && (r.getNegativeSlope() == null || r.getNegativeSlope() == 0)
                && (r.getThreshold() == null || r.getThreshold() == 0)) {
            return new GuidedRelu(r.getMax());
        }
        return fn;
    }
}
