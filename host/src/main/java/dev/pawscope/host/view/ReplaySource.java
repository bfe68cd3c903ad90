package dev.pawscope.host.view;

import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.host.link.BoardEvent;
import dev.pawscope.host.link.ConfigAck;
import dev.pawscope.host.link.DeviceFrame;
import dev.pawscope.host.link.Hello;
import dev.pawscope.host.link.LinkStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A {@link SessionRecording} played back as if a board sent it, at its recorded pace (scaled by
 * {@code speed}; 0 plays as fast as it is read), optionally in a loop. No board: CONFIG and
 * SET_INPUT are refused.
 */
public final class ReplaySource implements FrameSource {

    private final Path file;
    private final SessionRecording recording;
    private final double speed;
    private final boolean loop;
    private int next = 1; // entry 0 is the HELLO that opens every recording
    private long startNanos = -1;
    private long offsetNanos;

    public ReplaySource(Path file, double speed, boolean loop) {
        this.file = file;
        this.recording = SessionRecording.read(file);
        this.speed = speed;
        this.loop = loop;
    }

    @Override
    public Hello hello() {
        return recording.hello();
    }

    @Override
    public String description() {
        return "recording " + file.getFileName() + " (" + recording.frames().size() + " frames)";
    }

    @Override
    public String port() {
        return file.toString();
    }

    @Override
    public synchronized BoardEvent nextEvent(Duration timeout) throws InterruptedException {
        List<SessionRecording.Entry> entries = recording.entries();
        if (next >= entries.size()) {
            if (!loop || entries.size() <= 1) {
                Thread.sleep(Math.min(timeout.toMillis(), 100)); // the end: no event will come
                return null;
            }
            offsetNanos += entries.get(entries.size() - 1).nanos() - entries.get(1).nanos() + 100_000_000L;
            next = 1;
        }
        SessionRecording.Entry entry = entries.get(next);
        long now = System.nanoTime();
        if (startNanos < 0) {
            startNanos = now - (long) (entry.nanos() / Math.max(speed, 1e-9));
        }
        if (speed > 0) {
            long due = startNanos + (long) ((entry.nanos() + offsetNanos) / speed);
            long wait = due - now;
            if (wait > timeout.toNanos()) {
                Thread.sleep(timeout.toMillis());
                return null;
            }
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        next++;
        return entry.event();
    }

    @Override
    public synchronized boolean exhausted() {
        return !loop && next >= recording.entries().size();
    }

    @Override
    public Optional<LinkStats> stats() {
        return Optional.empty();
    }

    @Override
    public boolean controllable() {
        return false;
    }

    @Override
    public ConfigAck configure(int layer, long channelMask) {
        throw new UnsupportedOperationException("a recording cannot be configured: it replays what was streamed");
    }

    @Override
    public DeviceFrame setInput(GrayImage image) {
        throw new UnsupportedOperationException("a recording has no board to send an image to");
    }

    @Override
    public void close() {
        // nothing to release: the recording is in memory
    }
}
