package dev.pawscope.host.quant;

import dev.pawscope.host.cli.ProgressBar;
import dev.pawscope.host.dataset.LabeledImage;
import dev.pawscope.host.model.ModelFolder;
import dev.pawscope.host.model.ModelMetadata;
import dev.pawscope.host.train.ArchitectureSpec;
import dev.pawscope.host.train.ImageTensors;
import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.GraphException;
import dev.pawscope.quantize.graph.GraphFootprint;
import dev.pawscope.quantize.graph.Operator;
import dev.pawscope.quantize.graph.Tensor;
import dev.pawscope.quantize.interpreter.Interpreter;
import dev.pawscope.quantize.ptq.CalibrationMethod;
import dev.pawscope.quantize.ptq.Calibrator;
import dev.pawscope.quantize.ptq.LayerError;
import dev.pawscope.quantize.ptq.Quantizer;
import dev.pawscope.quantize.ptq.TensorRange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Post-training quantization of a model folder's float twin: export it as a float32 graph, check
 * the graph computes what DL4J computes, calibrate, quantize, and measure float against int8 on
 * test images, layer by layer. Writes nothing; {@code QuantizeCommand} saves the result.
 */
public final class QuantizationRun {

    /** Largest |DL4J - float graph| allowed on the class scores: float summation order differs. */
    static final double FLOAT_EXPORT_TOLERANCE = 1e-4;
    static final int EXPORT_CHECK_IMAGES = 8;

    public record Options(CalibrationMethod method, double percentile, String createdBy) {}

    public record Result(Graph float32, Graph int8, QuantReport report) {}

    private QuantizationRun() {}

    public static Result run(ModelFolder model, EvaluationData data, Options options) {
        long start = System.nanoTime();
        ModelMetadata meta = model.metadata();
        MultiLayerNetwork net = model.loadFloatTwin();
        ArchitectureSpec spec = ArchitectureSpec.parse(meta.architecture());
        Graph float32 = FloatGraphBuilder.build(spec, meta.input(), meta.labels().size(), net,
                "pawscope float32 twin of " + model.root().getFileName());
        checkExport(net, float32, data.test().isEmpty() ? data.calibration() : data.test());

        Calibrator calibrator = new Calibrator(float32, options.method(), options.percentile());
        List<float[]> calibration = new ArrayList<>();
        for (LabeledImage image : data.calibration()) {
            calibration.add(ImageTensors.normalise(image.image()));
        }
        Map<Integer, TensorRange> ranges;
        try (ProgressBar bar = new ProgressBar("calibrate", calibrator.steps(calibration.size()))) {
            ranges = new LinkedHashMap<>(calibrator.calibrate(calibration, done -> bar.set(done, "")));
        }
        // The input's range is known exactly from the normalisation, not only what calibration saw.
        int input = float32.inputs()[0];
        float low = (float) meta.normalization().offset();
        float high = (float) (255 * meta.normalization().scale() + meta.normalization().offset());
        TensorRange seen = ranges.get(input);
        ranges.put(input, new TensorRange(low, high, seen.observedMin(), seen.observedMax(), 0));
        Graph int8 = Quantizer.quantize(float32, ranges, "pawscope int8 model of " + model.root().getFileName()
                + " (" + options.createdBy() + ")");

        FloatInt8Evaluation eval = FloatInt8Evaluation.of(meta, float32, int8, data.test());
        List<LayerReport> layers = new ArrayList<>();
        double minCosine = 1;
        for (int i = 0; i < int8.operators().size(); i++) {
            Operator op = int8.operators().get(i);
            Tensor out = int8.tensor(op.output());
            LayerError e = eval.errors().get(i);
            TensorRange r = ranges.get(op.output());
            double sqnr = e.sqnrDb();
            layers.add(new LayerReport(i, out.name(), op.type().name(), e.cosine(),
                    Double.isInfinite(sqnr) ? null : sqnr, e.rmse(), e.mae(), e.l2r(),
                    out.quantization().scale(), out.quantization().zeroPoint(),
                    r == null ? Float.NaN : r.min(), r == null ? Float.NaN : r.max(),
                    r == null ? 0 : r.clippedShare()));
            minCosine = Math.min(minCosine, e.cosine());
        }
        GraphFootprint footprint = GraphFootprint.of(int8);
        QuantReport report = new QuantReport(QuantReport.FORMAT, QuantReport.VERSION, options.createdBy(),
                data.description(), options.method().name().toLowerCase(java.util.Locale.ROOT),
                options.method() == CalibrationMethod.PERCENTILE ? options.percentile() : 100,
                data.calibration().size(), data.description(), data.test().size(), meta.labels(),
                eval.floatConfusion().accuracy(), eval.int8Confusion().accuracy(), eval.agreement(),
                eval.floatConfusion().counts(), eval.int8Confusion().counts(), layers, footprint.weightBytes(),
                footprint.activationBytes(), GraphFootprint.of(float32).weightBytes(), minCosine,
                (System.nanoTime() - start) / 1e9);
        return new Result(float32, int8, report);
    }

    /** The exported float graph must compute what DL4J computes, or every later number is wrong. */
    private static void checkExport(MultiLayerNetwork net, Graph float32, List<LabeledImage> images) {
        Interpreter interpreter = new Interpreter(float32);
        int[] shape = float32.inputTensor().shape(); // [1, H, W, 1]
        for (int n = 0; n < Math.min(EXPORT_CHECK_IMAGES, images.size()); n++) {
            float[] x = ImageTensors.normalise(images.get(n).image());
            INDArray dl4jInput = Nd4j.create(x, new long[] {1, shape[3], shape[1], shape[2]}, 'c');
            float[] expected = net.output(dl4jInput, false).toFloatVector();
            float[] actual = interpreter.run(x).outputReal();
            for (int c = 0; c < expected.length; c++) {
                double diff = Math.abs(expected[c] - actual[c]);
                if (!(diff <= FLOAT_EXPORT_TOLERANCE)) {
                    throw new GraphException("the exported float32 graph disagrees with the float twin by " + diff
                            + " on class " + c + " of test image " + n + " (allowed " + FLOAT_EXPORT_TOLERANCE
                            + "); this is a pawscope bug in the NCHW-to-NHWC export, please report it");
                }
            }
        }
    }
}
