package dev.pawscope.host.dataset;

import java.util.Arrays;

/**
 * An 8-bit grayscale image, row-major, one byte per pixel (0 = black, 255 = white).
 * Immutable: the pixel array is copied in and out.
 */
public record GrayImage(int width, int height, byte[] pixels) {

    public GrayImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, found " + width + "x" + height);
        }
        if (pixels.length != width * height) {
            throw new IllegalArgumentException("expected " + width + "x" + height + " = " + (width * height)
                    + " pixels, found " + pixels.length);
        }
        pixels = pixels.clone();
    }

    @Override
    public byte[] pixels() {
        return pixels.clone();
    }

    /** Pixel value 0..255 at column x, row y. */
    public int get(int x, int y) {
        return pixels[y * width + x] & 0xFF;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GrayImage g && g.width == width && g.height == height && Arrays.equals(g.pixels, pixels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "GrayImage[" + width + "x" + height + "]";
    }
}
