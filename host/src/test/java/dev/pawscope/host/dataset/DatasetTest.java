package dev.pawscope.host.dataset;

import dev.pawscope.host.cli.PawscopeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetTest {

    @TempDir
    Path tmp;

    private static GrayImage image(int seed) {
        byte[] px = new byte[16 * 16];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * seed);
        }
        return new GrayImage(16, 16, px);
    }

    private DatasetManifest write(Path out, int... seeds) throws IOException {
        try (DatasetWriter w = new DatasetWriter(out, List.of("a", "b"), InputSpec.square(16), false)) {
            for (int s : seeds) {
                w.add(s % 2 == 0 ? "a" : "b", "img" + s, image(s), s % 3 == 0 ? image(s + 1) : null);
            }
            return w.commit("test", "unit test");
        }
    }

    @Test
    void whatIsWrittenReadsBackWithItsSplitAndMask() throws IOException {
        DatasetManifest m = write(tmp.resolve("d"), 1, 2, 3, 4);
        Dataset d = Dataset.open(tmp.resolve("d"));
        assertEquals(m, d.manifest());
        DatasetEntry third = d.manifest().entries().stream().filter(e -> e.path().equals("b/img3.png")).findFirst().orElseThrow();
        assertEquals(image(3), d.readImage(third.path()));
        assertEquals(image(4), d.mask(third));
        int loaded = 0;
        for (Split s : Split.values()) {
            loaded += d.load(s).size();
        }
        assertEquals(4, loaded);
    }

    @Test
    void theContentHashIgnoresWriteOrderButSeesContent() throws IOException {
        String h1 = write(tmp.resolve("x"), 1, 2, 3).hash();
        String h2 = write(tmp.resolve("y"), 3, 1, 2).hash();
        String h3 = write(tmp.resolve("z"), 1, 2, 5).hash();
        assertEquals(h1, h2);
        assertNotEquals(h1, h3);
    }

    @Test
    void anUncommittedWriterLeavesNothingBehind() throws IOException {
        try (DatasetWriter w = new DatasetWriter(tmp.resolve("d"), List.of("a", "b"), InputSpec.square(16), false)) {
            w.add("a", "one", image(1), null);
        }
        try (var list = Files.list(tmp)) {
            assertEquals(0, list.count());
        }
    }

    @Test
    void anExistingNonEmptyOutputIsRefusedWithoutForce() throws IOException {
        write(tmp.resolve("d"), 1, 2);
        PawscopeException e = assertThrows(PawscopeException.class, () -> write(tmp.resolve("d"), 1, 2));
        assertTrue(e.hint().contains("--force"), e.hint());
    }

    @Test
    void aWrongSizedImageIsRefused() throws IOException {
        try (DatasetWriter w = new DatasetWriter(tmp.resolve("d"), List.of("a", "b"), InputSpec.square(16), false)) {
            assertThrows(IllegalArgumentException.class, () -> w.add("a", "big", new GrayImage(17, 16, new byte[17 * 16]), null));
        }
    }

    @Test
    void folderThatIsNotADatasetSaysWhatToDo() throws IOException {
        Files.createDirectories(tmp.resolve("photos/sit"));
        PawscopeException e = assertThrows(PawscopeException.class, () -> Dataset.open(tmp.resolve("photos")));
        assertTrue(e.getMessage().contains("manifest"), e.getMessage());
        assertTrue(e.hint().contains("dataset import"), e.hint());
        assertThrows(PawscopeException.class, () -> Dataset.open(tmp.resolve("missing")));
    }

    @Test
    void aManifestFromAnotherVersionIsRefused() throws IOException {
        write(tmp.resolve("d"), 1, 2);
        Path manifest = tmp.resolve("d/manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"version\" : 1", "\"version\" : 99"));
        PawscopeException e = assertThrows(PawscopeException.class, () -> Dataset.open(tmp.resolve("d")));
        assertTrue(e.getMessage().contains("version 99"), e.getMessage());
    }

    @Test
    void aDamagedManifestIsRefused() throws IOException {
        write(tmp.resolve("d"), 1, 2);
        Files.writeString(tmp.resolve("d/manifest.json"), "{ not json");
        assertThrows(PawscopeException.class, () -> Dataset.open(tmp.resolve("d")));
    }

    @Test
    void anImageDamagedAfterWritingIsReportedByPath() throws IOException {
        write(tmp.resolve("d"), 1, 2);
        Files.writeString(tmp.resolve("d/b/img1.png"), "garbage");
        Dataset d = Dataset.open(tmp.resolve("d"));
        PawscopeException e = assertThrows(PawscopeException.class, () -> d.readImage("b/img1.png"));
        assertTrue(e.getMessage().contains("img1.png"), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }
}
