package dev.pawscope.host.dataset.synth;

import dev.pawscope.host.dataset.GrayImage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticDogGeneratorTest {

    private static final List<String> DOG_LABELS = List.of("sit", "stand", "lie_down");

    private final SyntheticDogGenerator generator = new SyntheticDogGenerator(48, 42);

    @Test
    void theSameSeedLabelAndIndexGiveTheSameImageAndMask() {
        SyntheticDogGenerator twin = new SyntheticDogGenerator(48, 42);
        for (String label : SyntheticDogGenerator.LABELS) {
            generator.generate(label, 6);   // what was generated before must not matter
            SyntheticSample first = generator.generate(label, 5);
            SyntheticSample second = twin.generate(label, 5);
            assertEquals(first.image(), second.image(), label);
            assertEquals(first.mask(), second.mask(), label);
        }
    }

    @Test
    void aDifferentIndexGivesADifferentImage() {
        for (String label : SyntheticDogGenerator.LABELS) {
            assertNotEquals(generator.generate(label, 0).image(), generator.generate(label, 1).image(), label);
        }
    }

    @Test
    void aDifferentSeedGivesADifferentImage() {
        SyntheticDogGenerator other = new SyntheticDogGenerator(48, 43);
        assertNotEquals(generator.generate("sit", 0).image(), other.generate("sit", 0).image());
    }

    @Test
    void imagesAndMasksAreSquareAtTheRequestedSize() {
        for (int size : new int[] {32, 48, 96}) {
            SyntheticSample sample = new SyntheticDogGenerator(size, 1).generate("stand", 0);
            assertEquals(size, sample.image().width());
            assertEquals(size, sample.image().height());
            assertEquals(size, sample.mask().width());
            assertEquals(size, sample.mask().height());
            assertEquals("stand", sample.label());
        }
    }

    @Test
    void everyDogHasAMaskCoveringAPlausibleShareOfTheFrame() {
        for (String label : DOG_LABELS) {
            for (int i = 0; i < 100; i++) {
                double share = maskShare(generator.generate(label, i).mask());
                assertTrue(share >= 0.03 && share <= 0.6,
                        label + " #" + i + ": expected the dog to cover 3%..60% of the frame, found " + share);
            }
        }
    }

    @Test
    void noDogImagesHaveAnEmptyMask() {
        for (int i = 0; i < 50; i++) {
            assertEquals(0.0, maskShare(generator.generate("no_dog", i).mask()), "no_dog #" + i);
        }
    }

    @Test
    void masksHoldOnlyZeroAndFullWhite() {
        for (String label : SyntheticDogGenerator.LABELS) {
            for (byte value : generator.generate(label, 3).mask().pixels()) {
                int v = value & 0xFF;
                assertTrue(v == 0 || v == 255, label + ": expected mask values 0 or 255, found " + v);
            }
        }
    }

    @Test
    void at96PixelsTheDogCoversTheSameShareOfTheFrameAsAt48() {
        SyntheticDogGenerator large = new SyntheticDogGenerator(96, 42);
        for (String label : DOG_LABELS) {
            double sum48 = 0;
            double sum96 = 0;
            for (int i = 0; i < 30; i++) {
                double small = maskShare(generator.generate(label, i).mask());
                double big = maskShare(large.generate(label, i).mask());
                assertEquals(big, small, 0.02, label + " #" + i + ": mask share at 48 vs 96");
                sum48 += small;
                sum96 += big;
            }
            assertEquals(1.0, sum48 / sum96, 0.05, label + ": mean mask share at 48 relative to 96");
        }
    }

    @Test
    void lyingDogsAreTheFlattestShapesAndSittingDogsTheTallest() {
        double sit = meanBoxAspect("sit");
        double stand = meanBoxAspect("stand");
        double lie = meanBoxAspect("lie_down");
        assertTrue(lie > stand && stand > sit,
                "expected mean width/height lie_down > stand > sit, found " + lie + ", " + stand + ", " + sit);
        assertTrue(lie > 2 && sit < 1, "expected lie_down wider than 2:1 and sit taller than wide, found "
                + lie + " and " + sit);
    }

    @Test
    void standingDogsSpanRoughlyHalfToMostOfTheFrameWidth() {
        double sum = 0;
        for (int i = 0; i < 200; i++) {
            int[] box = maskBox(generator.generate("stand", i).mask());
            double width = (box[2] - box[0] + 1) / 48.0;
            assertTrue(width > 0.25 && width <= 1, "stand #" + i + ": width share " + width);
            sum += width;
        }
        double mean = sum / 200;
        assertTrue(mean > 0.55 && mean < 0.75, "expected standing dogs to span 55%..75% of the width on average, found " + mean);
    }

    @Test
    void meanBrightnessIsNearlyTheSameForEveryClass() {
        // Per-image means spread by about 40 levels, so it takes thousands of images to see a few levels.
        SyntheticDogGenerator small = new SyntheticDogGenerator(32, 42);
        double[] means = new double[SyntheticDogGenerator.LABELS.size()];
        int count = 3000;
        for (int c = 0; c < means.length; c++) {
            double sum = 0;
            for (int i = 0; i < count; i++) {
                sum += meanGray(small.generate(SyntheticDogGenerator.LABELS.get(c), i).image());
            }
            means[c] = sum / count;
        }
        double lowest = Double.MAX_VALUE;
        double highest = -Double.MAX_VALUE;
        for (double mean : means) {
            lowest = Math.min(lowest, mean);
            highest = Math.max(highest, mean);
        }
        assertTrue(highest - lowest < 5, "expected class mean brightness within 5 gray levels, found "
                + Arrays.toString(means));
    }

    @Test
    void generatingFromManyThreadsGivesTheSameSamplesAsFromOne() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<SyntheticSample>> futures = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String label = SyntheticDogGenerator.LABELS.get(i % 4);
                int index = i / 4;
                futures.add(pool.submit(() -> generator.generate(label, index)));
            }
            SyntheticDogGenerator alone = new SyntheticDogGenerator(48, 42);
            for (int i = 0; i < 64; i++) {
                SyntheticSample expected = alone.generate(SyntheticDogGenerator.LABELS.get(i % 4), i / 4);
                assertEquals(expected.image(), futures.get(i).get().image());
                assertEquals(expected.mask(), futures.get(i).get().mask());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sizesOutsideTheSupportedRangeAreRejectedNamingTheRange() {
        for (int size : new int[] {8, 31, 257}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new SyntheticDogGenerator(size, 1));
            assertTrue(e.getMessage().contains("between 32 and 256") && e.getMessage().contains("found " + size),
                    e.getMessage());
        }
    }

    @Test
    void anUnknownLabelIsRejectedListingTheKnownLabels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> generator.generate("cat", 0));
        assertTrue(e.getMessage().contains("'cat'") && e.getMessage().contains("[sit, stand, lie_down, no_dog]"),
                e.getMessage());
    }

    @Test
    void aNegativeIndexIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> generator.generate("sit", -1));
        assertTrue(e.getMessage().contains(">= 0") && e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void theLabelListIsFixedAndUnmodifiable() {
        assertEquals(List.of("sit", "stand", "lie_down", "no_dog"), SyntheticDogGenerator.LABELS);
        assertThrows(UnsupportedOperationException.class, () -> SyntheticDogGenerator.LABELS.add("cat"));
    }

    private static double maskShare(GrayImage mask) {
        int covered = 0;
        for (byte value : mask.pixels()) {
            if (value != 0) {
                covered++;
            }
        }
        return covered / (double) (mask.width() * mask.height());
    }

    /** {minX, minY, maxX, maxY} of the mask's non-zero pixels. */
    private static int[] maskBox(GrayImage mask) {
        int[] box = {mask.width(), mask.height(), -1, -1};
        for (int y = 0; y < mask.height(); y++) {
            for (int x = 0; x < mask.width(); x++) {
                if (mask.get(x, y) != 0) {
                    box[0] = Math.min(box[0], x);
                    box[1] = Math.min(box[1], y);
                    box[2] = Math.max(box[2], x);
                    box[3] = Math.max(box[3], y);
                }
            }
        }
        return box;
    }

    private double meanBoxAspect(String label) {
        double sum = 0;
        for (int i = 0; i < 200; i++) {
            int[] box = maskBox(generator.generate(label, i).mask());
            sum += (box[2] - box[0] + 1) / (double) (box[3] - box[1] + 1);
        }
        return sum / 200;
    }

    private static double meanGray(GrayImage image) {
        long sum = 0;
        for (byte value : image.pixels()) {
            sum += value & 0xFF;
        }
        return sum / (double) (image.width() * image.height());
    }
}
