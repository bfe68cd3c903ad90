package dev.pawscope.host.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.host.quant.Int8Model;
import dev.pawscope.host.testing.TinyModel;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class OcclusionTest {

    /** A hand-made 8x8 "model": class 0 scores the brightness of the 2x2 block at (2..3, 2..3), class 1 is constant. */
    private static final ScoreFunction BLOCK = new ScoreFunction() {
        @Override
        public int width() {
            return 8;
        }

        @Override
        public int height() {
            return 8;
        }

        @Override
        public int classes() {
            return 2;
        }

        @Override
        public float[] scores(GrayImage image) {
            float sum = 0;
            for (int y = 2; y < 4; y++) {
                for (int x = 2; x < 4; x++) {
                    sum += image.get(x, y);
                }
            }
            return new float[] {sum / (4 * 255f), 0.5f};
        }
    };

    private static GrayImage white() {
        byte[] px = new byte[64];
        Arrays.fill(px, (byte) 255);
        return new GrayImage(8, 8, px);
    }

    @Test
    void onlyPixelsWhosePatchesCoverTheBlockGetAttribution() {
        // 2x2 patches, stride 2: the patch at (2, 2) covers the block exactly, and black replaces white
        Saliency s = new Occlusion(BLOCK, "block", 2, 2, 0).explain(white(), 0);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                boolean inBlock = x >= 2 && x < 4 && y >= 2 && y < 4;
                assertEquals(inBlock ? 1f : 0f, s.get(x, y), 1e-6f, "(" + x + ", " + y + ")");
            }
        }
    }

    @Test
    void overlappingPatchesAverageTheirDrops() {
        // 2x2 patches, stride 1: pixel (2, 2) is covered by 4 patches, which hide 1, 2, 2 and 4 of the
        // block's 4 pixels (drops 1/4, 2/4, 2/4, 4/4): the mean is 9/16
        Saliency s = new Occlusion(BLOCK, "block", 2, 1, 0).explain(white(), 0);
        assertEquals(9 / 16f, s.get(2, 2), 1e-6f);
        // pixel (1, 1) is covered by patches at (0..1, 0..1): only (1, 1) itself touches the block
        assertEquals(1 / 4f / 4, s.get(1, 1), 1e-6f);
        assertEquals(0f, s.get(6, 6), 0f);
    }

    @Test
    void aClassThatOcclusionCannotChangeHasNoAttribution() {
        Saliency s = new Occlusion(BLOCK, "block", 3, 2, 0).explain(white(), 1);
        assertEquals(0f, s.max(), 0f);
    }

    @Test
    void patchesTileTheWholeImageWithTheLastFlushWithTheEdge() {
        Occlusion o = new Occlusion(BLOCK, "block", 3, 2, 0);
        assertArrayEquals(new int[] {0, 2, 4, 5}, o.positions(8));
        assertEquals(17, o.passes());
    }

    @Test
    void badPatchesAreRefusedWithTheAllowedRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Occlusion(BLOCK, "block", 2, 3, 0));
        assertTrue(e.getMessage().contains("1 <= stride <= patch <= 8"), e.getMessage());
    }

    @Test
    void theInt8ModelIsExplainedThroughTheBitExactInterpreter() {
        Int8Model model = Int8Model.load(TinyModel.model());
        Int8Scores scores = Int8Scores.of(model);
        assertEquals(32, scores.width());
        assertEquals(4, scores.classes());
        GrayImage image = dev.pawscope.host.board.CameraReel.synthetic(32, 3, 1).get(0);
        float[] p = scores.scores(image);
        assertEquals(1f, p[0] + p[1] + p[2] + p[3], 0.02f, "int8 softmax scores sum to about 1");
        Saliency s = Occlusion.withDefaults(scores, "int8 model").explain(image, 0);
        assertEquals(32 * 32, s.values().length);
        assertTrue(s.max() >= 0);
    }
}
