package dev.pawscope.host.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PixelBlocksTest {

    @Test
    void drawsEverySourcePixelAsAnSbySBlockAndLeavesTheRestAlone() {
        SplittableRandom random = new SplittableRandom(7);
        int w = 5;
        int h = 3;
        int s = 4;
        int[] argb = new int[w * h];
        for (int i = 0; i < argb.length; i++) {
            argb[i] = random.nextInt();
        }
        BufferedImage image = new BufferedImage(31, 19, BufferedImage.TYPE_INT_ARGB);
        int background = 0xFF123456;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, background);
            }
        }
        int x0 = 6;
        int y0 = 2;
        PixelBlocks.draw(image, x0, y0, w, h, s, argb);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                boolean inside = x >= x0 && x < x0 + w * s && y >= y0 && y < y0 + h * s;
                int expected = inside ? argb[(y - y0) / s * w + (x - x0) / s] : background;
                assertEquals(expected, image.getRGB(x, y), "pixel (" + x + ", " + y + ")");
            }
        }
    }

    @Test
    void refusesBlocksThatDoNotFit() {
        BufferedImage image = new BufferedImage(10, 10, BufferedImage.TYPE_INT_ARGB);
        assertThrows(IllegalArgumentException.class, () -> PixelBlocks.draw(image, 4, 0, 4, 4, 2, new int[16]));
        BufferedImage rgb = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB);
        assertThrows(IllegalArgumentException.class, () -> PixelBlocks.draw(rgb, 0, 0, 2, 2, 2, new int[4]));
    }
}
