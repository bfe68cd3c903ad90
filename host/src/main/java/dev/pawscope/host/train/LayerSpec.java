package dev.pawscope.host.train;

import java.util.Locale;

/**
 * One layer of a Keras-style Sequential model. Each knows its output shape and parameter count
 * given its input shape, and says what is wrong when the shapes do not work.
 */
public sealed interface LayerSpec {

    /** Output shape for {@code in}; throws {@link SpecException} naming the problem. */
    TensorShape outputShape(TensorShape in);

    /** Trainable weights plus biases for input shape {@code in}. */
    long parameters(TensorShape in);

    /** The spec text that parses back to this layer. */
    String text();

    record Conv2D(int filters, int kernel, int stride, Padding padding) implements LayerSpec {
        public Conv2D {
            positive("Conv2D filters", filters);
            positive("Conv2D kernel", kernel);
            positive("Conv2D strides", stride);
        }

        public TensorShape outputShape(TensorShape in) {
            return windowed("Conv2D", in, kernel, stride, padding, filters);
        }

        public long parameters(TensorShape in) {
            return (long) filters * kernel * kernel * in.channels() + filters;
        }

        public String text() {
            return String.format(Locale.ROOT, "Conv2D(%d, %d, strides=%d, padding=%s)", filters, kernel, stride, padding.keras());
        }
    }

    record DepthwiseConv2D(int kernel, int stride, Padding padding, int depthMultiplier) implements LayerSpec {
        public DepthwiseConv2D {
            positive("DepthwiseConv2D kernel", kernel);
            positive("DepthwiseConv2D strides", stride);
            positive("DepthwiseConv2D depth_multiplier", depthMultiplier);
        }

        public TensorShape outputShape(TensorShape in) {
            return windowed("DepthwiseConv2D", in, kernel, stride, padding, in.channels() * depthMultiplier);
        }

        public long parameters(TensorShape in) {
            long out = (long) in.channels() * depthMultiplier;
            return out * kernel * kernel + out;
        }

        public String text() {
            return String.format(Locale.ROOT, "DepthwiseConv2D(%d, strides=%d, padding=%s, depth_multiplier=%d)", kernel,
                    stride, padding.keras(), depthMultiplier);
        }
    }

    record MaxPool(int pool, int stride, Padding padding) implements LayerSpec {
        public MaxPool {
            positive("MaxPool pool_size", pool);
            positive("MaxPool strides", stride);
        }

        public TensorShape outputShape(TensorShape in) {
            return windowed("MaxPool", in, pool, stride, padding, in.channels());
        }

        public long parameters(TensorShape in) {
            return 0;
        }

        public String text() {
            return String.format(Locale.ROOT, "MaxPool(%d, strides=%d, padding=%s)", pool, stride, padding.keras());
        }
    }

    record AvgPool(int pool, int stride, Padding padding) implements LayerSpec {
        public AvgPool {
            positive("AvgPool pool_size", pool);
            positive("AvgPool strides", stride);
        }

        public TensorShape outputShape(TensorShape in) {
            return windowed("AvgPool", in, pool, stride, padding, in.channels());
        }

        public long parameters(TensorShape in) {
            return 0;
        }

        public String text() {
            return String.format(Locale.ROOT, "AvgPool(%d, strides=%d, padding=%s)", pool, stride, padding.keras());
        }
    }

    record Flatten() implements LayerSpec {
        public TensorShape outputShape(TensorShape in) {
            return new TensorShape(1, 1, in.size());
        }

        public long parameters(TensorShape in) {
            return 0;
        }

        public String text() {
            return "Flatten";
        }
    }

    record Dense(int units) implements LayerSpec {
        public Dense {
            positive("Dense units", units);
        }

        public TensorShape outputShape(TensorShape in) {
            if (in.height() != 1 || in.width() != 1) {
                throw new SpecException("Dense expects a flat input, found " + in + "; put Flatten before it");
            }
            return new TensorShape(1, 1, units);
        }

        public long parameters(TensorShape in) {
            return (long) in.channels() * units + units;
        }

        public String text() {
            return "Dense(" + units + ")";
        }
    }

    /** Element-wise activations: they keep the shape. */
    enum Activation implements LayerSpec {
        RELU("ReLU"), RELU6("ReLU6"), SOFTMAX("Softmax");

        private final String text;

        Activation(String text) {
            this.text = text;
        }

        public TensorShape outputShape(TensorShape in) {
            return in;
        }

        public long parameters(TensorShape in) {
            return 0;
        }

        public String text() {
            return text;
        }
    }

    private static void positive(String what, int value) {
        if (value < 1) {
            throw new SpecException("expected " + what + " >= 1, found " + value);
        }
    }

    private static TensorShape windowed(String op, TensorShape in, int k, int s, Padding p, int outChannels) {
        int h = p.outputLength(in.height(), k, s);
        int w = p.outputLength(in.width(), k, s);
        if (h < 1 || w < 1) {
            throw new SpecException(op + " with a " + k + "x" + k + " window and padding=" + p.keras()
                    + " does not fit its " + in.height() + "x" + in.width() + " input; use padding=same, a smaller"
                    + " window, or fewer downsampling layers before it");
        }
        return new TensorShape(h, w, outChannels);
    }
}
