package dev.pawscope.host.link.discovery;

import static dev.pawscope.host.link.discovery.BoardDiscoveryTest.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.host.cli.PawscopeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The wait-for-port logic against simulated port listings over simulated time: each listing
 * holds from its time until the next one's, and the waiter's sleeps advance the clock.
 */
class PortWaiterTest {

    /** A clock that only moves when the waiter sleeps. */
    private static final class SimulatedTime implements Ticker {
        long nanos;

        @Override
        public long nanoTime() {
            return nanos;
        }

        @Override
        public void sleep(Duration duration) {
            nanos += duration.toNanos();
        }
    }

    /** Listings by the millisecond they appear at. */
    private static PortLister timeline(SimulatedTime time, Map<Long, List<SerialPortEntry>> listings) {
        TreeMap<Long, List<SerialPortEntry>> byTime = new TreeMap<>(listings);
        return () -> {
            Map.Entry<Long, List<SerialPortEntry>> e = byTime.floorEntry(time.nanos / 1_000_000);
            return e == null ? List.of() : e.getValue();
        };
    }

    private final SimulatedTime time = new SimulatedTime();
    private final List<String> progress = new ArrayList<>();

    private PortWaiter waiter(Map<Long, List<SerialPortEntry>> listings) {
        return new PortWaiter(BoardDiscoveryTest.discovery(timeline(time, listings)), time, progress::add);
    }

    @Test
    void theNanoComesBackAsTheSketchUnderAnotherPathAfterItsBootloader() throws Exception {
        PortWaiter w = waiter(Map.of(
                0L, List.of(port("/dev/ttyACM0", "2341:005a")),
                1500L, List.of(),
                2200L, List.of(port("/dev/ttyACM1", "2341:805a"))));
        ConnectedBoard app = w.awaitApplication("nano33ble", Duration.ofSeconds(30));
        assertEquals("/dev/ttyACM1", app.port().path());
        assertEquals(BoardMode.APPLICATION, app.mode());
        assertTrue(time.nanos >= 2_200_000_000L + PortWaiter.POLL.toNanos(), "it waited for a second listing");
        assertEquals(3, progress.size(), String.join("\n", progress));
        assertTrue(progress.get(0).contains("/dev/ttyACM0 (2341:005a, bootloader)"), progress.get(0));
        assertTrue(progress.get(1).contains("no nano33ble port"), progress.get(1));
        assertTrue(progress.get(2).contains("/dev/ttyACM1 (2341:805a, application)"), progress.get(2));
    }

    @Test
    void anApplicationPortListedBesideALingeringBootloaderIsNotTakenYet() throws Exception {
        PortWaiter w = waiter(Map.of(
                0L, List.of(port("/dev/ttyACM0", "2341:005a"), port("/dev/ttyACM1", "2341:805a")),
                1000L, List.of(port("/dev/ttyACM1", "2341:805a"))));
        assertEquals("/dev/ttyACM1", w.awaitApplication("nano33ble", Duration.ofSeconds(10)).port().path());
        assertTrue(time.nanos >= 1_000_000_000L, "not before the bootloader port was gone");
    }

    @Test
    void aPortThatFlickersForOnePollDoesNotCount() throws Exception {
        PortWaiter w = waiter(Map.of(
                0L, List.of(),
                500L, List.of(port("/dev/ttyACM0", "2341:805a")),
                600L, List.of(),
                3000L, List.of(port("/dev/ttyACM2", "2341:805a"))));
        assertEquals("/dev/ttyACM2", w.awaitApplication("nano33ble", Duration.ofSeconds(10)).port().path());
    }

    @Test
    void aBoardStuckInItsBootloaderTimesOutSayingWhatWasSeen() {
        PortWaiter w = waiter(Map.of(0L, List.of(port("/dev/ttyACM0", "2341:005a"))));
        PawscopeException e = assertThrows(PawscopeException.class,
                () -> w.awaitApplication("nano33ble", Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains("application port did not appear within 5 s"), e.getMessage());
        assertTrue(e.getMessage().contains("/dev/ttyACM0 (2341:005a, bootloader)"), e.getMessage());
        assertTrue(e.hint().contains("reset"), e.hint());
        assertEquals(5_000_000_000L, time.nanos, "it gave up at the timeout, not later");
    }

    @Test
    void waitingForTheBootloaderReturnsItsPortAsSoonAsItIsListed() throws Exception {
        PortWaiter w = waiter(Map.of(
                0L, List.of(port("/dev/ttyACM0", "2341:805a")),
                750L, List.of(port("/dev/ttyACM0", "2341:005a"))));
        ConnectedBoard boot = w.awaitBootloader("nano33ble", Duration.ofSeconds(5));
        assertEquals(BoardMode.BOOTLOADER, boot.mode());
        assertEquals(750_000_000L, time.nanos);
    }

    @Test
    void aBoardBehindASerialBridgeCountsAsBackWhenItsPortIsListed() throws Exception {
        PortWaiter w = waiter(Map.of(0L, List.of(port("/dev/ttyUSB0", "10c4:ea60"))));
        ConnectedBoard c = w.awaitApplication("esp32cam", Duration.ofSeconds(5));
        assertEquals(BoardMode.BEHIND_BRIDGE, c.mode());
        assertEquals("/dev/ttyUSB0", c.port().path());
    }

    @Test
    void theWatchDuringAnUploadReportsTheBootloaderComingAndGoing() throws Exception {
        PortWaiter w = waiter(Map.of(
                0L, List.of(port("/dev/ttyACM0", "2341:805a")),
                400L, List.of(),
                900L, List.of(port("/dev/ttyACM0", "2341:005a")),
                4000L, List.of()));
        assertTrue(w.watchWhile("nano33ble", () -> time.nanos < 5_000_000_000L));
        assertEquals(4, progress.size(), String.join("\n", progress));
        assertTrue(progress.get(2).contains("(2341:005a, bootloader)"), progress.get(2));
        progress.clear();
        PortWaiter quiet = waiter(Map.of(0L, List.of(port("/dev/ttyACM0", "2341:805a"))));
        assertFalse(quiet.watchWhile("nano33ble", () -> time.nanos < 8_000_000_000L), "no bootloader was listed");
    }
}
