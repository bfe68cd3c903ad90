package dev.pawscope.host.keras;

import dev.pawscope.host.dataset.InputSpec;
import dev.pawscope.host.model.ModelMetadata;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Locale;
import java.util.Random;

/**
 * Runs DL4J's import of the Keras model and pawscope's rebuilt float twin on the same seeded
 * random images and compares their outputs. The imported network is fed in its own layout
 * (Keras imports are NHWC, {@code [N, H, W, 1]}); the float twin takes NCHW {@code [N, 1, H, W]}.
 * When the import appended a Softmax, the imported network's logits go through softmax first.
 */
public final class KerasSelfCheck {

    /** Images per check. */
    public static final int SAMPLES = 8;
    /** Largest allowed difference of any output. */
    public static final double LIMIT = 1e-4;

    private static final long SEED = 0x5e1fc8ecL;

    /** The worst output: which sample, which output, and by how much the two networks differ. */
    public record Result(int samples, double maxDifference, int sample, int output, double imported, double rebuilt) {

        /** Throws when the networks disagree by more than {@code limit}: the import would be wrong. */
        public Result requireWithin(double limit) {
            if (!(maxDifference <= limit)) {
                throw new IllegalStateException(String.format(Locale.ROOT, "self-check failed: output %d of sample %d"
                                + " differs by %.3g between DL4J's import of the Keras model (%.6f) and the rebuilt float"
                                + " twin (%.6f); expected at most %.0e on all %d samples",
                        output, sample, maxDifference, imported, rebuilt, limit, samples));
            }
            return this;
        }
    }

    private KerasSelfCheck() {
    }

    public static Result compare(MultiLayerNetwork imported, MultiLayerNetwork rebuilt, InputSpec input,
                                 ModelMetadata.Normalization normalization, boolean softmaxImported) {
        int h = input.height();
        int w = input.width();
        float[] pixels = new float[SAMPLES * h * w];
        Random random = new Random(SEED);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) (random.nextInt(256) * normalization.scale() + normalization.offset());
        }
        // one channel: NHWC and NCHW hold the same numbers in the same order, only the shape differs
        INDArray nchw = Nd4j.create(pixels, new long[]{SAMPLES, 1, h, w}, 'c');
        INDArray forImport = inputFormat(imported) == CNN2DFormat.NHWC ? nchw.reshape('c', SAMPLES, h, w, 1) : nchw;

        double[][] a = imported.output(forImport).toDoubleMatrix();
        double[][] b = rebuilt.output(nchw).toDoubleMatrix();
        if (softmaxImported) {
            for (double[] row : a) {
                softmax(row);
            }
        }
        if (a.length != b.length || a[0].length != b[0].length) {
            throw new IllegalStateException("self-check failed: DL4J's import gives " + a.length + "x" + a[0].length
                    + " outputs, the rebuilt float twin " + b.length + "x" + b[0].length);
        }
        Result worst = new Result(SAMPLES, -1, 0, 0, 0, 0);
        for (int s = 0; s < a.length; s++) {
            for (int o = 0; o < a[s].length; o++) {
                double d = Math.abs(a[s][o] - b[s][o]);
                if (Double.isNaN(d)) {
                    d = Double.POSITIVE_INFINITY;
                }
                if (d > worst.maxDifference()) {
                    worst = new Result(SAMPLES, d, s, o, a[s][o], b[s][o]);
                }
            }
        }
        return worst;
    }

    /** The layout the network's first layer expects: from its first layer with a CNN layout, or its flatten step. */
    static CNN2DFormat inputFormat(MultiLayerNetwork net) {
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer conf = net.getLayer(i).conf().getLayer();
            if (ConvolutionUtils.layerHasConvolutionLayout(conf)) {
                return ConvolutionUtils.getFormatForLayer(conf);
            }
            InputPreProcessor p = net.getLayerWiseConfigurations().getInputPreProcess(i);
            if (p instanceof CnnToFeedForwardPreProcessor cnn) {
                return cnn.getFormat();
            }
        }
        return CNN2DFormat.NCHW;
    }

    private static void softmax(double[] row) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : row) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int i = 0; i < row.length; i++) {
            row[i] = Math.exp(row[i] - max);
            sum += row[i];
        }
        for (int i = 0; i < row.length; i++) {
            row[i] /= sum;
        }
    }
}
