package dev.pawscope.host.train.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.host.dataset.GrayImage;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MisclassifiedSheetTest {

    private static GrayImage flat(int size, int gray) {
        byte[] px = new byte[size * size];
        java.util.Arrays.fill(px, (byte) gray);
        return new GrayImage(size, size, px);
    }

    /** A mask with one filled square in the middle. */
    private static GrayImage square(int size) {
        byte[] px = new byte[size * size];
        for (int y = size / 4; y < 3 * size / 4; y++) {
            for (int x = size / 4; x < 3 * size / 4; x++) {
                px[y * size + x] = (byte) 255;
            }
        }
        return new GrayImage(size, size, px);
    }

    private static MisclassifiedSheet.Mistake mistake(int gray, double confidence) {
        return new MisclassifiedSheet.Mistake(flat(48, gray), null, "lie_down/lie_down_" + gray + ".png", "lie_down",
                "no_dog", confidence);
    }

    private static int countColor(BufferedImage image, Color c) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                n += image.getRGB(x, y) == c.getRGB() ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void eachMistakeGetsAThumbnailScaledUpWithCrispPixels() {
        BufferedImage sheet = MisclassifiedSheet.render(List.of(mistake(17, 0.9), mistake(33, 0.6)), 100, "m");
        // 48 px scaled 3x: a 144x144 square of exactly the image's gray, per thumbnail
        assertTrue(countColor(sheet, new Color(17, 17, 17)) >= 144 * 144, "first thumbnail");
        assertTrue(countColor(sheet, new Color(33, 33, 33)) >= 144 * 144, "second thumbnail");
    }

    @Test
    void theMostConfidentMistakeComesFirst() {
        BufferedImage sheet = MisclassifiedSheet.render(List.of(mistake(17, 0.55), mistake(33, 0.99)), 100, "m");
        int firstCellX = 16 + 72;
        int y = 52 + 72;
        assertEquals(new Color(33, 33, 33).getRGB(), sheet.getRGB(firstCellX, y), "the 0.99 mistake is in the first cell");
        assertEquals(new Color(17, 17, 17).getRGB(), sheet.getRGB(firstCellX + 144 + 10, y), "then the 0.55 one");
    }

    @Test
    void aMaskIsOutlinedInRedAlongPixelEdgesLeavingTheInsideVisible() {
        var m = new MisclassifiedSheet.Mistake(flat(48, 100), square(48), "sit/sit_1.png", "sit", "stand", 0.7);
        BufferedImage sheet = MisclassifiedSheet.render(List.of(m), 10, "m");
        int red = countColor(sheet, new Color(0xFF3C3C));
        // a 24x24-pixel square at 3x: 72 sheet pixels a side, a one-pixel line
        assertTrue(red >= 4 * 70 && red <= 4 * 72, "red outline pixels " + red);
        assertTrue(countColor(sheet, new Color(100, 100, 100)) > 144 * 144 - 4 * 72, "the image shows through: " + countColor(sheet, new Color(100, 100, 100)) + " red " + red);
    }

    @Test
    void atMostMaxShownThumbnailsAreDrawn() {
        List<MisclassifiedSheet.Mistake> many = new ArrayList<>();
        for (int i = 0; i < MisclassifiedSheet.MAX_SHOWN + 30; i++) {
            many.add(mistake(i, 0.5));
        }
        BufferedImage sheet = MisclassifiedSheet.render(many, 1000, "m");
        int rows = (MisclassifiedSheet.MAX_SHOWN + 7) / 8;
        assertTrue(sheet.getHeight() < 52 + (rows + 1) * (144 + 3 * 15 + 14) + 16, "height " + sheet.getHeight());
    }

    @Test
    void noMistakesStillGivesASmallSheet() {
        BufferedImage sheet = MisclassifiedSheet.render(List.of(), 583, "perfect");
        assertTrue(sheet.getWidth() >= 300 && sheet.getHeight() < 120, sheet.getWidth() + "x" + sheet.getHeight());
    }

    @Test
    void moreMistakesThanTestedImagesIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MisclassifiedSheet.render(List.of(mistake(1, 0.5), mistake(2, 0.5)), 1, "m"));
        assertTrue(e.getMessage().contains("1 tested") && e.getMessage().contains("2 mistakes"), e.getMessage());
    }

    @Test
    void aMaskOfAnotherSizeOrAConfidenceOutsideZeroToOneIsRejected() {
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> new MisclassifiedSheet.Mistake(flat(48, 0), flat(32, 0), "a.png", "sit", "stand", 0.5));
        assertTrue(size.getMessage().contains("48x48") && size.getMessage().contains("32x32"), size.getMessage());
        IllegalArgumentException conf = assertThrows(IllegalArgumentException.class,
                () -> new MisclassifiedSheet.Mistake(flat(48, 0), null, "a.png", "sit", "stand", 1.5));
        assertTrue(conf.getMessage().contains("[0, 1]") && conf.getMessage().contains("1.5"), conf.getMessage());
    }
}
