package dev.pawscope.host.view;

import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.host.link.BoardEvent;
import dev.pawscope.host.link.ConfigAck;
import dev.pawscope.host.link.DeviceFrame;
import dev.pawscope.host.link.Hello;
import dev.pawscope.host.link.LinkState;
import dev.pawscope.host.link.LinkStats;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the viewer's frames come from: a live board ({@link BoardSession}) or a recorded session
 * played back ({@link ReplaySource}). Events are immutable and may be taken on any thread; the
 * requests ({@link #configure}, {@link #setInput}) block, so never call them on the UI thread.
 */
public interface FrameSource extends AutoCloseable {

    /** The board's HELLO (for a recording, the one recorded). */
    Hello hello();

    /** For the status line, e.g. {@code sim on /dev/pts/4} or {@code recording run.psrec}. */
    String description();

    /** The port the frames come over, or the recording's path. */
    String port();

    /** The next event, waiting up to {@code timeout}; null if none came. */
    BoardEvent nextEvent(Duration timeout) throws InterruptedException;

    /** Whether no event will ever come again (a recording played to its end, not looping). */
    default boolean exhausted() {
        return false;
    }

    /**
     * Whether the board is connected, being reconnected (and how often it was), or given up;
     * empty for a recording.
     */
    default Optional<LinkState> linkState() {
        return Optional.empty();
    }

    /** The link's counters; empty for a recording. */
    Optional<LinkStats> stats();

    /** Whether {@link #configure} and {@link #setInput} reach a board (false for a recording). */
    boolean controllable();

    /** CONFIG: stream {@code layer}'s channels in {@code channelMask}, with the input image. */
    ConfigAck configure(int layer, long channelMask);

    /** SET_INPUT: runs the model on {@code image}; returns the frame the board answers with. */
    DeviceFrame setInput(GrayImage image);

    /** Stops streaming; a started sim is stopped too. Never throws. */
    @Override
    void close();
}
