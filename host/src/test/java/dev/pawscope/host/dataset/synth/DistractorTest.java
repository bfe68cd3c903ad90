package dev.pawscope.host.dataset.synth;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DistractorTest {

    private static final int SIZE = 96;
    private static final Palette PALETTE = new Palette(200, 170, 120, 30);

    /** Height in pixels of the silhouette's top in every column, 0 where the column is empty. */
    private static int[] profile(Figure figure) {
        Bounds b = figure.bounds();
        double s = 0.9 / Math.max(b.width(), b.height());
        Layer layer = Layer.empty(SIZE);
        layer.paint(figure, PALETTE, new Placement(0.05 - s * b.minX(), 0.95 + s * b.minY(), s, -s));
        byte[] mask = layer.mask();
        int[] top = new int[SIZE];
        for (int x = 0; x < SIZE; x++) {
            for (int y = 0; y < SIZE; y++) {
                if (mask[y * SIZE + x] != 0) {
                    top[x] = SIZE - y;
                    break;
                }
            }
        }
        return top;
    }

    @Test
    void heapsRiseToOneTopAndFallWithNoHeadLikeBumpAtAnEnd() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < 200; i++) {
            int[] top = profile(Distractor.BLOB.build(rng));
            int peak = 0;
            for (int x = 1; x < SIZE; x++) {
                if (top[x] > top[peak]) {
                    peak = x;
                }
            }
            // walking away from the highest column, the outline may not climb again by more than a pixel
            int low = top[peak];
            for (int x = peak; x < SIZE; x++) {
                low = Math.min(low, top[x]);
                assertTrue(top[x] <= low + 1, "heap #" + i + " climbs again at column " + x + " right of its top");
            }
            low = top[peak];
            for (int x = peak; x >= 0; x--) {
                low = Math.min(low, top[x]);
                assertTrue(top[x] <= low + 1, "heap #" + i + " climbs again at column " + x + " left of its top");
            }
        }
    }

    @Test
    void clutterTouchingTheSubjectsOutlineIsCaughtAndClutterBesideItIsNot() {
        SplittableRandom rng = new SplittableRandom(1);
        Figure dog = DogFigure.build(DogBreed.sample(rng), Posture.LIE_DOWN, rng);
        double s = 0.5 / dog.bounds().width();
        StagedFigure subject = new StagedFigure(dog, PALETTE, new Placement(0.45 - s * dog.bounds().minX(), 0.9, s, -s));
        boolean[] keepOut = SyntheticDogGenerator.keepOut(subject);
        Figure ball = Distractor.BALL.build(rng);
        double b = 0.15;
        StagedFigure behind = new StagedFigure(ball, PALETTE, new Placement(0.65, 0.88, b, -b));
        StagedFigure beside = new StagedFigure(ball, PALETTE, new Placement(0.15, 0.88, b, -b));
        assertTrue(SyntheticDogGenerator.touches(behind, keepOut), "a ball behind the dog's body");
        assertFalse(SyntheticDogGenerator.touches(beside, keepOut), "a ball well left of the dog");
    }
}
