package dev.pawscope.host.cli;

import dev.pawscope.host.bench.BenchTable;
import dev.pawscope.host.explain.AttributionMethod;
import dev.pawscope.host.explain.AttributionMethods;
import dev.pawscope.host.explain.GradCam;
import dev.pawscope.host.explain.Occlusion;
import dev.pawscope.host.explain.SmoothGrad;
import dev.pawscope.host.explain.VanillaGradient;
import dev.pawscope.host.view.BoardSession;
import dev.pawscope.host.view.FrameAnalyzer;
import dev.pawscope.host.view.LinkBenchmark;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pawscope bench link}: what the live viewer sustains against the simulated board. */
@Command(name = "link",
        mixinStandardHelpOptions = true,
        description = {"Measure the live viewer's pipeline against the simulated board, its camera running as "
                + "fast as it can: frames drawn per second (the newest frame is taken, as the window does), the "
                + "latency from a frame's last byte decoded to its panels drawn (analysed against the float twin "
                + "and the Java int8 interpreter, every panel but the saliency one, which has its own thread), "
                + "and the link's payload share (map, image and score bytes per wire byte). Then, with the sim "
                + "stopped, the saliency methods' milliseconds per explanation on one thread, on the frames "
                + "received, each after a warm-up (the JIT compiles the kernels, as in a live window's first "
                + "seconds).",
                "%nGoals: >= 30 frames/s, <= 33 ms latency; gradient and Grad-CAM <= 5 ms, SmoothGrad (16 "
                        + "samples) <= 40 ms, int8 occlusion <= 50 ms. Run with OMP_NUM_THREADS=1 for one core.%n",
                "Example: OMP_NUM_THREADS=1 pawscope bench link --model models/pawnet --json link.json%n"})
final class BenchLinkCommand implements Callable<Integer> {

    static final int SMOOTHGRAD_SAMPLES = 16;
    /** Camera frames/s beyond what the sim can reach: it then runs flat out. */
    static final double SIM_AS_FAST_AS_IT_CAN = 1000;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "A quantized model folder.")
    Path model;

    @Option(names = "--frames", defaultValue = "300", paramLabel = "N",
            description = "Frames to draw after a short warm-up (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--explanations", defaultValue = "20", paramLabel = "N",
            description = "Inputs each saliency method is timed on (default: ${DEFAULT-VALUE}).")
    int explanations;

    @Option(names = "--warmup", defaultValue = "2", paramLabel = "SECONDS",
            description = "How long each saliency method runs before it is timed (default: ${DEFAULT-VALUE}).")
    double warmUpSeconds;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
    Path json;

    @Override
    public Integer call() throws Exception {
        if (frames < 1 || explanations < 1 || !(warmUpSeconds >= 0 && warmUpSeconds <= 600)) {
            throw PawscopeException.badInput("expected --frames >= 1, --explanations >= 1 and 0 <= --warmup <= 600, "
                    + "found " + frames + ", " + explanations + " and " + warmUpSeconds, "the defaults are 300, 20 and 2");
        }
        explanations = Math.min(explanations, frames);
        System.err.println("loading " + model + " (int8 model and float twin)...");
        FrameAnalyzer analyzer = FrameAnalyzer.load(model);
        if (analyzer.floatTwin() == null) {
            throw PawscopeException.badInput(model + " has no float twin (float_twin.zip)",
                    "bench link compares the board with the float twin; use a model folder made by pawscope train");
        }
        Map<String, AttributionMethod> methods = methods(analyzer);
        LinkBenchmark.Result r;
        try (BoardSession session = BoardSession.open("sim", analyzer.int8Model(), SIM_AS_FAST_AS_IT_CAN,
                line -> { })) {
            System.err.println("streaming from " + session.description());
            r = LinkBenchmark.streamFrames(session, analyzer, frames, explanations, System.err::println);
        } // the sim stops here: the saliency methods are timed on a quiet machine
        Map<String, Double> saliencyMs = LinkBenchmark.saliencyMs(methods, r.inputs(),
                Duration.ofMillis(Math.round(warmUpSeconds * 1000)), System.err::println);
        BenchTable table = new BenchTable("pawscope bench link (" + model + ", board sim)");
        table.put("frames_per_second", r.framesPerSecond(), "frames/s drawn (goal >= 30)");
        table.put("frames_received_per_second", r.receivedPerSecond(), "frames/s arriving (the newest is drawn)");
        table.put("latency_ms_p50", r.latencyMsP50(), "ms, last byte decoded -> panels drawn (goal <= 33)");
        table.put("latency_ms_p99", r.latencyMsP99(), "ms");
        table.put("latency_ms_max", r.latencyMsMax(), "ms");
        table.put("payload_share", r.payloadShare(), "map, image and score bytes per wire byte");
        table.put("corrupt_packets", r.corruptPackets(), "packets dropped by CRC or framing");
        table.put("incomplete_frames", r.incompleteFrames(), "frames with parts the board's TX queue refused");
        table.put("frames_drawn", r.framesShown(), "in " + String.format(java.util.Locale.ROOT, "%.1f s",
                r.seconds()));
        saliencyMs.forEach((name, ms) -> table.put("saliency_ms_" + name, ms, "ms, median of "
                + explanations + (name.equals(SmoothGrad.NAME) ? " (" + SMOOTHGRAD_SAMPLES + " samples)" : "")
                + ", goal <= " + goalMs(name)));
        table.putGroup("saliency_ms", saliencyMs);
        System.out.println();
        table.print(System.out);
        if (json != null) {
            table.writeJson(json);
            System.out.println("wrote " + json);
        }
        return 0;
    }

    private static Map<String, AttributionMethod> methods(FrameAnalyzer analyzer) {
        AttributionMethods factory = analyzer.attributionMethods();
        Map<String, AttributionMethod> methods = new LinkedHashMap<>();
        methods.put(VanillaGradient.NAME, factory.create(VanillaGradient.NAME));
        methods.put(SmoothGrad.NAME, new SmoothGrad(analyzer.floatTwin(), SMOOTHGRAD_SAMPLES,
                SmoothGrad.DEFAULT_NOISE, 1));
        methods.put(GradCam.NAME, factory.create(GradCam.NAME));
        methods.put(Occlusion.NAME, factory.create(Occlusion.NAME));
        return methods;
    }

    private static int goalMs(String method) {
        return switch (method) {
            case SmoothGrad.NAME -> 40;
            case Occlusion.NAME -> 50;
            default -> 5;
        };
    }
}
