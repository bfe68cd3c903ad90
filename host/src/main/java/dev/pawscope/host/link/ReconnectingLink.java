package dev.pawscope.host.link;

import dev.pawscope.host.cli.ExitCode;
import dev.pawscope.host.cli.PawscopeException;
import dev.pawscope.host.dataset.GrayImage;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link BoardLink} that survives the board going away: a watch thread notices the port vanish
 * or fail, a silent board that no longer answers PING, and a board that reset while its port
 * stayed (an unsolicited HELLO, its packet numbers starting again, or a PONG uptime that went back).
 * It then reopens the port by its path (or, for a USB board that came back under another path,
 * by its USB identity) with backoff, repeats the handshake, checks the board still runs the same
 * model, sends the last CONFIG again and carries on. What it is doing is in {@link #state()}, an
 * immutable value, and in the log lines it writes.
 *
 * <p>Requests made while the board is away fail (and say so); the CONFIG of a failed
 * {@link #configure} is still remembered and sent when the board is back.
 */
public final class ReconnectingLink implements AutoCloseable {

    private static final Duration WATCH = Duration.ofMillis(200);
    /** Slices of {@link #nextEvent} waits, so a link swapped by a reconnect is taken up at once. */
    private static final Duration POLL_SLICE = Duration.ofMillis(100);

    private final String board;
    private final String path;
    private final Function<String, SerialTransport> transports;
    private final ReconnectPolicy policy;
    private final Consumer<String> log;
    private final byte[] modelHash;
    private final Optional<UsbPortIdentity> usb;
    private final Thread watcher;

    private volatile BoardLink link;
    private volatile Hello hello;
    private volatile Config lastConfig;
    private volatile LinkState state;
    private volatile PawscopeException failure;
    private volatile boolean closed;
    /** Set by {@link #nextEvent} when the stream shows the board restarted; handled by the watcher. */
    private volatile String resetSeen;
    // watch thread only
    private long lastPingNanos = System.nanoTime();
    private long lastBytes = -1;
    private long lastBytesNanos = System.nanoTime();
    private long restartsHandled;
    private long lastUptimeMs = -1;

    private ReconnectingLink(String board, String path, Function<String, SerialTransport> transports,
            ReconnectPolicy policy, Consumer<String> log, BoardLink link) {
        this.board = board;
        this.path = path;
        this.transports = transports;
        this.policy = policy;
        this.log = log;
        this.link = link;
        this.hello = link.hello();
        this.modelHash = hello.modelHash();
        this.usb = UsbPortIdentity.of(path);
        this.state = new LinkState(LinkState.Phase.CONNECTED, board, 0, 0, "");
        this.watcher = new Thread(this::watch, "board-watch " + path);
        this.watcher.setDaemon(true);
    }

    /**
     * Opens {@code path}, handshakes (failing as {@link BoardLink#handshake} does: the first
     * connection is not retried) and starts watching.
     *
     * @param board what the user knows the board as, for messages (e.g. {@code sim} or the path)
     * @param transports opens a transport for a port path (reopened by path after a loss)
     */
    public static ReconnectingLink connect(String board, String path, Function<String, SerialTransport> transports,
            Duration handshake, ReconnectPolicy policy, Consumer<String> log) {
        BoardLink link = BoardLink.open(transports.apply(path));
        try {
            link.handshake(handshake);
        } catch (RuntimeException e) {
            link.close();
            throw e;
        }
        ReconnectingLink r = new ReconnectingLink(board, path, transports, policy, log, link);
        r.baseline(link);
        r.watcher.start();
        return r;
    }

    /** The HELLO of the board as it is now (after a reconnect, the new one). */
    public Hello hello() {
        return hello;
    }

    public LinkState state() {
        return state;
    }

    public String path() {
        return path;
    }

    public LinkStats stats() {
        return link.stats();
    }

    /**
     * The next event, waiting up to {@code timeout}; null if none came (also while reconnecting).
     * An unsolicited HELLO is not passed on: it means the board reset, which is handled here.
     *
     * @throws PawscopeException once given up, or when the board came back with another model
     */
    public BoardEvent nextEvent(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            PawscopeException failed = failure;
            if (failed != null) {
                throw failed;
            }
            long left = deadline - System.nanoTime();
            BoardEvent event = link.nextEvent(Duration.ofNanos(Math.max(0, Math.min(left, POLL_SLICE.toNanos()))));
            if (event instanceof Hello) {
                resetSeen = "the board sent HELLO unasked: it restarted";
                continue;
            }
            if (event != null || left <= 0) {
                return event;
            }
        }
    }

    /** CONFIG, remembered and sent again after every reconnect. */
    public ConfigAck configure(Config config) {
        lastConfig = config;
        return link.configure(config);
    }

    public DeviceFrame setInput(GrayImage image) {
        return link.setInput(image);
    }

    @Override
    public void close() {
        closed = true;
        watcher.interrupt();
        try {
            watcher.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        link.close();
    }

    // ------------------------------------------------------------------ watch thread

    private void watch() {
        try {
            while (!closed) {
                Thread.sleep(WATCH.toMillis());
                BoardLink current = link;
                Optional<IOException> broken = current.failure();
                String reset = resetSeen;
                if (broken.isPresent()) {
                    reconnect("the port failed: " + broken.get().getMessage());
                } else if (reset != null) {
                    resetSeen = null;
                    afterReset(reset);
                } else if (current.boardRestarts() != restartsHandled) {
                    restartsHandled = current.boardRestarts();
                    afterReset("its packet numbers started again: the board restarted");
                } else if (System.nanoTime() - lastPingNanos > policy.silence().toNanos()) {
                    checkAlive(current);
                }
                if (state.phase() == LinkState.Phase.FAILED) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // closed
        } catch (RuntimeException e) {
            fail(PawscopeException.io("watching " + board + " failed: " + e, "connect again", e));
        }
    }

    /**
     * PING now and then: no PONG from a silent board means it is gone; a PONG numbered from 0
     * again ({@link BoardLink#boardRestarts()}) or with an uptime that went back means it reset
     * (a reset board streams nothing until configured, so it would otherwise just go quiet).
     */
    private void checkAlive(BoardLink current) throws InterruptedException {
        lastPingNanos = System.nanoTime();
        LinkStats stats = current.stats();
        long now = System.nanoTime();
        if (stats.bytesReceived() != lastBytes) {
            lastBytes = stats.bytesReceived();
            lastBytesNanos = now;
        }
        Pong pong;
        try {
            pong = current.ping();
        } catch (PawscopeException e) {
            if (!closed && System.nanoTime() - lastBytesNanos > policy.silence().toNanos()) {
                reconnect("no PONG from a silent board (" + e.getMessage() + ")");
            }
            return;
        }
        long uptime = pong.uptimeMs();
        long before = lastUptimeMs;
        lastUptimeMs = uptime;
        if (before >= 0 && uptime < before) {
            afterReset("its uptime went back from " + before + " ms to " + uptime + " ms: the board restarted");
            return;
        }
    }

    /** The board restarted behind an open port: handshake and configure it again on the same link. */
    private void afterReset(String why) throws InterruptedException {
        log.accept(board + ": " + why);
        setState(LinkState.Phase.RECONNECTING, 1, why);
        log.accept(state.describe());
        try {
            BoardLink same = link;
            resume(same, same.handshake(policy.handshake()), 1);
        } catch (PawscopeException e) {
            if (e.exitCode() == ExitCode.BAD_INPUT) {
                fail(e);
            } else {
                reconnect(why + "; then " + e.getMessage());
            }
        }
    }

    private void reconnect(String why) throws InterruptedException {
        log.accept("lost " + board + ": " + why);
        link.close();
        long giveUpAt = System.nanoTime() + policy.giveUpAfter().toNanos();
        String lastError = why;
        for (int attempt = 1; !closed; attempt++) {
            long wait = policy.backoff(attempt).toNanos();
            if (attempt > 1 && System.nanoTime() + wait - giveUpAt > 0) {
                fail(PawscopeException.io(board + " did not come back within " + policy.giveUpAfter().toSeconds()
                        + " s (" + (attempt - 1) + " attempts to reopen " + path + "; last: " + lastError + ")",
                        "check the board is plugged in and running the pawscope firmware, then start pawscope view "
                                + "again", null));
                return;
            }
            setState(LinkState.Phase.RECONNECTING, attempt, lastError);
            log.accept("reconnecting to " + board + "... (attempt " + attempt + ")");
            Thread.sleep(wait / 1_000_000);
            Optional<String> where = locate();
            if (where.isEmpty()) {
                lastError = path + " is gone" + usb.map(id -> " and no " + id + " is plugged in").orElse("");
                continue;
            }
            BoardLink fresh;
            try {
                fresh = BoardLink.open(transports.apply(where.get()));
            } catch (PawscopeException e) {
                lastError = e.getMessage();
                continue;
            }
            try {
                resume(fresh, fresh.handshake(policy.handshake()), attempt);
                return;
            } catch (PawscopeException e) {
                fresh.close();
                if (e.exitCode() == ExitCode.BAD_INPUT) {
                    fail(e); // another model, another protocol: trying again will not help
                    return;
                }
                lastError = e.getMessage();
            }
        }
    }

    /** After a HELLO from the board that came back: check its model, configure it again, go live. */
    private void resume(BoardLink fresh, Hello h, int attempt) {
        if (!Arrays.equals(h.modelHash(), modelHash)) {
            throw PawscopeException.badInput(board + " came back running another model: "
                    + h.modelHashHex().substring(0, 16) + "..., before " + hello.modelHashHex().substring(0, 16)
                    + "... (SHA-256 of model_int8.tflite); its maps cannot be compared with this session's model",
                    "the board was re-flashed or another board was plugged in: start pawscope view again with the "
                            + "--model it runs");
        }
        Config config = lastConfig;
        if (config != null) {
            fresh.configure(config);
        }
        baseline(fresh);
        hello = h;
        link = fresh;
        long count = state.reconnects() + 1;
        state = new LinkState(LinkState.Phase.CONNECTED, board, 0, count, "");
        log.accept("reconnected to " + board + " (attempt " + attempt + ", reconnect " + count + ")"
                + (config == null ? "" : "; streaming layer " + config.layerIndex() + " again"));
    }

    /** The board's uptime now, so a later PONG with a smaller one shows a reset. */
    private void baseline(BoardLink fresh) {
        try {
            lastUptimeMs = fresh.ping().uptimeMs();
        } catch (PawscopeException e) {
            lastUptimeMs = -1; // an old firmware without PING: resets show by HELLO or packet numbers only
        }
        long now = System.nanoTime();
        lastPingNanos = now;
        lastBytes = fresh.stats().bytesReceived();
        lastBytesNanos = now;
        restartsHandled = fresh.boardRestarts();
    }

    private Optional<String> locate() {
        if (UsbPortIdentity.exists(path)) {
            return Optional.of(path);
        }
        return usb.flatMap(UsbPortIdentity::find);
    }

    private void setState(LinkState.Phase phase, int attempt, String detail) {
        state = new LinkState(phase, board, attempt, state.reconnects(), detail);
    }

    private void fail(PawscopeException e) {
        failure = e;
        state = new LinkState(LinkState.Phase.FAILED, board, 0, state.reconnects(), e.getMessage());
        log.accept("gave up on " + board + ": " + e.getMessage());
        link.close();
    }
}
