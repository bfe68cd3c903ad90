package dev.pawscope.host.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.host.board.CameraReel;
import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.host.dataset.InputSpec;
import dev.pawscope.host.model.ModelMetadata;
import dev.pawscope.host.quant.FloatGraphBuilder;
import dev.pawscope.host.quant.ImageQuantizer;
import dev.pawscope.host.quant.Int8Model;
import dev.pawscope.host.testing.TinyModel;
import dev.pawscope.host.train.ArchitectureSpec;
import dev.pawscope.host.train.ImageTensors;
import dev.pawscope.host.train.NetworkFactory;
import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.interpreter.Interpreter;
import dev.pawscope.quantize.ptq.CalibrationMethod;
import dev.pawscope.quantize.ptq.Calibrator;
import dev.pawscope.quantize.ptq.Quantizer;
import dev.pawscope.quantize.ptq.TensorRange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/**
 * Occlusion over {@link Int8Scores} rescores patches incrementally; it must give exactly the
 * saliency of the old path, which painted every patch and ran a full inference.
 */
class OcclusionIncrementalTest {

    /** The same model with only {@link ScoreFunction#scores}: the default patch scorer, full inference per patch. */
    private static ScoreFunction fullInference(ScoreFunction model) {
        return new ScoreFunction() {
            @Override
            public int width() {
                return model.width();
            }

            @Override
            public int height() {
                return model.height();
            }

            @Override
            public int classes() {
                return model.classes();
            }

            @Override
            public float[] scores(GrayImage image) {
                return model.scores(image);
            }
        };
    }

    /** A pawnet (48x48, four conv blocks, global max pool, dense) quantized on a few synthetic images. */
    static Int8Scores pawnetShaped(long seed) {
        ArchitectureSpec spec = ArchitectureSpec.resolve("pawnet", 4);
        InputSpec input = InputSpec.square(48);
        MultiLayerNetwork net = NetworkFactory.create(spec, input, 4, seed, 1e-3);
        Graph float32 = FloatGraphBuilder.build(spec, input, 4, net, "pawnet-shaped test model");
        List<float[]> calibration = new ArrayList<>();
        for (GrayImage image : CameraReel.synthetic(48, seed, 8)) {
            calibration.add(ImageTensors.normalise(image));
        }
        Map<Integer, TensorRange> ranges = new LinkedHashMap<>(
                new Calibrator(float32, CalibrationMethod.MINMAX, 99.99).calibrate(calibration, done -> { }));
        int in = float32.inputs()[0];
        TensorRange seen = ranges.get(in);
        ranges.put(in, new TensorRange(-1f, 1f, seen.observedMin(), seen.observedMax(), 0));
        Graph int8 = Quantizer.quantize(float32, ranges, "pawnet-shaped int8 test model");
        ImageQuantizer pixels = new ImageQuantizer(
                new ModelMetadata.Normalization(ImageTensors.SCALE, ImageTensors.OFFSET), int8.inputTensor().quantization());
        return new Int8Scores(new Interpreter(int8), pixels);
    }

    private static void assertSameSaliency(Occlusion incremental, Occlusion full, GrayImage image, int classIndex) {
        Saliency a = incremental.explain(image, classIndex);
        Saliency b = full.explain(image, classIndex);
        assertArrayEquals(b.values(), a.values(), "class " + classIndex);
        assertEquals(b.classIndex(), a.classIndex());
    }

    @Test
    void aPawnetShapedModelGetsTheSameSaliencyAsFullInference() {
        Int8Scores scores = pawnetShaped(11);
        assertTrue(scores.incrementalPatches(), "the model takes the incremental path");
        Occlusion incremental = Occlusion.withDefaults(scores, "int8 model");
        Occlusion full = Occlusion.withDefaults(fullInference(scores), "int8 model");
        assertEquals(226, incremental.passes());
        double total = 0;
        for (GrayImage image : CameraReel.synthetic(48, 5, 2)) {
            for (int c = 0; c < 4; c++) {
                assertSameSaliency(incremental, full, image, c);
                total += incremental.explain(image, c).max();
            }
        }
        assertTrue(total > 0, "some patch changes some score, or the comparison proves nothing");
    }

    @Test
    void otherPatchSizesAndFillsToo() {
        Int8Scores scores = pawnetShaped(12);
        GrayImage image = CameraReel.synthetic(48, 9, 1).get(0);
        for (int[] psf : new int[][] {{5, 2, 0}, {11, 7, 255}, {1, 1, 128}}) {
            assertSameSaliency(new Occlusion(scores, "int8", psf[0], psf[1], psf[2]),
                    new Occlusion(fullInference(scores), "int8", psf[0], psf[1], psf[2]), image, 1);
        }
    }

    @Test
    void patchScoresAreTheScoresOfThePaintedImage() {
        Int8Scores scores = pawnetShaped(13);
        GrayImage image = CameraReel.synthetic(48, 3, 1).get(0);
        PatchScores patches = scores.patchScores(image);
        assertArrayEquals(scores.scores(image), patches.baseline());
        PatchScores painted = fullInference(scores).patchScores(image);
        for (int[] r : new int[][] {{0, 0, 48, 48}, {40, 3, 8, 20}, {17, 29, 6, 6}, {0, 0, 0, 0}}) {
            for (int fill : new int[] {0, 128, 255}) {
                assertArrayEquals(painted.withPatch(r[0], r[1], r[2], r[3], fill),
                        patches.withPatch(r[0], r[1], r[2], r[3], fill));
            }
        }
    }

    @Test
    void theTinyModelGetsTheSameSaliencyAsFullInference() {
        Int8Scores scores = Int8Scores.of(Int8Model.load(TinyModel.model()));
        Occlusion incremental = Occlusion.withDefaults(scores, "int8 model");
        Occlusion full = Occlusion.withDefaults(fullInference(scores), "int8 model");
        for (GrayImage image : CameraReel.synthetic(32, 1, 3)) {
            for (int c = 0; c < scores.classes(); c++) {
                assertSameSaliency(incremental, full, image, c);
            }
        }
    }
}
