package dev.pawscope.host.view;

import dev.pawscope.host.explain.AttributionMethod;
import dev.pawscope.host.link.BoardEvent;
import dev.pawscope.host.link.DeviceFrame;
import dev.pawscope.host.link.LinkStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the live viewer's pipeline sustains on a streaming board: every frame is handled as the
 * window handles it (the newest frame waiting is taken, the others skipped; it is analysed against
 * the float twin and the int8 interpreter, and its panels are drawn), and the latency runs from the
 * frame's last byte decoded to its panels' pixels drawn. Then, with the board stopped, each saliency
 * method's time on the inputs received, on one thread.
 */
public final class LinkBenchmark {

    /** Frames handled before measuring: class loading, JIT, ND4J's first calls. */
    static final int WARMUP_FRAMES = 10;

    /**
     * @param framesShown frames analysed and drawn in the measured interval
     * @param framesReceived frames the link assembled in that interval (shown or skipped)
     * @param payloadShare feature-map, image and score bytes delivered per wire byte
     * @param inputs the first frames shown, analysed: what the saliency methods are timed on
     */
    public record Result(int framesShown, long framesReceived, double seconds, double latencyMsP50,
            double latencyMsP99, double latencyMsMax, double payloadShare, long corruptPackets,
            long incompleteFrames, List<FrameAnalysis> inputs) {

        public Result {
            inputs = List.copyOf(inputs);
        }

        public double framesPerSecond() {
            return framesShown / seconds;
        }

        public double receivedPerSecond() {
            return framesReceived / seconds;
        }
    }

    private LinkBenchmark() {}

    /**
     * Streams layer 0 (every channel, with the input) from {@code source} until {@code frames}
     * frames were shown after the warm-up, keeping the first {@code explanations} analyses.
     */
    public static Result streamFrames(FrameSource source, FrameAnalyzer analyzer, int frames, int explanations,
            Consumer<String> progress) throws InterruptedException {
        int layer = 0;
        source.configure(layer, HeadlessView.allChannels(analyzer, layer));
        List<FrameAnalysis> inputs = new ArrayList<>();
        long[] latencies = new long[frames];
        int shown = 0;
        long received = 0;
        long start = 0;
        long receivedAtStart = 0;
        long payload = 0;
        long wireAtStart = 0;
        LinkStats before = null;
        int warmedUp = 0;
        while (shown < frames) {
            DeviceFrame newest = null;
            int arrived = 0;
            for (BoardEvent e = source.nextEvent(HeadlessView.FRAME_TIMEOUT); e != null;
                    e = source.nextEvent(Duration.ZERO)) {
                if (e instanceof DeviceFrame f && f.layerIndex() == layer && f.input().isPresent()) {
                    arrived++;
                    newest = f.complete() || newest == null || !newest.complete() ? f : newest;
                    payload += f.payloadBytes();
                }
            }
            if (newest == null) {
                throw new IllegalStateException("no frame of layer " + layer + " with its input arrived from "
                        + source.description() + " within " + HeadlessView.FRAME_TIMEOUT.toSeconds() + " s");
            }
            FrameAnalysis a = analyzer.analyze(newest, null);
            drawPanels(a);
            long drawn = System.nanoTime();
            received += arrived;
            if (before == null && ++warmedUp >= WARMUP_FRAMES) {
                before = source.stats().orElseThrow();
                start = drawn;
                receivedAtStart = received;
                wireAtStart = before.bytesReceived();
                payload = 0;
                continue;
            }
            if (before == null) {
                continue;
            }
            latencies[shown++] = drawn - newest.receivedNanos();
            if (inputs.size() < explanations) {
                inputs.add(a);
            }
            if (shown % 50 == 0 || shown == frames) {
                progress.accept(shown + "/" + frames + " frames drawn");
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        LinkStats after = source.stats().orElseThrow();
        long wire = after.bytesReceived() - wireAtStart;
        Arrays.sort(latencies);
        return new Result(shown, received - receivedAtStart, seconds, percentileMs(latencies, 0.50),
                percentileMs(latencies, 0.99), latencies[latencies.length - 1] / 1e6,
                wire == 0 ? 0 : (double) payload / wire,
                after.packetsDropped() - before.packetsDropped(), after.framesIncomplete() - before.framesIncomplete(),
                inputs);
    }

    /**
     * Each method's median milliseconds per explanation of {@code inputs} (their device's class),
     * on this thread, after running it for {@code warmUp} (and once on every input): C2 compiles the
     * kernels only after some hundred calls, which a live window makes in its first seconds. Run it
     * with the board stopped, so a method's time is its own, not shared with the link.
     */
    public static Map<String, Double> saliencyMs(Map<String, AttributionMethod> methods, List<FrameAnalysis> inputs,
            Duration warmUp, Consumer<String> progress) {
        Map<String, Double> saliency = new LinkedHashMap<>();
        for (Map.Entry<String, AttributionMethod> m : methods.entrySet()) {
            progress.accept("timing " + m.getKey() + " on " + inputs.size() + " inputs");
            saliency.put(m.getKey(), medianMs(m.getValue(), inputs, warmUp));
        }
        return saliency;
    }

    /** The panels the window draws for a frame (the saliency panel is drawn by its own thread). */
    static void drawPanels(FrameAnalysis a) {
        PanelRenderer.input(a);
        PanelRenderer.deviceMaps(a);
        PanelRenderer.twinMaps(a);
        PanelRenderer.difference(a);
        PanelRenderer.predictions(a);
        PanelRenderer.summary(a);
    }

    private static double medianMs(AttributionMethod method, List<FrameAnalysis> inputs, Duration warmUp) {
        long warmUntil = System.nanoTime() + warmUp.toNanos();
        for (int i = 0; i < inputs.size() || System.nanoTime() < warmUntil; i++) {
            FrameAnalysis a = inputs.get(i % inputs.size());
            method.explain(a.input(), a.devicePrediction());
        }
        long[] nanos = new long[inputs.size()];
        for (int i = 0; i < nanos.length; i++) {
            FrameAnalysis a = inputs.get(i);
            long t0 = System.nanoTime();
            method.explain(a.input(), a.devicePrediction());
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        return percentileMs(nanos, 0.5);
    }

    /** The nearest-rank percentile of sorted nanoseconds, in milliseconds. */
    static double percentileMs(long[] sortedNanos, double p) {
        int rank = (int) Math.ceil(p * sortedNanos.length);
        return sortedNanos[Math.max(0, rank - 1)] / 1e6;
    }
}
