package dev.pawscope.host.link.discovery;

import dev.pawscope.host.cli.PawscopeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Waits for a board's ports to change, polling the port list: a Nano 33 BLE leaves its sketch's
 * port (2341:805a) for its bootloader's (2341:005a) when an upload starts, and comes back as the
 * sketch, possibly under another path, once the upload resets it. Every change is reported as
 * progress; a timeout says what was last seen.
 */
public final class PortWaiter {

    public static final Duration POLL = Duration.ofMillis(250);
    /** Polls in a row the application port must be listed, with no bootloader port, to count as back. */
    static final int STABLE_POLLS = 2;

    private final BoardDiscovery discovery;
    private final Ticker ticker;
    private final Consumer<String> progress;

    public PortWaiter(BoardDiscovery discovery, Ticker ticker, Consumer<String> progress) {
        this.discovery = discovery;
        this.ticker = ticker;
        this.progress = progress;
    }

    /**
     * Reports every change of board {@code boardId}'s ports while {@code running} holds (e.g. while
     * arduino-cli uploads: the sketch's port goes, the bootloader's comes and goes); returns whether
     * a bootloader port was seen.
     */
    public boolean watchWhile(String boardId, BooleanSupplier running) throws InterruptedException {
        long start = ticker.nanoTime();
        Set<String> last = new TreeSet<>();
        boolean bootloaderSeen = false;
        while (running.getAsBoolean()) {
            List<ConnectedBoard> ports = discovery.find(boardId);
            bootloaderSeen |= ports.stream().anyMatch(p -> p.mode() == BoardMode.BOOTLOADER);
            last = report(boardId, ports, last, start, new ArrayList<>());
            ticker.sleep(POLL);
        }
        return bootloaderSeen;
    }

    /** Until board {@code boardId}'s bootloader port is listed; returns it. */
    public ConnectedBoard awaitBootloader(String boardId, Duration timeout) throws InterruptedException {
        return await(boardId, timeout, true, 1);
    }

    /**
     * Until board {@code boardId} is listed in application mode (or behind its serial bridge) and
     * no bootloader port of it is, in {@value #STABLE_POLLS} polls in a row; returns that port.
     */
    public ConnectedBoard awaitApplication(String boardId, Duration timeout) throws InterruptedException {
        return await(boardId, timeout, false, STABLE_POLLS);
    }

    private ConnectedBoard await(String boardId, Duration timeout, boolean bootloader, int polls)
            throws InterruptedException {
        long start = ticker.nanoTime();
        long deadline = start + timeout.toNanos();
        Set<String> last = new TreeSet<>();
        List<String> history = new ArrayList<>();
        String candidate = null;
        int seen = 0;
        while (true) {
            List<ConnectedBoard> ports = discovery.find(boardId);
            last = report(boardId, ports, last, start, history);
            ConnectedBoard match = pick(ports, bootloader);
            if (match != null && match.port().path().equals(candidate)) {
                seen++;
            } else {
                candidate = match == null ? null : match.port().path();
                seen = match == null ? 0 : 1;
            }
            if (match != null && seen >= polls) {
                return match;
            }
            if (ticker.nanoTime() - deadline >= 0) {
                String wanted = bootloader ? "bootloader" : "application";
                throw PawscopeException.io(String.format(Locale.ROOT, "the %s's %s port did not appear within %d s "
                        + "(ports seen: %s)", boardId, wanted, timeout.toSeconds(),
                        history.isEmpty() ? "none" : String.join("; ", history)),
                        bootloader ? "double-tap the board's reset button to start its bootloader, then try again"
                                : "press the board's reset button once; if it stays in its bootloader (the LED "
                                        + "pulsing) the new sketch fails at boot, so check it with a serial monitor; "
                                        + "`pawscope boards` lists what is connected", null);
            }
            ticker.sleep(POLL);
        }
    }

    /** Reports the listing if it differs from {@code last}; returns it. */
    private Set<String> report(String boardId, List<ConnectedBoard> ports, Set<String> last, long start,
            List<String> history) {
        Set<String> now = new TreeSet<>();
        ports.forEach(p -> now.add(describe(p)));
        if (!now.equals(last)) {
            String at = String.format(Locale.ROOT, "%.1f s", (ticker.nanoTime() - start) / 1e9);
            String change = now.isEmpty() ? "no " + boardId + " port" : String.join(", ", now);
            progress.accept(boardId + " ports at " + at + ": " + change);
            history.add(at + ": " + change);
        }
        return now;
    }

    /** The port to return: in the wanted mode, and for the application only when no bootloader port is listed. */
    private static ConnectedBoard pick(List<ConnectedBoard> ports, boolean bootloader) {
        boolean anyBootloader = ports.stream().anyMatch(p -> p.mode() == BoardMode.BOOTLOADER);
        for (ConnectedBoard p : ports) {
            if (bootloader && p.mode() == BoardMode.BOOTLOADER) {
                return p;
            }
            if (!bootloader && !anyBootloader
                    && (p.mode() == BoardMode.APPLICATION || p.mode() == BoardMode.BEHIND_BRIDGE)) {
                return p;
            }
        }
        return null;
    }

    private static String describe(ConnectedBoard p) {
        return p.port().path() + " (" + p.port().usbId() + ", " + p.mode().label() + ")";
    }
}
