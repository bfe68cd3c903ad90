package dev.pawscope.host.dataset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PngCodecTest {

    @TempDir
    Path tmp;

    @Test
    void ourPngsDecodeWithImageIoToTheSamePixels() throws IOException {
        Random rnd = new Random(3);
        byte[] px = new byte[37 * 23];
        rnd.nextBytes(px);
        GrayImage img = new GrayImage(37, 23, px);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(PngCodec.encode(img)));
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, decoded.getType());
        assertEquals(img, PngCodec.toGray(decoded));
    }

    @Test
    void roundTripsThroughAFile() throws IOException {
        byte[] px = new byte[48 * 48];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i % 251);
        }
        GrayImage img = new GrayImage(48, 48, px);
        Path f = tmp.resolve("x.png");
        Files.write(f, PngCodec.encode(img));
        assertEquals(img, PngCodec.read(f));
    }

    @Test
    void colourIsConvertedWithBt601Luma() {
        BufferedImage rgb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, 0xFF0000);
        assertEquals(76, PngCodec.toGray(rgb).get(0, 0));
    }

    @Test
    void aFileThatIsNotAnImageIsAnIoException() throws IOException {
        Path f = tmp.resolve("bad.png");
        Files.writeString(f, "hello");
        assertThrows(IOException.class, () -> PngCodec.read(f));
    }
}
