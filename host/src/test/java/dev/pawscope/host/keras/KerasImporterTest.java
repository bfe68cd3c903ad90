package dev.pawscope.host.keras;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pawscope.host.cli.ExitCode;
import dev.pawscope.host.cli.PawscopeException;
import dev.pawscope.host.cli.PawscopeMain;
import dev.pawscope.host.io.Json;
import dev.pawscope.host.model.ModelFolder;
import dev.pawscope.host.model.ModelMetadata;
import dev.pawscope.host.train.ImageTensors;
import dev.pawscope.host.train.NetworkFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Imports Keras .h5 files written by {@code write_keras_h5.py} (h5py + numpy, laid out as Keras
 * 2.x saves them) and checks the float twins against the script's numpy forward pass.
 */
class KerasImporterTest {

    private static final String PYTHON = "/usr/bin/python3";
    private static final double TOLERANCE = 1e-4;

    @TempDir
    static Path fixtures;

    @TempDir
    Path tmp;

    @BeforeAll
    static void writeFixtures() throws IOException, InterruptedException, URISyntaxException {
        Run check = Run.of(PYTHON, "-c", "import h5py, numpy");
        if (check.code != 0) {
            fail("the Keras fixtures need h5py and numpy for " + PYTHON + " (found exit " + check.code + ": "
                    + check.output.strip() + "); install them with: apt-get install python3-h5py python3-numpy");
        }
        Path script = Path.of(KerasImporterTest.class.getResource("/keras/write_keras_h5.py").toURI());
        Run write = Run.of(PYTHON, script.toString(), fixtures.toString());
        assertEquals(0, write.code, "write_keras_h5.py failed:\n" + write.output);
    }

    @Test
    void aConvStackImportsAsAFloatTwinThatComputesWhatKerasComputes() throws IOException {
        Path out = tmp.resolve("dog-keras");
        KerasImporter.Result r = importer(List.of("sit", "stand", "lie_down", "no_dog"), false)
                .run(fixtures.resolve("conv_stack.h5"), out);

        assertEquals("Conv2D(6, 3, strides=1, padding=same), ReLU, MaxPool(2, strides=2, padding=valid),"
                + " DepthwiseConv2D(3, strides=1, padding=same, depth_multiplier=2), ReLU,"
                + " Conv2D(8, 3, strides=1, padding=valid), AvgPool(2, strides=2, padding=valid), Flatten, Dense(4),"
                + " Softmax", r.mapping().spec().text());
        assertEquals(List.of("dropout"), r.mapping().droppedDropouts());
        assertFalse(r.mapping().softmaxAppended());
        assertTrue(r.selfCheck().maxDifference() <= KerasSelfCheck.LIMIT, "self-check " + r.selfCheck());

        ModelFolder folder = ModelFolder.open(out);
        ModelMetadata m = folder.metadata();
        assertEquals("keras-import", m.origin());
        assertEquals(List.of("sit", "stand", "lie_down", "no_dog"), m.labels());
        assertEquals(24, m.input().height());
        assertEquals("NCHW", m.floatLayout());
        assertEquals(ImageTensors.SCALE, m.normalization().scale());
        assertEquals(r.mapping().spec().text(), m.architecture());
        assertEquals(List.of(5, 5, 8), m.layers().get(6).outputShape(), "the pooled map before Flatten");
        assertEquals("", m.datasetHash());

        assertMatchesKeras(folder.loadFloatTwin(), "conv_stack", "outputs");
    }

    @Test
    void aModelThatEndsInLogitsGetsASoftmaxAndMatchesKerasOnANonSquareInput() throws IOException {
        Path out = tmp.resolve("logits");
        KerasImporter.Result r = importer(null, false).run(fixtures.resolve("logits.h5"), out);

        assertTrue(r.mapping().softmaxAppended());
        assertEquals("Conv2D(4, 3, strides=2, padding=same), ReLU6, Flatten, Dense(16), ReLU, Dense(3), Softmax",
                r.mapping().spec().text());
        ModelFolder folder = ModelFolder.open(out);
        assertEquals(List.of("class_0", "class_1", "class_2"), folder.metadata().labels());
        assertEquals(28, folder.metadata().input().width());
        assertEquals(20, folder.metadata().input().height());
        assertMatchesKeras(folder.loadFloatTwin(), "logits", "softmax");
    }

    @Test
    void denseRowsLeftInKerasFlattenOrderWouldFailTheSelfCheck() throws IOException {
        KerasArchive archive = KerasArchive.read(fixtures.resolve("conv_stack.h5"));
        KerasMapping mapping = KerasSpecMapper.map(archive.modelConfig());
        MultiLayerNetwork imported = KerasImporter.importWithDl4j(archive);
        MultiLayerNetwork twin = NetworkFactory.create(mapping.spec(), mapping.input(), 4, 0, 1e-3);
        KerasWeightCopier.copy(imported, mapping, twin);
        ModelMetadata.Normalization n = new ModelMetadata.Normalization(ImageTensors.SCALE, ImageTensors.OFFSET);
        assertTrue(KerasSelfCheck.compare(imported, twin, mapping.input(), n, false).maxDifference() <= TOLERANCE);

        // undo the HWC -> CHW permutation: the Dense sees every pooled pixel through the wrong weights
        int last = twin.getnLayers() - 1;
        twin.getLayer(last).paramTable().get("W").assign(imported.getLayer("dense").paramTable().get("W"));
        KerasSelfCheck.Result wrong = KerasSelfCheck.compare(imported, twin, mapping.input(), n, false);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> wrong.requireWithin(KerasSelfCheck.LIMIT));
        assertTrue(e.getMessage().startsWith("self-check failed: output "), e.getMessage());
        assertTrue(e.getMessage().contains("expected at most 1e-04"), e.getMessage());
    }

    @Test
    void aBatchNormalizationLayerIsRefusedByNameWithTheSupportedLayersAndNoFolderIsLeft() {
        Path out = tmp.resolve("bn");
        PawscopeException e = assertThrows(PawscopeException.class,
                () -> importer(null, false).run(fixtures.resolve("batch_norm.h5"), out));
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
        assertTrue(e.getMessage().contains("'batch_normalization' (BatchNormalization) is not supported"), e.getMessage());
        for (String layer : List.of("Conv2D", "DepthwiseConv2D", "MaxPooling2D", "Dense", "Dropout", "InputLayer",
                "Activation")) {
            assertTrue(e.getMessage().contains(layer), layer + " missing from " + e.getMessage());
        }
        assertTrue(e.hint().contains("fold BatchNormalization"), e.hint());
        assertFalse(Files.exists(out));
        assertEquals(List.of(), siblingsOf(out));
    }

    @Test
    void aLabelCountThatDiffersFromTheOutputsIsRefused() {
        Path out = tmp.resolve("labels");
        PawscopeException e = assertThrows(PawscopeException.class,
                () -> importer(List.of("sit", "stand"), false).run(fixtures.resolve("conv_stack.h5"), out));
        assertTrue(e.getMessage().startsWith("expected 4 labels (the model has 4 outputs), found 2: sit,stand"),
                e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void aNonEmptyOutputFolderIsRefusedUnlessForcedAndForceReplacesOnlyModelFolders() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("taken"));
        Files.writeString(out.resolve("model.json"), "{}");
        Files.writeString(out.resolve("old.txt"), "an older model's file");
        PawscopeException e = assertThrows(PawscopeException.class,
                () -> importer(null, false).run(fixtures.resolve("batch_norm.h5"), out));
        assertTrue(e.hint().contains("--force"), e.hint());
        assertTrue(Files.exists(out.resolve("old.txt")));

        importer(null, true).run(fixtures.resolve("logits.h5"), out);
        assertFalse(Files.exists(out.resolve("old.txt")));
        assertTrue(Files.isRegularFile(out.resolve(ModelFolder.FLOAT_TWIN)));

        Path photos = Files.createDirectories(tmp.resolve("photos"));
        Files.writeString(photos.resolve("keep.txt"), "mine");
        assertThrows(PawscopeException.class, () -> importer(null, true).run(fixtures.resolve("logits.h5"), photos));
        assertTrue(Files.exists(photos.resolve("keep.txt")));
    }

    @Test
    void aMissingFileOrAFileThatIsNotHdf5IsBadInputWithASaveHint() throws IOException {
        PawscopeException missing = assertThrows(PawscopeException.class,
                () -> importer(null, false).run(tmp.resolve("nope.h5"), tmp.resolve("m1")));
        assertTrue(missing.getMessage().startsWith("expected a Keras .h5 file, found nothing at "), missing.getMessage());

        Path zip = Files.write(tmp.resolve("model.keras"), "PK\u0003\u0004 not hdf5".getBytes(StandardCharsets.UTF_8));
        PawscopeException notHdf5 = assertThrows(PawscopeException.class,
                () -> importer(null, false).run(zip, tmp.resolve("m2")));
        assertEquals("expected an HDF5 file, found a zip archive (a Keras 3 .keras file?) at " + zip, notHdf5.getMessage());
        assertTrue(notHdf5.hint().contains("model.save('model.h5')"), notHdf5.hint());
        assertFalse(Files.exists(tmp.resolve("m2")));

        Path text = Files.writeString(tmp.resolve("notes.h5"), "just some text, long enough to look past 8 bytes");
        PawscopeException notH5 = assertThrows(PawscopeException.class,
                () -> importer(null, false).run(text, tmp.resolve("m3")));
        assertEquals("expected an HDF5 file, found no HDF5 signature in " + text, notH5.getMessage());
    }

    @Test
    void theCommandLineExitsWithBadInputForAnUnsupportedModelAndSummarisesASupportedOne() throws IOException {
        Path bad = tmp.resolve("bad");
        int code = PawscopeMain.execute("import", "keras", fixtures.resolve("batch_norm.h5").toString(),
                "--out", bad.toString());
        assertEquals(ExitCode.BAD_INPUT.status(), code);
        assertFalse(Files.exists(bad));

        Path good = tmp.resolve("good");
        String printed = stdoutOf(() -> assertEquals(0, PawscopeMain.execute("import", "keras",
                fixtures.resolve("conv_stack.h5").toString(), "--out", good.toString(), "--labels",
                "sit,stand,lie_down,no_dog")));
        assertTrue(printed.contains("dropped 1 Dropout layer(s), the identity at inference: dropout"), printed);
        assertTrue(printed.contains("parameters: 1,856"), printed);
        assertTrue(printed.contains("self-check: DL4J's Keras import and the float twin agree on 8 random images"),
                printed);
        JsonNode model = Json.mapper().readTree(good.resolve(ModelMetadata.FILE_NAME).toFile());
        assertEquals("keras-import", model.get("origin").asText());
        assertTrue(model.get("created_by").asText().startsWith("pawscope import keras "), model.toString());
    }

    @Test
    void theHelpTeachesTheSupportedLayersAndAnExample() {
        String help = stdoutOf(() -> assertEquals(0, PawscopeMain.execute("import", "keras", "--help")));
        assertTrue(help.contains("Usage: pawscope import keras"), help);
        assertTrue(help.contains("DepthwiseConv2D"), help);
        assertTrue(help.contains("--labels"), help);
        assertTrue(help.contains("pawscope import keras dog_posture.h5 --out"), help);
    }

    // ------------------------------------------------------------------------------------------

    private static KerasImporter importer(List<String> labels, boolean force) {
        return new KerasImporter(new KerasImporter.Options(labels, ImageTensors.SCALE, ImageTensors.OFFSET, "test", force));
    }

    /** The twin's outputs on the script's inputs equal the numpy reference's {@code key} within 1e-4. */
    private static void assertMatchesKeras(MultiLayerNetwork twin, String model, String key) throws IOException {
        JsonNode expected = Json.mapper().readTree(fixtures.resolve(model + ".expected.json").toFile());
        JsonNode shape = expected.get("input_shape");
        int h = shape.get(0).asInt();
        int w = shape.get(1).asInt();
        JsonNode inputs = expected.get("inputs");
        float[] flat = new float[inputs.size() * h * w];
        int k = 0;
        for (JsonNode sample : inputs) {
            for (JsonNode v : sample) {
                flat[k++] = (float) v.asDouble(); // HWC with one channel: the same order as CHW
            }
        }
        INDArray out = twin.output(Nd4j.create(flat, new long[]{inputs.size(), 1, h, w}, 'c'));
        JsonNode reference = expected.get(key);
        double worst = 0;
        for (int s = 0; s < reference.size(); s++) {
            for (int o = 0; o < reference.get(s).size(); o++) {
                worst = Math.max(worst, Math.abs(out.getDouble(s, o) - reference.get(s).get(o).asDouble()));
            }
        }
        assertTrue(worst <= TOLERANCE, model + ": the float twin differs from numpy's Keras forward pass by " + worst
                + "\ntwin:\n" + out + "\nnumpy: " + reference);
    }

    private static List<Path> siblingsOf(Path out) {
        try (Stream<Path> list = Files.list(out.getParent())) {
            return list.filter(p -> p.getFileName().toString().contains(".staging")).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static synchronized String stdoutOf(Runnable body) {
        PrintStream old = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            body.run();
        } finally {
            System.setOut(old);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** A finished child process: exit code and merged output. */
    private record Run(int code, String output) {
        static Run of(String... command) throws IOException, InterruptedException {
            Process p;
            try {
                p = new ProcessBuilder(command).redirectErrorStream(true).start();
            } catch (IOException e) {
                return new Run(-1, e.getMessage());
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Run(-1, "timed out\n" + output);
            }
            return new Run(p.exitValue(), output);
        }
    }
}
