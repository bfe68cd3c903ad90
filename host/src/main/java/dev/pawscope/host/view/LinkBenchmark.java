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
 * frame's last byte decoded to its panels' pixels drawn. Then each saliency method's time on the
 * inputs received, on this thread.
 */
public final class LinkBenchmark {

    /** Frames handled before measuring: class loading, JIT, ND4J's first calls. */
    static final int WARMUP_FRAMES = 10;
    static final int SALIENCY_WARMUP = 3;

    /**
     * @param framesShown frames analysed and drawn in the measured interval
     * @param framesReceived frames the link assembled in that interval (shown or skipped)
     * @param payloadShare feature-map, image and score bytes delivered per wire byte
     * @param saliencyMs each method's median milliseconds per explanation
     */
    public record Result(int framesShown, long framesReceived, double seconds, double latencyMsP50,
            double latencyMsP99, double latencyMsMax, double payloadShare, long corruptPackets,
            long incompleteFrames, Map<String, Double> saliencyMs) {

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
     * frames were shown after the warm-up, then times {@code methods} on {@code explanations} of
     * the inputs received.
     */
    public static Result run(FrameSource source, FrameAnalyzer analyzer, int frames,
            Map<String, AttributionMethod> methods, int explanations, Consumer<String> progress)
            throws InterruptedException {
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
        Map<String, Double> saliency = new LinkedHashMap<>();
        for (Map.Entry<String, AttributionMethod> m : methods.entrySet()) {
            progress.accept("timing " + m.getKey() + " on " + inputs.size() + " inputs");
            saliency.put(m.getKey(), medianMs(m.getValue(), inputs));
        }
        return new Result(shown, received - receivedAtStart, seconds, percentileMs(latencies, 0.50),
                percentileMs(latencies, 0.99), latencies[latencies.length - 1] / 1e6,
                wire == 0 ? 0 : (double) payload / wire,
                after.packetsDropped() - before.packetsDropped(), after.framesIncomplete() - before.framesIncomplete(),
                saliency);
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

    private static double medianMs(AttributionMethod method, List<FrameAnalysis> inputs) {
        for (int i = 0; i < SALIENCY_WARMUP; i++) {
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
