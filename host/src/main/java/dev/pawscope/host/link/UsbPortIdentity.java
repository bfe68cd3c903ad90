package dev.pawscope.host.link;

import com.fazecast.jSerialComm.SerialPort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A USB serial device by what stays the same when it is unplugged and plugged back in (vendor,
 * product and serial number), so a board that comes back as /dev/ttyACM1 instead of /dev/ttyACM0
 * is found again. Pseudo-terminals (sim, qemu-m4) have none: they are reopened by their path.
 */
public record UsbPortIdentity(int vendorId, int productId, String serialNumber) {

    /** The identity of the USB device at {@code path}, if jSerialComm lists it as one. */
    public static Optional<UsbPortIdentity> of(String path) {
        String real = realPath(path);
        try {
            for (SerialPort p : SerialPort.getCommPorts()) {
                if (realPath(p.getSystemPortPath()).equals(real) && p.getVendorID() > 0) {
                    String serial = p.getSerialNumber();
                    return Optional.of(new UsbPortIdentity(p.getVendorID(), p.getProductID(),
                            serial == null || serial.equals("Unknown") ? "" : serial));
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // enumeration is best effort: without it the board is reopened by path only
        }
        return Optional.empty();
    }

    /** The path the device is at now, if it is plugged in. */
    public Optional<String> find() {
        try {
            for (SerialPort p : SerialPort.getCommPorts()) {
                if (p.getVendorID() == vendorId && p.getProductID() == productId
                        && (serialNumber.isEmpty() || serialNumber.equals(p.getSerialNumber()))) {
                    return Optional.of(p.getSystemPortPath());
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // as above
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return String.format("USB %04x:%04x%s", vendorId, productId, serialNumber.isEmpty() ? "" : " #" + serialNumber);
    }

    private static String realPath(String path) {
        try {
            return Path.of(path).toRealPath().toString();
        } catch (IOException | RuntimeException e) {
            return path;
        }
    }

    static boolean exists(String path) {
        return path.startsWith("COM") || Files.exists(Path.of(path));
    }
}
