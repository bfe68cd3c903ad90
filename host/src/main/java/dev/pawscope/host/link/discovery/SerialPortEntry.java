package dev.pawscope.host.link.discovery;

import java.util.Objects;
import java.util.Optional;

/**
 * One serial port the system lists.
 *
 * @param path what to open, e.g. {@code /dev/ttyACM0} or {@code COM4}
 * @param usbId null when the port is not a USB device (a built-in UART, a pseudo-terminal)
 * @param description what the driver or the device calls itself, possibly empty
 */
public record SerialPortEntry(String path, UsbId usbId, String description) {

    public SerialPortEntry {
        Objects.requireNonNull(path, "path");
        description = description == null ? "" : description;
    }

    public Optional<UsbId> usb() {
        return Optional.ofNullable(usbId);
    }
}
