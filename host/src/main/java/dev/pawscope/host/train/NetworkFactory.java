package dev.pawscope.host.train;

import dev.pawscope.host.dataset.InputSpec;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Locale;

/**
 * Turns an {@link ArchitectureSpec} into a Deeplearning4j network (the float twin).
 * One DL4J layer per spec layer, except Flatten (DL4J's CNN-to-dense preprocessor does it,
 * flattening in NCHW order) and the final Dense + Softmax (one OutputLayer with cross-entropy).
 * AvgPool excludes padding from its divisor, as TensorFlow does.
 */
public final class NetworkFactory {

    private NetworkFactory() {
    }

    public static MultiLayerNetwork create(ArchitectureSpec spec, InputSpec input, int classes, long seed,
                                           double learningRate) {
        spec.shapes(input, classes);
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(learningRate))
                .weightInit(WeightInit.RELU)
                .l2(1e-4)
                .list();
        var layers = spec.layers();
        int n = layers.size();
        for (int i = 0; i < n; i++) {
            LayerSpec l = layers.get(i);
            if (l instanceof LayerSpec.Flatten) {
                continue;
            }
            if (i == n - 2) {
                // validated by shapes(): the last two layers are Dense(classes), Softmax
                list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nOut(classes).activation(Activation.SOFTMAX).name(name(i, l)).build());
                break;
            }
            list.layer(toDl4j(l, i));
        }
        MultiLayerConfiguration conf = list
                .setInputType(InputType.convolutional(input.height(), input.width(), input.channels()))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static Layer toDl4j(LayerSpec l, int index) {
        String name = name(index, l);
        if (l instanceof LayerSpec.Conv2D c) {
            return new ConvolutionLayer.Builder(c.kernel(), c.kernel()).stride(c.stride(), c.stride())
                    .nOut(c.filters()).convolutionMode(mode(c.padding())).activation(Activation.IDENTITY).name(name).build();
        }
        if (l instanceof LayerSpec.DepthwiseConv2D d) {
            return new DepthwiseConvolution2D.Builder().kernelSize(d.kernel(), d.kernel()).stride(d.stride(), d.stride())
                    .depthMultiplier(d.depthMultiplier()).convolutionMode(mode(d.padding()))
                    .activation(Activation.IDENTITY).name(name).build();
        }
        if (l instanceof LayerSpec.MaxPool p) {
            return new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(p.pool(), p.pool())
                    .stride(p.stride(), p.stride()).convolutionMode(mode(p.padding())).name(name).build();
        }
        if (l instanceof LayerSpec.AvgPool p) {
            return new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(p.pool(), p.pool())
                    .stride(p.stride(), p.stride()).convolutionMode(mode(p.padding()))
                    .avgPoolIncludePadInDivisor(false).name(name).build();
        }
        if (l instanceof LayerSpec.Dense d) {
            return new DenseLayer.Builder().nOut(d.units()).activation(Activation.IDENTITY).name(name).build();
        }
        if (l == LayerSpec.Activation.RELU) {
            return new ActivationLayer.Builder().activation(Activation.RELU).name(name).build();
        }
        if (l == LayerSpec.Activation.RELU6) {
            return new ActivationLayer.Builder().activation(Activation.RELU6).name(name).build();
        }
        throw new SpecException("layer " + index + " " + l.text() + " cannot be built here; Softmax belongs last");
    }

    /** Layer names as Keras would print them, prefixed by the spec index: {@code 0_conv2d}. */
    public static String name(int index, LayerSpec l) {
        String t = l.text();
        int paren = t.indexOf('(');
        return index + "_" + (paren < 0 ? t : t.substring(0, paren)).toLowerCase(Locale.ROOT);
    }

    private static ConvolutionMode mode(Padding p) {
        return p == Padding.SAME ? ConvolutionMode.Same : ConvolutionMode.Truncate;
    }
}
