package dev.pawscope.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.host.testing.TinyModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoardCommandTest {

    @TempDir
    Path tmp;

    @Test
    void anUnknownBoardListsTheKnownOnes() {
        CliRun run = CliRun.of("board", "start", "uno", "--model", TinyModel.model().toString());
        assertEquals(3, run.exitCode(), run.toString());
        assertTrue(run.err().contains("unknown board 'uno'") && run.err().contains("sim"), run.err());
    }

    @Test
    void exportRefusesAModelWhoseArenaExceedsTheBoardsRamWithTheNumbers() throws Exception {
        // A checkout whose only board has 1 KB of RAM: the tiny model's arena does not fit.
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("firmware/include"));
        Files.writeString(home.resolve("firmware/include/ps_model.h"), "/* marker */\n");
        Files.createDirectories(home.resolve("boards/tiny"));
        Files.writeString(home.resolve("boards/tiny/board.json"), "{\"id\": \"tiny\", \"name\": \"a 1 KB board\", "
                + "\"flash_bytes\": 65536, \"ram_bytes\": 1024, \"usb\": []}");
        String previous = System.getProperty("pawscope.home");
        System.setProperty("pawscope.home", home.toString());
        try {
            CliRun run = CliRun.of("export", "c", TinyModel.model().toString(), "--out", tmp.resolve("c").toString(),
                    "--board", "tiny");
            assertEquals(3, run.exitCode(), run.toString());
            assertTrue(run.err().contains("the a 1 KB board has 1,024 B of RAM"), run.err());
            assertTrue(!Files.exists(tmp.resolve("c")), "nothing written");
        } finally {
            if (previous == null) {
                System.clearProperty("pawscope.home");
            } else {
                System.setProperty("pawscope.home", previous);
            }
        }
    }

    @Test
    void exportCWritesTheModelAndItsMemoryPlanAndChecksTheBoardsRam() throws Exception {
        Path out = tmp.resolve("c");
        CliRun run = CliRun.of("export", "c", TinyModel.model().toString(), "--out", out.toString(), "--board",
                "nano33ble");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("of 262,144 B RAM on nano33ble"), run.out());
        if (dev.pawscope.host.board.QemuTools.present()) {
            assertTrue(run.out().contains("linked Cortex-M4F build: flash") && run.out().contains("of 983,040 B"),
                    "the footprint from the linker map: " + run.out());
        }
        String source = Files.readString(out.resolve("ps_generated_model.c"));
        assertTrue(source.contains("const ps_model ps_generated_model"), "the model symbol");
        assertTrue(Files.readString(out.resolve("memory_plan.json")).contains("\"arena_bytes\""));
        CliRun again = CliRun.of("export", "c", TinyModel.model().toString(), "--out", out.toString());
        assertEquals(3, again.exitCode(), "an existing export needs --force: " + again);
        assertEquals(0, CliRun.of("export", "c", TinyModel.model().toString(), "--out", out.toString(), "--force")
                .exitCode());
    }
}
