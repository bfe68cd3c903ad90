package dev.pawscope.host.dataset;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Reads any image ImageIO knows as grayscale, and writes grayscale PNGs. */
public final class PngCodec {

    private PngCodec() {
    }

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    /**
     * Encodes an image as an 8-bit grayscale PNG. Written directly (IHDR, one IDAT, IEND) rather
     * than through ImageIO, whose per-call overhead dominated for small images: the synthetic
     * generator writes two PNGs per sample.
     */
    public static byte[] encode(GrayImage image) {
        int w = image.width();
        int h = image.height();
        byte[] px = image.pixels();
        byte[] raw = new byte[h * (w + 1)];
        for (int y = 0; y < h; y++) {
            // filter type 1 (Sub): neighbouring pixels are similar, so differences deflate well
            int row = y * (w + 1);
            raw[row] = 1;
            for (int x = 0; x < w; x++) {
                int left = x == 0 ? 0 : px[y * w + x - 1];
                raw[row + 1 + x] = (byte) (px[y * w + x] - left);
            }
        }
        Deflater deflater = new Deflater(6);
        deflater.setInput(raw);
        deflater.finish();
        ByteArrayOutputStream idat = new ByteArrayOutputStream(raw.length / 2 + 64);
        byte[] buf = new byte[8192];
        while (!deflater.finished()) {
            idat.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();
        ByteArrayOutputStream out = new ByteArrayOutputStream(idat.size() + 64);
        out.writeBytes(SIGNATURE);
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(w).putInt(h)
                .put((byte) 8)   // bit depth
                .put((byte) 0)   // colour type 0: grayscale
                .put((byte) 0)   // deflate
                .put((byte) 0)   // adaptive filtering
                .put((byte) 0);  // no interlace
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", idat.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
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
