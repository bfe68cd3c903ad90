package dev.pawscope.host.train;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AugmenterTest {

    private static final int SIZE = 48;
    private static final float LOW = (float) ImageTensors.OFFSET;
    private static final float HIGH = (float) (255 * ImageTensors.SCALE + ImageTensors.OFFSET);

    /** A bright square (the "dog") in the middle of a dark frame. */
    private static float[] square(int half) {
        float[] px = new float[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                boolean in = Math.abs(x - SIZE / 2) < half && Math.abs(y - SIZE / 2) < half;
                px[y * SIZE + x] = in ? 0.8f : -0.8f;
            }
        }
        return px;
    }

    private static int brightPixels(float[] px, int offset) {
        float mid = 0;
        int n = 0;
        for (int i = 0; i < SIZE * SIZE; i++) {
            mid += px[offset + i];
        }
        mid /= SIZE * SIZE;
        for (int i = 0; i < SIZE * SIZE; i++) {
            n += px[offset + i] > mid + 0.3f ? 1 : 0;
        }
        return n;
    }

    @Test
    void outputStaysInTheNormalisedPixelRange() {
        Augmenter a = new Augmenter(SIZE, SIZE);
        SplittableRandom rnd = new SplittableRandom(1);
        float[] out = new float[SIZE * SIZE];
        for (int k = 0; k < 200; k++) {
            a.apply(square(10), out, 0, rnd);
            for (float v : out) {
                assertTrue(v >= LOW && v <= HIGH, "pixel " + v + " outside [" + LOW + ", " + HIGH + "]");
            }
        }
    }

    @Test
    void theSubjectKeepsItsSizeWithinTheZoomRange() {
        Augmenter a = new Augmenter(SIZE, SIZE);
        SplittableRandom rnd = new SplittableRandom(2);
        float[] out = new float[2 * SIZE * SIZE];
        int area = 20 * 20;
        double smallest = Double.MAX_VALUE;
        double largest = 0;
        for (int k = 0; k < 300; k++) {
            a.apply(square(10), out, SIZE * SIZE, rnd);   // writes at the offset, not before it
            assertEquals(0f, out[0]);
            double ratio = brightPixels(out, SIZE * SIZE) / (double) area;
            smallest = Math.min(smallest, ratio);
            largest = Math.max(largest, ratio);
        }
        double zoomIn = Math.pow(1 + Augmenter.MAX_ZOOM, 2);
        double zoomOut = Math.pow(1 - Augmenter.MAX_ZOOM, 2);
        assertTrue(largest > 1.1 && largest < zoomIn * 1.12, "largest area ratio " + largest);
        assertTrue(smallest < 0.9 && smallest > zoomOut * 0.88, "smallest area ratio " + smallest);
    }

    @Test
    void theSameRandomStreamGivesTheSameAugmentation() {
        Augmenter a = new Augmenter(SIZE, SIZE);
        float[] first = new float[SIZE * SIZE];
        float[] second = new float[SIZE * SIZE];
        a.apply(square(8), first, 0, new SplittableRandom(9));
        a.apply(square(8), second, 0, new SplittableRandom(9));
        assertTrue(java.util.Arrays.equals(first, second));
    }
}
