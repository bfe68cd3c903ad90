package dev.pawscope.host.cli;

import dev.pawscope.host.io.AtomicFiles;
import dev.pawscope.host.report.HtmlReport;
import dev.pawscope.host.report.ModelReportBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pawscope report}: the quantized-vs-float report as one self-contained HTML file. */
@Command(name = "report",
        mixinStandardHelpOptions = true,
        description = {"Write one self-contained HTML page (pictures inside, no script, no network) that compares "
                + "the int8 model with its float twin on a dataset's test split: both accuracies and confusion "
                + "matrices, the per-layer quantization error, a gallery of explanations per class (every float "
                + "method beside the int8 model's occlusion, with both models' predictions), the localisation "
                + "scores (mask share, pointing game) and float-int8 agreement (Spearman, top-10% IoU) per method, "
                + "and flash, RAM and latency against every board's limits.%n",
                "Latency is read from `pawscope bench firmware --json` files in MODEL or given with --bench; without "
                        + "one the report says how to measure it. For the Nano 33 BLE the Cortex-M4F firmware is "
                        + "linked (as `pawscope export c --board nano33ble` does) unless --no-link. A model without "
                        + "a float twin gets the int8 parts only. Takes a few minutes for pawnet (progress on "
                        + "stderr); set OMP_NUM_THREADS=1 on a busy machine.%n",
                "Examples:",
                "  pawscope report models/pawnet --data data/synth48 --out pawnet-report.html",
                "  pawscope report models/pawnet --data data/synth48 --out r.html --per-class 3 --bench bench-qemu.json%n"})
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A quantized model folder.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "A dataset of the model's classes and input size (its test split is used).")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "FILE.html", description = "The HTML file to write.")
    Path out;

    @Option(names = "--per-class", defaultValue = "2", paramLabel = "N",
            description = "Gallery rows per class (default: ${DEFAULT-VALUE}).")
    int perClass;

    @Option(names = "--images", defaultValue = "24", paramLabel = "N",
            description = "Test images with a dog the scores average over (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--bench", paramLabel = "FILE",
            description = "A `pawscope bench firmware --json` file (sim or qemu-m4) for latency; repeatable.")
    List<Path> bench = new ArrayList<>();

    @Option(names = "--no-link", description = "Do not link the Cortex-M4F firmware for its flash and RAM.")
    boolean noLink;

    @Override
    public Integer call() throws Exception {
        if (perClass < 1) {
            throw PawscopeException.badInput("expected --per-class >= 1, found " + perClass, "the default is 2");
        }
        if (images < 1) {
            throw PawscopeException.badInput("expected --images >= 1, found " + images, "the default is 24");
        }
        if (Files.isDirectory(out)) {
            throw PawscopeException.badInput("expected --out to be a file, found a folder: " + out,
                    "give a file name, e.g. " + out.resolve("report.html"));
        }
        if (!Files.isDirectory(model)) {
            throw PawscopeException.badInput("expected a model folder, found " + AtomicFiles.describe(model) + ": "
                    + model, "train one with `pawscope train` and quantize it with `pawscope quantize`");
        }
        String command = "pawscope " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        double seconds = HtmlReport.write(new ModelReportBuilder.Options(model, data, perClass, images, bench, !noLink,
                command), out);
        System.out.printf(Locale.ROOT, "wrote %s (%,d bytes) in %.0f s%n", out, Files.size(out), seconds);
        return 0;
    }
}
