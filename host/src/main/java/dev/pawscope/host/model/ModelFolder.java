package dev.pawscope.host.model;

import dev.pawscope.host.cli.PawscopeException;
import dev.pawscope.host.io.AtomicFiles;
import dev.pawscope.host.io.VersionedJson;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model folder: {@code model.json} (metadata), {@code float_twin.zip} (the DL4J network),
 * {@code metrics.json}, PNG charts and {@code misclassified.png}; later steps add the int8 model and reports beside them.
 */
public final class ModelFolder {

    public static final String FLOAT_TWIN = "float_twin.zip";
    public static final String METRICS = "metrics.json";
    public static final String CONFUSION_PNG = "confusion_matrix.png";
    public static final String CURVES_PNG = "training_curves.png";
    /** The test images the trained model got wrong, most confident first. */
    public static final String MISCLASSIFIED_PNG = "misclassified.png";

    private final Path root;
    private final ModelMetadata metadata;

    private ModelFolder(Path root, ModelMetadata metadata) {
        this.root = root;
        this.metadata = metadata;
    }

    /** Opens a model folder, refusing anything that is not one of this version, with a hint. */
    public static ModelFolder open(Path root) {
        Path file = root.resolve(ModelMetadata.FILE_NAME);
        if (!Files.isDirectory(root)) {
            throw PawscopeException.badInput("expected a model folder, found " + AtomicFiles.describe(root)
                    + " at " + root, "train one with `pawscope train --data DIR --out " + root + "`");
        }
        ModelMetadata m = VersionedJson.read(file, ModelMetadata.FORMAT, ModelMetadata.VERSION, ModelMetadata.class,
                "train the model again (`pawscope train`) or import it (`pawscope import keras`) with this version "
                        + "of pawscope");
        return new ModelFolder(root, m);
    }

    public Path root() {
        return root;
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    public MultiLayerNetwork loadFloatTwin() {
        Path zip = root.resolve(FLOAT_TWIN);
        if (!Files.isRegularFile(zip)) {
            throw PawscopeException.badInput("expected the float twin " + zip + ", found none",
                    "this folder has no float model; train or import it again");
        }
        try {
            return ModelSerializer.restoreMultiLayerNetwork(zip.toFile(), false);
        } catch (IOException | RuntimeException e) {
            throw PawscopeException.badInput("cannot load the float twin " + zip + ": " + e.getMessage(),
                    "the file is damaged or from another DL4J version; train the model again");
        }
    }

    /** Writes a network as this folder layout's float twin (no updater state: it is for inference). */
    public static void writeFloatTwin(MultiLayerNetwork net, Path folder) throws IOException {
        ModelSerializer.writeModel(net, folder.resolve(FLOAT_TWIN).toFile(), false);
    }
}
