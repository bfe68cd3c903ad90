package dev.pawscope.host.view;

import dev.pawscope.host.cli.PawscopeException;
import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.host.explain.AttributionMethod;
import dev.pawscope.host.explain.Saliency;
import dev.pawscope.host.link.BoardEvent;
import dev.pawscope.host.link.ConfigAck;
import dev.pawscope.host.link.DeviceFrame;
import dev.pawscope.host.link.ErrorMessage;
import dev.pawscope.host.link.Hello;
import dev.pawscope.host.link.LinkState;
import dev.pawscope.host.link.LinkStats;
import dev.pawscope.host.link.Log;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.Image;

/**
 * The viewer's engine: a frame thread takes the source's immutable events, analyses and draws
 * each frame and posts it to the {@link ViewerModel}; a saliency thread explains the newest frame
 * (skipping frames while busy); a request thread sends CONFIG and SET_INPUT. The JavaFX thread
 * only calls the non-blocking methods here and shows what is posted.
 */
public final class LiveViewer implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final long STATUS_NANOS = 250_000_000L;
    /** An incomplete frame is shown only when no whole frame came for this long. */
    private static final long INCOMPLETE_PATIENCE_NANOS = 2_000_000_000L;

    private final FrameSource source;
    private final FrameAnalyzer analyzer;
    private final ViewerModel model;
    private final Thread frames;
    private final ExecutorService saliencyThread = Executors.newSingleThreadExecutor(r -> daemon(r, "viewer-saliency"));
    private final ExecutorService requests = Executors.newSingleThreadExecutor(r -> daemon(r, "viewer-requests"));
    private final AtomicBoolean paused = new AtomicBoolean();
    private final AtomicBoolean stepOnce = new AtomicBoolean();
    private final AtomicBoolean saliencyBusy = new AtomicBoolean();
    private final AtomicReference<AttributionMethod> method = new AtomicReference<>();
    private final AtomicReference<FrameAnalysis> latest = new AtomicReference<>();
    private final AtomicReference<SessionRecording.Writer> recorder = new AtomicReference<>();
    private final MetricsTracker metrics = new MetricsTracker();
    private volatile GrayImage lastSent;
    private volatile int layer;
    private volatile boolean running = true;
    /** False until the first CONFIG_ACK: frames streamed before it follow the board's boot setup. */
    private volatile boolean configured;
    private long lastStatusNanos;
    private long reconnectsSeen; // frame thread only
    private long framesSkipped; // frame thread only, as the two below
    private long incompleteSkipped;
    private long lastShownNanos = System.nanoTime() - INCOMPLETE_PATIENCE_NANOS;

    public LiveViewer(FrameSource source, FrameAnalyzer analyzer, ViewerModel model, String saliencyMethod) {
        this.source = source;
        this.analyzer = analyzer;
        this.model = model;
        this.method.set(analyzer.attributionMethods().create(saliencyMethod));
        this.frames = daemon(this::frameLoop, "viewer-frames");
    }

    /** Streams layer 0, every channel (when the source is a board), and starts the threads. */
    public void start() {
        boolean matches = source.hello().modelHashHex().equals(analyzer.int8Model().hashHex());
        Platform.runLater(() -> model.setModelHashMatches(matches));
        if (source.controllable()) {
            configure(0, HeadlessView.allChannels(analyzer, 0));
        } else {
            configured = true;
        }
        frames.start();
    }

    public FrameSource source() {
        return source;
    }

    public FrameAnalyzer analyzer() {
        return analyzer;
    }

    /** While paused, frames keep arriving (and are acknowledged) but the panels stay. */
    public void setPaused(boolean pause) {
        paused.set(pause);
    }

    /** Shows the next frame that arrives, then stays paused. */
    public void step() {
        paused.set(true);
        stepOnce.set(true);
    }

    /** CONFIG on the request thread; the outcome is posted as a message. */
    public void configure(int layerIndex, long channelMask) {
        if (!source.controllable()) {
            post("a recording cannot be configured");
            return;
        }
        requests.execute(() -> {
            try {
                ConfigAck ack = source.configure(layerIndex, channelMask);
                layer = layerIndex;
                configured = true;
                post("streaming layer " + ack.layer().layerIndex() + " (" + ack.layer().height() + "x"
                        + ack.layer().width() + "x" + ack.layer().channels() + "), channels 0x"
                        + Long.toHexString(channelMask));
            } catch (RuntimeException e) {
                post(describe(e));
            }
        });
    }

    /** SET_INPUT on the request thread: the board runs the model on {@code image}. */
    public void sendImage(GrayImage image, String what) {
        if (!source.controllable()) {
            post("a recording has no board to send an image to");
            return;
        }
        requests.execute(() -> {
            try {
                lastSent = image;
                DeviceFrame frame = source.setInput(image);
                post("sent " + what + "; the board answered with frame " + frame.frameNumber());
            } catch (RuntimeException e) {
                post(describe(e));
            }
        });
    }

    /**
     * SET_INPUT with a sample of known class on the request thread; once the board answers, its
     * true label is shown beside the board's prediction.
     */
    public void sendSample(SampleSource.Sample sample) {
        if (!source.controllable()) {
            post("a recording has no board to send an image to");
            return;
        }
        requests.execute(() -> {
            try {
                lastSent = sample.image();
                DeviceFrame frame = source.setInput(sample.image());
                List<String> labels = analyzer.int8Model().folder().metadata().labels();
                float[] scores = frame.dequantizedScores();
                int best = 0;
                for (int i = 1; i < scores.length; i++) {
                    best = scores[i] > scores[best] ? i : best;
                }
                String predicted = labels.get(best);
                String truth = String.format(Locale.ROOT, "true label: %s · the board says: %s (%.2f) %s · %s",
                        sample.label(), predicted, scores[best], predicted.equals(sample.label()) ? "✓" : "✗",
                        sample.name());
                Platform.runLater(() -> model.setSampleTruth(truth));
                post("sent " + sample.name() + " ('" + sample.label() + "'); the board answered with frame "
                        + frame.frameNumber());
            } catch (RuntimeException e) {
                post(describe(e));
            }
        });
    }

    /** Explains frames with {@code name} from now on, starting with the newest. */
    public void setSaliencyMethod(String name) {
        method.set(analyzer.attributionMethods().create(name));
        FrameAnalysis a = latest.get();
        if (a != null) {
            explain(a);
        }
    }

    /** Records every event from now on to {@code file}; {@link #stopRecording} closes it. */
    public void startRecording(Path file) {
        requests.execute(() -> {
            try {
                SessionRecording.Writer w = new SessionRecording.Writer(file, source.hello());
                SessionRecording.Writer old = recorder.getAndSet(w);
                if (old != null) {
                    old.close();
                }
                Platform.runLater(() -> model.setRecording(true));
                post("recording to " + file);
            } catch (IOException e) {
                post("cannot record to " + file + ": " + e.getMessage());
            }
        });
    }

    public void stopRecording() {
        requests.execute(() -> {
            SessionRecording.Writer w = recorder.getAndSet(null);
            if (w != null) {
                try {
                    w.close();
                    post("recording saved");
                } catch (IOException e) {
                    post("the recording could not be saved: " + e.getMessage());
                }
            }
            Platform.runLater(() -> model.setRecording(false));
        });
    }

    /** The newest analysed frame (with its saliency if computed), or null. */
    public FrameAnalysis latest() {
        return latest.get();
    }

    public String saliencyModel() {
        return method.get().modelDescription();
    }

    /** Runs {@code task} on the request thread (file writes and other I/O the UI asks for). */
    public void io(Runnable task) {
        requests.execute(task);
    }

    @Override
    public void close() {
        running = false;
        frames.interrupt();
        try {
            frames.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        saliencyThread.shutdownNow();
        requests.shutdown();
        SessionRecording.Writer w = recorder.getAndSet(null);
        if (w != null) {
            try {
                w.close();
            } catch (IOException ignored) {
                // closing at exit: nothing more to do
            }
        }
        source.close();
    }

    // ------------------------------------------------------------------ frame thread

    private void frameLoop() {
        while (running) {
            BoardEvent event;
            try {
                event = source.nextEvent(POLL);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                post(describe(e)); // given up on the board: the window stays, with the last frame
                String text = status();
                Platform.runLater(() -> model.setStatus(text));
                return;
            }
            noticeReconnect();
            if (event instanceof DeviceFrame frame) {
                record(event);
                handle(newest(frame));
            } else if (event != null) {
                record(event);
                handle(event);
            }
            long now = System.nanoTime();
            if (now - lastStatusNanos > STATUS_NANOS) {
                lastStatusNanos = now;
                String text = status();
                Platform.runLater(() -> model.setStatus(text));
            }
        }
    }

    /**
     * The newest frame already waiting, {@code frame} if none: when analysis falls behind the
     * board, the panels skip to the present instead of lagging (skipped frames are still recorded
     * and acknowledged). Other events met on the way are handled in order.
     */
    private DeviceFrame newest(DeviceFrame frame) {
        DeviceFrame newest = frame;
        try {
            for (BoardEvent more; (more = source.nextEvent(Duration.ZERO)) != null; ) {
                record(more);
                if (more instanceof DeviceFrame f) {
                    framesSkipped += paused.get() ? 0 : 1;
                    newest = f.complete() || !newest.complete() ? f : newest;
                } else {
                    handle(more);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return newest;
    }

    private void handle(BoardEvent event) {
        if (event instanceof Log log) {
            post("board " + log.level() + ": " + log.text());
        } else if (event instanceof ErrorMessage error) {
            post("board error: " + error.describe());
        } else if (event instanceof Hello) {
            post("the board rebooted; configuring it again");
            if (source.controllable()) {
                configure(layer, HeadlessView.allChannels(analyzer, layer));
            }
        } else if (event instanceof DeviceFrame frame) {
            if (!configured && !frame.requested()) {
                return; // the boot configuration's stream, before ours took effect
            }
            if (!frame.complete() && System.nanoTime() - lastShownNanos < INCOMPLETE_PATIENCE_NANOS) {
                incompleteSkipped++; // keep the last whole frame up; the status counts the losses
                return;
            }
            boolean show = !paused.get() || stepOnce.getAndSet(false);
            if (!show) {
                return;
            }
            lastShownNanos = System.nanoTime();
            FrameAnalysis a;
            try {
                a = analyzer.analyze(frame, frame.requested() ? lastSent : null);
            } catch (IllegalArgumentException e) {
                post("frame " + frame.frameNumber() + ": " + e.getMessage());
                return;
            }
            metrics.add(a, System.nanoTime());
            latest.set(a);
            RenderedFrame rendered = new RenderedFrame(a, fx(PanelRenderer.input(a)), fx(PanelRenderer.deviceMaps(a)),
                    fx(PanelRenderer.twinMaps(a)), fx(PanelRenderer.difference(a)), fx(PanelRenderer.predictions(a)),
                    fx(PanelRenderer.summary(a)));
            Platform.runLater(() -> model.show(rendered));
            explain(a);
        }
    }

    private void explain(FrameAnalysis a) {
        if (!saliencyBusy.compareAndSet(false, true)) {
            return; // the newest frame after this one will be explained
        }
        AttributionMethod m = method.get();
        saliencyThread.execute(() -> {
            try {
                Saliency s = m.explain(a.input(), a.devicePrediction());
                FrameAnalysis explained = a.withSaliency(s);
                latest.compareAndSet(a, explained);
                int scale = PanelRenderer.scale(a.input().width(), a.input().height(), PanelRenderer.IMAGE_SIDE);
                Image panel = fx(PanelRenderer.saliency(explained, m.modelDescription(), 0));
                Image heat = fx(PanelRenderer.heat(s, scale, 1.0));
                String title = "Saliency · " + m.name() + " (" + m.modelDescription() + ") for '"
                        + a.labels().get(s.classIndex()) + "', frame " + a.frameNumber();
                Platform.runLater(() -> model.showSaliency(panel, heat, title));
            } catch (RuntimeException e) {
                post("saliency failed: " + describe(e));
            } finally {
                saliencyBusy.set(false);
            }
        });
    }

    private void record(BoardEvent event) {
        SessionRecording.Writer w = recorder.get();
        if (w != null) {
            try {
                w.add(event);
            } catch (IOException e) {
                recorder.set(null);
                post("recording stopped: " + e.getMessage());
                Platform.runLater(() -> model.setRecording(false));
            }
        }
    }

    /** Tells the user once each time the board is back. */
    private void noticeReconnect() {
        LinkState state = source.linkState().orElse(null);
        if (state != null && state.phase() == LinkState.Phase.CONNECTED && state.reconnects() > reconnectsSeen) {
            reconnectsSeen = state.reconnects();
            post("reconnected to " + state.board() + " (reconnect " + reconnectsSeen + "); streaming layer " + layer
                    + " again");
        }
    }

    String status() {
        Hello h = source.hello();
        FrameAnalysis a = latest.get();
        StringBuilder s = new StringBuilder();
        LinkState state = source.linkState().orElse(null);
        if (state != null && state.phase() != LinkState.Phase.CONNECTED) {
            s.append(state.describe()).append(" · ");
        }
        s.append("board ").append(h.boardId()).append(" · ").append(source.description())
                .append(" · protocol ").append(h.protocolMajor()).append('.').append(h.protocolMinor())
                .append(" · model ").append(h.modelHashHex(), 0, 12)
                .append(h.modelHashHex().equals(analyzer.int8Model().hashHex()) ? " (matches)" : " (MISMATCH)");
        if (a != null) {
            s.append(" · inference ").append(a.inferenceTime());
        }
        LinkStats stats = source.stats().orElse(null);
        if (stats != null) {
            s.append(String.format(Locale.ROOT, " · %.1f frames/s · %.1f kB/s · %d corrupt frames · %d dropped "
                    + "packets · %d dropped events", stats.framesPerSecond(), stats.bytesPerSecond() / 1e3,
                    stats.framesIncomplete(), stats.packetsDropped(), stats.eventsDropped()));
        } else {
            s.append(String.format(Locale.ROOT, " · %.1f frames/s (replay)", metrics.framesPerSecond()));
        }
        if (metrics.frames() > 0) {
            s.append(" · ").append(metrics.framesEqualEmulator()).append('/').append(metrics.frames())
                    .append(" frames shown equal the emulator");
        }
        if (state != null && state.reconnects() > 0) {
            s.append(" · ").append(state.reconnects()).append(state.reconnects() == 1 ? " reconnect" : " reconnects");
        }
        if (framesSkipped > 0 || incompleteSkipped > 0) {
            s.append(" · not shown: ").append(framesSkipped).append(" to keep up, ").append(incompleteSkipped)
                    .append(" incomplete");
        }
        return s.toString();
    }

    private void post(String text) {
        Platform.runLater(() -> model.setMessage(text));
    }

    static String describe(RuntimeException e) {
        if (e instanceof PawscopeException pe) {
            return pe.getMessage() + (pe.hint().isEmpty() ? "" : " (hint: " + pe.hint() + ")");
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private static Image fx(java.awt.image.BufferedImage image) {
        return SwingFXUtils.toFXImage(image, null);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
