package dev.pawscope.quantize.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FixedPointGoldenWriterTest {

    @Test
    void theCommittedFileIsExactlyWhatTheWriterProducesToday() throws IOException {
        String committed = Files.readString(FixedPointGoldenVectorsTest.GOLDEN_FILE, StandardCharsets.UTF_8);
        String rendered = String.join("\n", FixedPointGoldenWriter.render()) + "\n";
        assertTrue(committed.equals(rendered), () -> FixedPointGoldenVectorsTest.GOLDEN_FILE
                + " is stale; regenerate it from the repository root with: "
                + FixedPointGoldenWriter.REGENERATE_COMMAND);
    }

    @Test
    void renderingTwiceGivesTheSameLines() {
        assertEquals(FixedPointGoldenWriter.render(), FixedPointGoldenWriter.render());
    }

    @Test
    void aboutTwoThousandVectorsFollowTheHeader() {
        List<String> lines = FixedPointGoldenWriter.render();
        long vectors = lines.stream().filter(line -> !line.startsWith("#")).count();
        assertTrue(vectors >= 1800 && vectors <= 2500, "found " + vectors + " vectors");
        assertEquals(FixedPointGoldenWriter.HEADER, lines.get(0));
    }

    @Test
    void mainReplacesAnExistingFileAndLeavesNoTemporaryFileBehind(@TempDir Path directory) throws IOException {
        Path target = directory.resolve("fixedpoint_vectors.txt");
        Files.writeString(target, "stale\n");

        FixedPointGoldenWriter.main(new String[] {target.toString()});

        assertEquals(FixedPointGoldenWriter.render(), Files.readAllLines(target, StandardCharsets.UTF_8));
        try (Stream<Path> files = Files.list(directory)) {
            assertEquals(List.of(target), files.toList());
        }
    }

    @Test
    void mainRejectsAMissingOrExtraArgument() {
        IllegalArgumentException none =
                assertThrows(IllegalArgumentException.class, () -> FixedPointGoldenWriter.main(new String[0]));
        assertTrue(none.getMessage().contains("expected 1 argument") && none.getMessage().contains("found 0"),
                none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FixedPointGoldenWriter.main(new String[] {"a", "b"}));
    }

    @Test
    void mainRejectsAnOutputDirectoryThatDoesNotExist(@TempDir Path directory) {
        Path target = directory.resolve("missing/fixedpoint_vectors.txt");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FixedPointGoldenWriter.main(new String[] {target.toString()}));
        assertTrue(e.getMessage().contains("repository root"), e.getMessage());
    }
}
