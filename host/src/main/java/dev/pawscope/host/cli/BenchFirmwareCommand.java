package dev.pawscope.host.cli;

import dev.pawscope.host.bench.BenchTable;
import dev.pawscope.host.board.CameraReel;
import dev.pawscope.host.board.PawscopeHome;
import dev.pawscope.host.board.SimBoard;
import dev.pawscope.host.link.BoardEvent;
import dev.pawscope.host.link.BoardLink;
import dev.pawscope.host.link.DeviceFrame;
import dev.pawscope.host.link.JSerialCommTransport;
import dev.pawscope.host.quant.Int8Model;
import dev.pawscope.quantize.codegen.ArenaPlan;
import dev.pawscope.quantize.codegen.CModelWriter;
import dev.pawscope.quantize.graph.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pawscope bench firmware}: the generated model's memory and the sim board's link throughput. */
@Command(name = "firmware",
        mixinStandardHelpOptions = true,
        description = {"Measure the firmware for a quantized model: the arena against the planner's lower bound "
                + "(the largest total of tensors alive at once), weight and code bytes of the host build, and the "
                + "simulated board's frames/s and bytes/s through its pseudo-terminal, streaming the first layer's "
                + "maps raw and run-length encoded (payload share = feature-map, image and score bytes delivered per "
                + "byte on the wire; above 1 means compression wins).%n",
                "Example: pawscope bench firmware --model models/pawnet --json bench-firmware.json%n"})
final class BenchFirmwareCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "A quantized model folder.")
    Path model;

    @Option(names = "--seconds", defaultValue = "5", paramLabel = "S",
            description = "Streaming time per encoding (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
    Path json;

    @Override
    public Integer call() throws Exception {
        if (!(seconds > 0)) {
            throw PawscopeException.badInput("expected --seconds > 0, found " + seconds, "5 is the default");
        }
        Path home = PawscopeHome.locate();
        Int8Model int8 = Int8Model.load(model);
        ArenaPlan plan = ArenaPlan.of(int8.graph());
        BenchTable table = new BenchTable("pawscope bench firmware (" + model + ", board sim)");
        table.put("arena_bytes", plan.arenaBytes(), "B, the planned activation arena");
        table.put("arena_lower_bound_bytes", plan.lowerBoundBytes(), "B, largest total of tensors alive at once");
        long weights = int8.graph().tensors().stream().filter(Tensor::isConstant)
                .mapToLong(t -> (long) t.elementCount() * t.type().bytesPerElement()).sum();
        table.put("weight_bytes", weights, "B, int8 weights + int32 biases");
        table.put("code_bytes", codeBytes(home, int8), "B of .text, firmware core (gcc -Os, x86-64 host build)");

        byte[] reel = CameraReel.encode(CameraReel.synthetic(int8.folder().metadata().input().width(), 7, 32));
        try (SimBoard sim = SimBoard.start(home, int8, reel, null, 1000, SimBoard.defaultCacheRoot(), line -> { })) {
            for (boolean rle : new boolean[] {false, true}) {
                Stream stats = stream(sim.port(), rle);
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

    private record Stream(long frames, long incomplete, double framesPerSecond, double bytesPerSecond,
            double payloadShare) {}

    /** Streams layer 0, every channel, with the input image, for {@link #seconds}. */
    private Stream stream(String port, boolean rle) throws InterruptedException {
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
                    for (int c : f.channels()) {
                        payload += f.map(c).length;
                    }
                    payload += f.scores().length + f.input().map(i -> i.data().length).orElse(0);
                }
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            long wire = link.stats().bytesReceived() - startBytes;
            link.configure(0, mask, 1, 0, false, rle); // window 0: pause before closing
            return new Stream(frames, incomplete, frames / elapsed, wire / elapsed, wire == 0 ? 0 : (double) payload / wire);
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
