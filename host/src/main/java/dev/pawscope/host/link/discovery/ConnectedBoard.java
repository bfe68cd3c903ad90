package dev.pawscope.host.link.discovery;

import dev.pawscope.host.board.BoardSpec;
import java.util.Objects;
import java.util.Optional;

/**
 * A serial port and what it is.
 *
 * @param board the board.json its USB id matches, or null
 * @param note what the USB id says when no board matches or when a match is only likely (a
 *     generic bridge); empty otherwise
 */
public record ConnectedBoard(SerialPortEntry port, BoardSpec board, BoardMode mode, String note) {

    public ConnectedBoard {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(mode, "mode");
        note = note == null ? "" : note;
    }

    public Optional<BoardSpec> spec() {
        return Optional.ofNullable(board);
    }

    public boolean is(String boardId) {
        return board != null && board.id().equals(boardId);
    }
}
