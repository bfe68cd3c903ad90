package dev.pawscope.quantize.codegen;

import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.GraphException;
import dev.pawscope.quantize.graph.OpOptions;
import dev.pawscope.quantize.graph.OpType;
import dev.pawscope.quantize.graph.Operator;
import dev.pawscope.quantize.graph.Tensor;
import dev.pawscope.quantize.graph.TensorType;
import dev.pawscope.quantize.interpreter.Int8OpParams;
import dev.pawscope.quantize.interpreter.Interpreter;
import dev.pawscope.quantize.interpreter.TensorData;
import dev.pawscope.quantize.kernels.ActivationRange;
import dev.pawscope.quantize.kernels.DoubleScale;
import dev.pawscope.quantize.kernels.OutputMultipliers;
import dev.pawscope.quantize.kernels.SoftmaxInt8;
import dev.pawscope.quantize.kernels.WindowGeometry;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * An int8 graph as C99 source for the firmware ({@code firmware/include/ps_model.h}): weights,
 * biases and requantization parameters as {@code const} arrays (flash), the tensor table with the
 * {@link ArenaPlan}'s offsets, the op table, labels, the pixel-to-input table and the model's
 * hash. Every integer parameter is computed here, as the Java interpreter computes it, so the
 * firmware needs no floating point.
 */
public final class CModelWriter {

    /** The symbol the generated source defines. */
    public static final String MODEL_SYMBOL = "ps_generated_model";

    private final Graph graph;
    private final ArenaPlan plan;
    /** The C tensor table holds activations only: graph tensor index to C index, -1 for constants. */
    private final int[] cIndex;
    private final int activations;
    private final StringBuilder c = new StringBuilder();

    private CModelWriter(Graph graph) {
        new Interpreter(graph); // validates the graph exactly as inference would
        if (graph.inputTensor().type() != TensorType.INT8 || graph.outputTensor().type() != TensorType.INT8) {
            throw new GraphException("the firmware runs int8-in, int8-out models; this one takes "
                    + graph.inputTensor().type() + " and gives " + graph.outputTensor().type()
                    + " (quantize it with `pawscope quantize`)");
        }
        this.graph = graph;
        this.plan = ArenaPlan.of(graph);
        this.cIndex = new int[graph.tensors().size()];
        int next = 0;
        for (int i = 0; i < cIndex.length; i++) {
            cIndex[i] = graph.tensor(i).isConstant() ? -1 : next++;
        }
        this.activations = next;
    }

    /** The generated source files. */
    public record Sources(String header, String source, ArenaPlan plan) {}

    /**
     * @param name a C-identifier-safe model name
     * @param sha256 the hash of the .tflite the graph was read from (32 bytes)
     * @param pixelToInput 256 entries: grayscale pixel to int8 input value
     * @param banner comment lines for the top of both files (who generated them, how)
     */
    public static Sources write(Graph graph, String name, byte[] sha256, List<String> labels, byte[] pixelToInput,
            List<String> banner) {
        if (sha256.length != 32 || pixelToInput.length != 256) {
            throw new IllegalArgumentException("expected a 32-byte SHA-256 and a 256-entry pixel table, found "
                    + sha256.length + " and " + pixelToInput.length);
        }
        CModelWriter w = new CModelWriter(graph);
        return new Sources(w.header(name, sha256, banner), w.source(name, sha256, labels, pixelToInput, banner),
                w.plan);
    }

    private String header(String name, byte[] sha256, List<String> banner) {
        StringBuilder h = new StringBuilder();
        banner(h, banner);
        int[] in = graph.inputTensor().shape();
        int[] out = graph.outputTensor().shape();
        h.append("#ifndef PS_GENERATED_MODEL_H\n#define PS_GENERATED_MODEL_H\n\n#include \"ps_model.h\"\n\n");
        h.append("#define PS_MODEL_NAME \"").append(name).append("\"\n");
        h.append("#define PS_MODEL_HASH_HEX \"").append(HexFormat.of().formatHex(sha256)).append("\"\n");
        h.append("#define PS_MODEL_ARENA_BYTES ").append(plan.arenaBytes()).append("u\n");
        h.append("#define PS_MODEL_INPUT_HEIGHT ").append(in[1]).append('\n');
        h.append("#define PS_MODEL_INPUT_WIDTH ").append(in[2]).append('\n');
        h.append("#define PS_MODEL_INPUT_CHANNELS ").append(in[3]).append('\n');
        h.append("#define PS_MODEL_OUTPUTS ").append(out[out.length - 1]).append('\n');
        h.append("#define PS_MODEL_WEIGHT_BYTES ").append(weightBytes()).append("u\n\n");
        h.append("extern const ps_model ").append(MODEL_SYMBOL).append(";\n\n#endif\n");
        return h.toString();
    }

    private String source(String name, byte[] sha256, List<String> labels, byte[] pixelToInput, List<String> banner) {
        banner(c, banner);
        c.append("#include \"ps_generated_model.h\"\n\n");
        for (int i = 0; i < graph.operators().size(); i++) {
            constants(i);
        }
        array("int8_t", "pixel_to_input", toInts(pixelToInput));
        c.append("static const char *const labels[").append(labels.size()).append("] = {");
        for (int i = 0; i < labels.size(); i++) {
            c.append(i == 0 ? "" : ", ").append('"').append(escape(labels.get(i))).append('"');
        }
        c.append("};\n\n");
        tensors();
        ops();
        c.append("const ps_model ").append(MODEL_SYMBOL).append(" = {\n");
        c.append("    \"").append(escape(name)).append("\",\n    {");
        for (int i = 0; i < sha256.length; i++) {
            c.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "0x%02x", sha256[i] & 0xFF));
        }
        c.append("},\n");
        c.append("    ").append(activations).append(", tensors,\n");
        c.append("    ").append(graph.operators().size()).append(", ops,\n");
        c.append("    ").append(cIndex[graph.inputs()[0]]).append(", ").append(cIndex[graph.outputs()[0]]).append(",\n");
        c.append("    ").append(plan.arenaBytes()).append("u,\n");
        c.append("    ").append(labels.size()).append(", labels,\n");
        c.append("    pixel_to_input\n};\n");
        return c.toString();
    }

    private void constants(int index) {
        Operator op = graph.operators().get(index);
        if (op.type() == OpType.CONV_2D || op.type() == OpType.DEPTHWISE_CONV_2D
                || op.type() == OpType.FULLY_CONNECTED) {
            array("int8_t", "op" + index + "_weights", toInts((byte[]) TensorData.decode(graph.tensor(op.input(1)))));
            if (op.input(2) != -1) {
                array("int32_t", "op" + index + "_bias", (int[]) TensorData.decode(graph.tensor(op.input(2))));
            }
            if (op.type() == OpType.FULLY_CONNECTED) {
                doubleScales("op" + index + "_scales", Int8OpParams.fullyConnectedScales(graph, index));
            } else {
                OutputMultipliers m = Int8OpParams.of(graph, index).multipliers();
                array("int32_t", "op" + index + "_multipliers", m.multipliers());
                array("int32_t", "op" + index + "_shifts", m.shifts());
            }
        }
    }

    private void tensors() {
        c.append("static const ps_tensor tensors[").append(activations).append("] = {\n");
        for (int i = 0; i < graph.tensors().size(); i++) {
            Tensor t = graph.tensor(i);
            if (t.isConstant()) {
                continue;
            }
            int[] d = nhwc(t.shape());
            c.append(String.format(Locale.ROOT, "    {{%d, %d, %d, %d}, %du, %du, %d, 0x%08xu, \"%s\"}, /* %d */%n",
                    d[0], d[1], d[2], d[3], plan.offset(i), t.elementCount(), t.quantization().zeroPoint(),
                    Float.floatToIntBits(t.quantization().scale()), escape(t.name()), cIndex[i]));
        }
        c.append("};\n\n");
    }

    private void ops() {
        c.append("static const ps_op ops[").append(graph.operators().size()).append("] = {\n");
        for (int i = 0; i < graph.operators().size(); i++) {
            Operator op = graph.operators().get(i);
            c.append("    {PS_OP_").append(op.type().name()).append(", ").append(cIndex[op.input(0)]).append(", ")
                    .append(cIndex[op.output()]).append(", {");
            if (op.options() instanceof OpOptions.Conv2D o) {
                int[] f = graph.tensor(op.input(1)).shape();
                conv(i, window(o.padding(), f, o.strideH(), o.strideW(), o.dilationH(), o.dilationW(), op), f, 1);
            } else if (op.options() instanceof OpOptions.DepthwiseConv2D o) {
                int[] f = graph.tensor(op.input(1)).shape();
                conv(i, window(o.padding(), f, o.strideH(), o.strideW(), o.dilationH(), o.dilationW(), op), f,
                        o.depthMultiplier());
            } else if (op.options() instanceof OpOptions.Pool2D o) {
                WindowGeometry g = WindowGeometry.of(graph.tensor(op.input(0)).shape(), o.filterH(), o.filterW(),
                        o.padding(), o.strideH(), o.strideW(), 1, 1);
                Tensor out = graph.tensor(op.output());
                ActivationRange r = ActivationRange.int8(o.activation(), out.quantization().scale(),
                        out.quantization().zeroPoint());
                c.append(".pool = {").append(windowInit(g)).append(", ").append(o.filterH()).append(", ")
                        .append(o.filterW()).append(", ").append(r.min()).append(", ").append(r.max()).append('}');
            } else if (op.type() == OpType.FULLY_CONNECTED) {
                int[] w = graph.tensor(op.input(1)).shape();
                Int8OpParams p = Int8OpParams.of(graph, i);
                String requant = String.format(Locale.ROOT, "{%d, %d, %d, %d, %d, 0, 0}", p.inputOffset(),
                        p.outputZeroPoint(), p.range().min(), p.range().max(),
                        Int8OpParams.fullyConnectedScales(graph, i).length);
                c.append(".fc = {").append(w[1]).append(", ").append(w[0]).append(", ").append(requant)
                        .append(", op").append(i).append("_scales, op").append(i).append("_weights, ")
                        .append(bias(i, op)).append('}');
            } else if (op.options() instanceof OpOptions.Softmax o) {
                Tensor in = graph.tensor(op.input(0));
                SoftmaxInt8.Params p = SoftmaxInt8.prepare(o.beta(), in.quantization().scale());
                c.append(".softmax = {").append(p.inputMultiplier()).append(", ").append(p.inputLeftShift())
                        .append(", ").append(p.diffMin()).append('}');
            } else if (op.type() != OpType.RESHAPE) {
                throw new GraphException("op " + i + " is " + op.type() + ", which the firmware does not run");
            } else {
                c.append(".softmax = {0, 0, 0} /* RESHAPE has no parameters */");
            }
            c.append("}},\n");
        }
        c.append("};\n\n");
    }

    private WindowGeometry window(dev.pawscope.quantize.graph.Padding padding, int[] filter, int strideH, int strideW,
            int dilationH, int dilationW, Operator op) {
        return WindowGeometry.of(graph.tensor(op.input(0)).shape(), filter[1], filter[2], padding, strideH, strideW,
                dilationH, dilationW);
    }

    private void conv(int index, WindowGeometry g, int[] filter, int depthMultiplier) {
        Operator op = graph.operators().get(index);
        c.append(".conv = {").append(windowInit(g)).append(String.format(Locale.ROOT, ", {%d, %d, %d, %d}, ",
                filter[0], filter[1], filter[2], filter[3])).append(depthMultiplier).append(", ").append(requant(index))
                .append(", op").append(index).append("_weights, ").append(bias(index, op)).append('}');
    }

    private String requant(int index) {
        Int8OpParams p = Int8OpParams.of(graph, index);
        return String.format(Locale.ROOT, "{%d, %d, %d, %d, %d, op%d_multipliers, op%d_shifts}", p.inputOffset(),
                p.outputZeroPoint(), p.range().min(), p.range().max(), p.multipliers().channels(), index, index);
    }

    private static String bias(int index, Operator op) {
        return op.input(2) == -1 ? "0" : "op" + index + "_bias";
    }

    private static String windowInit(WindowGeometry g) {
        return String.format(Locale.ROOT, "{%d, %d, %d, %d, %d, %d}", g.strideH(), g.strideW(), g.dilationH(),
                g.dilationW(), g.padH(), g.padW());
    }

    /** [N,H,W,C] as is; [N,C] as {N,1,1,C}. */
    private static int[] nhwc(int[] shape) {
        return shape.length == 4 ? shape : new int[] {shape[0], 1, 1, shape[shape.length - 1]};
    }

    private long weightBytes() {
        long total = 0;
        for (Tensor t : graph.tensors()) {
            if (t.isConstant()) {
                total += (long) t.elementCount() * t.type().bytesPerElement();
            }
        }
        return total;
    }

    private void array(String type, String name, int[] values) {
        c.append("static const ").append(type).append(' ').append(name).append('[').append(values.length)
                .append("] = {");
        for (int i = 0; i < values.length; i++) {
            // C has no negative literals: -2147483648 would be the long 2147483648, negated.
            String literal = values[i] == Integer.MIN_VALUE ? "(-2147483647 - 1)" : Integer.toString(values[i]);
            c.append(i % 16 == 0 ? "\n    " : " ").append(literal).append(i + 1 < values.length ? "," : "");
        }
        c.append("\n};\n\n");
    }

    private void doubleScales(String name, DoubleScale[] scales) {
        c.append("static const ps_double_scale ").append(name).append('[').append(scales.length).append("] = {\n");
        for (DoubleScale s : scales) {
            c.append(String.format(Locale.ROOT, "    {%dull, %d}, /* %s */%n", s.mantissa(), s.exponent(),
                    Double.toString(s.value())));
        }
        c.append("};\n\n");
    }

    private static int[] toInts(byte[] bytes) {
        int[] ints = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ints[i] = bytes[i];
        }
        return ints;
    }

    private static void banner(StringBuilder out, List<String> lines) {
        out.append("/*\n");
        for (String line : lines) {
            out.append(" * ").append(line).append('\n');
        }
        out.append(" * Generated code: do not edit; regenerate instead.\n */\n");
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
