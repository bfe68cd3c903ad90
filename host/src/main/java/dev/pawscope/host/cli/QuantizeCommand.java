package dev.pawscope.host.cli;

import dev.pawscope.host.io.AtomicFiles;
import dev.pawscope.host.model.ModelFolder;
import dev.pawscope.host.quant.EvaluationData;
import dev.pawscope.host.quant.LayerReport;
import dev.pawscope.host.quant.QuantReport;
import dev.pawscope.host.quant.QuantizationRun;
import dev.pawscope.host.quant.Int8Files;
import dev.pawscope.quantize.graph.GraphException;
import dev.pawscope.quantize.ptq.CalibrationMethod;
import dev.pawscope.quantize.tflite.TfLiteWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pawscope quantize}: the int8 model, its .tflite files and the float-vs-int8 report. */
@Command(name = "quantize",
        mixinStandardHelpOptions = true,
        description = {"Quantize a model folder's float twin to int8, the TensorFlow Lite way.",
                "%nPer-channel symmetric int8 weights, int32 biases, per-tensor asymmetric int8 activations from a "
                        + "calibration set (the dataset's train split), ReLU/ReLU6 fused as clamps, int8 softmax. "
                        + "Then float and int8 run on the test split, layer by layer.%n",
                "Writes MODEL/" + Int8Files.INT8_TFLITE + " (int8 in, int8 out; what the board runs), MODEL/"
                        + Int8Files.FLOAT32_TFLITE + " (the float twin, NHWC) and MODEL/" + QuantReport.FILE_NAME
                        + ": float vs int8 accuracy and confusion matrices, and per layer cosine, SQNR, RMSE, MAE, "
                        + "relative L2 and the share of calibration values clipped.%n",
                "Without --calib, fresh synthetic images are generated (for models with the synthetic labels).%n",
                "Examples:",
                "  pawscope quantize models/pawnet --calib data/synth48",
                "  pawscope quantize models/pawnet --calib data/synth48 --method percentile --percentile 99.9%n"})
final class QuantizeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "Model folder (from `pawscope train` or `import`).")
    Path model;

    @Option(names = "--calib", paramLabel = "DIR",
            description = "Dataset folder: its train split calibrates, its test split measures accuracy.")
    Path calib;

    @Option(names = "--method", defaultValue = "minmax", paramLabel = "minmax|percentile",
            description = "How activation ranges are chosen (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--percentile", defaultValue = "99.99", paramLabel = "P",
            description = "Central percent of values kept by --method percentile (default: ${DEFAULT-VALUE}).")
    double percentile;

    @Option(names = "--calib-images", defaultValue = "400", paramLabel = "N",
            description = "Calibration images, spread over the train split (default: ${DEFAULT-VALUE}).")
    int calibrationImages;

    @Override
    public Integer call() throws Exception {
        CalibrationMethod calibration = parseMethod(method);
        if (calibrationImages < 1) {
            throw PawscopeException.badInput("expected --calib-images >= 1, found " + calibrationImages,
                    "a few hundred images calibrate well");
        }
        ModelFolder folder = ModelFolder.open(model);
        EvaluationData data = calib == null
                ? EvaluationData.synthetic(folder.metadata(), calibrationImages)
                : EvaluationData.fromDataset(calib, folder.metadata(), calibrationImages);
        System.out.println("calibrating on " + data.calibration().size() + " images, testing on "
                + data.test().size() + ", from " + data.description());
        String createdBy = String.format(Locale.ROOT, "pawscope quantize %s%s --method %s%s --calib-images %d", model,
                calib == null ? "" : " --calib " + calib, method,
                calibration == CalibrationMethod.PERCENTILE ? " --percentile " + percentile : "", calibrationImages);
        QuantizationRun.Result result;
        try {
            result = QuantizationRun.run(folder, data,
                    new QuantizationRun.Options(calibration, percentile, createdBy));
        } catch (GraphException e) {
            throw PawscopeException.badInput(e.getMessage(), "the model uses something the int8 path cannot express");
        }
        AtomicFiles.write(model.resolve(Int8Files.INT8_TFLITE), TfLiteWriter.write(result.int8()));
        AtomicFiles.write(model.resolve(Int8Files.FLOAT32_TFLITE), TfLiteWriter.write(result.float32()));
        AtomicFiles.writeJson(model.resolve(QuantReport.FILE_NAME), result.report());
        print(result.report());
        System.out.println("wrote " + model + "/: " + Int8Files.INT8_TFLITE + ", " + Int8Files.FLOAT32_TFLITE + ", "
                + QuantReport.FILE_NAME);
        return 0;
    }

    static CalibrationMethod parseMethod(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "minmax" -> CalibrationMethod.MINMAX;
            case "percentile" -> CalibrationMethod.PERCENTILE;
            default -> throw PawscopeException.badInput("unknown calibration method '" + text + "'",
                    "use --method minmax or --method percentile");
        };
    }

    static void print(QuantReport r) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%3s  %-16s %-17s %8s %8s %9s %9s %8s %8s%n", "#", "layer", "op", "cosine",
                "SQNR dB", "RMSE", "MAE", "L2r", "clipped");
        for (LayerReport l : r.layers()) {
            System.out.printf(Locale.ROOT, "%3d  %-16s %-17s %8.5f %8s %9.5f %9.5f %8.5f %7.3f%%%n", l.index(),
                    l.name(), l.op(), l.cosine(), l.sqnrDb() == null ? "exact" : String.format(Locale.ROOT, "%.2f",
                            l.sqnrDb()), l.rmse(), l.mae(), l.l2r(), 100 * l.clippedShare());
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "accuracy on %d test images: float %.2f%%, int8 %.2f%% (%+.2f points); "
                + "same top-1 on %.2f%%%n", r.testImages(), 100 * r.floatAccuracy(), 100 * r.int8Accuracy(),
                100 * (r.int8Accuracy() - r.floatAccuracy()), 100 * r.top1Agreement());
        System.out.printf(Locale.ROOT, "int8 weights %,d B (float32 %,d B), activation arena >= %,d B, min layer cosine "
                + "%.5f, %.1f s%n", r.weightBytes(), r.float32WeightBytes(), r.activationBytes(), r.minLayerCosine(),
                r.seconds());
    }
}
