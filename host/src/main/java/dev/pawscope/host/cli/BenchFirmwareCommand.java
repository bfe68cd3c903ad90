package dev.pawscope.host.cli;

import dev.pawscope.host.bench.BenchTable;
import dev.pawscope.host.board.BoardSpec;
import dev.pawscope.host.board.CameraReel;
import dev.pawscope.host.board.PawscopeHome;
import dev.pawscope.host.board.QemuBoard;
import dev.pawscope.host.board.QemuFirmware;
import dev.pawscope.host.board.SimBoard;
import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.host.io.AtomicFiles;
import dev.pawscope.host.link.BoardEvent;
import dev.pawscope.host.link.BoardLink;
import dev.pawscope.host.link.Config;
import dev.pawscope.host.link.DeviceFrame;
import dev.pawscope.host.link.JSerialCommTransport;
import dev.pawscope.host.link.Log;
import dev.pawscope.host.link.MapEncoding;
import dev.pawscope.host.link.Protocol;
import dev.pawscope.host.link.TimeUnit;
import dev.pawscope.host.quant.Int8Model;
import dev.pawscope.quantize.codegen.ArenaPlan;
import dev.pawscope.quantize.codegen.CModelWriter;
import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.OpType;
import dev.pawscope.quantize.graph.Operator;
import dev.pawscope.quantize.graph.GraphFootprint;
import dev.pawscope.quantize.graph.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pawscope bench firmware}: the generated model's memory and the sim board's link throughput;
 * with {@code --board qemu-m4}, the Cortex-M4 build's instructions per inference and per layer, DSP
 * kernels against portable ones, and its footprint against the Nano 33 BLE's limits.
 */
@Command(name = "firmware",
        mixinStandardHelpOptions = true,
        description = {"Measure the firmware for a quantized model: the arena against the planner's lower bound "
                + "(the largest total of tensors alive at once), weight and code bytes of the host build, and the "
                + "simulated board's frames/s and bytes/s through its pseudo-terminal, streaming the first layer's "
                + "maps raw and run-length encoded (payload share = feature-map, image and score bytes delivered per "
                + "byte on the wire; above 1 means compression wins).%n",
                "With --board qemu-m4: builds the Cortex-M4F firmware twice (the DSP kernels, and the portable C "
                + "ones), boots each in QEMU, runs --images SET_INPUT images with streaming off and counts executed "
                + "instructions per inference and per layer (CONFIG option LAYER_TIMES); reports MACs per inference "
                + "and per instruction, the DSP speedup, and flash and RAM (code, model, arena, stack, protocol "
                + "buffers) against the Nano 33 BLE's limits.%n",
                "Example: pawscope bench firmware --model models/pawnet --json bench-firmware.json",
                "         pawscope bench firmware --board qemu-m4 --model models/pawnet --json bench-qemu.json%n"})
final class BenchFirmwareCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "A quantized model folder.")
    Path model;

    @Option(names = "--board", defaultValue = "sim", paramLabel = "BOARD",
            description = "sim (the default: memory and link throughput) or qemu-m4 (instructions on the Cortex-M4).")
    String board;

    @Option(names = "--seconds", defaultValue = "5", paramLabel = "S",
            description = "sim: streaming time per encoding (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--images", defaultValue = "4", paramLabel = "N",
            description = "qemu-m4: SET_INPUT images per build (default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
    Path json;

    @Override
    public Integer call() throws Exception {
        if (!board.equals("sim") && !board.equals(QEMU_BOARD)) {
            throw PawscopeException.badInput("expected --board sim or " + QEMU_BOARD + ", found " + board,
                    "the other boards are real hardware; bench them with `pawscope view`");
        }
        if (!(seconds > 0)) {
            throw PawscopeException.badInput("expected --seconds > 0, found " + seconds, "5 is the default");
        }
        if (images < 1) {
            throw PawscopeException.badInput("expected --images >= 1, found " + images, "4 is the default");
        }
        Path home = PawscopeHome.locate();
        Int8Model int8 = Int8Model.load(model);
        if (board.equals(QEMU_BOARD)) {
            return benchQemu(home, int8);
        }
        ArenaPlan plan = ArenaPlan.of(int8.graph());
        BenchTable table = new BenchTable("pawscope bench firmware (" + model + ", board sim)");
        table.put("arena_bytes", plan.arenaBytes(), "B, the planned activation arena");
        table.put("arena_lower_bound_bytes", plan.lowerBoundBytes(), "B, largest total of tensors alive at once");
        long weights = GraphFootprint.of(int8.graph()).weightBytes();
        table.put("weight_bytes", weights, "B, int8 weights + int32 biases");
        table.put("code_bytes", codeBytes(home, int8), "B of .text, firmware core (gcc -Os, x86-64 host build)");

        byte[] reel = CameraReel.encode(CameraReel.synthetic(int8.folder().metadata().input().width(), 7, 32));
        try (SimBoard sim = SimBoard.start(home, int8, reel, null, 1000, SimBoard.defaultCacheRoot(), line -> { })) {
            for (boolean rle : new boolean[] {false, true}) {
                StreamRun stats = stream(sim.port(), rle);
                String suffix = rle ? "_rle" : "_raw";
                table.put("sim_frames_per_second" + suffix, stats.framesPerSecond, "frames/s, camera as fast as it runs");
                table.put("sim_bytes_per_second" + suffix, stats.bytesPerSecond, "wire bytes/s host-side");
                table.put("sim_payload_share" + suffix, stats.payloadShare, "payload bytes per wire byte");
                table.put("sim_incomplete_frames" + suffix, stats.incomplete, "of " + stats.frames
                        + " (parts the board's TX queue refused)");
                if (!rle) {
                    table.put("sim_frames_per_second", stats.framesPerSecond, "frames/s (raw maps)");
                    table.put("sim_payload_share", stats.payloadShare, "payload bytes per wire byte (raw maps)");
                }
            }
        }
        System.out.println();
        table.print(System.out);
        if (json != null) {
            table.writeJson(json);
            System.out.println("wrote " + json);
        }
        return 0;
    }

    // ------------------------------------------------------------------ qemu-m4

    static final String QEMU_BOARD = "qemu-m4";
    /** A portable inference of a pawnet-sized model is tens of millions of instructions in QEMU. */
    private static final Duration QEMU_REPLY_TIMEOUT = Duration.ofSeconds(60);
    /** The board's layer-time LOG line (PROTOCOL.md, "Layer times"). */
    static final Pattern LAYER_TIME = Pattern.compile(
            "^layer_time op=(\\d+) type=([A-Z0-9_]+) time=(\\d+) unit=(instructions|microseconds)$");

    /**
     * What one build measured: per image, the FRAME's instructions (streaming off, no layer
     * times) and every op's instructions (LAYER_TIMES on), and the scores.
     */
    private record QemuRun(QemuFirmware firmware, long[] inference, long[][] layers, List<byte[]> scores) {

        long medianInference() {
            return median(inference);
        }

        long medianLayer(int op) {
            long[] column = new long[layers.length];
            for (int i = 0; i < layers.length; i++) {
                column[i] = layers[i][op];
            }
            return median(column);
        }
    }

    private int benchQemu(Path home, Int8Model int8) throws IOException, InterruptedException {
        BoardSpec spec = BoardSpec.load(home, QEMU_BOARD);
        Graph graph = int8.graph();
        List<Operator> ops = graph.operators();
        long[] macs = new long[ops.size()];
        for (int i = 0; i < macs.length; i++) {
            macs[i] = macs(graph, ops.get(i));
        }
        List<GrayImage> frames = benchImages(int8);
        QemuRun dsp = runQemu(home, int8, frames, false);
        QemuRun portable = runQemu(home, int8, frames, true);
        for (int i = 0; i < frames.size(); i++) {
            if (!Arrays.equals(dsp.scores().get(i), portable.scores().get(i))) {
                throw new PawscopeException(ExitCode.INTERNAL, "image " + i + ": the DSP kernels scored "
                        + Arrays.toString(dsp.scores().get(i)) + ", the portable ones "
                        + Arrays.toString(portable.scores().get(i)) + "; they must be bit-exact",
                        "report it with the model; `make -C firmware test` checks the kernels in QEMU");
            }
        }

        long totalMacs = Arrays.stream(macs).sum();
        long convMacs = 0;
        long convInstructions = 0;
        List<Map<String, Object>> layers = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            long d = dsp.medianLayer(i);
            long p = portable.medianLayer(i);
            if (ops.get(i).type() == OpType.CONV_2D) {
                convMacs += macs[i];
                convInstructions += d;
            }
            Map<String, Object> layer = new LinkedHashMap<>();
            layer.put("op", i);
            layer.put("type", ops.get(i).type().name());
            layer.put("macs", macs[i]);
            layer.put("instructions", d);
            layer.put("instructions_portable", p);
            layer.put("macs_per_instruction", d == 0 ? 0.0 : (double) macs[i] / d);
            layer.put("dsp_speedup", d == 0 ? 0.0 : (double) p / d);
            layers.add(layer);
        }
        long inference = dsp.medianInference();
        long inferencePortable = portable.medianInference();
        QemuFirmware.Footprint f = dsp.firmware().footprint();

        Map<String, Object> json = new LinkedHashMap<>();
        BenchTable table = new BenchTable("pawscope bench firmware (" + model + ", board " + QEMU_BOARD + ", "
                + frames.size() + " images, median)");
        put(table, json, "instructions_per_inference", inference, "instructions, DSP kernels, streaming off");
        put(table, json, "instructions_per_inference_portable", inferencePortable,
                "instructions, portable C kernels (-DPS_PORTABLE_KERNELS)");
        put(table, json, "dsp_speedup", (double) inferencePortable / inference, "portable / DSP instructions");
        put(table, json, "macs_per_inference", totalMacs, "multiply-accumulates (CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED)");
        put(table, json, "macs_per_instruction", (double) totalMacs / inference, "whole inference, DSP kernels");
        put(table, json, "conv_macs_per_instruction", convInstructions == 0 ? 0.0 : (double) convMacs / convInstructions,
                "CONV_2D MACs / their instructions, DSP kernels (goal >= 1.0)");
        put(table, json, "flash_bytes", dsp.firmware().flashBytes(), "B of " + spec.flashBytes() + " (Nano 33 BLE), "
                + percent(dsp.firmware().flashBytes(), spec.flashBytes()));
        put(table, json, "flash_code_bytes", f.codeBytes(), "B, all code (firmware, port, libc)");
        put(table, json, "flash_model_bytes", f.modelBytes(), "B, weights, biases, requantization, descriptors");
        put(table, json, "flash_other_bytes", f.otherConstantBytes(), "B, other constants");
        put(table, json, "flash_bytes_portable", portable.firmware().flashBytes(), "B, the portable build");
        put(table, json, "ram_bytes", dsp.firmware().ramBytes(), "B of " + spec.ramBytes() + " (Nano 33 BLE), "
                + percent(dsp.firmware().ramBytes(), spec.ramBytes()) + ", stack included");
        put(table, json, "ram_arena_bytes", f.arenaBytes(), "B, activation arena");
        put(table, json, "ram_stack_bytes", f.stackBytes(), "B, reserved stack");
        put(table, json, "ram_protocol_bytes", f.appBytes(), "B, app state and protocol buffers");
        put(table, json, "ram_input_bytes", f.pixelBytes(), "B, input pixel buffer");
        put(table, json, "ram_other_bytes", f.otherRamBytes(), "B, other statics");
        json.put("layers", layers);

        System.out.println();
        printLayers(layers);
        System.out.println();
        table.print(System.out);
        System.out.println(footprintLine("DSP", dsp.firmware(), spec));
        System.out.println(footprintLine("portable", portable.firmware(), spec));
        if (this.json != null) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("benchmark", "pawscope bench firmware (" + model + ", board " + QEMU_BOARD + ")");
            doc.put("model_sha256", int8.hashHex());
            doc.put("images", frames.size());
            doc.putAll(json);
            AtomicFiles.writeJson(this.json, doc);
            System.out.println("wrote " + this.json);
        }
        return 0;
    }

    /** Builds (or takes from the cache) one flavour, boots it and measures every image twice. */
    private QemuRun runQemu(Path home, Int8Model int8, List<GrayImage> frames, boolean portableKernels)
            throws IOException, InterruptedException {
        String flavour = portableKernels ? "portable" : "DSP";
        QemuFirmware firmware = QemuFirmware.build(home, int8, QemuFirmware.defaultCacheRoot(),
                line -> System.err.println(line), portableKernels);
        int n = int8.graph().operators().size();
        long[] inference = new long[frames.size()];
        long[][] layers = new long[frames.size()][];
        List<byte[]> scores = new ArrayList<>();
        System.err.println("running " + frames.size() + " images on the qemu-m4 board, " + flavour + " kernels...");
        try (QemuBoard qemu = QemuBoard.boot(firmware, null, BenchFirmwareCommand::qemuLine);
                BoardLink link = BoardLink.open(new JSerialCommTransport(qemu.port()), QEMU_REPLY_TIMEOUT)) {
            link.handshake(Duration.ofSeconds(30));
            // the inference alone: no maps, no image, no layer times
            link.configure(new Config(0, 1, 0, 0, MapEncoding.RAW, 0L));
            for (int i = 0; i < frames.size(); i++) {
                DeviceFrame frame = link.setInput(frames.get(i));
                if (frame.timeUnit() != TimeUnit.INSTRUCTIONS) {
                    throw PawscopeException.io("the qemu-m4 board timed its FRAME in " + frame.timeUnit()
                            + ", expected INSTRUCTIONS", "rebuild it: delete " + firmware.elf().getParent(), null);
                }
                inference[i] = frame.inferenceTime();
                scores.add(frame.scores());
            }
            // every op's instructions
            link.configure(new Config(0, 1, 0, Protocol.OPTION_LAYER_TIMES, MapEncoding.RAW, 0L));
            while (link.pollEvent() != null) {
                // frames and logs of the first pass
            }
            for (int i = 0; i < frames.size(); i++) {
                DeviceFrame frame = link.setInput(frames.get(i));
                layers[i] = layerTimes(link, frame.frameNumber(), n);
            }
        }
        return new QemuRun(firmware, inference, layers, scores);
    }

    /** QEMU's output, but for the lines of its ordinary stop. */
    private static void qemuLine(String line) {
        if (!line.contains("terminating on signal") && !line.contains("output closed")) {
            System.err.println("qemu: " + line);
        }
    }

    /** The layer_time LOG lines the board sent before FRAME {@code frameNumber}, by op. */
    private static long[] layerTimes(BoardLink link, long frameNumber, int ops) throws InterruptedException {
        long[] times = new long[ops];
        boolean[] seen = new boolean[ops];
        while (true) {
            BoardEvent event = link.nextEvent(Duration.ofSeconds(5));
            if (event == null) {
                throw PawscopeException.io("FRAME " + frameNumber + " did not arrive as an event",
                        "the link dropped events; try again", null);
            }
            if (event instanceof Log log) {
                Matcher m = LAYER_TIME.matcher(log.text());
                if (m.matches() && Integer.parseInt(m.group(1)) < ops) {
                    int op = Integer.parseInt(m.group(1));
                    times[op] = Long.parseLong(m.group(3));
                    seen[op] = true;
                }
            } else if (event instanceof DeviceFrame f && f.frameNumber() == frameNumber) {
                break;
            }
        }
        for (int op = 0; op < ops; op++) {
            if (!seen[op]) {
                throw PawscopeException.io("no layer_time LOG for op " + op + " before FRAME " + frameNumber,
                        "the board dropped it (TX queue) or does not know CONFIG option LAYER_TIMES; rebuild it", null);
            }
        }
        return times;
    }

    /** Synthetic frames when the input is square (the dataset generator's), else fixed noise. */
    private List<GrayImage> benchImages(Int8Model int8) {
        var input = int8.folder().metadata().input();
        if (input.width() == input.height()) {
            return CameraReel.synthetic(input.width(), 7, images);
        }
        Random random = new Random(7);
        List<GrayImage> noise = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            byte[] pixels = new byte[input.width() * input.height()];
            random.nextBytes(pixels);
            noise.add(new GrayImage(input.width(), input.height(), pixels));
        }
        return noise;
    }

    /**
     * Multiply-accumulates of one op as the graph defines them: CONV_2D out_h * out_w * C_out * KH *
     * KW * C_in (per batch), DEPTHWISE_CONV_2D out_h * out_w * C_out * KH * KW, FULLY_CONNECTED
     * batches * inputs * outputs; 0 for the others.
     */
    static long macs(Graph graph, Operator op) {
        Tensor out = graph.tensor(op.output());
        return switch (op.type()) {
            case CONV_2D -> {
                Tensor filter = graph.tensor(op.input(1)); // [C_out, KH, KW, C_in]
                yield (long) out.elementCount() * filter.dim(1) * filter.dim(2) * filter.dim(3);
            }
            case DEPTHWISE_CONV_2D -> {
                Tensor filter = graph.tensor(op.input(1)); // [1, KH, KW, C_out]
                yield (long) out.elementCount() * filter.dim(1) * filter.dim(2);
            }
            case FULLY_CONNECTED -> {
                Tensor weights = graph.tensor(op.input(1)); // [outputs, inputs]
                yield (long) out.elementCount() * weights.dim(1);
            }
            default -> 0L;
        };
    }

    private static void put(BenchTable table, Map<String, Object> json, String key, Object value, String unit) {
        table.put(key, value, unit);
        json.put(key, value);
    }

    private static void printLayers(List<Map<String, Object>> layers) {
        System.out.printf(Locale.ROOT, "%3s  %-18s %10s %14s %14s %9s %8s%n", "op", "type", "MACs", "instructions",
                "portable", "MAC/ins", "speedup");
        for (Map<String, Object> l : layers) {
            System.out.printf(Locale.ROOT, "%3d  %-18s %10d %14d %14d %9.3f %8.2f%n", l.get("op"), l.get("type"),
                    l.get("macs"), l.get("instructions"), l.get("instructions_portable"),
                    l.get("macs_per_instruction"), l.get("dsp_speedup"));
        }
    }

    private static String footprintLine(String flavour, QemuFirmware firmware, BoardSpec spec) {
        QemuFirmware.Footprint f = firmware.footprint();
        return String.format(Locale.ROOT, "footprint (%s kernels): flash %d of %d B (%s) = code %d + model %d + other %d;"
                + " RAM %d of %d B (%s) = arena %d + stack %d + app and protocol buffers %d + input %d + other %d",
                flavour, firmware.flashBytes(), spec.flashBytes(), percent(firmware.flashBytes(), spec.flashBytes()),
                f.codeBytes(), f.modelBytes(), f.otherConstantBytes(), firmware.ramBytes(), spec.ramBytes(),
                percent(firmware.ramBytes(), spec.ramBytes()), f.arenaBytes(), f.stackBytes(), f.appBytes(),
                f.pixelBytes(), f.otherRamBytes());
    }

    private static String percent(long part, long whole) {
        return String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    // ------------------------------------------------------------------ sim

    private record StreamRun(long frames, long incomplete, double framesPerSecond, double bytesPerSecond,
            double payloadShare) {}

    /** Streams layer 0, every channel, with the input image, for {@link #seconds}. */
    private StreamRun stream(String port, boolean rle) throws InterruptedException {
        try (BoardLink link = BoardLink.open(new JSerialCommTransport(port))) {
            link.handshake(Duration.ofSeconds(5));
            int channels = link.hello().layer().channels();
            long mask = channels >= 64 ? -1L : (1L << channels) - 1;
            link.configure(0, mask, 1, 8, true, rle);
            long startBytes = link.stats().bytesReceived();
            long start = System.nanoTime();
            long deadline = start + (long) (seconds * 1e9);
            long frames = 0;
            long incomplete = 0;
            long payload = 0;
            while (System.nanoTime() < deadline) {
                BoardEvent event = link.nextEvent(Duration.ofMillis(200));
                if (event instanceof DeviceFrame f) {
                    frames++;
                    incomplete += f.complete() ? 0 : 1;
                    payload += f.payloadBytes();
                }
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            long wire = link.stats().bytesReceived() - startBytes;
            link.configure(0, mask, 1, 0, false, rle); // window 0: pause before closing
            return new StreamRun(frames, incomplete, frames / elapsed, wire / elapsed, wire == 0 ? 0 : (double) payload / wire);
        }
    }

    /** .text of the firmware core compiled for this host with -Os, the generated model excluded. */
    private static long codeBytes(Path home, Int8Model int8) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("pawscope-bench-firmware-");
        try {
            CModelWriter.Sources sources = CModelWriter.write(int8.graph(), "model", int8.sha256(),
                    int8.folder().metadata().labels(), int8.pixels().table(), List.of("bench"));
            Files.writeString(dir.resolve("ps_generated_model.h"), sources.header());
            List<String> command = new ArrayList<>(List.of("gcc", "-std=c99", "-Os", "-c",
                    "-I" + home.resolve("firmware/include"), "-I" + home.resolve("firmware/src"), "-I" + dir));
            try (var files = Files.list(home.resolve("firmware/src"))) {
                files.filter(p -> p.toString().endsWith(".c")).sorted().forEach(p -> command.add(p.toString()));
            }
            run(new ProcessBuilder(command).directory(dir.toFile()));
            List<String> size = new ArrayList<>(List.of("size", "-A"));
            try (var objects = Files.list(dir)) {
                objects.filter(p -> p.toString().endsWith(".o")).sorted().forEach(p -> size.add(p.toString()));
            }
            long text = 0;
            for (String line : run(new ProcessBuilder(size)).split("\n")) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length >= 2 && parts[0].equals(".text")) {
                    text += Long.parseLong(parts[1]);
                }
            }
            return text;
        } finally {
            dev.pawscope.host.io.AtomicFiles.deleteRecursively(dir);
        }
    }

    private static String run(ProcessBuilder builder) throws IOException, InterruptedException {
        Process p = builder.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw PawscopeException.io("`" + String.join(" ", builder.command()) + "` failed:\n" + out.strip(),
                    "install gcc and binutils (Debian: sudo apt-get install gcc binutils)", null);
        }
        return out;
    }
}
