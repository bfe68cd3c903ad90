package dev.pawscope.host.cli;

import dev.pawscope.host.dataset.InputSpec;
import dev.pawscope.host.keras.KerasImporter;
import dev.pawscope.host.keras.KerasMapping;
import dev.pawscope.host.keras.KerasSelfCheck;
import dev.pawscope.host.keras.KerasSpecMapper;
import dev.pawscope.host.model.ModelFolder;
import dev.pawscope.host.model.ModelMetadata;
import dev.pawscope.host.train.ImageTensors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code pawscope import keras}: a Keras Sequential .h5 becomes a float twin in a model folder. */
@Command(name = "keras",
        mixinStandardHelpOptions = true,
        description = {"Import a Keras 2 Sequential model saved with model.save('model.h5') as a float twin:",
                "the same DL4J network `pawscope train` makes, so quantization, explain and the viewer treat",
                "it alike. Writes MODEL/: float_twin.zip and model.json. Every import runs a self-check:",
                "DL4J's own Keras import and the rebuilt twin must agree on random images within "
                        + KerasSelfCheck.LIMIT + ".",
                "",
                "Supported layers: " + KerasSpecMapper.SUPPORTED + ".",
                "Conv2D/DepthwiseConv2D: square kernels and strides, padding valid or same, no dilation,",
                "channels_last; activations relu, relu6, softmax or linear; use_bias=False is fine.",
                "The input must be (height, width, 1): grayscale, " + InputSpec.MIN_SIZE + " to " + InputSpec.MAX_SIZE
                        + " pixels a side.",
                "Dropout is left out (the identity at inference); a model ending in a linear Dense (logits)",
                "gets a Softmax. BatchNormalization, recurrent layers, Functional models and anything else",
                "are refused, naming the layer."},
        footer = {"",
                "Example:",
                "  pawscope import keras dog_posture.h5 --out models/dog-keras --labels sit,stand,lie_down,no_dog",
                "  (for a model trained on inputs in [-1, 1]: --input-scale 0.00784313725490196 --input-offset -1)"})
final class ImportKerasCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL.h5", description = "Keras model file (HDF5, from model.save).")
    Path h5;

    @Option(names = "--out", required = true, paramLabel = "MODEL", description = "Model folder to create.")
    Path out;

    @Option(names = "--labels", split = ",", paramLabel = "NAME",
            description = "Class names in output order, comma-separated (default: class_0..class_{n-1}).")
    List<String> labels;

    @Option(names = "--input-scale", paramLabel = "S",
            description = "The Keras model's input = pixel * S + OFFSET, pixel 0..255 (default: 1/255).")
    Double inputScale;

    @Option(names = "--input-offset", defaultValue = "0", paramLabel = "OFFSET",
            description = "See --input-scale (default: ${DEFAULT-VALUE}).")
    double inputOffset;

    @Option(names = "--force", description = "Replace --out if it is a folder pawscope made (a dataset or model); never any other folder.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        double scale = inputScale == null ? ImageTensors.SCALE : inputScale;
        StringBuilder createdBy = new StringBuilder("pawscope import keras " + h5 + " --out " + out);
        if (labels != null) {
            createdBy.append(" --labels ").append(String.join(",", labels));
        }
        if (inputScale != null) {
            createdBy.append(" --input-scale ").append(inputScale);
        }
        if (inputOffset != 0) {
            createdBy.append(" --input-offset ").append(inputOffset);
        }
        KerasImporter importer = new KerasImporter(new KerasImporter.Options(labels, scale, inputOffset,
                createdBy.toString(), force));
        KerasImporter.Result r = importer.run(h5, out);
        print(r);
        return 0;
    }

    private void print(KerasImporter.Result r) {
        KerasMapping m = r.mapping();
        ModelMetadata md = r.metadata();
        System.out.printf(Locale.ROOT, "read %s: Keras %s Sequential model, input %s%n", h5,
                r.archive().kerasVersion().isEmpty() ? "2" : r.archive().kerasVersion(), m.input());
        for (KerasMapping.Row row : m.rows()) {
            System.out.println("  " + row.text());
        }
        if (!m.droppedDropouts().isEmpty()) {
            System.out.println("dropped " + m.droppedDropouts().size() + " Dropout layer(s), the identity at inference: "
                    + String.join(", ", m.droppedDropouts()));
        }
        if (m.softmaxAppended()) {
            System.out.println("appended a Softmax: the Keras model ends in logits, the float twin outputs probabilities");
        }
        System.out.println("spec: " + m.spec().text());
        System.out.printf(Locale.ROOT, "parameters: %,d%n", r.parameters());
        KerasSelfCheck.Result c = r.selfCheck();
        System.out.printf(Locale.ROOT, "self-check: DL4J's Keras import and the float twin agree on %d random images,"
                + " max difference %.2g (limit %.0e)%n", c.samples(), c.maxDifference(), KerasSelfCheck.LIMIT);
        System.out.printf(Locale.ROOT, "wrote %s/: %s, %s (labels %s; input = pixel * %s + %s)%n", out,
                ModelFolder.FLOAT_TWIN, ModelMetadata.FILE_NAME, String.join(",", md.labels()),
                md.normalization().scale(), md.normalization().offset());
    }
}
