package dev.pawscope.quantize.golden;

import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.OpOptions;
import dev.pawscope.quantize.graph.Operator;
import dev.pawscope.quantize.graph.Tensor;
import dev.pawscope.quantize.graph.TensorType;
import dev.pawscope.quantize.interpreter.Activations;
import dev.pawscope.quantize.interpreter.Int8OpParams;
import dev.pawscope.quantize.interpreter.Interpreter;
import dev.pawscope.quantize.interpreter.TensorData;
import dev.pawscope.quantize.kernels.ActivationRange;
import dev.pawscope.quantize.kernels.DoubleScale;
import dev.pawscope.quantize.kernels.OutputMultipliers;
import dev.pawscope.quantize.kernels.SoftmaxInt8;
import dev.pawscope.quantize.kernels.WindowGeometry;
import java.util.Locale;

/**
 * An int8 model's golden vectors as text for the firmware's C tests: every tensor's shape and
 * quantization, every op's integer kernel parameters (as the interpreter derives them, so the C
 * side needs no floating point), the constants, the input and every op's expected output.
 *
 * <p>Line-oriented, whitespace-separated decimal fields; {@code #} starts a comment line:
 *
 * <pre>
 * pawscope-golden-model 1
 * model NAME tensors T ops N input I output O
 * tensor INDEX TYPE(int8|int32|float32) RANK D0..D(RANK-1) SCALE ZERO_POINT NAME   (per-tensor quantization, or 0 0)
 * op INDEX TYPE OUTPUT_TENSOR N_INPUTS INPUT_TENSORS...                          (then the op's parameter lines)
 *   window IN_H IN_W IN_C FILTER_H FILTER_W STRIDE_H STRIDE_W DILATION_H DILATION_W PAD_H PAD_W OUT_H OUT_W
 *   depthwise DEPTH_MULTIPLIER
 *   fc BATCHES DEPTH OUTPUTS
 *   quant INPUT_OFFSET OUTPUT_ZERO_POINT ACT_MIN ACT_MAX CHANNELS
 *   multipliers CHANNELS M...      shifts CHANNELS S...   (TFLite's sign: > 0 shifts left)
 *   scales CHANNELS MANTISSA EXPONENT ...   (FULLY_CONNECTED only, instead of multipliers and shifts:
 *                                  its double-precision scale = MANTISSA * 2^EXPONENT, see DoubleScale)
 *   range ACT_MIN ACT_MAX          (pools)
 *   softmax ROWS DEPTH INPUT_MULTIPLIER INPUT_LEFT_SHIFT DIFF_MIN
 * data TENSOR COUNT V...           (constants: int8 or int32 values)
 * input COUNT V...
 * expect OP COUNT V...             (each op's output)
 * end
 * </pre>
 */
public final class ModelGoldenWriter {

    public static final String FORMAT_LINE = "pawscope-golden-model 1";

    private ModelGoldenWriter() {}

    /** The vectors of {@code graph} run on {@code input}; {@code header} lines become comments. */
    public static String write(String name, Graph graph, byte[] input, String... header) {
        StringBuilder out = new StringBuilder();
        for (String line : header) {
            out.append("# ").append(line).append('\n');
        }
        out.append(FORMAT_LINE).append('\n');
        out.append(String.format(Locale.ROOT, "model %s tensors %d ops %d input %d output %d%n", name,
                graph.tensors().size(), graph.operators().size(), graph.inputs()[0], graph.outputs()[0]));
        for (int i = 0; i < graph.tensors().size(); i++) {
            Tensor t = graph.tensor(i);
            if (t.type() == TensorType.FLOAT32) {
                throw new IllegalArgumentException("tensor '" + t.name() + "' is FLOAT32; golden vectors are for int8 "
                        + "models");
            }
            out.append("tensor ").append(i).append(' ').append(t.type().name().toLowerCase(Locale.ROOT)).append(' ')
                    .append(t.rank());
            for (int d : t.shape()) {
                out.append(' ').append(d);
            }
            boolean perTensor = t.quantization() != null && t.quantization().isPerTensor();
            out.append(' ').append(perTensor ? Float.toString(t.quantization().scale()) : "0")
                    .append(' ').append(perTensor ? t.quantization().zeroPoint() : 0)
                    .append(' ').append(t.name().replaceAll("\\s", "_")).append('\n');
        }
        for (int i = 0; i < graph.operators().size(); i++) {
            writeOp(out, graph, i);
        }
        for (int i = 0; i < graph.tensors().size(); i++) {
            Tensor t = graph.tensor(i);
            if (t.isConstant()) {
                out.append("data ").append(i);
                appendValues(out, TensorData.decode(t));
            }
        }
        out.append("input");
        appendValues(out, input);
        Activations a = new Interpreter(graph).run(input);
        for (int i = 0; i < graph.operators().size(); i++) {
            out.append("expect ").append(i);
            appendValues(out, a.int8(graph.operators().get(i).output()));
        }
        out.append("end\n");
        return out.toString();
    }

    private static void writeOp(StringBuilder out, Graph graph, int index) {
        Operator op = graph.operators().get(index);
        out.append("op ").append(index).append(' ').append(op.type()).append(' ').append(op.output()).append(' ');
        int[] inputs = op.inputs();
        out.append(inputs.length);
        for (int in : inputs) {
            out.append(' ').append(in);
        }
        out.append('\n');
        int[] inShape = graph.tensor(op.input(0)).shape();
        OpOptions options = op.options();
        if (options instanceof OpOptions.Conv2D o) {
            int[] f = graph.tensor(op.input(1)).shape();
            window(out, WindowGeometry.of(inShape, f[1], f[2], o.padding(), o.strideH(), o.strideW(),
                    o.dilationH(), o.dilationW()));
            quant(out, Int8OpParams.of(graph, index));
        } else if (options instanceof OpOptions.DepthwiseConv2D o) {
            int[] f = graph.tensor(op.input(1)).shape();
            window(out, WindowGeometry.of(inShape, f[1], f[2], o.padding(), o.strideH(), o.strideW(),
                    o.dilationH(), o.dilationW()));
            out.append("depthwise ").append(o.depthMultiplier()).append('\n');
            quant(out, Int8OpParams.of(graph, index));
        } else if (options instanceof OpOptions.FullyConnected) {
            int[] w = graph.tensor(op.input(1)).shape();
            int depth = w[1];
            out.append(String.format(Locale.ROOT, "fc %d %d %d%n",
                    graph.tensor(op.input(0)).elementCount() / depth, depth, w[0]));
            Int8OpParams p = Int8OpParams.of(graph, index);
            DoubleScale[] scales = Int8OpParams.fullyConnectedScales(graph, index);
            out.append(String.format(Locale.ROOT, "quant %d %d %d %d %d%n", p.inputOffset(), p.outputZeroPoint(),
                    p.range().min(), p.range().max(), scales.length));
            out.append("scales ").append(scales.length);
            for (DoubleScale s : scales) {
                out.append(' ').append(s.mantissa()).append(' ').append(s.exponent());
            }
            out.append('\n');
        } else if (options instanceof OpOptions.Pool2D o) {
            window(out, WindowGeometry.of(inShape, o.filterH(), o.filterW(), o.padding(), o.strideH(),
                    o.strideW(), 1, 1));
            Tensor output = graph.tensor(op.output());
            ActivationRange r = ActivationRange.int8(o.activation(), output.quantization().scale(),
                    output.quantization().zeroPoint());
            out.append("range ").append(r.min()).append(' ').append(r.max()).append('\n');
        } else if (options instanceof OpOptions.Softmax o) {
            Tensor input = graph.tensor(op.input(0));
            int depth = input.dim(input.rank() - 1);
            SoftmaxInt8.Params p = SoftmaxInt8.prepare(o.beta(), input.quantization().scale());
            out.append(String.format(Locale.ROOT, "softmax %d %d %d %d %d%n", input.elementCount() / depth, depth,
                    p.inputMultiplier(), p.inputLeftShift(), p.diffMin()));
        } else if (options instanceof OpOptions.None) {
            throw new IllegalArgumentException("op " + index + " is " + op.type()
                + "; golden vectors cover int8-in, int8-out models only");
        }
    }

    private static void window(StringBuilder out, WindowGeometry g) {
        out.append(String.format(Locale.ROOT, "window %d %d %d %d %d %d %d %d %d %d %d %d %d%n", g.inH(), g.inW(),
                g.inC(), g.filterH(), g.filterW(), g.strideH(), g.strideW(), g.dilationH(), g.dilationW(), g.padH(),
                g.padW(), g.outH(), g.outW()));
    }

    private static void quant(StringBuilder out, Int8OpParams p) {
        OutputMultipliers m = p.multipliers();
        out.append(String.format(Locale.ROOT, "quant %d %d %d %d %d%n", p.inputOffset(), p.outputZeroPoint(),
                p.range().min(), p.range().max(), m.channels()));
        out.append("multipliers");
        appendValues(out, m.multipliers());
        out.append("shifts");
        appendValues(out, m.shifts());
    }

    private static void appendValues(StringBuilder out, Object values) {
        if (values instanceof byte[] b) {
            out.append(' ').append(b.length);
            for (byte v : b) {
                out.append(' ').append(v);
            }
        } else {
            int[] ints = (int[]) values;
            out.append(' ').append(ints.length);
            for (int v : ints) {
                out.append(' ').append(v);
            }
        }
        out.append('\n');
    }
}
