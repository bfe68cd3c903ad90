package dev.pawscope.host.dataset;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads any image ImageIO knows as grayscale, and writes grayscale PNGs. */
public final class PngCodec {

    private PngCodec() {
    }

    /** Encodes an image as an 8-bit grayscale PNG. */
    public static byte[] encode(GrayImage image) {
        BufferedImage buffered = toBuffered(image);
        ByteArrayOutputStream out = new ByteArrayOutputStream(image.width() * image.height() / 2 + 128);
        try {
            ImageIO.write(buffered, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding into memory failed", e);
        }
        return out.toByteArray();
    }

    public static BufferedImage toBuffered(GrayImage image) {
        BufferedImage buffered = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] raster = ((DataBufferByte) buffered.getRaster().getDataBuffer()).getData();
        System.arraycopy(image.pixels(), 0, raster, 0, raster.length);
        return buffered;
    }

    /**
     * Decodes a file as grayscale (ITU-R BT.601 luma for colour images, alpha ignored).
     *
     * @throws IOException when the file cannot be read or is not an image ImageIO can decode
     */
    public static GrayImage read(Path file) throws IOException {
        BufferedImage img;
        try (InputStream in = Files.newInputStream(file)) {
            img = ImageIO.read(in);
        } catch (RuntimeException e) {
            // ImageIO's decoders throw unchecked exceptions on some malformed files
            throw new IOException("not a decodable image (" + e.getClass().getSimpleName() + ")", e);
        }
        if (img == null) {
            throw new IOException("not an image format this tool reads (PNG, JPEG, BMP, GIF)");
        }
        return toGray(img);
    }

    /** Converts any BufferedImage to grayscale with BT.601 luma weights. */
    public static GrayImage toGray(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] px = new byte[w * h];
        if (img.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            img.getRaster().getDataElements(0, 0, w, h, px);
            return new GrayImage(w, h, px);
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int rgb = row[x];
                int r = (rgb >> 16) & 0xFF;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                px[y * w + x] = (byte) ((299 * r + 587 * g + 114 * b + 500) / 1000);
            }
        }
        return new GrayImage(w, h, px);
    }
}
