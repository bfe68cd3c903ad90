package dev.pawscope.host.explain;

import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.host.quant.ImageQuantizer;
import dev.pawscope.host.quant.Int8Model;
import dev.pawscope.quantize.interpreter.Interpreter;

/**
 * The int8 model as a {@link ScoreFunction}: pixels through the model's pixel-to-input table,
 * then the bit-exact Java reference interpreter, the scores dequantized. What the board computes,
 * byte for byte.
 */
public final class Int8Scores implements ScoreFunction {

    private final Interpreter interpreter;
    private final ImageQuantizer pixels;
    private final int width;
    private final int height;
    private final int classes;

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
}
