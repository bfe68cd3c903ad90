package dev.pawscope.host.link;

import java.util.Arrays;
import java.util.Objects;

/**
 * Whole rows of an H x W x C image, row-major, C bytes per pixel: the body of SET_INPUT and of
 * IMAGE. A chunk with every row ({@link #isWhole()}) is a whole image.
 *
 * @param height H, of the whole image
 * @param row0 the first row in this chunk
 * @param rows rows in this chunk, >= 1; row0 + rows <= height
 * @param data rows * width * channels bytes
 */
public record ImageChunk(PixelFormat pixelFormat, int channels, int height, int width, int row0, int rows,
        byte[] data) {

    public ImageChunk {
        if (pixelFormat == null) {
            throw new IllegalArgumentException("pixel_format is required (GRAY8 or INPUT_S8)");
        }
        Message.checkUnsigned("channels", channels, 8);
        Message.checkUnsigned("height", height, 16);
        Message.checkUnsigned("width", width, 16);
        Message.checkUnsigned("row0", row0, 16);
        Message.checkUnsigned("rows", rows, 16);
        if (channels < 1 || width < 1 || rows < 1) {
            throw new IllegalArgumentException("an image chunk needs channels, width and rows >= 1, found "
                    + channels + ", " + width + " and " + rows);
        }
        if (row0 + rows > height) {
            throw new IllegalArgumentException("rows " + row0 + ".." + (row0 + rows - 1) + " do not fit an image of "
                    + height + " rows");
        }
        if (data.length != rows * width * channels) {
            throw new IllegalArgumentException("expected rows x width x channels = " + rows + " x " + width + " x "
                    + channels + " = " + (rows * width * channels) + " data bytes, found " + data.length);
        }
        data = data.clone();
    }

    /** A whole image: every row in one chunk. */
    public static ImageChunk whole(PixelFormat format, int channels, int height, int width, byte[] pixels) {
        return new ImageChunk(format, channels, height, width, 0, height, pixels);
    }

    public boolean isWhole() {
        return row0 == 0 && rows == height;
    }

    /** Bytes in one row: width x channels. */
    public int rowBytes() {
        return width * channels;
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageChunk c && c.pixelFormat == pixelFormat && c.channels == channels
                && c.height == height && c.width == width && c.row0 == row0 && c.rows == rows
                && Arrays.equals(c.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hash(pixelFormat, channels, height, width, row0, rows) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "ImageChunk[" + pixelFormat + ", " + height + "x" + width + "x" + channels + ", rows " + row0 + ".."
                + (row0 + rows - 1) + "]";
    }
}
