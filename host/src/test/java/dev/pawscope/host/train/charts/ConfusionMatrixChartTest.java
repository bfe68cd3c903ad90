package dev.pawscope.host.train.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.host.train.ConfusionMatrix;
import java.awt.Color;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfusionMatrixChartTest {

    private static final List<String> POSES = List.of("sit", "stand", "lie_down", "no_dog");

    private static final ConfusionMatrix REALISTIC = new ConfusionMatrix(POSES, new int[][] {
        {91, 2, 7, 0}, {1, 97, 1, 1}, {9, 0, 90, 1}, {0, 1, 0, 99}});

    private static final ConfusionMatrix PERFECT = new ConfusionMatrix(POSES, new int[][] {
        {100, 0, 0, 0}, {0, 100, 0, 0}, {0, 0, 100, 0}, {0, 0, 0, 100}});

    /** A cell's own fill: just inside its top-left corner, clear of the grid line and the centred text. */
    private static Color fillOf(BufferedImage image, Rectangle cell) {
        return new Color(image.getRGB(cell.x + 5, cell.y + 5));
    }

    @Test
    void fourLabelsMakeAnRgbImageOfAboutFiveHundredPixelsSquare() {
        BufferedImage image = ConfusionMatrixChart.render(REALISTIC, "Validation");
        assertEquals(BufferedImage.TYPE_INT_RGB, image.getType());
        assertTrue(image.getWidth() >= 440 && image.getWidth() <= 640, () -> "width " + image.getWidth());
        assertTrue(image.getHeight() >= 440 && image.getHeight() <= 640, () -> "height " + image.getHeight());
    }

    @Test
    void theImageIsNotBlank() {
        BufferedImage image = ConfusionMatrixChart.render(REALISTIC, "Validation");
        int white = Color.WHITE.getRGB();
        long inked = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                inked += image.getRGB(x, y) == white ? 0 : 1;
            }
        }
        long total = (long) image.getWidth() * image.getHeight();
        long inkedPixels = inked;
        assertTrue(inked > total / 10, () -> "only " + inkedPixels + " of " + total + " pixels are not white");
    }

    @Test
    void aPerfectClassifiersDiagonalIsDarkAndEverythingElseWhite() {
        BufferedImage image = ConfusionMatrixChart.render(PERFECT, "Perfect");
        ConfusionMatrixChart.Layout layout = ConfusionMatrixChart.Layout.of(PERFECT, "Perfect");
        Color diagonal = fillOf(image, layout.cell(2, 2));
        Color offDiagonal = fillOf(image, layout.cell(2, 0));
        assertTrue(ChartStyle.luminance(diagonal) < 0.1, () -> "diagonal fill " + diagonal);
        assertEquals(Color.WHITE, offDiagonal);
    }

    @Test
    void aConfusedCellIsShadedBetweenAnEmptyOneAndTheDiagonal() {
        BufferedImage image = ConfusionMatrixChart.render(REALISTIC, "Validation");
        ConfusionMatrixChart.Layout layout = ConfusionMatrixChart.Layout.of(REALISTIC, "Validation");
        double diagonal = ChartStyle.luminance(fillOf(image, layout.cell(2, 2)));
        double sitAsLieDown = ChartStyle.luminance(fillOf(image, layout.cell(2, 0)));
        double empty = ChartStyle.luminance(fillOf(image, layout.cell(2, 1)));
        assertTrue(diagonal < sitAsLieDown && sitAsLieDown < empty,
                () -> "expected diagonal < confused < empty, found " + diagonal + ", " + sitAsLieDown + ", " + empty);
    }

    @Test
    void theCountOnADarkCellIsWrittenInALightColour() {
        BufferedImage image = ConfusionMatrixChart.render(PERFECT, "Perfect");
        Rectangle cell = ConfusionMatrixChart.Layout.of(PERFECT, "Perfect").cell(0, 0);
        boolean lightPixel = false;
        for (int y = cell.y + 2; y < cell.y + cell.height - 2 && !lightPixel; y++) {
            for (int x = cell.x + 2; x < cell.x + cell.width - 2 && !lightPixel; x++) {
                lightPixel = ChartStyle.luminance(new Color(image.getRGB(x, y))) > 0.8;
            }
        }
        assertTrue(lightPixel, "no light text found on the dark diagonal cell");
    }

    @Test
    void aLargerShareOfTheRowIsADarkerShade() {
        assertEquals(Color.WHITE, ConfusionMatrixChart.shade(0));
        double previous = 1.1;
        for (double share = 0.05; share <= 1.0001; share += 0.05) {
            double l = ChartStyle.luminance(ConfusionMatrixChart.shade(share));
            assertTrue(l < previous, "share " + share + " is not darker than the share below it");
            previous = l;
        }
    }

    @Test
    void shortLabelsStayHorizontalAndLongOnesTurnUpright() {
        assertFalse(ConfusionMatrixChart.Layout.of(REALISTIC, "t").rotatedColumns());
        List<String> ten = List.of("sit", "stand", "lie_down", "no_dog", "play_bow", "roll_over", "jump", "beg",
                "shake", "spin");
        ConfusionMatrix many = new ConfusionMatrix(ten, new int[10][10]);
        ConfusionMatrixChart.Layout layout = ConfusionMatrixChart.Layout.of(many, "t");
        assertTrue(layout.rotatedColumns());
        assertTrue(layout.cell() >= 48, () -> "cell " + layout.cell() + " px is too small for a count and a percentage");
    }

    @Test
    void tenLabelsRenderInsideTheImage() {
        List<String> ten = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");
        int[][] counts = new int[10][10];
        for (int i = 0; i < 10; i++) {
            counts[i][i] = 50;
            counts[i][(i + 1) % 10] = 3;
        }
        ConfusionMatrix cm = new ConfusionMatrix(ten, counts);
        BufferedImage image = ConfusionMatrixChart.render(cm, "Ten");
        ConfusionMatrixChart.Layout layout = ConfusionMatrixChart.Layout.of(cm, "Ten");
        Rectangle corner = layout.precision(9).union(layout.recall(9));
        assertTrue(new Rectangle(0, 0, image.getWidth(), image.getHeight()).contains(corner),
                () -> "margins " + corner + " fall outside " + image.getWidth() + "x" + image.getHeight());
    }

    @Test
    void aMatrixWithNoSamplesStillRenders() {
        ConfusionMatrix empty = new ConfusionMatrix(List.of("dog", "no_dog"), new int[2][2]);
        BufferedImage image = ConfusionMatrixChart.render(empty, "Nothing yet");
        assertTrue(image.getWidth() > 0 && image.getHeight() > 0);
    }

    @Test
    void aTitleWiderThanTheMatrixWidensTheImage() {
        String title = "A title long enough to be wider than a two-label matrix and its margins, by quite a lot";
        ConfusionMatrix two = new ConfusionMatrix(List.of("dog", "no_dog"), new int[][] {{5, 1}, {0, 4}});
        int titleWidth = ChartStyle.metrics(ChartStyle.font(java.awt.Font.BOLD, 16f)).stringWidth(title);
        assertTrue(ConfusionMatrixChart.render(two, title).getWidth() > titleWidth);
    }

    @Test
    void percentagesNeverRoundANonZeroShareToZeroOrAnImperfectOneToAHundred() {
        assertEquals("0%", ConfusionMatrixChart.percent(0));
        assertEquals("<1%", ConfusionMatrixChart.percent(0.004));
        assertEquals("1%", ConfusionMatrixChart.percent(0.012));
        assertEquals("99%", ConfusionMatrixChart.percent(0.998));
        assertEquals("100%", ConfusionMatrixChart.percent(1));
    }

    @Test
    void aNegativeCountIsRejectedNamingTheCell() {
        ConfusionMatrix bad = new ConfusionMatrix(List.of("dog", "no_dog"), new int[][] {{5, -1}, {0, 4}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrixChart.render(bad, "bad"));
        assertTrue(e.getMessage().contains("expected non-negative counts, found -1 at [0][1]"), e.getMessage());
    }

    @Test
    void aMatrixWithoutLabelsIsRejected() {
        ConfusionMatrix none = new ConfusionMatrix(List.of(), new int[0][0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrixChart.render(none, "none"));
        assertEquals("expected at least 1 label, found 0", e.getMessage());
    }
}
