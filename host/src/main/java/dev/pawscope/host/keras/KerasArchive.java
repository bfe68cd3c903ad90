package dev.pawscope.host.keras;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pawscope.host.cli.PawscopeException;
import org.deeplearning4j.nn.modelimport.keras.Hdf5Archive;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * What a Keras {@code model.save('x.h5')} file says about itself: the root attributes
 * {@code model_config} (the model as JSON), {@code keras_version} and {@code backend}.
 * The weights stay in the file for DL4J to read.
 *
 * @param file          the .h5 file
 * @param modelConfig   {@code {"class_name": "Sequential", "config": {"layers": [...]}}}
 * @param kerasVersion  e.g. {@code 2.13.1}
 * @param backend       e.g. {@code tensorflow}
 */
public record KerasArchive(Path file, JsonNode modelConfig, String kerasVersion, String backend) {

    static final String SAVE_HINT = "save the model from Keras 2 with model.save('model.h5') (HDF5, a Sequential model)";

    public KerasArchive {
        if (modelConfig == null || !modelConfig.isObject()) {
            throw new IllegalArgumentException("expected model_config as a JSON object, found " + modelConfig);
        }
    }

    /** Reads the attributes, refusing files that are not Keras HDF5 models with a hint. */
    public static KerasArchive read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw PawscopeException.badInput("expected a Keras .h5 file, found " + (Files.exists(file) ? "a folder" : "nothing")
                    + " at " + file, SAVE_HINT);
        }
        requireHdf5Signature(file);
        Hdf5Archive archive;
        try {
            archive = new Hdf5Archive(file.toString());
        } catch (RuntimeException e) {
            throw PawscopeException.badInput("cannot open " + file + " as an HDF5 file (" + e.getMessage() + ")",
                    "a .keras file or a SavedModel folder is not HDF5; " + SAVE_HINT);
        }
        try (archive) {
            if (!archive.hasAttribute("model_config")) {
                throw PawscopeException.badInput("expected a model_config attribute in " + file
                        + ", found none: it holds weights only (from save_weights?)", SAVE_HINT);
            }
            String json = archive.readAttributeAsJson("model_config");
            String version = archive.hasAttribute("keras_version") ? clean(archive.readAttributeAsString("keras_version")) : "";
            String backend = archive.hasAttribute("backend") ? clean(archive.readAttributeAsString("backend")) : "tensorflow";
            return new KerasArchive(file, parse(file, json), version, backend);
        } catch (UnsupportedKerasConfigurationException e) {
            throw PawscopeException.badInput("cannot read the attributes of " + file + ": " + e.getMessage(), SAVE_HINT);
        }
    }

    /**
     * Refuses files without the HDF5 signature before the native library sees them (it would print
     * an error stack of its own). The signature sits at offset 0, 512, 1024, 2048, ... (after a user block).
     */
    private static void requireHdf5Signature(Path file) {
        byte[] signature = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
        byte[] head = new byte[8];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            for (long at = 0; at + signature.length <= size; at = at == 0 ? 512 : at * 2) {
                ByteBuffer buffer = ByteBuffer.wrap(head);
                int n;
                do {
                    n = channel.read(buffer, at + buffer.position());
                } while (n > 0 && buffer.hasRemaining());
                if (at == 0 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
                    throw PawscopeException.badInput("expected an HDF5 file, found a zip archive (a Keras 3 .keras file?)"
                            + " at " + file, SAVE_HINT);
                }
                if (Arrays.equals(head, signature)) {
                    return;
                }
            }
        } catch (IOException e) {
            throw PawscopeException.io("cannot read " + file + ": " + e.getMessage(), "check the path and permissions", e);
        }
        throw PawscopeException.badInput("expected an HDF5 file, found no HDF5 signature in " + file, SAVE_HINT);
    }

    /** The major Keras version; 2 when the file does not say. */
    public int kerasMajorVersion() {
        return !kerasVersion.isEmpty() && Character.isDigit(kerasVersion.charAt(0)) ? kerasVersion.charAt(0) - '0' : 2;
    }

    private static JsonNode parse(Path file, String json) {
        try {
            return new ObjectMapper().readTree(clean(json));
        } catch (JacksonException e) {
            throw PawscopeException.badInput("cannot parse the model_config JSON of " + file + ": " + e.getOriginalMessage(),
                    "the file is damaged; " + SAVE_HINT);
        }
    }

    /** HDF5 strings come back with trailing NULs from fixed-size buffers. */
    private static String clean(String s) {
        int end = s.indexOf('\u0000');
        return (end < 0 ? s : s.substring(0, end)).trim();
    }
}
