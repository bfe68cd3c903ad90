package dev.pawscope.quantize.tflite;

import static dev.pawscope.quantize.tflite.TfLiteSchema.BUILTIN_CUSTOM;

import dev.pawscope.quantize.graph.OpOptions;
import dev.pawscope.quantize.graph.OpType;
import dev.pawscope.quantize.graph.Operator;
import dev.pawscope.quantize.graph.Quantization;
import dev.pawscope.quantize.graph.Tensor;
import dev.pawscope.quantize.graph.TensorType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Reads one {@code Operator} of the subgraph: resolves its operator code to an {@link OpType},
 * checks its inputs and outputs, reads its options, and checks what TFLite's kernels assume of
 * its constant weights (the axis of per-channel quantization, no float-input/int8-weight hybrids).
 * Tensors are read first; this may give an int8 op's unquantized INT32 bias its implied quantization.
 */
final class OperatorReader {

    private final ModelTable model;
    private final Tensor[] tensors;

    /** @param tensors the subgraph's tensors, already read; biases may be replaced */
    OperatorReader(ModelTable model, Tensor[] tensors) {
        this.model = model;
        this.tensors = tensors;
    }

    Operator read(int index, OperatorTable table) {
        OpType type = opType(index, table);
        String op = "op " + index + " (" + type + ")";
        int[] inputs = table.inputs();
        int[] outputs = table.outputs();
        checkArity(op, type, inputs, outputs);
        checkIndices(op, type, inputs, outputs);
        OpOptions options = OptionsReader.read(type, op, table, impliedDepthMultiplier(type, inputs));
        switch (type) {
            case CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED -> checkWeights(index, type, inputs);
            case RESHAPE -> options = reshape(op, inputs, (OpOptions.Reshape) options);
            default -> { }
        }
        return new Operator(type, inputs, outputs, options);
    }

    private OpType opType(int index, OperatorTable table) {
        long opcodeIndex = table.opcodeIndex();
        int codes = model.operatorCodeCount();
        if (opcodeIndex >= codes) {
            throw new TfLiteFormatException("op " + index + " refers to operator code " + opcodeIndex
                    + ", expected one of the model's " + codes + " codes; the file is damaged: export it again");
        }
        OperatorCodeTable code = model.operatorCode((int) opcodeIndex);
        int builtin = code.builtinCode();
        return OpType.fromBuiltinCode(builtin).orElseThrow(() -> {
            String custom = builtin == BUILTIN_CUSTOM ? code.customCode() : null;
            String what = builtin != BUILTIN_CUSTOM ? SchemaNames.builtinOperator(builtin)
                    : custom == null ? "a custom op without a name" : "the custom op '" + custom + "'";
            return new TfLiteFormatException("op " + index + " is " + what + " (builtin code " + builtin
                    + "); pawscope supports: " + OpType.supportedNames() + "; build the model from those layers"
                    + " and convert it again");
        });
    }

    private static void checkArity(String op, OpType type, int[] inputs, int[] outputs) {
        String expected = switch (type) {
            case CONV_2D, DEPTHWISE_CONV_2D -> inputs.length == 2 || inputs.length == 3 ? null
                    : "3 (input, filter, bias) or 2 (input, filter)";
            case FULLY_CONNECTED -> inputs.length == 2 || inputs.length == 3 ? null
                    : "3 (input, weights, bias) or 2 (input, weights)";
            case RESHAPE -> inputs.length == 1 || inputs.length == 2 ? null : "2 (input, shape) or 1 (input)";
            default -> inputs.length == 1 ? null : "1";
        };
        if (expected != null) {
            throw new TfLiteFormatException(op + " has " + inputs.length + " inputs, expected " + expected
                    + "; the file is damaged or from another schema: export it again");
        }
        if (outputs.length != 1) {
            throw new TfLiteFormatException(op + " has " + outputs.length + " outputs, expected 1; the file is damaged:"
                    + " export it again");
        }
    }

    /** Every index names a tensor; -1 (absent) only for a bias or a RESHAPE's shape. */
    private void checkIndices(String op, OpType type, int[] inputs, int[] outputs) {
        for (int i = 0; i < inputs.length; i++) {
            boolean optional = i == 2 || (type == OpType.RESHAPE && i == 1);
            if (!(inputs[i] == -1 && optional)) {
                checkIndex(op, "input " + i, inputs[i]);
            }
        }
        checkIndex(op, "output", outputs[0]);
    }

    private void checkIndex(String op, String what, int index) {
        if (index < 0 || index >= tensors.length) {
            throw new TfLiteFormatException(op + ": its " + what + " is tensor " + index + ", expected 0.."
                    + (tensors.length - 1) + "; the file is damaged: export it again");
        }
    }

    /** DEPTHWISE_CONV_2D: filter [1,KH,KW,C_out] over input [N,H,W,C_in] multiplies depth by C_out / C_in. */
    private int impliedDepthMultiplier(OpType type, int[] inputs) {
        if (type != OpType.DEPTHWISE_CONV_2D) {
            return 1;
        }
        Tensor input = tensors[inputs[0]];
        Tensor filter = tensors[inputs[1]];
        boolean known = input.rank() == 4 && filter.rank() == 4 && filter.dim(3) % input.dim(3) == 0;
        return known ? filter.dim(3) / input.dim(3) : 1;
    }

    private void checkWeights(int index, OpType type, int[] inputs) {
        String op = "op " + index + ", " + type;
        Tensor input = tensors[inputs[0]];
        Tensor weights = tensors[inputs[1]];
        String role = type == OpType.FULLY_CONNECTED ? "weights" : "filter";
        if (input.type() == TensorType.FLOAT32 && weights.type() == TensorType.INT8) {
            throw new TfLiteFormatException("op " + index + " (" + type + ") takes FLOAT32 input '" + input.name()
                    + "' with INT8 " + role + " '" + weights.name() + "': a dynamic-range (hybrid) quantized model;"
                    + " pawscope reads float32 and full-integer int8 models: convert with a representative dataset"
                    + " and supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]");
        }
        switch (type) {
            case CONV_2D -> checkAxis(weights, role + " of " + op, 0, "[C_out,KH,KW,C_in]");
            case DEPTHWISE_CONV_2D -> checkAxis(weights, role + " of " + op, 3, "[1,KH,KW,C_out]");
            default -> checkAxis(weights, role + " of " + op, 0, "[out,in]");
        }
        int biasIndex = inputs.length > 2 ? inputs[2] : -1;
        if (biasIndex >= 0) {
            Tensor bias = impliedBiasQuantization(input, weights, tensors[biasIndex]);
            tensors[biasIndex] = bias;
            checkAxis(bias, "bias of " + op, 0, type == OpType.FULLY_CONNECTED ? "[out]" : "[C_out]");
        }
    }

    /**
     * TFLite's kernels quantize weights per output channel, and find the channel on one fixed axis;
     * a scale per slice of another axis would be applied to the wrong weights.
     */
    private static void checkAxis(Tensor tensor, String role, int expectedAxis, String layout) {
        Quantization q = tensor.quantization();
        if (q != null && !q.isPerTensor() && q.quantizedDimension() != expectedAxis) {
            throw new TfLiteFormatException("tensor '" + tensor.name() + "' (" + role + ") is quantized along dimension "
                    + q.quantizedDimension() + ", expected " + expectedAxis + " " + layout + "; the TFLite converter"
                    + " quantizes per output channel on that axis: convert the model again");
        }
    }

    /**
     * An int8 op's INT32 bias is quantized with {@code scale = input_scale * weight_scale[c]}, zero
     * point 0: the kernels add it straight to the accumulator. A file may leave that implied.
     */
    private static Tensor impliedBiasQuantization(Tensor input, Tensor weights, Tensor bias) {
        if (bias.quantization() != null || bias.type() != TensorType.INT32 || input.type() != TensorType.INT8
                || !input.quantization().isPerTensor() || weights.quantization() == null) {
            return bias;
        }
        float[] weightScales = weights.quantization().scales();
        float[] scales = new float[weightScales.length];
        for (int c = 0; c < scales.length; c++) {
            scales[c] = (float) ((double) input.quantization().scale() * weightScales[c]);
            if (!(scales[c] > 0f) || Float.isInfinite(scales[c])) {
                return bias; // no usable scale: the interpreter will say so
            }
        }
        Quantization q = new Quantization(scales, new int[scales.length], 0);
        if (!q.isPerTensor() && (bias.rank() != 1 || bias.dim(0) != scales.length)) {
            return bias;
        }
        return new Tensor(bias.name(), bias.type(), bias.shape(), q, bias.data());
    }

    /**
     * TFLite's reshape kernel takes the target shape from the second input when it is a 1-D INT32
     * tensor, else from the options; legacy files write {@code [0]} in the options for a scalar.
     */
    private OpOptions.Reshape reshape(String op, int[] inputs, OpOptions.Reshape fromOptions) {
        if (inputs.length == 2 && inputs[1] >= 0) {
            Tensor shape = tensors[inputs[1]];
            if (shape.type() == TensorType.INT32 && shape.rank() == 1) {
                if (!shape.isConstant()) {
                    throw new TfLiteFormatException(op + " takes its shape from tensor '" + shape.name()
                            + "', which is computed at run time, expected a constant shape; convert the model with"
                            + " a fixed input shape");
                }
                int[] dims = new int[shape.dim(0)];
                ByteBuffer.wrap(shape.data()).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(dims);
                return new OpOptions.Reshape(dims);
            }
        }
        if (fromOptions == null) {
            throw new TfLiteFormatException(op + " has no target shape, expected a 1-D INT32 shape input or"
                    + " ReshapeOptions.new_shape; the file is damaged: export it again");
        }
        int[] newShape = fromOptions.newShape();
        return Arrays.equals(newShape, new int[] {0}) ? new OpOptions.Reshape(new int[0]) : fromOptions;
    }
}
