package dev.pawscope.host.link;

/**
 * Where a {@link ReconnectingLink} stands, as one immutable value the UI can show as it is.
 *
 * @param attempt while reconnecting, the attempt under way (1, 2, ...); else 0
 * @param reconnects how often the board was lost (or reset) and brought back
 * @param detail why it was lost, or why it was given up; empty while connected
 */
public record LinkState(Phase phase, String board, int attempt, long reconnects, String detail) {

    public enum Phase {
        CONNECTED,
        /** The board was lost or reset; the port is being reopened and the handshake repeated. */
        RECONNECTING,
        /** Given up, or the board came back with another model: no more events will come. */
        FAILED
    }

    public LinkState {
        detail = detail == null ? "" : detail;
    }

    /** For a status line, e.g. {@code reconnecting to /dev/ttyACM0... (attempt 3)}. */
    public String describe() {
        return switch (phase) {
            case CONNECTED -> reconnects == 0 ? "connected" : "connected (" + reconnects + " reconnect"
                    + (reconnects == 1 ? "" : "s") + ")";
            case RECONNECTING -> "reconnecting to " + board + "... (attempt " + attempt + ")"
                    + (detail.isEmpty() ? "" : ": " + detail);
            case FAILED -> "disconnected: " + detail;
        };
    }
}
