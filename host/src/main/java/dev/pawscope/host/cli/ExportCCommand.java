package dev.pawscope.host.cli;

import dev.pawscope.host.board.BoardSpec;
import dev.pawscope.host.board.PawscopeHome;
import dev.pawscope.host.io.AtomicFiles;
import dev.pawscope.host.io.Json;
import dev.pawscope.host.quant.Int8Model;
import dev.pawscope.quantize.codegen.CModelWriter;
import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.GraphException;
import dev.pawscope.quantize.graph.GraphFootprint;
import dev.pawscope.quantize.graph.Tensor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pawscope export c}: C arrays, the execution plan and the static memory plan. */
@Command(name = "c",
        mixinStandardHelpOptions = true,
        description = {"Write the int8 model as portable C99 for the firmware (firmware/include/ps_model.h).%n",
                "DIR/ps_generated_model.h and .c hold the weights and int32 biases as const arrays (flash), every "
                        + "requantization multiplier and shift, the op list (the execution plan), the tensor table "
                        + "with each activation's place in one arena (buffers are reused once dead), the labels, "
                        + "the pixel-to-int8 input table and the SHA-256 of MODEL/model_int8.tflite. "
                        + "DIR/memory_plan.json lists the arena layout. The arena size is checked against the "
                        + "board's RAM (boards/<board>/board.json).%n",
                "Example: pawscope export c models/pawnet --out build/pawnet-c --board nano33ble%n"})
final class ExportCCommand implements Callable<Integer> {

    static final String HEADER = "ps_generated_model.h";
    static final String SOURCE = "ps_generated_model.c";
    static final String PLAN = "memory_plan.json";

    @Parameters(index = "0", paramLabel = "MODEL", description = "A quantized model folder.")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the generated files.")
    Path out;

    @Option(names = "--board", defaultValue = "sim", paramLabel = "BOARD",
            description = "Board whose RAM the arena must fit (default: ${DEFAULT-VALUE}).")
    String board;

    @Option(names = "--force", description = "Replace --out if it holds an earlier export.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        BoardSpec spec = BoardSpec.load(PawscopeHome.locate(), board);
        Int8Model int8 = Int8Model.load(model);
        AtomicFiles.checkDisjoint(model, out);
        AtomicFiles.checkTarget(out, force);
        CModelWriter.Sources sources;
        String name = model.toAbsolutePath().normalize().getFileName().toString().replaceAll("[^A-Za-z0-9_]", "_");
        try {
            sources = CModelWriter.write(int8.graph(), name, int8.sha256(), int8.folder().metadata().labels(),
                    int8.pixels().table(), List.of("pawscope model '" + name + "' for board " + spec.id(),
                            "from " + model.resolve("model_int8.tflite") + ", sha256 " + int8.hashHex(),
                            "made by: pawscope export c " + model + " --out " + out + " --board " + board));
        } catch (GraphException e) {
            throw PawscopeException.badInput(e.getMessage(), "quantize the model with `pawscope quantize` first");
        }
        long arena = sources.plan().arenaBytes();
        if (arena > spec.ramBytes()) {
            throw PawscopeException.badInput(String.format(Locale.ROOT, "the activation arena needs %,d B, the %s has "
                    + "%,d B of RAM", arena, spec.name(), spec.ramBytes()), "choose a smaller model or input size");
        }
        String footprint = CORTEX_M4F_BOARDS.contains(spec.id()) ? linkedFootprint(int8, spec) : null;
        AtomicFiles.writeFolder(out, force, dir -> {
            Files.writeString(dir.resolve(HEADER), sources.header(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(SOURCE), sources.source(), StandardCharsets.UTF_8);
            Json.mapper().writerWithDefaultPrettyPrinter().writeValue(dir.resolve(PLAN).toFile(),
                    memoryPlan(int8, sources, spec));
        });
        Graph g = int8.graph();
        long weights = GraphFootprint.of(g).weightBytes();
        System.out.printf(Locale.ROOT, "model %s (sha256 %s...), %d ops%n", name, int8.hashHex().substring(0, 16),
                g.operators().size());
        System.out.printf(Locale.ROOT, "arena %,d B (lower bound %,d B) of %,d B RAM on %s (%.1f%%); weights %,d B of "
                + "%,d B flash%n", arena, sources.plan().lowerBoundBytes(), spec.ramBytes(), spec.id(),
                100.0 * arena / spec.ramBytes(), weights, spec.flashBytes());
        if (footprint != null) {
            System.out.println(footprint);
        }
        System.out.println("wrote " + out + "/: " + HEADER + ", " + SOURCE + ", " + PLAN);
        return 0;
    }

    /** Boards whose core, flags and memory map the qemu-m4 build reproduces (the Nano 33 BLE's). */
    static final java.util.Set<String> CORTEX_M4F_BOARDS = java.util.Set.of("nano33ble", "qemu-m4");

    /**
     * Flash and RAM from the linker map of the real Cortex-M4F build (boards/qemu-m4), checked
     * against the board's limits: a build that does not fit is refused with the numbers. Without
     * the ARM toolchain the check is skipped with a note (the arena check above still holds).
     */
    private static String linkedFootprint(Int8Model int8, BoardSpec spec) throws Exception {
        if (!dev.pawscope.host.board.QemuTools.present()) {
            return "note: arm-none-eabi-gcc, libnewlib-arm-none-eabi or qemu-system-arm is missing, so flash and RAM "
                    + "were not measured from a linked build (Debian: sudo apt-get install gcc-arm-none-eabi "
                    + "libnewlib-arm-none-eabi qemu-system-arm)";
        }
        var build = dev.pawscope.host.board.QemuFirmware.build(PawscopeHome.locate(), int8,
                dev.pawscope.host.board.QemuFirmware.defaultCacheRoot(), System.err::println);
        var f = build.footprint();
        long flash = f == null ? build.flashBytes() : f.flashBytes();
        long ram = f == null ? build.ramBytes() : f.ramBytes();
        String line = f == null
                ? String.format(Locale.ROOT, "linked Cortex-M4F build: flash %,d of %,d B, RAM %,d of %,d B", flash,
                        spec.flashBytes(), ram, spec.ramBytes())
                : String.format(Locale.ROOT, "linked Cortex-M4F build: flash %,d of %,d B (code %,d + model %,d + other "
                        + "%,d), RAM %,d of %,d B (arena %,d + stack %,d + protocol and app %,d + input pixels %,d + "
                        + "other %,d)", flash, spec.flashBytes(), f.codeBytes(), f.modelBytes(), f.otherConstantBytes(),
                        ram, spec.ramBytes(), f.arenaBytes(), f.stackBytes(), f.appBytes(), f.pixelBytes(),
                        f.otherRamBytes());
        if (flash > spec.flashBytes() || ram > spec.ramBytes()) {
            throw PawscopeException.badInput("the build does not fit the " + spec.name() + ": " + line,
                    "choose a smaller model or input size");
        }
        return line;
    }

    private static Map<String, Object> memoryPlan(Int8Model int8, CModelWriter.Sources sources, BoardSpec spec) {
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("model_sha256", int8.hashHex());
        plan.put("board", spec.id());
        plan.put("arena_bytes", sources.plan().arenaBytes());
        plan.put("arena_lower_bound_bytes", sources.plan().lowerBoundBytes());
        plan.put("ram_bytes", spec.ramBytes());
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
}
