package dev.pawscope.host.link;

import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.quantize.codegen.CModelWriter;
import dev.pawscope.quantize.graph.FusedActivation;
import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.OpOptions;
import dev.pawscope.quantize.graph.OpType;
import dev.pawscope.quantize.graph.Operator;
import dev.pawscope.quantize.graph.Padding;
import dev.pawscope.quantize.graph.Quantization;
import dev.pawscope.quantize.graph.Tensor;
import dev.pawscope.quantize.graph.TensorType;
import dev.pawscope.quantize.interpreter.Activations;
import dev.pawscope.quantize.interpreter.Interpreter;
import dev.pawscope.quantize.interpreter.TensorData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A tiny int8 convnet for link tests, in the spirit of the quantize module's TestGraphs (whose
 * test jar host cannot reach), with an input that is not square and layer-0 maps that need
 * several MAP packets per channel, so row chunking and height/width order are exercised:
 *
 * <pre>
 * input [1,44,48,1]
 *   CONV_2D          8 filters 3x3, SAME, RELU -> [1,44,48,8]  (layer 0: 3 MAPs per channel)
 *   MAX_POOL_2D      2x2, stride 2             -> [1,22,24,8]
 *   AVERAGE_POOL_2D  2x2, stride 2             -> [1,11,12,8]
 *   RESHAPE                                    -> [1,1056]
 *   FULLY_CONNECTED  4 outputs                 -> [1,4]
 *   SOFTMAX                                    -> [1,4]
 * </pre>
 */
final class TinyConvNet {

    static final int HEIGHT = 44;
    static final int WIDTH = 48;
    static final int FILTERS = 8;
    static final int CLASSES = 4;
    static final List<String> LABELS = List.of("sit", "stand", "lie_down", "no_dog");

    private static final Quantization INPUT_Q = Quantization.perTensor(2f / 255, -1);
    private static final Quantization CONV_Q = Quantization.perTensor(0.05f, -128);

    final Graph graph = build(7);
    final Interpreter interpreter = new Interpreter(graph);
    /** Gray pixel p to the int8 input p - 128 (real ~ 2p/255 - 1 at INPUT_Q). */
    final byte[] pixelToInput = new byte[256];
    final byte[] sha256;

    TinyConvNet() {
        for (int p = 0; p < 256; p++) {
            pixelToInput[p] = (byte) (p - 128);
        }
        try {
            sha256 = MessageDigest.getInstance("SHA-256").digest(graph.description().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes ps_generated_model.h and .c into {@code dir}, as `pawscope export c` would. */
    void writeC(Path dir) throws IOException {
        CModelWriter.Sources sources = CModelWriter.write(graph, "tiny", sha256, LABELS, pixelToInput,
                List.of("pawscope link test model"));
        Files.writeString(dir.resolve("ps_generated_model.h"), sources.header());
        Files.writeString(dir.resolve("ps_generated_model.c"), sources.source());
    }

    /** The reference interpreter on a gray image, its pixels mapped as the board maps them. */
    Activations run(byte[] grayPixels) {
        byte[] input = new byte[grayPixels.length];
        for (int i = 0; i < input.length; i++) {
            input[i] = pixelToInput[grayPixels[i] & 0xFF];
        }
        return interpreter.run(input);
    }

    /** Channel {@code channel} of op {@code op}'s NHWC output, row-major. */
    byte[] opOutputChannel(Activations a, int op, int channel) {
        int tensor = graph.operators().get(op).output();
        byte[] nhwc = a.int8(tensor);
        int channels = graph.tensor(tensor).dim(3);
        byte[] out = new byte[nhwc.length / channels];
        for (int i = 0; i < out.length; i++) {
            out[i] = nhwc[i * channels + channel];
        }
        return out;
    }

    byte[] scores(Activations a) {
        return a.int8(graph.outputs()[0]);
    }

    /** Camera frames with distinct content: moving blobs on gradients. */
    static List<GrayImage> reel(int count) {
        List<GrayImage> frames = new ArrayList<>();
        for (int f = 0; f < count; f++) {
            byte[] pixels = new byte[HEIGHT * WIDTH];
            int cx = 6 + 7 * f % (WIDTH - 12);
            int cy = 5 + 5 * f % (HEIGHT - 10);
            for (int y = 0; y < HEIGHT; y++) {
                for (int x = 0; x < WIDTH; x++) {
                    int d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                    int value = d2 < 40 + 10 * f ? 250 - 3 * f : (x * 3 + y * 2 + 20 * f) % 200;
                    pixels[y * WIDTH + x] = (byte) value;
                }
            }
            frames.add(new GrayImage(WIDTH, HEIGHT, pixels));
        }
        return frames;
    }

    private static Graph build(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Tensor> t = new ArrayList<>();
        List<Operator> ops = new ArrayList<>();
        t.add(Tensor.activation("input", TensorType.INT8, new int[] {1, HEIGHT, WIDTH, 1}, INPUT_Q));

        float[] convScales = scales(random, FILTERS);
        t.add(new Tensor("conv/filter", TensorType.INT8, new int[] {FILTERS, 3, 3, 1},
                new Quantization(convScales, new int[FILTERS], 0), weights(random, FILTERS * 9)));
        t.add(bias("conv/bias", random, INPUT_Q.scale(), convScales));
        t.add(Tensor.activation("conv", TensorType.INT8, new int[] {1, HEIGHT, WIDTH, FILTERS}, CONV_Q));
        ops.add(new Operator(OpType.CONV_2D, new int[] {0, 1, 2}, new int[] {3},
                new OpOptions.Conv2D(Padding.SAME, 1, 1, FusedActivation.RELU, 1, 1)));

        t.add(Tensor.activation("maxpool", TensorType.INT8, new int[] {1, HEIGHT / 2, WIDTH / 2, FILTERS}, CONV_Q));
        ops.add(new Operator(OpType.MAX_POOL_2D, new int[] {3}, new int[] {4},
                new OpOptions.Pool2D(Padding.VALID, 2, 2, 2, 2, FusedActivation.NONE)));
        t.add(Tensor.activation("avgpool", TensorType.INT8, new int[] {1, HEIGHT / 4, WIDTH / 4, FILTERS}, CONV_Q));
        ops.add(new Operator(OpType.AVERAGE_POOL_2D, new int[] {4}, new int[] {5},
                new OpOptions.Pool2D(Padding.VALID, 2, 2, 2, 2, FusedActivation.NONE)));
        int flat = HEIGHT / 4 * (WIDTH / 4) * FILTERS;
        t.add(Tensor.activation("flatten", TensorType.INT8, new int[] {1, flat}, CONV_Q));
        ops.add(new Operator(OpType.RESHAPE, new int[] {5}, new int[] {6}, new OpOptions.Reshape(new int[] {1, flat})));

        float[] fcScales = scales(random, CLASSES);
        t.add(new Tensor("fc/weights", TensorType.INT8, new int[] {CLASSES, flat},
                new Quantization(fcScales, new int[CLASSES], 0), weights(random, CLASSES * flat)));
        t.add(bias("fc/bias", random, CONV_Q.scale(), fcScales));
        t.add(Tensor.activation("fc", TensorType.INT8, new int[] {1, CLASSES}, Quantization.perTensor(0.5f, 0)));
        ops.add(new Operator(OpType.FULLY_CONNECTED, new int[] {6, 7, 8}, new int[] {9},
                new OpOptions.FullyConnected(FusedActivation.NONE, false)));
        t.add(Tensor.activation("softmax", TensorType.INT8, new int[] {1, CLASSES},
                Quantization.perTensor(1f / 256, -128)));
        ops.add(new Operator(OpType.SOFTMAX, new int[] {9}, new int[] {10}, new OpOptions.Softmax(1f)));
        return new Graph(t, ops, new int[] {0}, new int[] {10}, "pawscope link test: tiny int8 convnet 44x48");
    }

    private static float[] scales(SplittableRandom random, int n) {
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = (float) (0.002 + 0.01 * random.nextDouble());
        }
        return s;
    }

    private static byte[] weights(SplittableRandom random, int n) {
        byte[] w = new byte[n];
        for (int i = 0; i < n; i++) {
            w[i] = (byte) (random.nextInt(255) - 127);
        }
        return w;
    }

    private static Tensor bias(String name, SplittableRandom random, float inputScale, float[] weightScales) {
        float[] scales = new float[weightScales.length];
        int[] values = new int[weightScales.length];
        for (int c = 0; c < scales.length; c++) {
            scales[c] = inputScale * weightScales[c];
            values[c] = random.nextInt(2000) - 1000;
        }
        return new Tensor(name, TensorType.INT32, new int[] {scales.length},
                new Quantization(scales, new int[scales.length], 0), TensorData.fromInts(values));
    }
}
