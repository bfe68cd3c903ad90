package dev.pawscope.host.quant;

import dev.pawscope.host.cli.PawscopeException;
import dev.pawscope.host.model.ModelFolder;
import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.tflite.TfLiteFormatException;
import dev.pawscope.quantize.tflite.TfLiteReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A model folder's int8 model as the board runs it: the graph, the .tflite bytes it was read from
 * and their SHA-256 (the "model hash" a board reports in HELLO), and the pixel-to-input table.
 */
public record Int8Model(ModelFolder folder, Graph graph, byte[] tflite, byte[] sha256, ImageQuantizer pixels) {

    public static Int8Model load(Path modelFolder) {
        ModelFolder folder = ModelFolder.open(modelFolder);
        Path file = modelFolder.resolve(Int8Files.INT8_TFLITE);
        if (!Files.isRegularFile(file)) {
            throw PawscopeException.badInput("expected the int8 model " + file + ", found none",
                    "run `pawscope quantize " + modelFolder + "` first");
        }
        byte[] bytes;
        Graph graph;
        try {
            bytes = Files.readAllBytes(file);
            graph = TfLiteReader.read(bytes);
        } catch (IOException e) {
            throw PawscopeException.io("cannot read " + file + ": " + e.getMessage(), "check the file's permissions", e);
        } catch (TfLiteFormatException e) {
            throw PawscopeException.badInput(file + ": " + e.getMessage(), "run `pawscope quantize` again");
        }
        ImageQuantizer pixels = new ImageQuantizer(folder.metadata().normalization(),
                graph.inputTensor().quantization());
        return new Int8Model(folder, graph, bytes, sha256(bytes), pixels);
    }

    public String hashHex() {
        return HexFormat.of().formatHex(sha256);
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
