package dev.pawscope.host.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.host.dataset.GrayImage;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Grad-CAM, occlusion and guided backprop on a network whose answer is known by construction: one
 * convolution with a "bright" detector (channel 0) and a "dark" detector (channel 1), each firing
 * only where the gray input is far from mid gray, and class k's score the sum of channel k. On a
 * mid-gray image with a white square at the top left and a black square at the bottom right, class
 * 0 depends on the white square only and class 1 on the black square only.
 */
class HandSetNetworkTest {

    private static final int SIZE = 16;
    /** The white square: x, y in [2, 6); the black one: x, y in [10, 14). */
    private static final int[] WHITE = {2, 6};
    private static final int[] BLACK = {10, 14};

    private final FloatTwin twin = handSet();
    private final GrayImage image = squares(true, true);

    @Test
    void gradCamLightsTheSquareTheClassDependsOnAndNothingElse() {
        for (int c = 0; c < 2; c++) {
            int[] own = c == 0 ? WHITE : BLACK;
            int[] other = c == 0 ? BLACK : WHITE;
            Saliency cam = new GradCam(twin).explain(image, c);
            // the bilinear upsampling (1:1 here) cannot spread it: the conv map is the input's size
            assertTrue(massIn(cam, own, 0) > 0.999, "class " + c + ": " + massIn(cam, own, 0));
            assertEquals(0, massIn(cam, other, 1), 1e-9, "class " + c + " on the other square");
            assertTrue(inside(argmax(cam), own), "class " + c + " peak");
        }
        // with only the black square, class 0 has nothing to point at
        assertEquals(0f, new GradCam(twin).explain(squares(false, true), 0).max(), 0f);
    }

    @Test
    void occlusionOfTheFloatTwinFindsTheSameSquares() {
        for (int c = 0; c < 2; c++) {
            int[] own = c == 0 ? WHITE : BLACK;
            int[] other = c == 0 ? BLACK : WHITE;
            // 4x4 patches in steps of 2, mid gray: a patch drops class c only where it covers c's square
            Saliency s = new Occlusion(twin, "float twin", 4, 2, 128).explain(image, c);
            assertTrue(massIn(s, own, 3) > 0.999, "class " + c + ": " + massIn(s, own, 3));
            assertEquals(0, massIn(s, other, 0), 1e-9);
            assertTrue(inside(argmax(s), own), "class " + c + " peak");
        }
    }

    @Test
    void guidedBackpropStaysOnTheClassesSquareWhereTheVanillaGradientDoesNot() {
        // the vanilla gradient of log p0 = z0 - log sum exp z also pushes back through z1 (the black
        // square); the guided gradient of z0 alone cannot see it
        Saliency vanilla = new VanillaGradient(twin).explain(image, 0);
        Saliency guided = new GuidedBackprop(twin).explain(image, 0);
        assertTrue(massIn(vanilla, BLACK, 1) > 0.05, "vanilla on the black square: " + massIn(vanilla, BLACK, 1));
        assertEquals(0, massIn(guided, BLACK, 1), 1e-12);
        assertTrue(massIn(guided, WHITE, 1) > 0.999);
    }

    /** Conv2D(2, 3): centre weight +4 (bright) and -4 (dark), bias -2, ReLU; class k = 0.05 x sum of channel k. */
    private static FloatTwin handSet() {
        FloatTwin twin = SmallNetworks.twin("Conv2D(2, 3, padding=same), ReLU, Flatten, Dense(2), Softmax", SIZE, 2,
                1);
        double[] kernels = new double[2 * 9];
        kernels[4] = 4;
        kernels[9 + 4] = -4;
        var conv = twin.network().getLayer(0);
        conv.setParam("W", Nd4j.create(kernels, new long[] {2, 1, 3, 3}, 'c').castTo(twin.dataType()));
        conv.setParam("b", Nd4j.create(new double[] {-2, -2}, new long[] {1, 2}).castTo(twin.dataType()));
        int plane = SIZE * SIZE;
        double[] dense = new double[2 * plane * 2]; // [nIn = 2 * plane in NCHW order, nOut = 2], row-major
        for (int c = 0; c < 2; c++) {
            for (int p = 0; p < plane; p++) {
                dense[(c * plane + p) * 2 + c] = 0.05;
            }
        }
        var out = twin.network().getLayer(2);
        out.setParam("W", Nd4j.create(dense, new long[] {2 * plane, 2}, 'c').castTo(twin.dataType()));
        out.setParam("b", Nd4j.zeros(twin.dataType(), 1, 2));
        return twin;
    }

    private static GrayImage squares(boolean white, boolean black) {
        byte[] px = new byte[SIZE * SIZE];
        java.util.Arrays.fill(px, (byte) 128);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                if (white && inside(y * SIZE + x, WHITE)) {
                    px[y * SIZE + x] = (byte) 255;
                }
                if (black && inside(y * SIZE + x, BLACK)) {
                    px[y * SIZE + x] = 0;
                }
            }
        }
        return new GrayImage(SIZE, SIZE, px);
    }

    private static boolean inside(int index, int[] square) {
        return inside(index, square, 0);
    }

    private static boolean inside(int index, int[] square, int margin) {
        int x = index % SIZE;
        int y = index / SIZE;
        return x >= square[0] - margin && x < square[1] + margin && y >= square[0] - margin
                && y < square[1] + margin;
    }

    /** The share of the map's (non-negative) mass within {@code margin} pixels of the square. */
    private static double massIn(Saliency s, int[] square, int margin) {
        float[] v = s.values();
        double in = 0;
        double all = 0;
        for (int i = 0; i < v.length; i++) {
            all += v[i];
            in += inside(i, square, margin) ? v[i] : 0;
        }
        return all > 0 ? in / all : 0;
    }

    private static int argmax(Saliency s) {
        float[] v = s.values();
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            best = v[i] > v[best] ? i : best;
        }
        return best;
    }
}
