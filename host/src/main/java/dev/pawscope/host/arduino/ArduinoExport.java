package dev.pawscope.host.arduino;

import dev.pawscope.host.cli.PawscopeException;
import dev.pawscope.host.io.AtomicFiles;
import dev.pawscope.host.io.Json;
import dev.pawscope.host.quant.Int8Model;
import dev.pawscope.quantize.codegen.CModelWriter;
import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.GraphException;
import dev.pawscope.quantize.graph.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipFile;

/**
 * {@code pawscope export arduino}: an int8 model as an Arduino library zip (every Arduino
 * board's sketch as an example) and, beside it, a PlatformIO project for the chosen board.
 * Nothing is written until everything is generated and checked; each output is written through
 * a temporary sibling and moved into place.
 *
 * @param zip the library zip, e.g. {@code build/pawnet-arduino.zip}
 * @param platformio the project folder beside it, e.g. {@code build/pawnet-arduino-platformio/}
 * @param unzipFolder where the commands unzip the library, e.g. {@code build/pawnet-arduino/}
 */
public record ArduinoExport(Path zip, Path platformio, Path unzipFolder, ArduinoBoard board,
        List<ArduinoBoard> boards, ArduinoLibrary library, PlatformIoProject project, long arenaBytes,
        long weightBytes) {

    public static final String ZIP_SUFFIX = ".zip";
    public static final String PLATFORMIO_SUFFIX = "-platformio";

    public ArduinoExport {
        boards = List.copyOf(boards);
    }

    /**
     * Generates everything and checks the outputs can be written, writing nothing.
     *
     * @param madeBy the command line, for the generated files' banners
     */
    public static ArduinoExport prepare(Path home, Int8Model int8, Path model, Path zip, String boardId,
            boolean force, String madeBy) throws IOException {
        ArduinoBoard board = ArduinoBoard.load(home, boardId);
        List<ArduinoBoard> boards = ArduinoBoard.all(home);
        String fileName = zip.getFileName() == null ? "" : zip.getFileName().toString();
        if (!fileName.toLowerCase(Locale.ROOT).endsWith(ZIP_SUFFIX) || fileName.length() == ZIP_SUFFIX.length()) {
            throw PawscopeException.badInput("expected --out FILE.zip for the Arduino library, found " + zip,
                    "name the zip, e.g. --out build/pawnet-arduino.zip");
        }
        String stem = fileName.substring(0, fileName.length() - ZIP_SUFFIX.length());
        Path platformio = zip.resolveSibling(stem + PLATFORMIO_SUFFIX);
        AtomicFiles.checkDisjoint(model, zip);
        AtomicFiles.checkDisjoint(model, platformio);
        checkZipTarget(zip, force);
        AtomicFiles.checkTarget(platformio, force);

        String name = model.toAbsolutePath().normalize().getFileName().toString().replaceAll("[^A-Za-z0-9_]", "_");
        CModelWriter.Sources sources;
        try {
            sources = CModelWriter.write(int8.graph(), name, int8.sha256(), int8.folder().metadata().labels(),
                    int8.pixels().table(), List.of("pawscope model '" + name + "' for the Arduino boards "
                            + String.join(", ", boards.stream().map(ArduinoBoard::id).toList()),
                            "from " + model.resolve("model_int8.tflite") + ", sha256 " + int8.hashHex(),
                            "made by: " + madeBy));
        } catch (GraphException e) {
            throw PawscopeException.badInput(e.getMessage(), "quantize the model with `pawscope quantize` first");
        }
        long arena = sources.plan().arenaBytes();
        if (arena > board.spec().ramBytes()) {
            throw PawscopeException.badInput(String.format(Locale.ROOT, "the activation arena needs %,d B, the %s has "
                    + "%,d B of RAM", arena, board.spec().name(), board.spec().ramBytes()),
                    "choose a smaller model or input size");
        }
        byte[] plan = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(memoryPlan(int8, sources, board));
        String modelLine = "Model '" + name + "', sha256 " + int8.hashHex().substring(0, 16) + "..., input "
                + int8.graph().inputTensor().elementCount() + " B, arena " + arena + " B.";
        ArduinoLibrary library = ArduinoLibrary.build(home, sources.header(), sources.source(), plan, boards,
                modelLine);
        PlatformIoProject project = PlatformIoProject.build(library, boards, board, plan, List.of(
                "PlatformIO project for the pawscope model '" + name + "' (sha256 " + int8.hashHex() + ")",
                "made by: " + madeBy));
        Graph g = int8.graph();
        long weights = g.tensors().stream().filter(Tensor::isConstant)
                .mapToLong(t -> (long) t.elementCount() * t.type().bytesPerElement()).sum();
        return new ArduinoExport(zip, platformio, zip.resolveSibling(stem), board, boards, library, project, arena,
                weights);
    }

    /** Writes the zip, then the PlatformIO folder, each atomically. */
    public void write(boolean force) throws IOException {
        AtomicFiles.write(zip, ZipTree.zip(ArduinoLibrary.NAME, library.files()));
        AtomicFiles.writeFolder(platformio, force, dir -> {
            for (Map.Entry<String, byte[]> file : project.files().entrySet()) {
                Path target = dir.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, file.getValue());
            }
        });
    }

    /** The unzipped library folder the commands refer to. */
    public Path libraryFolder() {
        return unzipFolder.resolve(ArduinoLibrary.NAME);
    }

    /** What to run to build and flash the chosen board with arduino-cli, in order. */
    public List<String> arduinoCliCommands(String port) {
        List<String> commands = new ArrayList<>();
        commands.add("unzip -o " + zip + " -d " + unzipFolder);
        commands.addAll(board.setup());
        commands.add(board.compileCommand(libraryFolder().toString()));
        commands.add(board.uploadCommand(libraryFolder().toString(), port));
        return commands;
    }

    /**
     * Refuses an existing --out unless --force, and --force replaces only a zip pawscope wrote
     * (one holding pawscope/library.properties), never another file.
     */
    static void checkZipTarget(Path zip, boolean force) {
        if (Files.isDirectory(zip)) {
            throw PawscopeException.badInput("expected --out to be a .zip file, found a folder: " + zip,
                    "choose a file path ending in .zip");
        }
        if (!Files.exists(zip)) {
            return;
        }
        if (!force) {
            throw PawscopeException.badInput("output file " + zip + " already exists",
                    "choose another --out, or pass --force to replace it");
        }
        try (ZipFile existing = new ZipFile(zip.toFile())) {
            if (existing.getEntry(ArduinoLibrary.NAME + "/" + ArduinoLibrary.PROPERTIES) != null) {
                return;
            }
        } catch (IOException e) {
            // not a zip: refused below
        }
        throw PawscopeException.badInput("--force replaces only a library zip pawscope made (with "
                + ArduinoLibrary.NAME + "/" + ArduinoLibrary.PROPERTIES + "), found another file: " + zip,
                "choose another --out, or remove that file yourself");
    }

    static Map<String, Object> memoryPlan(Int8Model int8, CModelWriter.Sources sources, ArduinoBoard board) {
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("model_sha256", int8.hashHex());
        plan.put("board", board.id());
        plan.put("arena_bytes", sources.plan().arenaBytes());
        plan.put("arena_lower_bound_bytes", sources.plan().lowerBoundBytes());
        plan.put("ram_bytes", board.spec().ramBytes());
        List<Map<String, Object>> tensors = new ArrayList<>();
        Graph g = int8.graph();
        for (int i = 0; i < g.tensors().size(); i++) {
            Tensor t = g.tensor(i);
            if (t.isConstant()) {
                continue;
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("index", i);
            entry.put("name", t.name());
            entry.put("offset", sources.plan().offset(i));
            entry.put("bytes", t.elementCount());
            tensors.add(entry);
        }
        plan.put("tensors", tensors);
        return plan;
    }

    /** Boards other than the chosen one whose RAM the arena exceeds (their example would not fit). */
    public List<ArduinoBoard> boardsTooSmall() {
        return boards.stream().filter(b -> arenaBytes > b.spec().ramBytes()).toList();
    }
}
