package dev.pawscope.host.link;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import java.io.IOException;
import java.time.Duration;

/**
 * A {@link SerialTransport} over jSerialComm, for USB serial ports and pseudo-terminals alike:
 * the port is opened by path ({@link SerialPort#getCommPort}), because pseudo-terminals are not
 * among the ports {@link SerialPort#getCommPorts()} lists. 8N1, no flow control; reads wait for
 * the first byte up to the read timeout (no busy loop), writes block up to the write timeout.
 */
public final class JSerialCommTransport implements SerialTransport {

    public static final int DEFAULT_BAUD_RATE = 115_200;
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMillis(100);
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(2);

    private final String path;
    private final int baudRate;
    private final int readTimeoutMs;
    private final int writeTimeoutMs;
    private volatile SerialPort port;

    /**
     * @param path e.g. {@code /dev/ttyACM0}, {@code /dev/pts/3} or {@code COM4}
     * @param baudRate ignored by USB CDC and pseudo-terminals, used by UARTs
     */
    public JSerialCommTransport(String path, int baudRate, Duration readTimeout, Duration writeTimeout) {
        if (baudRate <= 0) {
            throw new IllegalArgumentException("baud rate must be positive, found " + baudRate);
        }
        this.path = path;
        this.baudRate = baudRate;
        this.readTimeoutMs = Math.toIntExact(Math.max(1, readTimeout.toMillis()));
        this.writeTimeoutMs = Math.toIntExact(Math.max(1, writeTimeout.toMillis()));
    }

    public JSerialCommTransport(String path) {
        this(path, DEFAULT_BAUD_RATE, DEFAULT_READ_TIMEOUT, DEFAULT_WRITE_TIMEOUT);
    }

    @Override
    public String name() {
        return path;
    }

    @Override
    public void open() throws IOException {
        if (isOpen()) {
            return;
        }
        SerialPort p;
        try {
            p = SerialPort.getCommPort(path);
        } catch (SerialPortInvalidPortException e) {
            throw new IOException("no serial port at " + path + ": " + e.getMessage()
                    + " (hint: check the path; a USB board is usually /dev/ttyACM* or /dev/ttyUSB*)", e);
        }
        p.setComPortParameters(baudRate, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        p.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING, readTimeoutMs,
                writeTimeoutMs);
        if (!p.openPort()) {
            throw new IOException("cannot open serial port " + path + " (error " + p.getLastErrorCode()
                    + " at native location " + p.getLastErrorLocation() + ")"
                    + " (hint: is another program using it? On Linux, is your user in the 'dialout' group?)");
        }
        p.flushIOBuffers();
        port = p;
    }

    @Override
    public boolean isOpen() {
        SerialPort p = port;
        return p != null && p.isOpen();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = openPort().readBytes(buffer, length, offset);
        if (n < 0) {
            throw new IOException("reading " + path + " failed (error " + openPort().getLastErrorCode()
                    + "); the port was closed or the device went away");
        }
        return n;
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        SerialPort p = openPort();
        int done = 0;
        while (done < bytes.length) {
            int n = p.writeBytes(bytes, bytes.length - done, done);
            if (n <= 0) {
                throw new IOException("writing " + path + " failed after " + done + " of " + bytes.length + " bytes"
                        + (n == 0 ? " (timed out after " + writeTimeoutMs + " ms: the board is not reading)"
                                : " (error " + p.getLastErrorCode() + ")"));
            }
            done += n;
        }
    }

    @Override
    public void close() {
        SerialPort p = port;
        port = null;
        if (p != null) {
            p.closePort();
        }
    }

    private SerialPort openPort() throws IOException {
        SerialPort p = port;
        if (p == null) {
            throw new IOException(path + " is not open");
        }
        return p;
    }
}
