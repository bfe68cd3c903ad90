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

class SoftmaxGoldenWriterTest {

    @Test
    void theCommittedFileIsExactlyWhatTheWriterProducesToday() throws IOException {
        String committed = Files.readString(SoftmaxGoldenVectorsTest.GOLDEN_FILE, StandardCharsets.UTF_8);
        String rendered = String.join("\n", SoftmaxGoldenWriter.render()) + "\n";
        assertTrue(committed.equals(rendered), () -> SoftmaxGoldenVectorsTest.GOLDEN_FILE
                + " is stale; regenerate it from the repository root with: "
                + SoftmaxGoldenWriter.REGENERATE_COMMAND);
    }

    @Test
    void renderingTwiceGivesTheSameLines() {
        assertEquals(SoftmaxGoldenWriter.render(), SoftmaxGoldenWriter.render());
    }

    @Test
    void aboutTwoHundredCasesFollowTheHeaderEachWithMatchingInAndOutLines() {
        List<String> lines = SoftmaxGoldenWriter.render();
        assertEquals(SoftmaxGoldenWriter.HEADER, lines.get(0));
        long cases = lines.stream().filter(line -> line.startsWith("case ")).count();
        assertTrue(cases >= 180 && cases <= 250, "found " + cases + " cases");
        long in = lines.stream().filter(line -> line.startsWith("in ")).count();
        long out = lines.stream().filter(line -> line.startsWith("out ")).count();
        assertEquals(in, out);
        assertTrue(lines.stream().allMatch(line -> line.startsWith("#") || line.startsWith("case ")
                || line.startsWith("in ") || line.startsWith("out ")), "only comments, case, in and out lines");
    }

    @Test
    void mainReplacesAnExistingFileAndLeavesNoTemporaryFileBehind(@TempDir Path directory) throws IOException {
        Path target = directory.resolve("softmax_vectors.txt");
        Files.writeString(target, "stale\n");

        SoftmaxGoldenWriter.main(new String[] {target.toString()});

        assertEquals(SoftmaxGoldenWriter.render(), Files.readAllLines(target, StandardCharsets.UTF_8));
        try (Stream<Path> files = Files.list(directory)) {
            assertEquals(List.of(target), files.toList());
        }
    }

    @Test
    void mainRejectsAMissingOrExtraArgument() {
        IllegalArgumentException none =
                assertThrows(IllegalArgumentException.class, () -> SoftmaxGoldenWriter.main(new String[0]));
        assertTrue(none.getMessage().contains("expected 1 argument") && none.getMessage().contains("found 0"),
                none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SoftmaxGoldenWriter.main(new String[] {"a", "b"}));
    }

    @Test
    void mainRejectsAnOutputDirectoryThatDoesNotExist(@TempDir Path directory) {
        Path target = directory.resolve("missing/softmax_vectors.txt");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SoftmaxGoldenWriter.main(new String[] {target.toString()}));
        assertTrue(e.getMessage().contains("repository root"), e.getMessage());
    }
}
