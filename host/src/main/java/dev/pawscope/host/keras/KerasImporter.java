package dev.pawscope.host.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pawscope.host.cli.PawscopeException;
import dev.pawscope.host.cli.PawscopeVersion;
import dev.pawscope.host.io.AtomicFiles;
import dev.pawscope.host.model.ModelFolder;
import dev.pawscope.host.model.ModelMetadata;
import dev.pawscope.host.train.NetworkFactory;
import dev.pawscope.host.train.TrainingRun;
import org.deeplearning4j.nn.modelimport.keras.KerasModel;
import org.deeplearning4j.nn.modelimport.keras.exceptions.InvalidKerasConfigurationException;
import org.deeplearning4j.nn.modelimport.keras.exceptions.UnsupportedKerasConfigurationException;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * A Keras Sequential {@code .h5} becomes a pawscope model folder whose float twin has exactly the
 * structure of a trained one:
 * <ol>
 *   <li>map the {@code model_config} to a spec ({@link KerasSpecMapper}), refusing what cannot run;</li>
 *   <li>import the model with DL4J's Keras import and copy its weights into a network built by
 *       {@link NetworkFactory} for the spec ({@link KerasWeightCopier});</li>
 *   <li>check both networks agree on random images ({@link KerasSelfCheck}), refusing the import if not;</li>
 *   <li>write float_twin.zip and model.json atomically.</li>
 * </ol>
 */
public final class KerasImporter {

    /** What the user says about the model that the file does not. */
    public record Options(List<String> labels, double inputScale, double inputOffset, String createdBy, boolean force) {
        public Options {
            labels = labels == null ? null : List.copyOf(labels);
        }
    }

    /** What was imported: the mapping, the twin's size, the self-check and the metadata written. */
    public record Result(KerasArchive archive, KerasMapping mapping, long parameters, KerasSelfCheck.Result selfCheck,
                         ModelMetadata metadata) {
    }

    public static final String ORIGIN = "keras-import";

    /** Recorded in the network for anyone who fine-tunes it; the import itself does not train. */
    private static final double LEARNING_RATE = 1e-3;

    private final Options options;

    public KerasImporter(Options options) {
        this.options = options;
    }

    public Result run(Path h5, Path out) throws IOException {
        AtomicFiles.checkDisjoint(h5, out);
        AtomicFiles.checkTarget(out, options.force());
        ModelMetadata.Normalization normalization = normalization();
        KerasArchive archive = KerasArchive.read(h5);
        if (archive.kerasMajorVersion() != 2) {
            throw PawscopeException.badInput("expected a Keras 2.x file, found keras_version '" + archive.kerasVersion()
                    + "' in " + h5, "save the model with TensorFlow 2.x's Keras 2 (tf.keras up to 2.15, or tf_keras)"
                    + " as model.save('model.h5')");
        }
        KerasMapping mapping = KerasSpecMapper.map(archive.modelConfig());
        int classes = mapping.classes();
        List<String> labels = labels(classes);

        MultiLayerNetwork imported = importWithDl4j(archive);
        MultiLayerNetwork twin = NetworkFactory.create(mapping.spec(), mapping.input(), classes, 0, LEARNING_RATE);
        KerasWeightCopier.copy(imported, mapping, twin);
        KerasSelfCheck.Result check = KerasSelfCheck.compare(imported, twin, mapping.input(), normalization,
                mapping.softmaxAppended()).requireWithin(KerasSelfCheck.LIMIT);

        ModelMetadata metadata = new ModelMetadata(ModelMetadata.FORMAT, ModelMetadata.VERSION, PawscopeVersion.current(),
                options.createdBy(), ORIGIN, labels, mapping.input(), normalization, mapping.spec().text(),
                TrainingRun.layerInfos(mapping.spec(), mapping.spec().shapes(mapping.input(), classes)), ModelMetadata.DL4J_LAYOUT, "", 0);
        write(out, twin, metadata);
        return new Result(archive, mapping, twin.numParams(), check, metadata);
    }

    private ModelMetadata.Normalization normalization() {
        double scale = options.inputScale();
        double offset = options.inputOffset();
        if (!Double.isFinite(scale) || scale == 0 || !Double.isFinite(offset)) {
            throw PawscopeException.badInput("expected a finite, non-zero --input-scale and a finite --input-offset, found "
                    + scale + " and " + offset, "the Keras model's input = pixel * scale + offset, pixel 0..255:"
                    + " 0.00392156862745098 (1/255) and 0 for [0, 1], 0.00784313725490196 (2/255) and -1 for [-1, 1]");
        }
        return new ModelMetadata.Normalization(scale, offset);
    }

    private List<String> labels(int classes) {
        List<String> given = options.labels();
        if (given == null) {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < classes; i++) {
                names.add("class_" + i);
            }
            return names;
        }
        if (given.size() != classes) {
            throw PawscopeException.badInput("expected " + classes + " labels (the model has " + classes + " outputs),"
                    + " found " + given.size() + ": " + String.join(",", given),
                    "pass " + classes + " comma-separated names in output order, e.g. --labels"
                            + " sit,stand,lie_down,no_dog for a 4-output model");
        }
        if (new HashSet<>(given).size() != given.size() || given.stream().anyMatch(String::isBlank)) {
            throw PawscopeException.badInput("expected distinct, non-empty labels, found " + given,
                    "pass one name per output, e.g. --labels sit,stand,lie_down,no_dog");
        }
        return given;
    }

    /**
     * DL4J's Keras import, on the file's own config with two additions: the Keras version and
     * backend (DL4J reads them from the config), and each layer's {@code inbound_nodes} naming the
     * layer before it. Keras leaves those out of Sequential configs, and DL4J 1.0.0-M2.1 needs them
     * while it builds a DepthwiseConv2D (it walks back to the previous layer for its input channels).
     */
    static MultiLayerNetwork importWithDl4j(KerasArchive archive) throws IOException {
        ObjectNode config = archive.modelConfig().deepCopy();
        config.put("keras_version", archive.kerasVersion().isEmpty() ? "2" : archive.kerasVersion());
        config.put("backend", archive.backend());
        JsonNode layers = config.path("config").isArray() ? config.get("config") : config.path("config").path("layers");
        String previous = null;
        for (JsonNode layer : layers) {
            if (previous != null && !layer.has("inbound_nodes")) {
                ArrayNode nodes = ((ObjectNode) layer).putArray("inbound_nodes");
                nodes.addArray().addArray().add(previous).add(0).add(0).addObject();
            }
            previous = layer.path("config").path("name").asText();
        }
        try {
            return new KerasModel().modelBuilder()
                    .modelJson(new ObjectMapper().writeValueAsString(config))
                    .weightsHdf5Filename(archive.file().toString())
                    .enforceTrainingConfig(false)
                    .buildSequential()
                    .getMultiLayerNetwork();
        } catch (InvalidKerasConfigurationException | UnsupportedKerasConfigurationException e) {
            throw PawscopeException.badInput("DL4J's Keras import cannot read " + archive.file() + ": " + e.getMessage(),
                    KerasArchive.SAVE_HINT);
        } catch (RuntimeException e) {
            throw new IllegalStateException("DL4J's Keras import failed on " + archive.file() + " after pawscope mapped it"
                    + " to a supported spec: " + e, e);
        }
    }

    private void write(Path out, MultiLayerNetwork twin, ModelMetadata metadata) throws IOException {
        AtomicFiles.writeFolder(out, options.force(), folder -> {
            ModelFolder.writeFloatTwin(twin, folder);
            AtomicFiles.writeJson(folder.resolve(ModelMetadata.FILE_NAME), metadata);
        });
    }
}
