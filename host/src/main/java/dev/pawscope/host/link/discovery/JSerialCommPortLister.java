package dev.pawscope.host.link.discovery;

import com.fazecast.jSerialComm.SerialPort;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine's serial ports through jSerialComm. Pseudo-terminals (the sim, qemu-m4) are not
 * among them: emulated boards are found through the running-board registry instead.
 */
public final class JSerialCommPortLister implements PortLister {

    @Override
    public List<SerialPortEntry> list() {
        List<SerialPortEntry> ports = new ArrayList<>();
        for (SerialPort p : SerialPort.getCommPorts()) {
            int vid = p.getVendorID();
            int pid = p.getProductID();
            // jSerialComm reports -1 (or 0) for ports without a USB device behind them
            UsbId id = vid > 0 && vid <= 0xFFFF && pid >= 0 && pid <= 0xFFFF ? new UsbId(vid, pid) : null;
            String description = p.getPortDescription();
            ports.add(new SerialPortEntry(p.getSystemPortPath(), id, description == null ? "" : description.trim()));
        }
        return ports;
    }
}
