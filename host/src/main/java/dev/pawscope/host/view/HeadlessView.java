package dev.pawscope.host.view;

import dev.pawscope.host.cli.PawscopeException;
import dev.pawscope.host.explain.AttributionMethod;
import dev.pawscope.host.io.AtomicFiles;
import dev.pawscope.host.link.BoardEvent;
import dev.pawscope.host.link.ConfigAck;
import dev.pawscope.host.link.DeviceFrame;
import dev.pawscope.host.link.ErrorMessage;
import dev.pawscope.host.link.Hello;
import dev.pawscope.host.link.LinkState;
import dev.pawscope.host.link.Protocol;
import dev.pawscope.host.link.LinkStats;
import dev.pawscope.host.link.Log;
import dev.pawscope.quantize.graph.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The viewer with no display: configures the source to stream layer 0 (every channel, with its
 * input), analyses {@code frames} frames, and writes the window's panels as PNGs and the
 * session's numbers as {@code metrics.json}.
 */
public final class HeadlessView {

    public static final String METRICS = "metrics.json";
    public static final Duration FRAME_TIMEOUT = Duration.ofSeconds(10);

    /**
     * @param everyFrame write every frame's panels under {@code frames/NNNNNN/}, not only the last's
     * @param record also record the session to this file, or null
     * @param samples what a board without a camera is sent to run, one sample per frame; null: synthetic
     */
    public record Options(int frames, boolean everyFrame, AttributionMethod saliency, Path record,
            SampleSource samples) {
        public Options {
            if (frames < 1) {
                throw PawscopeException.badInput("expected --frames >= 1, found " + frames, "try --frames 20");
            }
        }

        public Options(int frames, boolean everyFrame, AttributionMethod saliency, Path record) {
            this(frames, everyFrame, saliency, record, null);
        }
    }

    private HeadlessView() {}

    /** Runs the session and writes {@code staging}'s files; returns the metrics written. */
    public static ViewMetrics run(FrameSource source, FrameAnalyzer analyzer, Options options, Path out,
            Consumer<String> progress) throws IOException, InterruptedException {
        int layer = 0;
        long mask = allChannels(analyzer, layer);
        if (source.controllable()) {
            ConfigAck ack = source.configure(layer, mask);
            progress.accept("streaming layer " + ack.layer().layerIndex() + " (" + ack.layer().height() + "x"
                    + ack.layer().width() + "x" + ack.layer().channels() + ") with its input");
        }
        // a board without a camera (qemu-m4) runs what it is sent: one sample per frame
        SampleSource samples = !source.controllable() || source.hello().hasCapability(Protocol.CAP_CAMERA) ? null
                : options.samples() != null ? options.samples()
                : SampleSource.synthetic(analyzer.int8Model().folder().metadata().input().width());
        if (samples != null) {
            progress.accept("the board has no camera: sending it " + samples.describe());
        }
        long samplesRight = 0;
        MetricsTracker metrics = new MetricsTracker();
        FrameAnalysis last = null;
        long start = System.nanoTime();
        SessionRecording.Writer recorder = options.record() == null ? null
                : new SessionRecording.Writer(options.record(), source.hello());
        try {
            while (metrics.frames() < options.frames()) {
                SampleSource.Sample sample = null;
                BoardEvent event;
                if (samples != null) {
                    sample = samples.next(SampleSource.ANY);
                    event = sendSample(source, sample, progress);
                } else {
                    event = source.nextEvent(FRAME_TIMEOUT);
                }
                if (event == null && source.exhausted() && last != null) {
                    progress.accept("the recording ends after " + metrics.frames() + " frames");
                    break;
                }
                if (event == null && reconnecting(source)) {
                    continue; // the link says what it does (its log lines); it gives up on its own limit
                }
                if (event == null) {
                    throw PawscopeException.io("only " + metrics.frames() + " of " + options.frames() + " frames "
                            + "arrived; none in the last " + FRAME_TIMEOUT.toSeconds() + " s from "
                            + source.description(), source.exhausted() ? "the recording holds no frames of "
                            + "layer 0 with their input; record one with pawscope view --record FILE"
                            : "is the board's camera running? (a sim started with --fps 0 streams only host-sent "
                            + "images)", null);
                }
                if (recorder != null) {
                    recorder.add(event);
                }
                if (event instanceof Log log) {
                    progress.accept("board " + log.level() + ": " + log.text());
                } else if (event instanceof ErrorMessage error) {
                    progress.accept("board error: " + error.describe());
                } else if (event instanceof Hello && source.controllable()) {
                    progress.accept("the board rebooted; configuring it again");
                    source.configure(layer, mask);
                } else if (event instanceof DeviceFrame frame) {
                    if (frame.layerIndex() != layer || frame.input().isEmpty()) {
                        continue; // streamed before our CONFIG took effect
                    }
                    FrameAnalysis a = analyzer.analyze(frame, sample == null ? null : sample.image());
                    metrics.add(a, System.nanoTime());
                    last = a;
                    if (sample != null) {
                        samplesRight += a.labels().get(a.devicePrediction()).equals(sample.label()) ? 1 : 0;
                    }
                    if (options.everyFrame()) {
                        a = explain(a, options.saliency());
                        writePanels(a, options.saliency(), out.resolve("frames").resolve(String.format(Locale.ROOT,
                                "%06d", a.frameNumber())), status(source, a));
                    }
                    if (metrics.frames() % 10 == 0 || metrics.frames() == options.frames()) {
                        progress.accept(metrics.frames() + "/" + options.frames() + " frames, "
                                + metrics.framesEqualEmulator() + " equal to the emulator"
                                + (samples == null ? "" : ", " + samplesRight + " samples predicted as their "
                                        + "true label"));
                    }
                }
            }
        } finally {
            if (recorder != null) {
                recorder.close();
            }
        }
        last = explain(last, options.saliency());
        writePanels(last, options.saliency(), out, status(source, last));
        ViewMetrics result = metrics(source, analyzer, metrics, options, (System.nanoTime() - start) / 1e9);
        AtomicFiles.writeJson(out.resolve(METRICS), result);
        return result;
    }

    /**
     * SET_INPUT with {@code sample}; returns the board's answer, or null while the board is away
     * (being reconnected). The answer's queued copy, and anything else queued, is taken off the
     * queue so it does not fill up.
     */
    private static BoardEvent sendSample(FrameSource source, SampleSource.Sample sample, Consumer<String> progress)
            throws InterruptedException {
        DeviceFrame answer;
        try {
            answer = source.setInput(sample.image());
        } catch (PawscopeException e) {
            // the board went away under the request: the link notices within a moment
            for (int i = 0; i < 10 && !reconnecting(source); i++) {
                source.nextEvent(Duration.ofMillis(100)); // surfaces a give-up as its exception
            }
            if (!reconnecting(source)) {
                throw e;
            }
            return null;
        }
        for (BoardEvent queued; (queued = source.nextEvent(Duration.ZERO)) != null; ) {
            if (queued instanceof Log log) {
                progress.accept("board " + log.level() + ": " + log.text());
            } else if (queued instanceof ErrorMessage error) {
                progress.accept("board error: " + error.describe());
            }
        }
        return answer;
    }

    private static boolean reconnecting(FrameSource source) {
        return source.linkState().map(s -> s.phase() == LinkState.Phase.RECONNECTING).orElse(false);
    }

    /** The panel PNGs of one analysis, as the window shows them, and all of them on one sheet. */
    public static Map<String, BufferedImage> panels(FrameAnalysis a, String saliencyModel, String status) {
        Map<String, BufferedImage> panels = new LinkedHashMap<>();
        panels.put("input.png", PanelRenderer.input(a));
        panels.put("device_maps.png", PanelRenderer.deviceMaps(a));
        panels.put("float_maps.png", PanelRenderer.twinMaps(a));
        panels.put("difference.png", PanelRenderer.difference(a));
        panels.put("predictions.png", PanelRenderer.predictions(a));
        panels.put("checks.png", PanelRenderer.summary(a));
        panels.put("saliency.png", PanelRenderer.saliency(a, saliencyModel, PanelRenderer.DEFAULT_OPACITY));
        panels.put("panels.png", PanelRenderer.dashboard(a, saliencyModel, status));
        return panels;
    }

    static void writePanels(FrameAnalysis a, AttributionMethod saliency, Path dir, String status) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, BufferedImage> panel : panels(a, saliency == null ? "" : saliency.modelDescription(),
                status).entrySet()) {
            AtomicFiles.writePng(dir.resolve(panel.getKey()), panel.getValue());
        }
    }

    static FrameAnalysis explain(FrameAnalysis a, AttributionMethod method) {
        return method == null ? a : a.withSaliency(method.explain(a.input(), a.devicePrediction()));
    }

    static String status(FrameSource source, FrameAnalysis a) {
        Hello h = source.hello();
        return String.format(Locale.ROOT, "board %s · %s · protocol %d.%d · frame %d · device inference %s",
                h.boardId(), source.port(), h.protocolMajor(), h.protocolMinor(), a.frameNumber(), a.inferenceTime());
    }

    /** CONFIG.channel_mask for every channel of op {@code layer}'s output. */
    static long allChannels(FrameAnalyzer analyzer, int layer) {
        Tensor t = analyzer.int8Model().graph().tensor(analyzer.int8Model().graph().operators().get(layer).output());
        int channels = t.dim(t.rank() - 1);
        return channels >= 64 ? -1L : (1L << channels) - 1;
    }

    private static ViewMetrics metrics(FrameSource source, FrameAnalyzer analyzer, MetricsTracker m, Options o,
            double seconds) {
        Hello h = source.hello();
        LinkStats stats = source.stats().orElse(null);
        String modelHash = analyzer.int8Model().hashHex();
        return new ViewMetrics(h.boardId(), source.port(), h.protocolMajor() + "." + h.protocolMinor(),
                h.modelHashHex(), modelHash, h.modelHashHex().equals(modelHash), 0, m.channels(), m.frames(),
                m.corruptFrames(), m.mapsEqualEmulator(), m.framesEqualEmulator(), m.meanCosine(), m.meanSqnrDb(),
                m.framesPerSecond(), m.meanInferenceMs(), stats == null ? 0 : stats.packetsDropped(),
                stats == null ? 0 : stats.eventsDropped(), stats == null ? 0 : stats.bytesPerSecond(),
                o.saliency() == null ? null : o.saliency().name(), seconds,
                source.linkState().map(LinkState::reconnects).orElse(0L));
    }
}
