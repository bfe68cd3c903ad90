package dev.pawscope.host.dataset;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ImageResizerTest {

    @Test
    void aWideImageIsScaledToCoverAndItsCentreKept() {
        // 8x4: left quarter black, middle half grey, right quarter white
        byte[] px = new byte[32];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 8; x++) {
                px[y * 8 + x] = (byte) (x < 2 ? 0 : x < 6 ? 128 : 255);
            }
        }
        GrayImage out = ImageResizer.coverAndCenterCrop(new GrayImage(8, 4, px), 2, 2);
        // the centre 4x4 window is all grey; the black and white sides are cropped away
        for (int i = 0; i < 4; i++) {
            assertEquals(128, out.get(i % 2, i / 2));
        }
    }

    @Test
    void shrinkingAveragesTheAreaCovered() {
        GrayImage checker = new GrayImage(4, 4, new byte[]{
                0, (byte) 200, 0, (byte) 200,
                (byte) 200, 0, (byte) 200, 0,
                0, (byte) 200, 0, (byte) 200,
                (byte) 200, 0, (byte) 200, 0});
        GrayImage out = ImageResizer.coverAndCenterCrop(checker, 2, 2);
        assertEquals(100, out.get(0, 0));
        assertEquals(100, out.get(1, 1));
    }

    @Test
    void sameSizeIsTheIdentity() {
        byte[] px = new byte[9];
        for (int i = 0; i < 9; i++) {
            px[i] = (byte) (i * 20);
        }
        GrayImage in = new GrayImage(3, 3, px);
        assertEquals(in, ImageResizer.coverAndCenterCrop(in, 3, 3));
    }
}
