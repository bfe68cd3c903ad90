package dev.pawscope.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pawscope.host.io.Json;
import dev.pawscope.host.io.Npy;
import dev.pawscope.host.quant.Int8Files;
import dev.pawscope.host.testing.TinyModel;
import dev.pawscope.quantize.bitexact.BitExactCheck;
import dev.pawscope.quantize.bitexact.LayerComparison;
import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.oracle.TfLiteOracle;
import dev.pawscope.quantize.tflite.TfLiteReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny trained model, quantized and run: the int8 path end to end through the CLI. */
class QuantizeEndToEndTest {

    @TempDir
    static Path tmp;

    static Path data;
    static Path model;

    @BeforeAll
    static void trainAndQuantize() {
        data = TinyModel.data();
        model = TinyModel.model();
    }

    @Test
    void quantizePrintsTheLayerTableAndWritesItsFiles() throws IOException {
        Path copy = tmp.resolve("copy");
        Files.createDirectories(copy);
        for (String f : new String[] {"model.json", "float_twin.zip"}) {
            Files.copy(model.resolve(f), copy.resolve(f));
        }
        CliRun quantize = CliRun.of("quantize", copy.toString(), "--calib", data.toString(), "--calib-images", "60",
                "--method", "percentile", "--percentile", "99.9");
        assertEquals(0, quantize.exitCode(), quantize.toString());
        assertTrue(quantize.out().contains("SQNR dB") && quantize.out().contains("FULLY_CONNECTED"), quantize.out());
        for (String f : new String[] {Int8Files.INT8_TFLITE, Int8Files.FLOAT32_TFLITE, "quant_report.json"}) {
            assertTrue(Files.size(copy.resolve(f)) > 0, f);
        }
        JsonNode r = Json.mapper().readTree(copy.resolve("quant_report.json").toFile());
        assertEquals("percentile", r.get("method").asText());
    }

    @Test
    void theReportHasTheAgreedKeysAndEveryLayer() throws IOException {
        JsonNode r = Json.mapper().readTree(model.resolve("quant_report.json").toFile());
        for (String key : new String[] {"float_accuracy", "int8_accuracy", "layers", "weight_bytes",
                "activation_bytes", "float32_confusion", "int8_confusion", "min_layer_cosine"}) {
            assertTrue(r.has(key), key + " in " + r);
        }
        Graph int8 = TfLiteReader.read(Files.readAllBytes(model.resolve(Int8Files.INT8_TFLITE)));
        assertEquals(int8.operators().size(), r.get("layers").size());
        for (JsonNode layer : r.get("layers")) {
            for (String key : new String[] {"name", "cosine", "sqnr_db", "rmse", "mae", "l2r"}) {
                assertTrue(layer.has(key), key + " in " + layer);
            }
        }
        double diff = Math.abs(r.get("float_accuracy").asDouble() - r.get("int8_accuracy").asDouble());
        assertTrue(diff < 0.2, "float and int8 accuracy differ by " + diff);
    }

    @Test
    void theWrittenInt8ModelRunsInTfLiteBitExactOnADatasetImage() throws IOException {
        assumeTrue(TfLiteOracle.isSupportedPlatform(), "the TFLite oracle runs on linux-x86_64 only");
        Graph int8 = TfLiteReader.read(Files.readAllBytes(model.resolve(Int8Files.INT8_TFLITE)));
        Path dump = tmp.resolve("dump");
        Path image = firstImage();
        CliRun infer = CliRun.of("infer", model.toString(), image.toString(), "--dump", dump.toString());
        assertEquals(0, infer.exitCode(), infer.toString());
        assertTrue(infer.out().contains("<- top"), infer.out());
        byte[] input = Npy.decode(Files.readAllBytes(dump.resolve("input.npy"))).data();
        for (LayerComparison layer : BitExactCheck.compare(int8, input, TfLiteOracle.reference())) {
            assertTrue(layer.equal(), "layer " + layer);
        }
        try (var files = Files.list(dump)) {
            assertEquals(int8.operators().size() + 1, files.count(), "input.npy and one file per layer");
        }
    }

    @Test
    void theFloat32ModelGivesTheFloatTwinsScores() throws IOException {
        Path image = firstImage();
        CliRun fromTwin = CliRun.of("infer", model.toString(), image.toString(), "--float");
        assertEquals(0, fromTwin.exitCode(), fromTwin.toString());
        Path tflite = model.resolve(Int8Files.FLOAT32_TFLITE);
        Path npy = tmp.resolve("x.npy");
        Graph f = TfLiteReader.read(Files.readAllBytes(tflite));
        float[] zeros = new float[f.inputTensor().elementCount()];
        Files.write(npy, Npy.float32(f.inputTensor().shape(), zeros).encode());
        CliRun fromFile = CliRun.of("infer", tflite.toString(), npy.toString());
        assertEquals(0, fromFile.exitCode(), fromFile.toString());
    }

    @Test
    void aTensorOfTheWrongShapeIsRefusedWithBothShapes() throws IOException {
        Path npy = tmp.resolve("wrong.npy");
        Files.write(npy, Npy.int8(new int[] {1, 5, 5, 1}, new byte[25]).encode());
        CliRun run = CliRun.of("infer", model.toString(), npy.toString());
        assertEquals(3, run.exitCode(), run.toString());
        assertTrue(run.err().contains("[1, 5, 5, 1]") && run.err().contains("[1, 32, 32, 1]"), run.err());
    }

    @Test
    void aTruncatedTfliteIsRefusedClearly() throws IOException {
        byte[] bytes = Files.readAllBytes(model.resolve(Int8Files.INT8_TFLITE));
        Path cut = tmp.resolve("cut.tflite");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 3));
        CliRun run = CliRun.of("infer", cut.toString(), firstImage().toString());
        assertEquals(3, run.exitCode(), run.toString());
        assertTrue(run.err().contains("error: "), run.err());
    }

    @Test
    void anUnknownCalibrationMethodListsTheValidOnes() {
        CliRun run = CliRun.of("quantize", model.toString(), "--method", "kl");
        assertEquals(3, run.exitCode(), run.toString());
        assertTrue(run.err().contains("minmax") && run.err().contains("percentile"), run.err());
    }

    @Test
    void aModelFolderWithoutAnInt8ModelSaysToQuantizeFirst() throws IOException {
        Path bare = tmp.resolve("bare");
        Files.createDirectories(bare);
        for (String f : new String[] {"model.json", "float_twin.zip"}) {
            Files.copy(model.resolve(f), bare.resolve(f));
        }
        CliRun run = CliRun.of("infer", bare.toString(), firstImage().toString());
        assertEquals(3, run.exitCode(), run.toString());
        assertTrue(run.err().contains("pawscope quantize"), run.err());
    }

    private Path firstImage() throws IOException {
        try (var files = Files.walk(data)) {
            return files.filter(p -> p.toString().endsWith(".png") && !p.toString().contains("mask")).findFirst()
                    .orElseThrow();
        }
    }
}
