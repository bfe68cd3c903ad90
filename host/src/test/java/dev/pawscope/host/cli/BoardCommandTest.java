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
    void exportCWritesTheModelAndItsMemoryPlanAndChecksTheBoardsRam() throws Exception {
        Path out = tmp.resolve("c");
        CliRun run = CliRun.of("export", "c", TinyModel.model().toString(), "--out", out.toString(), "--board",
                "nano33ble");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("of 262,144 B RAM on nano33ble"), run.out());
        String source = Files.readString(out.resolve("ps_generated_model.c"));
        assertTrue(source.contains("const ps_model ps_generated_model"), "the model symbol");
        assertTrue(Files.readString(out.resolve("memory_plan.json")).contains("\"arena_bytes\""));
        CliRun again = CliRun.of("export", "c", TinyModel.model().toString(), "--out", out.toString());
        assertEquals(3, again.exitCode(), "an existing export needs --force: " + again);
        assertEquals(0, CliRun.of("export", "c", TinyModel.model().toString(), "--out", out.toString(), "--force")
                .exitCode());
    }
}
