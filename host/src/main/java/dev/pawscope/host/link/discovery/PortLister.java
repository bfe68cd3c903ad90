package dev.pawscope.host.link.discovery;

import java.nio.file.Path;
import java.util.List;

/**
 * The serial ports present now. {@link #system()} is the machine's (through jSerialComm), or a
 * simulated list from a file when {@value #SIMULATED_PROPERTY} names one (tests, demos without a
 * board).
 */
public interface PortLister {

    /** A file in {@link SimulatedPortList}'s format that replaces the machine's port list. */
    String SIMULATED_PROPERTY = "pawscope.ports";

    /** The ports present at the moment of the call. */
    List<SerialPortEntry> list();

    static PortLister system() {
        String file = System.getProperty(SIMULATED_PROPERTY);
        if (file != null && !file.isBlank()) {
            return new SimulatedPortList(Path.of(file));
        }
        return new JSerialCommPortLister();
    }
}
