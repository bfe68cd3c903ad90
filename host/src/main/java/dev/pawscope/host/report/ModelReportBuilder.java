package dev.pawscope.host.report;

import dev.pawscope.host.board.BoardSpec;
import dev.pawscope.host.board.PawscopeHome;
import dev.pawscope.host.board.QemuFirmware;
import dev.pawscope.host.board.QemuTools;
import dev.pawscope.host.cli.PawscopeException;
import dev.pawscope.host.cli.PawscopeVersion;
import dev.pawscope.host.cli.ProgressBar;
import dev.pawscope.host.dataset.Dataset;
import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.host.dataset.LabeledImage;
import dev.pawscope.host.dataset.Split;
import dev.pawscope.host.explain.ExplanationRun;
import dev.pawscope.host.explain.ExplanationScores;
import dev.pawscope.host.explain.FloatTwin;
import dev.pawscope.host.explain.Int8Scores;
import dev.pawscope.host.explain.Saliency;
import dev.pawscope.host.io.VersionedJson;
import dev.pawscope.host.model.ModelFolder;
import dev.pawscope.host.model.ModelMetadata;
import dev.pawscope.host.quant.FloatGraphBuilder;
import dev.pawscope.host.quant.FloatInt8Evaluation;
import dev.pawscope.host.quant.Int8Files;
import dev.pawscope.host.quant.Int8Model;
import dev.pawscope.host.quant.LayerReport;
import dev.pawscope.host.quant.QuantReport;
import dev.pawscope.host.train.ArchitectureSpec;
import dev.pawscope.host.train.ConfusionMatrix;
import dev.pawscope.quantize.codegen.ArenaPlan;
import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.GraphFootprint;
import dev.pawscope.quantize.graph.Operator;
import dev.pawscope.quantize.graph.Quantization;
import dev.pawscope.quantize.ptq.LayerError;
import dev.pawscope.quantize.tflite.TfLiteFormatException;
import dev.pawscope.quantize.tflite.TfLiteReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes a {@link ModelReport}: float and int8 on the dataset's test split, the per-layer error,
 * every attribution method on a few test images per class (and the scores over more images with a
 * dog), and each board's budget. The slow parts show progress on stderr.
 */
public final class ModelReportBuilder {

    /**
     * @param perClass gallery rows per class
     * @param images test images with a dog the scores are averaged over (the gallery's count too)
     * @param benchmarks bench-firmware JSON files given on the command line
     * @param link whether to link the Cortex-M4F firmware for its footprint (needs the ARM toolchain)
     */
    public record Options(Path model, Path data, int perClass, int images, List<Path> benchmarks, boolean link,
            String command) {}

    private ModelReportBuilder() {}

    public static ModelReport build(Options o) throws IOException, InterruptedException {
        long start = System.nanoTime();
        List<String> notes = new ArrayList<>();
        ModelFolder folder = ModelFolder.open(o.model());
        ModelMetadata meta = folder.metadata();
        Int8Model int8 = Int8Model.load(o.model());
        Dataset dataset = Dataset.open(o.data());
        if (!dataset.labels().equals(meta.labels())) {
            throw PawscopeException.badInput("the dataset's labels " + dataset.labels() + " differ from the model's "
                    + meta.labels(), "report on a dataset of the model's classes (the one it was trained on)");
        }
        if (!dataset.input().equals(meta.input())) {
            throw PawscopeException.badInput("the dataset's images are " + dataset.input() + ", the model eats "
                    + meta.input(), "use a dataset of the model's input size (pawscope dataset synth --size "
                    + meta.input().width() + ")");
        }
        System.err.println("loading the test split of " + o.data() + "...");
        List<LabeledImage> test = dataset.load(Split.TEST);
        if (test.isEmpty()) {
            throw PawscopeException.badInput(o.data() + " has no test images", "`pawscope dataset stats "
                    + o.data() + "` shows the splits; use a dataset with a test split");
        }

        FloatTwin twin = null;
        if (Files.isRegularFile(o.model().resolve(ModelFolder.FLOAT_TWIN))) {
            twin = FloatTwin.load(folder);
        } else {
            notes.add("The model folder has no float twin (" + ModelFolder.FLOAT_TWIN + "), so the float twin's "
                    + "explanations are left out: only the int8 model's occlusion is shown.");
        }
        QuantReport quantReport = null;
        if (Files.isRegularFile(o.model().resolve(QuantReport.FILE_NAME))) {
            quantReport = VersionedJson.read(o.model().resolve(QuantReport.FILE_NAME), QuantReport.FORMAT,
                    QuantReport.VERSION, QuantReport.class, "run `pawscope quantize " + o.model() + "` again");
        } else {
            notes.add("The model folder has no " + QuantReport.FILE_NAME + ": the calibration columns (clipped "
                    + "share) are empty.");
        }

        Graph float32 = floatGraph(o.model(), folder, twin != null, notes);
        ModelReport.Accuracy accuracy;
        List<ModelReport.LayerRow> layers;
        String layersSource;
        if (float32 != null) {
            FloatInt8Evaluation eval = FloatInt8Evaluation.of(meta, float32, int8.graph(), test);
            accuracy = new ModelReport.Accuracy(eval.floatConfusion(), eval.int8Confusion(), eval.agreement(),
                    Files.isRegularFile(o.model().resolve(Int8Files.FLOAT32_TFLITE))
                            ? Int8Files.FLOAT32_TFLITE + " through the Java reference interpreter"
                            : "the float twin exported to a float32 graph, through the Java reference interpreter");
            layers = layerRows(int8.graph(), eval.errors(), quantReport);
            layersSource = "measured now on the " + test.size() + " test images of " + o.data();
        } else {
            accuracy = new ModelReport.Accuracy(null, int8Only(meta, int8, test), Double.NaN, null);
            layers = quantReport == null ? List.of() : quantReport.layers().stream().map(l -> new ModelReport.LayerRow(
                    l.index(), l.name(), l.op(), l.cosine(), l.sqnrDb(), l.rmse(), l.mae(), l.l2r(), l.scale(),
                    l.zeroPoint(), l.clippedShare())).toList();
            layersSource = quantReport == null ? "not available" : "from " + QuantReport.FILE_NAME + " (measured on "
                    + quantReport.testSource() + ", " + quantReport.testImages() + " images)";
        }

        ModelReport.Explanations explanations = explain(o, dataset, test, twin, Int8Scores.of(int8), notes);
        List<BoardBudget> boards = boards(o, int8, notes);
        ModelReport.Header header = new ModelReport.Header(o.model().toString(), int8.hashHex(), o.data().toString(),
                dataset.manifest().hash(), meta.labels(), meta.input(), test.size(), Instant.now(), o.command(),
                PawscopeVersion.current(), (System.nanoTime() - start) / 1e9);
        return new ModelReport(header, accuracy, layers, layersSource, quantReport, explanations, boards, notes);
    }

    /** model_float32.tflite if present, else the float twin exported; null (with a note) without either. */
    private static Graph floatGraph(Path model, ModelFolder folder, boolean hasTwin, List<String> notes)
            throws IOException {
        Path tflite = model.resolve(Int8Files.FLOAT32_TFLITE);
        if (Files.isRegularFile(tflite)) {
            try {
                return TfLiteReader.read(Files.readAllBytes(tflite));
            } catch (TfLiteFormatException e) {
                throw PawscopeException.badInput(tflite + ": " + e.getMessage(), "run `pawscope quantize " + model
                        + "` again");
            }
        }
        if (hasTwin) {
            ModelMetadata meta = folder.metadata();
            return FloatGraphBuilder.build(ArchitectureSpec.parse(meta.architecture()), meta.input(),
                    meta.labels().size(), folder.loadFloatTwin(), "float twin of " + model.getFileName());
        }
        notes.add("Without a float model (neither " + ModelFolder.FLOAT_TWIN + " nor " + Int8Files.FLOAT32_TFLITE
                + "), the float accuracy, its confusion matrix and the per-layer error are left out; the layer "
                + "table shows " + QuantReport.FILE_NAME + " if there is one.");
        return null;
    }

    private static ConfusionMatrix int8Only(ModelMetadata meta, Int8Model int8, List<LabeledImage> test) {
        Int8Scores scores = Int8Scores.of(int8);
        int[] truth = new int[test.size()];
        int[] predicted = new int[test.size()];
        try (ProgressBar bar = new ProgressBar("evaluate int8", test.size())) {
            for (int i = 0; i < test.size(); i++) {
                truth[i] = test.get(i).labelIndex();
                predicted[i] = FloatInt8Evaluation.argmax(scores.scores(test.get(i).image()));
                bar.step(1);
            }
        }
        return ConfusionMatrix.of(meta.labels(), truth, predicted);
    }

    private static List<ModelReport.LayerRow> layerRows(Graph int8, List<LayerError> errors, QuantReport report) {
        List<ModelReport.LayerRow> rows = new ArrayList<>();
        List<LayerReport> reported = report == null ? List.of() : report.layers();
        for (int i = 0; i < int8.operators().size(); i++) {
            Operator op = int8.operators().get(i);
            Quantization q = int8.tensor(op.output()).quantization();
            LayerError e = errors.get(i);
            double sqnr = e.sqnrDb();
            Double clipped = i < reported.size() && reported.get(i).name().equals(int8.tensor(op.output()).name())
                    ? reported.get(i).clippedShare() : null;
            rows.add(new ModelReport.LayerRow(i, int8.tensor(op.output()).name(), op.type().name(), e.cosine(),
                    Double.isInfinite(sqnr) ? null : sqnr, e.rmse(), e.mae(), e.l2r(), q.scale(), q.zeroPoint(),
                    clipped));
        }
        return rows;
    }

    /**
     * The gallery ({@code perClass} test images per class, in split order) and enough further test
     * images with a dog that {@code images} of them are scored.
     */
    private static ModelReport.Explanations explain(Options o, Dataset dataset, List<LabeledImage> test,
            FloatTwin twin, Int8Scores int8, List<String> notes) {
        List<String> labels = dataset.labels();
        List<LabeledImage> gallery = new ArrayList<>();
        int[] perLabel = new int[labels.size()];
        for (LabeledImage li : test) {
            if (perLabel[li.labelIndex()] < o.perClass()) {
                perLabel[li.labelIndex()]++;
                gallery.add(li);
            }
        }
        List<LabeledImage> chosen = new ArrayList<>(gallery);
        List<ExplanationRun.Item> items = new ArrayList<>();
        int dogs = 0;
        for (LabeledImage li : gallery) {
            ExplanationRun.Item item = item(dataset, li);
            items.add(item);
            dogs += item.mask() != null && ExplanationScores.hasObject(item.mask()) ? 1 : 0;
        }
        for (LabeledImage li : test) {
            if (dogs >= o.images()) {
                break;
            }
            if (chosen.contains(li) || li.entry() == null || !li.entry().hasMask()) {
                continue;
            }
            ExplanationRun.Item item = item(dataset, li);
            if (ExplanationScores.hasObject(item.mask())) {
                chosen.add(li);
                items.add(item);
                dogs++;
            }
        }
        if (dogs == 0) {
            notes.add("The dataset has no ground-truth masks, so the localisation scores (mask share, pointing game) "
                    + "are left out; make a synthetic dataset (`pawscope dataset synth`) for them.");
        }
        System.err.println("explaining " + items.size() + " test images (" + gallery.size() + " in the gallery, "
                + dogs + " with a dog scored) with every method...");
        ExplanationRun run = ExplanationRun.run(ExplanationRun.methods(twin, int8), items);
        List<ModelReport.GalleryRow> rows = new ArrayList<>();
        for (int i = 0; i < gallery.size(); i++) {
            LabeledImage li = gallery.get(i);
            float[] f = twin == null ? null : twin.scores(li.image());
            float[] q = int8.scores(li.image());
            int fp = f == null ? -1 : FloatInt8Evaluation.argmax(f);
            int qp = FloatInt8Evaluation.argmax(q);
            Map<String, Saliency> maps = new LinkedHashMap<>();
            for (Map.Entry<String, List<Saliency>> e : run.maps().entrySet()) {
                maps.put(e.getKey(), e.getValue().get(i));
            }
            String name = li.entry() == null ? "image " + i : li.entry().path();
            rows.add(new ModelReport.GalleryRow(name, li.image(), items.get(i).mask(), li.labelIndex(), fp,
                    f == null ? Float.NaN : f[fp], qp, q[qp], maps));
        }
        return new ModelReport.Explanations(run.scores(), ExplanationRun.maskAreaShare(items), dogs, items.size(),
                rows);
    }

    private static ExplanationRun.Item item(Dataset dataset, LabeledImage li) {
        GrayImage mask = li.entry() != null && li.entry().hasMask() ? dataset.mask(li.entry()) : null;
        return new ExplanationRun.Item(li.image(), li.labelIndex(), mask);
    }

    private static List<BoardBudget> boards(Options o, Int8Model int8, List<String> notes)
            throws IOException, InterruptedException {
        Path home = PawscopeHome.locate();
        ArenaPlan plan = ArenaPlan.of(int8.graph());
        long weights = GraphFootprint.of(int8.graph()).weightBytes();
        QemuFirmware linked = null;
        if (!o.link()) {
            notes.add("The Cortex-M4F firmware was not linked (--no-link): flash and RAM are the model's weights and "
                    + "arena only.");
        } else if (!QemuTools.present()) {
            notes.add("arm-none-eabi-gcc, libnewlib-arm-none-eabi or qemu-system-arm is missing, so the Nano 33 BLE's "
                    + "flash and RAM are the model's weights and arena only, not a linked build (Debian: apt-get "
                    + "install gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm).");
        } else {
            System.err.println("linking the Cortex-M4F firmware for its footprint (cached per model)...");
            linked = QemuFirmware.build(home, int8, QemuFirmware.defaultCacheRoot(), System.err::println);
        }
        List<FirmwareBenchmark> benchmarks = FirmwareBenchmark.find(o.model(), o.benchmarks(), int8.hashHex(), notes);
        List<BoardBudget> boards = new ArrayList<>();
        for (String id : BoardSpec.ids(home)) {
            boards.add(BoardBudget.of(BoardSpec.load(home, id), plan.arenaBytes(), plan.lowerBoundBytes(), weights,
                    linked, benchmarks, o.model().toString()));
        }
        // real boards first, then the emulated ones
        boards.sort(java.util.Comparator.comparing((BoardBudget b) -> b.board().emulated()));
        return boards;
    }
}
