package dev.pawscope.host.link.discovery;

import dev.pawscope.host.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A port list read from a text file at every {@link #list()}, so that another process (a test's
 * stand-in for arduino-cli) can make ports appear and disappear as a board re-enumerating would.
 * One port per line: {@code PATH VID:PID [description]}, or {@code PATH -} for a port without a
 * USB id; blank lines and {@code #} comments are skipped. A missing file is an empty list.
 */
public final class SimulatedPortList implements PortLister {

    private final Path file;

    public SimulatedPortList(Path file) {
        this.file = file;
    }

    @Override
    public List<SerialPortEntry> list() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the simulated port list " + file + ": " + e.getMessage(), e);
        }
        List<SerialPortEntry> ports = new ArrayList<>();
        for (String line : lines) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String[] parts = text.split("\\s+", 3);
            if (parts.length < 2) {
                throw new IllegalStateException("the simulated port list " + file + " expects `PATH VID:PID "
                        + "[description]` per line, found: " + line);
            }
            UsbId id = parts[1].equals("-") ? null : UsbId.parse(parts[1]);
            ports.add(new SerialPortEntry(parts[0], id, parts.length == 3 ? parts[2] : ""));
        }
        return ports;
    }

    /** Writes {@code ports} in the format {@link #list()} reads (through a temporary file and a move). */
    public static void write(Path file, List<SerialPortEntry> ports) throws IOException {
        StringBuilder text = new StringBuilder();
        for (SerialPortEntry p : ports) {
            text.append(p.path()).append(' ').append(p.usbId() == null ? "-" : p.usbId().toString());
            if (!p.description().isEmpty()) {
                text.append(' ').append(p.description());
            }
            text.append('\n');
        }
        AtomicFiles.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
