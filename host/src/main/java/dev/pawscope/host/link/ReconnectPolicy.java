package dev.pawscope.host.link;

import java.time.Duration;

/**
 * How {@link ReconnectingLink} watches a board and brings it back.
 *
 * @param silence with no byte from the board for this long, PING it (a board whose stream is
 *     paused, or that runs host-sent frames only, is silent while healthy)
 * @param firstBackoff the wait before the first attempt to reopen the port; doubled after each
 *     failed attempt up to {@code maxBackoff}
 * @param giveUpAfter when the board is not back this long after it was lost, stop trying
 * @param handshake how long each attempt waits for HELLO (a board may still be booting)
 */
public record ReconnectPolicy(Duration silence, Duration firstBackoff, Duration maxBackoff, Duration giveUpAfter,
        Duration handshake) {

    /** For the viewer: a USB board re-enumerates within a few seconds; a re-flash takes longer. */
    public static final ReconnectPolicy DEFAULT = new ReconnectPolicy(Duration.ofSeconds(2), Duration.ofMillis(250),
            Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(3));

    public ReconnectPolicy {
        for (Duration d : new Duration[] {silence, firstBackoff, maxBackoff, giveUpAfter, handshake}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("reconnect durations must be positive, found " + d);
            }
        }
        if (maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is below firstBackoff " + firstBackoff);
        }
    }

    /** The same policy giving up after {@code limit}. */
    public ReconnectPolicy withGiveUpAfter(Duration limit) {
        return new ReconnectPolicy(silence, firstBackoff, maxBackoff, limit, handshake);
    }

    /** The wait before attempt {@code attempt} (1, 2, ...). */
    public Duration backoff(int attempt) {
        long millis = firstBackoff.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}
