package dev.pawscope.host.cli;

import dev.pawscope.host.bench.BenchTable;
import dev.pawscope.host.bench.PeakMemory;
import dev.pawscope.host.dataset.LabeledImage;
import dev.pawscope.host.model.ModelFolder;
import dev.pawscope.host.quant.EvaluationData;
import dev.pawscope.host.quant.ImageQuantizer;
import dev.pawscope.host.quant.QuantReport;
import dev.pawscope.host.quant.QuantizationRun;
import dev.pawscope.quantize.bitexact.BitExactCheck;
import dev.pawscope.quantize.bitexact.LayerComparison;
import dev.pawscope.quantize.bitexact.RandomModels;
import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.interpreter.Interpreter;
import dev.pawscope.quantize.oracle.TfLiteOracle;
import dev.pawscope.quantize.ptq.CalibrationMethod;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pawscope bench quantize}: accuracy kept, bit-exactness against TFLite, interpreter speed. */
@Command(name = "quantize",
        mixinStandardHelpOptions = true,
        description = {"Quantize a trained model and measure: float vs int8 accuracy, the smallest per-layer cosine, "
                + "bit-exactness against TensorFlow Lite's reference kernels (random models and the trained model, "
                + "every layer), interpreter speed and quantization time.%n",
                "Example: pawscope bench quantize --model models/pawnet --data data/synth48 --json bench.json%n"})
final class BenchQuantizeCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "A trained model folder.")
    Path model;

    @Option(names = "--data", paramLabel = "DIR", description = "Its dataset (default: generated synthetic images).")
    Path data;

    @Option(names = "--cases", defaultValue = "200", paramLabel = "N",
            description = "Random models for the bit-exactness check (default: ${DEFAULT-VALUE}).")
    int cases;

    @Option(names = "--model-images", defaultValue = "20", paramLabel = "N",
            description = "Test images run through TFLite on the trained model (default: ${DEFAULT-VALUE}).")
    int modelImages;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
    Path json;

    @Override
    public Integer call() throws Exception {
        if (cases < 1 || modelImages < 1) {
            throw PawscopeException.badInput("expected --cases >= 1 and --model-images >= 1, found " + cases + " and "
                    + modelImages, "the defaults are what the README reports");
        }
        if (!TfLiteOracle.isSupportedPlatform()) {
            throw PawscopeException.badInput("the TensorFlow Lite oracle runs on linux-x86_64 only, this is "
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch"),
                    "run the benchmark on a linux-x86_64 machine");
        }
        ModelFolder folder = ModelFolder.open(model);
        EvaluationData evaluation = data == null ? EvaluationData.synthetic(folder.metadata(), 400)
                : EvaluationData.fromDataset(data, folder.metadata(), 400);
        QuantizationRun.Result result = QuantizationRun.run(folder, evaluation,
                new QuantizationRun.Options(CalibrationMethod.MINMAX, 100, "pawscope bench quantize"));
        QuantReport r = result.report();
        BenchTable table = new BenchTable("pawscope bench quantize (" + model + ", " + r.testImages() + " test images)");
        table.put("float_accuracy", r.floatAccuracy(), "share of test images, float32 graph");
        table.put("int8_accuracy", r.int8Accuracy(), "share of test images, int8 interpreter");
        table.put("accuracy_drop_points", 100 * (r.floatAccuracy() - r.int8Accuracy()), "percentage points");
        table.put("min_layer_cosine", r.minLayerCosine(), "smallest per-layer cosine, float vs int8");
        table.put("quantization_seconds", r.seconds(), "s: export, calibrate, quantize, evaluate");
        table.put("weight_bytes", r.weightBytes(), "B int8 weights + int32 biases");
        table.put("activation_bytes", r.activationBytes(), "B activation arena lower bound");

        TfLiteOracle oracle = TfLiteOracle.reference();
        long comparedBytes = 0;
        long mismatched = 0;
        try (ProgressBar bar = new ProgressBar("bit-exact: random models", cases)) {
            for (long seed = 1; seed <= cases; seed++) {
                RandomModels.Case c = RandomModels.generate(seed);
                for (LayerComparison layer : BitExactCheck.compare(c.graph(), c.input(), oracle)) {
                    comparedBytes += layer.bytes();
                    mismatched += layer.mismatchedBytes();
                }
                bar.step(1);
            }
        }
        Graph int8 = result.int8();
        ImageQuantizer quantizer = new ImageQuantizer(folder.metadata().normalization(),
                int8.inputTensor().quantization());
        List<LabeledImage> images = evaluation.test().subList(0, Math.min(modelImages, evaluation.test().size()));
        long modelBytes = 0;
        long modelMismatched = 0;
        try (ProgressBar bar = new ProgressBar("bit-exact: trained model", images.size())) {
            for (LabeledImage image : images) {
                for (LayerComparison layer : BitExactCheck.compare(int8, quantizer.int8(image.image()), oracle)) {
                    modelBytes += layer.bytes();
                    modelMismatched += layer.mismatchedBytes();
                }
                bar.step(1);
            }
        }
        table.put("bitexact_cases", cases + images.size(), cases + " random models + " + images.size()
                + " images through the trained model");
        table.put("bitexact_compared_bytes", comparedBytes + modelBytes, "B, every layer's output");
        table.put("bitexact_mismatched_bytes", mismatched + modelMismatched, "B (random " + mismatched + ", trained "
                + modelMismatched + ")");
        table.put("interpreter_inferences_per_second", interpreterRate(int8, quantizer, evaluation.test()),
                "int8 inferences/s, one thread, every layer kept");
        table.put("peak_rss_mb", PeakMemory.peakRssMb(), "MB resident, whole process");
        System.out.println();
        table.print(System.out);
        if (json != null) {
            table.writeJson(json);
            System.out.println("wrote " + json);
        }
        return mismatched + modelMismatched == 0 ? 0 : ExitCode.INTERNAL.status();
    }

    /** Inferences per second on one thread after a warm-up long enough for the JIT. */
    private static double interpreterRate(Graph int8, ImageQuantizer quantizer, List<LabeledImage> test) {
        Interpreter interpreter = new Interpreter(int8);
        byte[][] inputs = test.stream().limit(32).map(i -> quantizer.int8(i.image())).toArray(byte[][]::new);
        for (int i = 0; i < 200; i++) {
            interpreter.run(inputs[i % inputs.length]);
        }
        int n = 500;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            interpreter.run(inputs[i % inputs.length]);
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }
}
