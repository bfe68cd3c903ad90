package dev.pawscope.host.dataset;

import dev.pawscope.host.cli.PawscopeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageFolderImporterTest {

    @TempDir
    Path tmp;

    private static void photo(Path file, int w, int h, Color c, String format) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, w, h);
        g.dispose();
        ImageIO.write(img, format, file.toFile());
    }

    @Test
    void colourPhotosOfAnySizeBecomeGrayscaleInputsAndBrokenFilesAreSkipped() throws IOException {
        Path src = tmp.resolve("photos");
        photo(src.resolve("sit/a.jpg"), 640, 480, Color.RED, "jpg");
        photo(src.resolve("sit/b.png"), 100, 300, Color.WHITE, "png");
        photo(src.resolve("no_dog/c.PNG"), 50, 50, Color.BLUE, "png");
        Files.writeString(src.resolve("no_dog/broken.jpg"), "not a jpeg at all");
        Files.writeString(src.resolve("no_dog/notes.txt"), "ignored: not an image extension");

        var result = new ImageFolderImporter(InputSpec.square(48))
                .importFolder(src, tmp.resolve("out"), false, "test", n -> { });

        assertEquals(List.of("no_dog", "sit"), result.manifest().labels());
        assertEquals(3, result.manifest().entries().size());
        assertEquals(1, result.skipped().size());
        assertTrue(result.skipped().get(0).file().endsWith("broken.jpg"));
        Dataset d = Dataset.open(tmp.resolve("out"));
        for (DatasetEntry e : d.manifest().entries()) {
            GrayImage img = d.readImage(e.path());
            assertEquals(48, img.width());
            assertFalse(e.hasMask());
        }
        GrayImage white = d.readImage(d.manifest().entries().stream().filter(e -> e.path().contains("b_png")).findFirst()
                .orElseThrow().path());
        assertEquals(255, white.get(10, 10));
    }

    @Test
    void namesThatBecomeEqualWhenMadeSafeAreKeptApartAndMasksAreNotPhotos() throws IOException {
        Path src = tmp.resolve("photos");
        photo(src.resolve("sit/a b.png"), 20, 20, Color.WHITE, "png");
        photo(src.resolve("sit/a_b.png"), 20, 20, Color.BLACK, "png");
        photo(src.resolve("sit/x.mask.png"), 20, 20, Color.WHITE, "png");
        photo(src.resolve("no_dog/c.png"), 20, 20, Color.GRAY, "png");
        var result = new ImageFolderImporter(InputSpec.square(48))
                .importFolder(src, tmp.resolve("out"), false, "test", n -> { });
        assertEquals(3, result.manifest().entries().size(), "the mask is not imported as a photo");
        long distinctSitPhotos = result.manifest().entries().stream().filter(e -> e.label().equals("sit"))
                .map(DatasetEntry::sha256).distinct().count();
        assertEquals(2, distinctSitPhotos, "'a b.png' and 'a_b.png' are both kept");
    }

    @Test
    void aFolderWithASingleClassIsRefusedWithAHint() throws IOException {
        Path src = tmp.resolve("one");
        photo(src.resolve("sit/a.png"), 10, 10, Color.GRAY, "png");
        PawscopeException e = assertThrows(PawscopeException.class,
                () -> new ImageFolderImporter(InputSpec.square(48)).importFolder(src, tmp.resolve("o"), false, "t", n -> { }));
        assertTrue(e.getMessage().contains("at least 2 label folders"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("o")), "nothing half-written");
    }

    @Test
    void aLabelWithOnlyUnreadableFilesIsRefusedAndNothingIsLeftBehind() throws IOException {
        Path src = tmp.resolve("bad");
        photo(src.resolve("sit/a.png"), 10, 10, Color.GRAY, "png");
        Files.createDirectories(src.resolve("stand"));
        Files.writeString(src.resolve("stand/x.png"), "garbage");
        PawscopeException e = assertThrows(PawscopeException.class,
                () -> new ImageFolderImporter(InputSpec.square(48)).importFolder(src, tmp.resolve("o"), false, "t", n -> { }));
        assertTrue(e.getMessage().contains("[stand]"), e.getMessage());
        try (var list = Files.list(tmp)) {
            assertEquals(List.of("bad"), list.map(p -> p.getFileName().toString()).toList(), "no staging folder left");
        }
    }

    @Test
    void aMissingSourceIsRefused() {
        assertThrows(PawscopeException.class, () -> ImageFolderImporter.labelsOf(tmp.resolve("nope")));
    }
}
