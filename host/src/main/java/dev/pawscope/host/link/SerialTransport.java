package dev.pawscope.host.link;

import java.io.IOException;

/**
 * A byte pipe to a board: a serial port, a USB CDC device or a pseudo-terminal. {@link BoardLink}
 * reads from one thread and writes from others, so implementations allow one concurrent reader
 * and one (externally synchronized) writer.
 */
public interface SerialTransport extends AutoCloseable {

    /** What the user knows the port as, e.g. {@code /dev/ttyACM0}; for messages. */
    String name();

    /** Opens the port and discards anything already buffered in either direction. */
    void open() throws IOException;

    boolean isOpen();

    /**
     * Reads what has arrived, waiting at most the transport's read timeout for the first byte.
     *
     * @return bytes read into {@code buffer[offset..]}, 0 if none arrived in time
     * @throws IOException if the port failed or was closed
     */
    int read(byte[] buffer, int offset, int length) throws IOException;

    /** Writes all of {@code bytes}, or throws (the port failed, or the board stopped reading). */
    void write(byte[] bytes) throws IOException;

    /** Closes the port; harmless when closed already. */
    @Override
    void close();
}
