package dev.pawscope.host.explain;

import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.host.quant.ImageQuantizer;
import dev.pawscope.host.quant.Int8Model;
import dev.pawscope.quantize.interpreter.DeltaInterpreter;
import dev.pawscope.quantize.interpreter.DeltaSession;
import dev.pawscope.quantize.interpreter.Interpreter;

/**
 * The int8 model as a {@link ScoreFunction}: pixels through the model's pixel-to-input table,
 * then the bit-exact Java reference interpreter, the scores dequantized. What the board computes,
 * byte for byte.
 *
 * <p>{@link #patchScores} (occlusion) runs the image once and then rescores each patch
 * incrementally with a {@link DeltaInterpreter}: only the activations a patch really changes are
 * recomputed, with the same integer arithmetic, so the scores are the same bits as {@link #scores}
 * of the patched image.
 */
public final class Int8Scores implements ScoreFunction {

    private final Interpreter interpreter;
    private final ImageQuantizer pixels;
    private final int width;
    private final int height;
    private final int classes;
    /** Null for a graph the delta engine cannot run (not int8 throughout): then patches run in full. */
    private final DeltaInterpreter delta;
    private final byte[] pixelTable;

    public Int8Scores(Interpreter interpreter, ImageQuantizer pixels) {
        int[] in = interpreter.graph().inputTensor().shape(); // [1, H, W, 1]
        if (in.length != 4 || in[3] != 1) {
            throw new IllegalArgumentException("expected a [1,H,W,1] gray input, found "
                    + java.util.Arrays.toString(in));
        }
        this.interpreter = interpreter;
        this.pixels = pixels;
        this.height = in[1];
        this.width = in[2];
        this.classes = interpreter.graph().tensor(interpreter.graph().outputs()[0]).elementCount();
        this.delta = DeltaInterpreter.supports(interpreter.graph()) ? new DeltaInterpreter(interpreter) : null;
        this.pixelTable = pixels.table();
    }

    public static Int8Scores of(Int8Model model) {
        return new Int8Scores(new Interpreter(model.graph()), model.pixels());
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public float[] scores(GrayImage image) {
        return interpreter.run(pixels.int8(image)).outputReal();
    }

    /** Whether {@link #patchScores} rescores incrementally (an int8-throughout graph) rather than in full. */
    public boolean incrementalPatches() {
        return delta != null;
    }

    @Override
    public PatchScores patchScores(GrayImage image) {
        if (delta == null) {
            return ScoreFunction.super.patchScores(image);
        }
        if (image.width() != width || image.height() != height) {
            throw new IllegalArgumentException("the model input is " + height + "x" + width + ", found a "
                    + image.height() + "x" + image.width() + " image");
        }
        DeltaSession session = delta.start(pixels.int8(image));
        float[] baseline = session.outputReal();
        return new PatchScores() {
            @Override
            public float[] baseline() {
                return baseline.clone();
            }

            @Override
            public float[] withPatch(int x0, int y0, int w, int h, int fill) {
                // A gray pixel is one int8 input value, so the patch is one rectangle of the input tensor.
                session.runWithRectangle(y0, x0, h, w, pixelTable[fill & 0xFF]);
                return session.outputReal();
            }
        };
    }
}
