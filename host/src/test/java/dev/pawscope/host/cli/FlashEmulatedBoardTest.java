package dev.pawscope.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pawscope.host.board.QemuTools;
import dev.pawscope.host.board.RunningBoard;
import dev.pawscope.host.board.RunningBoards;
import dev.pawscope.host.quant.Int8Model;
import dev.pawscope.host.testing.TinyModel;
import dev.pawscope.host.view.BoardSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pawscope flash --board sim|qemu-m4} for real: the firmware built and booted in the
 * background, registered, verified by HELLO's model hash, attached to by the viewer, replaced,
 * stopped. A private run folder keeps the user's registry out of it; every board is stopped after.
 */
class FlashEmulatedBoardTest {

    @TempDir
    Path run;

    private RunningBoards registry;

    @BeforeEach
    void privateRunFolder() {
        System.setProperty(RunningBoards.DIR_PROPERTY, run.toString());
        registry = RunningBoards.standard();
        assertEquals(run.toAbsolutePath().normalize(), registry.dir());
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (RunningBoard r : registry.all()) {
            registry.stop(r.board());
        }
        System.clearProperty(RunningBoards.DIR_PROPERTY);
    }

    @Test
    void theSimIsFlashedIntoTheBackgroundVerifiedAttachedToReplacedAndStopped() throws Exception {
        String model = TinyModel.model().toString();
        CliRun flash = CliRun.of("flash", "--board", "sim", "--model", model);
        assertEquals(0, flash.exitCode(), flash.toString());
        assertTrue(flash.out().contains("flashed and verified: board 'sim'"), flash.out());
        RunningBoard first = registry.get("sim").orElseThrow();
        Int8Model int8 = Int8Model.load(TinyModel.model());
        assertEquals(int8.hashHex(), first.modelHash());
        assertTrue(ProcessHandle.of(first.pid()).orElseThrow().isAlive(), "it outlives the command");
        Path link = Path.of(first.link());
        assertEquals(Path.of(first.port()), Files.readSymbolicLink(link));
        assertTrue(Files.isRegularFile(Path.of(first.log())));

        // the viewer attaches to the registered board and leaves it running when it closes
        List<String> log = new ArrayList<>();
        try (BoardSession session = BoardSession.open("sim", int8, 5, log::add)) {
            assertTrue(session.modelHashMatches());
            assertEquals(first.link(), session.port());
        }
        assertTrue(log.stream().anyMatch(l -> l.contains("attaching to the sim running in the background")),
                String.join("\n", log));
        assertTrue(ProcessHandle.of(first.pid()).orElseThrow().isAlive(), "closing the view does not stop it");

        CliRun boards = CliRun.of("boards");
        assertEquals(0, boards.exitCode(), boards.toString());
        assertTrue(boards.out().contains("sim        running, pid " + first.pid()), boards.out());

        CliRun again = CliRun.of("flash", "--board", "sim", "--model", model);
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.err().contains("stopped the running sim (pid " + first.pid()), again.err());
        RunningBoard second = registry.get("sim").orElseThrow();
        assertNotEquals(first.pid(), second.pid());
        assertFalse(ProcessHandle.of(first.pid()).map(ProcessHandle::isAlive).orElse(false), "the old one is gone");

        CliRun stop = CliRun.of("board", "stop", "sim");
        assertEquals(0, stop.exitCode(), stop.toString());
        assertTrue(stop.out().contains("stopped sim (pid " + second.pid()), stop.out());
        assertFalse(ProcessHandle.of(second.pid()).map(ProcessHandle::isAlive).orElse(false));
        assertFalse(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS), "the link is removed");
        assertTrue(registry.get("sim").isEmpty());
        assertTrue(CliRun.of("board", "stop", "sim").out().contains("sim was not running"));
    }

    @Test
    void qemuM4IsFlashedIntoTheBackgroundAndVerifiedByItsModelHash() throws Exception {
        assumeTrue(QemuTools.present(), "make, arm-none-eabi-gcc or qemu-system-arm is missing (Debian: sudo "
                + "apt-get install make gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm)");
        CliRun flash = CliRun.of("flash", "--board", "qemu-m4", "--model", TinyModel.model().toString());
        assertEquals(0, flash.exitCode(), flash.toString());
        assertTrue(flash.out().contains("flashed and verified: board 'qemu-m4'"), flash.out());
        RunningBoard qemu = registry.get("qemu-m4").orElseThrow();
        assertTrue(qemu.firmware().endsWith("firmware.elf"), qemu.firmware());
        assertTrue(ProcessHandle.of(qemu.pid()).orElseThrow().info().command().orElse("qemu-system-arm")
                .endsWith("qemu-system-arm"));
        try (BoardSession session = BoardSession.open("qemu-m4", Int8Model.load(TinyModel.model()), 0, l -> { })) {
            assertTrue(session.modelHashMatches());
            assertEquals("qemu-m4", session.hello().boardId());
        }
        CliRun stop = CliRun.of("board", "stop", "--all");
        assertEquals(0, stop.exitCode(), stop.toString());
        assertTrue(stop.out().contains("stopped qemu-m4"), stop.out());
        assertFalse(ProcessHandle.of(qemu.pid()).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void aDeadBoardsEntryIsCleanedUpWhenRead() throws Exception {
        Path link = registry.linkPath("sim");
        Files.createSymbolicLink(link, Path.of("/dev/pts/999"));
        // pid of a process that has exited: started and waited for here
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        registry.register(new RunningBoard("sim", gone.pid(), "/bin/true", "/dev/pts/999", link.toString(),
                "00", "/bin/true", "2026-01-01T00:00:00Z", run.resolve("sim.log").toString()));
        assertTrue(registry.get("sim").isEmpty());
        assertFalse(Files.exists(registry.entryFile("sim")));
        assertFalse(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aLiveProcessRunningAnotherProgramIsNotTakenForTheBoard() throws Exception {
        // this JVM's own pid, registered as if it were a sim: alive, but not the sim's binary
        long self = ProcessHandle.current().pid();
        registry.register(new RunningBoard("sim", self, "/nonexistent/pawscope-sim", "/dev/pts/998",
                registry.linkPath("sim").toString(), "00", "/nonexistent/pawscope-sim", "2026-01-01T00:00:00Z", ""));
        assertTrue(registry.get("sim").isEmpty(), "a reused pid is never stopped as the board");
    }

    @Test
    void optionsForRealBoardsAreRefusedForEmulatedOnes() {
        CliRun run = CliRun.of("flash", "--board", "sim", "--model", TinyModel.model().toString(), "--port",
                "/dev/ttyACM0");
        assertEquals(3, run.exitCode(), run.toString());
        assertTrue(run.err().contains("--port, --tool and --setup are for real boards"), run.err());
        CliRun stop = CliRun.of("board", "stop", "nano33ble");
        assertEquals(3, stop.exitCode(), stop.toString());
        assertTrue(stop.err().contains("expected an emulated board"), stop.err());
        assertEquals(3, CliRun.of("board", "stop").exitCode());
    }
}
