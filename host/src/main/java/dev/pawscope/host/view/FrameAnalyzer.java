package dev.pawscope.host.view;

import dev.pawscope.host.cli.PawscopeException;
import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.host.explain.AttributionMethods;
import dev.pawscope.host.explain.FloatTwin;
import dev.pawscope.host.explain.Int8Scores;
import dev.pawscope.host.link.DeviceFrame;
import dev.pawscope.host.link.ImageChunk;
import dev.pawscope.host.link.Layer;
import dev.pawscope.host.link.PixelFormat;
import dev.pawscope.host.link.TimeUnit;
import dev.pawscope.host.model.ModelMetadata;
import dev.pawscope.host.quant.FloatGraphBuilder;
import dev.pawscope.host.quant.Int8Model;
import dev.pawscope.host.train.ArchitectureSpec;
import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.Tensor;
import dev.pawscope.quantize.interpreter.Activations;
import dev.pawscope.quantize.interpreter.Interpreter;
import dev.pawscope.quantize.gradient.GradientEngine;
import dev.pawscope.quantize.gradient.Trace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Turns device frames into {@link FrameAnalysis}: runs the frame's input through the Java int8
 * interpreter (the emulator: the board must match it byte for byte) and through the float twin's
 * float32 graph (what {@link FloatGraphBuilder} exports from DL4J, in the int8 graph's op order; run
 * by the {@link GradientEngine}, 2x faster than the reference-order float interpreter and equal to it
 * up to float rounding), and compares. Pure computation, no I/O after loading; thread-safe (the
 * interpreter and the engine are immutable).
 */
public final class FrameAnalyzer {

    private final Int8Model int8;
    private final Graph float32;
    private final Interpreter int8Interpreter;
    private final FloatTwin twin;
    private final List<String> labels;

    public FrameAnalyzer(Int8Model int8, MultiLayerNetwork floatTwin) {
        ModelMetadata meta = int8.folder().metadata();
        this.int8 = int8;
        this.labels = meta.labels();
        this.float32 = FloatGraphBuilder.build(ArchitectureSpec.parse(meta.architecture()), meta.input(),
                labels.size(), floatTwin, "float32 twin of " + int8.folder().root().getFileName());
        if (float32.operators().size() != int8.graph().operators().size()) {
            throw PawscopeException.badInput("the float twin has " + float32.operators().size() + " ops, the int8 "
                    + "model " + int8.graph().operators().size() + "; they are not one model",
                    "quantize the model again: pawscope quantize " + int8.folder().root());
        }
        this.int8Interpreter = new Interpreter(int8.graph());
        this.twin = new FloatTwin(floatTwin, float32, meta.input(), meta.normalization());
        twin.engine(); // prepared at load, not on the first frame
    }

    /** Loads a quantized model folder's int8 model and float twin. */
    public static FrameAnalyzer load(Path modelFolder) {
        Int8Model int8 = Int8Model.load(modelFolder);
        return new FrameAnalyzer(int8, int8.folder().loadFloatTwin());
    }

    public Int8Model int8Model() {
        return int8;
    }

    public FloatTwin floatTwin() {
        return twin;
    }

    public List<String> labels() {
        return labels;
    }

    /** The saliency methods over this model's float twin and int8 model. */
    public AttributionMethods attributionMethods() {
        return new AttributionMethods(twin, new Int8Scores(int8Interpreter, int8.pixels()));
    }

    /** The ops of the int8 model, as {@code "index name [shape]"}, for a layer chooser. */
    public List<String> layerNames() {
        List<String> names = new ArrayList<>();
        Graph g = int8.graph();
        for (int i = 0; i < g.operators().size(); i++) {
            Tensor t = g.tensor(g.operators().get(i).output());
            names.add(i + " " + t.name() + " " + Arrays.toString(t.shape()));
        }
        return names;
    }

    /**
     * The analysis of {@code frame}. Its input is the image the board sent with it, else
     * {@code sentInput} (the image a SET_INPUT carried); with neither, the frame cannot be checked.
     *
     * @throws IllegalArgumentException if the frame has no known input or does not fit this model
     */
    public FrameAnalysis analyze(DeviceFrame frame, GrayImage sentInput) {
        GrayImage input = frame.input().map(FrameAnalyzer::toGray).orElse(sentInput);
        if (input == null) {
            throw new IllegalArgumentException("frame " + frame.frameNumber() + " carries no input image; "
                    + "CONFIG the board with SEND_INPUT so its frames can be compared");
        }
        Layer layer = frame.layer().orElseThrow(() -> new IllegalArgumentException("frame " + frame.frameNumber()
                + " streams layer " + frame.layerIndex() + ", which the link has not described yet"));
        int op = frame.layerIndex();
        if (op >= int8.graph().operators().size()) {
            throw new IllegalArgumentException("frame streams layer " + op + ", the model has "
                    + int8.graph().operators().size() + " ops");
        }
        Activations q = int8Interpreter.run(int8.pixels().int8(input));
        Trace f = twin.engine().forward(int8.pixels().float32(input));
        int tensor = int8.graph().operators().get(op).output();
        int[] shape = int8.graph().tensor(tensor).shape();
        int height = shape.length == 4 ? shape[1] : 1;
        int width = shape.length == 4 ? shape[2] : 1;
        int channelCount = shape[shape.length - 1];
        if (height != layer.height() || width != layer.width() || channelCount != layer.channels()) {
            throw new IllegalArgumentException("the board's layer " + op + " is " + layer.height() + "x"
                    + layer.width() + "x" + layer.channels() + ", the model's is " + height + "x" + width + "x"
                    + channelCount + ": the board runs another model");
        }
        List<Integer> channels = List.copyOf(frame.channels());
        byte[] emulated = q.int8(tensor);
        float[][] deviceMaps = new float[channels.size()][];
        boolean mapsEqual = true;
        for (int i = 0; i < channels.size(); i++) {
            int c = channels.get(i);
            byte[] streamed = frame.map(c);
            deviceMaps[i] = new float[streamed.length];
            for (int p = 0; p < streamed.length; p++) {
                deviceMaps[i][p] = layer.scale() * (streamed[p] - layer.zeroPoint());
                mapsEqual &= streamed[p] == emulated[p * channelCount + c];
            }
        }
        FeatureMaps device = new FeatureMaps(width, height, channels, deviceMaps);
        FeatureMaps twinMaps = FeatureMaps.fromNhwc(f.value(float32.operators().get(op).output()), height, width,
                channelCount, channels);
        double[] cosine = new double[channels.size()];
        double[] sqnr = new double[channels.size()];
        for (int i = 0; i < channels.size(); i++) {
            cosine[i] = cosine(twinMaps.map(i), device.map(i));
            sqnr[i] = sqnrDb(twinMaps.map(i), device.map(i));
        }
        boolean scoresEqual = Arrays.equals(frame.scores(), q.int8(int8.graph().outputs()[0]));
        double millis = frame.timeUnit() == TimeUnit.MICROSECONDS ? frame.inferenceTime() / 1e3 : Double.NaN;
        return new FrameAnalysis(frame.frameNumber(), frame.requested(), frame.complete(), input, op,
                int8.graph().tensor(tensor).name(), device, twinMaps, cosine, sqnr, mapsEqual, scoresEqual, labels,
                frame.dequantizedScores(), f.output(), millis, describeTime(frame.inferenceTime(), frame.timeUnit()),
                null);
    }

    /** The device's inference time as the user reads it: {@code 1.24 ms}, {@code 180,233 cycles}. */
    static String describeTime(long value, TimeUnit unit) {
        return switch (unit) {
            case NONE -> "not measured";
            case MICROSECONDS -> String.format(java.util.Locale.ROOT, "%.2f ms", value / 1e3);
            case CYCLES -> String.format(java.util.Locale.ROOT, "%,d cycles", value);
            case INSTRUCTIONS -> String.format(java.util.Locale.ROOT, "%,d instructions", value);
        };
    }

    static GrayImage toGray(ImageChunk chunk) {
        if (chunk.pixelFormat() != PixelFormat.GRAY8 || chunk.channels() != 1) {
            throw new IllegalArgumentException("expected a GRAY8 input image, found " + chunk);
        }
        return new GrayImage(chunk.width(), chunk.height(), chunk.data());
    }

    /** Cosine similarity; 1 when both are all zeros, 0 when only one is. */
    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        if (na == 0 && nb == 0) {
            return 1;
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    /** 10 log10(signal power / error power), the reference {@code ref}; +Infinity when equal. */
    static double sqnrDb(float[] ref, float[] test) {
        double signal = 0;
        double noise = 0;
        for (int i = 0; i < ref.length; i++) {
            signal += (double) ref[i] * ref[i];
            double d = (double) ref[i] - test[i];
            noise += d * d;
        }
        if (noise == 0) {
            return Double.POSITIVE_INFINITY;
        }
        return 10 * Math.log10(signal / noise);
    }
}
