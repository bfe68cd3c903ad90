package dev.pawscope.host.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pawscope.host.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {

    @TempDir
    Path tmp;

    /** 12 images per class at 32x32: enough for every command that checks before it trains. */
    private Path smallSynth() {
        Path d = tmp.resolve("d");
        CliRun run = CliRun.of("dataset", "synth", "--out", d.toString(), "--per-class", "12", "--size", "32");
        assertEquals(0, run.exitCode(), run.toString());
        return d;
    }

    @Test
    void helpListsTheSubcommandsAndExitsZero() {
        CliRun run = CliRun.of("--help");
        assertEquals(0, run.exitCode(), run.toString());
        for (String sub : new String[]{"dataset", "train", "import", "info", "bench"}) {
            assertTrue(run.out().contains(sub), sub + " missing from\n" + run.out());
        }
    }

    @Test
    void everySubcommandHasHelp() {
        for (String[] args : new String[][]{{"dataset", "synth", "--help"}, {"dataset", "import", "--help"},
                {"dataset", "stats", "--help"}, {"train", "--help"}, {"info", "--help"}, {"bench", "train", "--help"}}) {
            CliRun run = CliRun.of(args);
            assertEquals(0, run.exitCode(), run.toString());
            assertTrue(run.out().contains("Usage: pawscope"), run.toString());
        }
    }

    @Test
    void anUnknownOptionIsAUsageErrorWithASuggestion() {
        CliRun run = CliRun.of("train", "--data", "x", "--out", "y", "--epoch", "3");
        assertEquals(ExitCode.USAGE.status(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("'--epoch'"), run.err());
        assertTrue(run.err().contains("Possible solutions: --epochs"), "suggests the near miss: " + run.err());
    }

    @Test
    void aBadGeneratorArgumentIsBadInputWithAHint() {
        CliRun run = CliRun.of("dataset", "synth", "--out", tmp.resolve("d").toString(), "--per-class", "0");
        assertEquals(ExitCode.BAD_INPUT.status(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("expected --per-class >= 1, found 0"), run.err());
        assertTrue(run.err().contains("hint:"), run.err());
        assertFalse(Files.exists(tmp.resolve("d")));
    }

    @Test
    void synthStatsAndAnExistingOutputWithoutForce() throws IOException {
        Path d = tmp.resolve("d");
        CliRun synth = CliRun.of("dataset", "synth", "--out", d.toString(), "--per-class", "12", "--size", "32");
        assertEquals(0, synth.exitCode(), synth.toString());
        JsonNode manifest = Json.mapper().readTree(d.resolve("manifest.json").toFile());
        assertEquals(48, manifest.get("entries").size());
        assertEquals(32, manifest.get("input").get("width").asInt());

        CliRun again = CliRun.of("dataset", "synth", "--out", d.toString(), "--per-class", "12");
        assertEquals(ExitCode.BAD_INPUT.status(), again.exitCode(), again.toString());
        assertTrue(again.err().contains("--force"), again.err());

        CliRun stats = CliRun.of("dataset", "stats", d.toString());
        assertEquals(0, stats.exitCode(), stats.toString());
        assertTrue(stats.out().contains("lie_down"), stats.out());
        assertTrue(Files.size(d.resolve("contact_sheet.png")) > 1000);
    }

    @Test
    void forceReplacesOnlyFoldersPawscopeMade() throws IOException {
        Path photos = tmp.resolve("photos");
        Files.createDirectories(photos);
        Files.writeString(photos.resolve("holiday.jpg"), "precious");
        CliRun run = CliRun.of("dataset", "synth", "--out", photos.toString(), "--per-class", "3", "--force");
        assertEquals(ExitCode.BAD_INPUT.status(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("--force replaces only folders pawscope made"), run.err());
        assertEquals("precious", Files.readString(photos.resolve("holiday.jpg")));

        Path d = smallSynth();
        CliRun again = CliRun.of("dataset", "synth", "--out", d.toString(), "--per-class", "2", "--size", "32", "--force");
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.out().contains("wrote 8 images"), again.out());
    }

    @Test
    void aModelIsNeverWrittenOverItsOwnDataset() {
        Path d = smallSynth();
        CliRun run = CliRun.of("train", "--data", d.toString(), "--out", d.toString(), "--force");
        assertEquals(ExitCode.BAD_INPUT.status(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("overlapping"), run.err());
        assertTrue(Files.exists(d.resolve("manifest.json")));
    }

    @Test
    void trainingOnAFolderThatIsNotADatasetSaysWhatToDo() throws IOException {
        Files.createDirectories(tmp.resolve("empty"));
        CliRun run = CliRun.of("train", "--data", tmp.resolve("empty").toString(), "--out", tmp.resolve("m").toString());
        assertEquals(ExitCode.BAD_INPUT.status(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("manifest"), run.err());
        assertTrue(run.err().contains("pawscope dataset synth"), run.err());
    }

    @Test
    void aSingleClassDatasetIsRefused() throws IOException {
        Path d = tmp.resolve("one");
        Files.createDirectories(d);
        Files.writeString(d.resolve("manifest.json"), """
                {"format": "pawscope-dataset", "version": 1, "source": "import", "created_by": "hand",
                 "labels": ["sit"], "input": {"width": 48, "height": 48, "channels": 1},
                 "counts": {}, "hash": "x", "entries": []}""");
        CliRun run = CliRun.of("train", "--data", d.toString(), "--out", tmp.resolve("m").toString());
        assertEquals(ExitCode.BAD_INPUT.status(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("expected at least 2 labels, found [sit]"), run.err());
    }

    @Test
    void anUnknownLayerInTheSpecIsNamedAndNothingIsWritten() {
        Path d = smallSynth();
        CliRun run = CliRun.of("train", "--data", d.toString(), "--out", tmp.resolve("m").toString(),
                "--arch", "Conv2D(8, 3), BatchNorm, Flatten, Dense(4), Softmax");
        assertEquals(ExitCode.BAD_INPUT.status(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("unknown layer 'BatchNorm'"), run.err());
        assertTrue(run.err().contains("pawnet"), "the hint lists the built-in architectures: " + run.err());
        assertFalse(Files.exists(tmp.resolve("m")));
    }

    @Test
    void impossibleShapesAreRefusedBeforeTraining() {
        Path d = smallSynth();
        CliRun run = CliRun.of("train", "--data", d.toString(), "--out", tmp.resolve("m").toString(),
                "--arch", "Conv2D(8, 7), MaxPool(4), MaxPool(4), Conv2D(8, 3), Flatten, Dense(4), Softmax");
        // 32 -> 26 -> 6 -> 1: a 3x3 window no longer fits
        assertEquals(ExitCode.BAD_INPUT.status(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("does not fit"), run.err());
    }

    @Test
    void aModelFolderFromAnotherVersionIsRefusedWithExpectedAndFound() throws IOException {
        Path m = tmp.resolve("m");
        Files.createDirectories(m);
        Files.writeString(m.resolve("model.json"), """
                {"format": "pawscope-model", "version": 7, "pawscope_version": "9.9.9"}""");
        CliRun run = CliRun.of("info", m.toString());
        assertEquals(ExitCode.BAD_INPUT.status(), run.exitCode(), run.toString());
        assertTrue(run.err().contains("expected a pawscope-model version 1 file, found pawscope-model version 7 (written by pawscope 9.9.9)"), run.err());
    }

    @Test
    void importingPhotosReportsUnreadableFilesAndCarriesOn() throws IOException {
        Path src = tmp.resolve("photos");
        Path d = tmp.resolve("d");
        assertEquals(0, CliRun.of("dataset", "synth", "--out", d.toString(), "--per-class", "3", "--size", "32").exitCode());
        for (String label : new String[]{"sit", "no_dog"}) {
            Files.createDirectories(src.resolve(label));
            Files.copy(d.resolve(label + "/" + label + "_00000.png"), src.resolve(label + "/a.png"));
        }
        Files.writeString(src.resolve("sit/broken.jpg"), "not an image");
        CliRun run = CliRun.of("dataset", "import", src.toString(), "--out", tmp.resolve("imported").toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("imported 2 of 3 images"), run.out());
        assertTrue(run.out().contains("broken.jpg"), run.out());
    }
}
