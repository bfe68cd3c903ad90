package dev.pawscope.host.cli;

import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.host.dataset.ImageResizer;
import dev.pawscope.host.dataset.PngCodec;
import dev.pawscope.host.io.AtomicFiles;
import dev.pawscope.host.io.Npy;
import dev.pawscope.host.model.ModelFolder;
import dev.pawscope.host.model.ModelMetadata;
import dev.pawscope.host.quant.FloatGraphBuilder;
import dev.pawscope.host.quant.ImageQuantizer;
import dev.pawscope.host.quant.Int8Files;
import dev.pawscope.host.train.ArchitectureSpec;
import dev.pawscope.host.train.ImageTensors;
import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.GraphException;
import dev.pawscope.quantize.graph.Operator;
import dev.pawscope.quantize.graph.Tensor;
import dev.pawscope.quantize.graph.TensorType;
import dev.pawscope.quantize.interpreter.Activations;
import dev.pawscope.quantize.interpreter.Interpreter;
import dev.pawscope.quantize.tflite.TfLiteFormatException;
import dev.pawscope.quantize.tflite.TfLiteReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pawscope infer}: one input through the reference interpreter, every layer inspectable. */
@Command(name = "infer",
        mixinStandardHelpOptions = true,
        description = {"Run one input through the Java reference interpreter and print the scores.",
                "%nMODEL is a model folder (its int8 model by default, --float for the float32 one) or any supported"
                        + " .tflite file. INPUT is an image (any size or colour: converted to the model's grayscale "
                        + "input, resized and centre-cropped) or a .npy tensor of the model's input shape and type "
                        + "(int8 or float32).%n",
                "--dump DIR writes every layer's output as DIR/<index>_<name>.npy (and the input as "
                        + "DIR/input.npy), to compare with another runtime layer by layer.%n",
                "Examples:",
                "  pawscope infer models/pawnet photo.jpg",
                "  pawscope infer models/pawnet/model_int8.tflite input.npy --dump /tmp/layers%n"})
final class InferCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "MODEL", description = "Model folder or .tflite file.")
    Path model;

    @Parameters(index = "1", paramLabel = "INPUT", description = "Image file or .npy tensor.")
    Path input;

    @ArgGroup(exclusive = true)
    Precision precision;

    static final class Precision {
        @Option(names = "--float", description = "Run the float32 model.")
        boolean float32;

        @Option(names = "--int8", description = "Run the int8 model (the default for model folders).")
        boolean int8;
    }

    @Option(names = "--dump", paramLabel = "DIR", description = "Write every layer's output as .npy files here.")
    Path dump;

    @Override
    public Integer call() throws IOException {
        boolean wantFloat = precision != null && precision.float32;
        boolean wantInt8 = precision != null && precision.int8;
        LoadedModel loaded = Files.isDirectory(model) ? fromFolder(wantFloat) : fromTflite(wantFloat, wantInt8);
        Graph graph = loaded.graph;
        Object inputValues = readInput(loaded);
        Interpreter interpreter;
        try {
            interpreter = new Interpreter(graph);
        } catch (GraphException e) {
            throw PawscopeException.badInput(e.getMessage(), "this model cannot run in pawscope's interpreter");
        }
        Activations a = interpreter.run(inputValues);
        float[] scores = a.outputReal();
        System.out.println(model + " (" + graph.inputTensor().type().name().toLowerCase(Locale.ROOT) + "), input "
                + input);
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            best = scores[i] > scores[best] ? i : best;
        }
        for (int i = 0; i < scores.length; i++) {
            String label = i < loaded.labels.size() ? loaded.labels.get(i) : "class " + i;
            System.out.printf(Locale.ROOT, "  %-10s %.4f%s%n", label, scores[i], i == best ? "  <- top" : "");
        }
        if (dump != null) {
            writeDump(graph, a, inputValues);
        }
        return 0;
    }

    private record LoadedModel(Graph graph, List<String> labels, ModelMetadata.Normalization normalization) {}

    private LoadedModel fromFolder(boolean wantFloat) throws IOException {
        ModelFolder folder = ModelFolder.open(model);
        ModelMetadata meta = folder.metadata();
        Path file = model.resolve(wantFloat ? Int8Files.FLOAT32_TFLITE : Int8Files.INT8_TFLITE);
        if (Files.isRegularFile(file)) {
            return new LoadedModel(readTflite(file), meta.labels(), meta.normalization());
        }
        if (!wantFloat) {
            throw PawscopeException.badInput("expected the int8 model " + file + ", found none",
                    "run `pawscope quantize " + model + "` first, or pass --float");
        }
        Graph graph = FloatGraphBuilder.build(ArchitectureSpec.parse(meta.architecture()), meta.input(),
                meta.labels().size(), folder.loadFloatTwin(), "float twin of " + model);
        return new LoadedModel(graph, meta.labels(), meta.normalization());
    }

    private LoadedModel fromTflite(boolean wantFloat, boolean wantInt8) throws IOException {
        if (!Files.isRegularFile(model)) {
            throw PawscopeException.badInput("expected a model folder or a .tflite file, found "
                    + AtomicFiles.describe(model) + " at " + model, "check the path");
        }
        Graph graph = readTflite(model);
        TensorType type = graph.inputTensor().type();
        if ((wantFloat && type != TensorType.FLOAT32) || (wantInt8 && type != TensorType.INT8)) {
            throw PawscopeException.badInput(model + " takes " + type + " input, but " + (wantFloat ? "--float" : "--int8")
                    + " was given", "a .tflite file has one precision; drop the flag");
        }
        // A bare .tflite does not say how pixels were normalised; pawscope's own convention is the best guess.
        return new LoadedModel(graph, List.of(),
                new ModelMetadata.Normalization(ImageTensors.SCALE, ImageTensors.OFFSET));
    }

    private static Graph readTflite(Path file) throws IOException {
        try {
            return TfLiteReader.read(Files.readAllBytes(file));
        } catch (TfLiteFormatException e) {
            throw PawscopeException.badInput(file + ": " + e.getMessage(),
                    "export it again with the TensorFlow converter or `pawscope quantize`");
        }
    }

    private Object readInput(LoadedModel loaded) throws IOException {
        Tensor in = loaded.graph.inputTensor();
        if (!Files.isRegularFile(input)) {
            throw PawscopeException.badInput("expected an input image or .npy file, found " + AtomicFiles.describe(input)
                    + " at " + input, "check the path");
        }
        if (input.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
            return readNpy(in);
        }
        GrayImage image;
        try {
            image = PngCodec.read(input);
        } catch (IOException e) {
            throw PawscopeException.badInput("cannot read " + input + " as an image: " + e.getMessage(),
                    "give a PNG, JPEG, BMP or GIF, or a .npy tensor");
        }
        int[] shape = in.shape(); // [1, H, W, 1]
        if (shape.length != 4 || shape[3] != 1) {
            throw PawscopeException.badInput("the model's input is " + Arrays.toString(shape)
                    + ", expected [1,H,W,1] grayscale for an image input", "pass a .npy tensor instead");
        }
        if (image.width() != shape[2] || image.height() != shape[1]) {
            System.err.println("note: " + input + " is " + image.width() + "x" + image.height() + ", converted to "
                    + shape[2] + "x" + shape[1] + " (resized and centre-cropped)");
            image = ImageResizer.coverAndCenterCrop(image, shape[2], shape[1]);
        }
        if (in.type() == TensorType.FLOAT32) {
            return ImageQuantizer.normalise(loaded.normalization, image);
        }
        return new ImageQuantizer(loaded.normalization, in.quantization()).int8(image);
    }

    private Object readNpy(Tensor in) throws IOException {
        Npy npy;
        try {
            npy = Npy.decode(Files.readAllBytes(input));
        } catch (IOException e) {
            throw PawscopeException.badInput(input + ": " + e.getMessage(), "save the tensor with numpy.save");
        }
        String expectedType = in.type() == TensorType.INT8 ? Npy.INT8 : Npy.FLOAT32;
        if (!npy.dtype().equals(expectedType) || !Arrays.equals(npy.shape(), in.shape())) {
            throw PawscopeException.badInput(input + " holds " + npy.dtype() + " " + Arrays.toString(npy.shape())
                    + ", the model expects " + expectedType + " " + Arrays.toString(in.shape()),
                    "save the array with that dtype and shape (NHWC)");
        }
        return in.type() == TensorType.INT8 ? npy.data() : npy.floats();
    }

    private void writeDump(Graph graph, Activations a, Object inputValues) throws IOException {
        List<String> written = new ArrayList<>();
        Files.createDirectories(dump);
        Tensor in = graph.inputTensor();
        AtomicFiles.write(dump.resolve("input.npy"), npy(in, inputValues).encode());
        written.add("input.npy");
        for (int i = 0; i < graph.operators().size(); i++) {
            Operator op = graph.operators().get(i);
            Tensor out = graph.tensor(op.output());
            Object value = out.type() == TensorType.INT8 ? a.int8(op.output()) : a.float32(op.output());
            String name = String.format(Locale.ROOT, "%02d_%s.npy", i, out.name().replaceAll("[^A-Za-z0-9_.-]", "_"));
            AtomicFiles.write(dump.resolve(name), npy(out, value).encode());
            written.add(name);
        }
        System.out.println("wrote " + written.size() + " tensors to " + dump + "/ (" + String.join(", ", written) + ")");
    }

    private static Npy npy(Tensor t, Object value) {
        return value instanceof byte[] b ? Npy.int8(t.shape(), b) : Npy.float32(t.shape(), (float[]) value);
    }
}
