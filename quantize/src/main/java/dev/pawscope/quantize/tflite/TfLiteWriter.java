package dev.pawscope.quantize.tflite;

import static dev.pawscope.quantize.tflite.TfLiteSchema.*;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.GraphException;
import dev.pawscope.quantize.graph.OpOptions;
import dev.pawscope.quantize.graph.OpType;
import dev.pawscope.quantize.graph.Operator;
import dev.pawscope.quantize.graph.Quantization;
import dev.pawscope.quantize.graph.Tensor;
import dev.pawscope.quantize.graph.TensorType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Graph} as a TensorFlow Lite flatbuffer ({@code .tflite}, schema version 3), laid
 * out the way TensorFlow's converter lays out its own files, so that TFLite, TFLite Micro, Netron
 * and {@link TfLiteReader} all read it:
 *
 * <ul>
 *   <li>file identifier {@code TFL3}, {@code Model.version} 3, one subgraph named {@code main};
 *   <li>buffer 0 the empty sentinel, every constant tensor its own buffer (data 16-byte aligned,
 *       at the end of the file, as {@code Buffer.data}'s {@code force_align: 16} asks), every
 *       activation pointing at buffer 0;
 *   <li>one operator code per op type, with both {@code deprecated_builtin_code} (the byte older
 *       runtimes read, 127 for larger codes) and {@code builtin_code}, and the {@link OpVersions
 *       version} the converter would give it; an int8 op with version 1 would mean another kernel;
 *   <li>a quantization table on every tensor (scales, zero points, quantized dimension; empty for
 *       float tensors, as the converter writes them) and each op's builtin options table
 *       (QUANTIZE and DEQUANTIZE have none, as from the converter).
 * </ul>
 *
 * Fields equal to their schema default are left out, as every flatbuffer writer does.
 */
public final class TfLiteWriter {

    private static final String MAIN_SUBGRAPH = "main";

    private final Graph graph;
    private final FlatBufferBuilder fb;

    private TfLiteWriter(Graph graph) {
        this.graph = graph;
        long constantBytes = graph.tensors().stream().filter(Tensor::isConstant)
                .mapToLong(t -> (long) t.elementCount() * t.type().bytesPerElement()).sum();
        this.fb = new FlatBufferBuilder((int) Math.min(Integer.MAX_VALUE - 8, constantBytes + 4096));
    }

    /**
     * The graph as .tflite bytes.
     *
     * @throws GraphException when a RESHAPE's options and its constant shape input disagree (TFLite
     *     would use the input, so the file would not mean what the graph says)
     */
    public static byte[] write(Graph graph) {
        checkReshapes(graph);
        return new TfLiteWriter(graph).build();
    }

    private byte[] build() {
        // Built children first; the flatbuffer grows from its end, so the weights end up last.
        int[] bufferOfTensor = new int[graph.tensors().size()];
        int buffers = buffers(bufferOfTensor);
        Map<OpType, Integer> opcodeIndex = new LinkedHashMap<>();
        int operatorCodes = operatorCodes(opcodeIndex);
        int[] tensors = new int[graph.tensors().size()];
        for (int i = 0; i < tensors.length; i++) {
            tensors[i] = tensor(graph.tensor(i), bufferOfTensor[i]);
        }
        int[] operators = new int[graph.operators().size()];
        for (int i = 0; i < operators.length; i++) {
            Operator op = graph.operators().get(i);
            operators[i] = operator(i, op, opcodeIndex.get(op.type()));
        }
        int subgraph = subgraph(tensors, operators);
        int description = fb.createString(graph.description());
        int subgraphs = fb.createVectorOfTables(new int[] {subgraph});

        fb.startTable(5);
        fb.addInt(MODEL_VERSION, SCHEMA_VERSION, 0);
        fb.addOffset(MODEL_OPERATOR_CODES, operatorCodes, 0);
        fb.addOffset(MODEL_SUBGRAPHS, subgraphs, 0);
        fb.addOffset(MODEL_DESCRIPTION, description, 0);
        fb.addOffset(MODEL_BUFFERS, buffers, 0);
        fb.finish(fb.endTable(), FILE_IDENTIFIER);
        return fb.sizedByteArray();
    }

    /** Buffer 0 empty, then one buffer per constant tensor, in tensor order. */
    private int buffers(int[] bufferOfTensor) {
        List<Tensor> tensors = graph.tensors();
        int[] tables = new int[1 + (int) tensors.stream().filter(Tensor::isConstant).count()];
        fb.startTable(1);
        tables[0] = fb.endTable();
        int next = 1;
        for (int i = 0; i < tensors.size(); i++) {
            byte[] data = tensors.get(i).data();
            if (data != null) {
                int vector = alignedBytes(data);
                fb.startTable(1);
                fb.addOffset(BUFFER_DATA, vector, 0);
                tables[next] = fb.endTable();
                bufferOfTensor[i] = next++;
            }
        }
        return fb.createVectorOfTables(tables);
    }

    private int alignedBytes(byte[] data) {
        fb.startVector(1, data.length, BUFFER_ALIGNMENT);
        for (int i = data.length - 1; i >= 0; i--) {
            fb.putByte(data[i]);
        }
        return fb.endVector();
    }

    /** One code per op type in order of first use; its version the highest any of its ops needs. */
    private int operatorCodes(Map<OpType, Integer> opcodeIndex) {
        Map<OpType, Integer> versions = new LinkedHashMap<>();
        for (Operator op : graph.operators()) {
            versions.merge(op.type(), OpVersions.of(graph, op), Math::max);
        }
        int[] tables = new int[versions.size()];
        for (Map.Entry<OpType, Integer> entry : versions.entrySet()) {
            int code = entry.getKey().builtinCode();
            fb.startTable(4);
            fb.addInt(OPCODE_VERSION, entry.getValue(), DEFAULT_OP_VERSION);
            fb.addInt(OPCODE_BUILTIN_CODE, code, 0);
            fb.addByte(OPCODE_DEPRECATED_BUILTIN_CODE, (byte) Math.min(code, PLACEHOLDER_FOR_GREATER_OP_CODES), 0);
            opcodeIndex.put(entry.getKey(), opcodeIndex.size());
            tables[opcodeIndex.size() - 1] = fb.endTable();
        }
        return fb.createVectorOfTables(tables);
    }

    private int tensor(Tensor tensor, int buffer) {
        int shape = intVector(tensor.shape());
        int name = fb.createString(tensor.name());
        int quantization = quantization(tensor.quantization());
        fb.startTable(5);
        fb.addOffset(TENSOR_SHAPE, shape, 0);
        fb.addInt(TENSOR_BUFFER, buffer, 0);
        fb.addOffset(TENSOR_NAME, name, 0);
        fb.addOffset(TENSOR_QUANTIZATION, quantization, 0);
        fb.addByte(TENSOR_TYPE, (byte) tensor.type().code(), TensorType.FLOAT32.code());
        return fb.endTable();
    }

    /** The tensor's QuantizationParameters; an empty table for a tensor without (the converter's float tensors). */
    private int quantization(Quantization q) {
        if (q == null) {
            fb.startTable(7);
            return fb.endTable();
        }
        int scales = floatVector(q.scales());
        int zeroPoints = longVector(q.zeroPoints());
        fb.startTable(7);
        fb.addOffset(QUANT_SCALE, scales, 0);
        fb.addOffset(QUANT_ZERO_POINT, zeroPoints, 0);
        fb.addInt(QUANT_QUANTIZED_DIMENSION, q.quantizedDimension(), 0);
        return fb.endTable();
    }

    private int operator(int index, Operator op, int opcodeIndex) {
        checkOptions(index, op);
        int inputs = intVector(op.inputs());
        int outputs = intVector(op.outputs());
        int optionsType = optionsType(op.type());
        int options = optionsType == OPTIONS_NONE ? 0 : options(op.options());
        fb.startTable(5);
        fb.addInt(OPERATOR_OPCODE_INDEX, opcodeIndex, 0);
        fb.addOffset(OPERATOR_INPUTS, inputs, 0);
        fb.addOffset(OPERATOR_OUTPUTS, outputs, 0);
        fb.addOffset(OPERATOR_BUILTIN_OPTIONS, options, 0);
        fb.addByte(OPERATOR_BUILTIN_OPTIONS_TYPE, (byte) optionsType, OPTIONS_NONE);
        return fb.endTable();
    }

    /** The BuiltinOptions union member an op type carries; QUANTIZE and DEQUANTIZE carry none. */
    static int optionsType(OpType type) {
        return switch (type) {
            case CONV_2D -> OPTIONS_CONV_2D;
            case DEPTHWISE_CONV_2D -> OPTIONS_DEPTHWISE_CONV_2D;
            case MAX_POOL_2D, AVERAGE_POOL_2D -> OPTIONS_POOL_2D;
            case FULLY_CONNECTED -> OPTIONS_FULLY_CONNECTED;
            case SOFTMAX -> OPTIONS_SOFTMAX;
            case RESHAPE -> OPTIONS_RESHAPE;
            case QUANTIZE, DEQUANTIZE -> OPTIONS_NONE;
        };
    }

    /** The options record must be the one of the op's type: the file stores the union's member with them. */
    private static void checkOptions(int index, Operator op) {
        Class<? extends OpOptions> expected = switch (op.type()) {
            case CONV_2D -> OpOptions.Conv2D.class;
            case DEPTHWISE_CONV_2D -> OpOptions.DepthwiseConv2D.class;
            case MAX_POOL_2D, AVERAGE_POOL_2D -> OpOptions.Pool2D.class;
            case FULLY_CONNECTED -> OpOptions.FullyConnected.class;
            case SOFTMAX -> OpOptions.Softmax.class;
            case RESHAPE -> OpOptions.Reshape.class;
            case QUANTIZE, DEQUANTIZE -> OpOptions.None.class;
        };
        if (!expected.isInstance(op.options())) {
            throw new GraphException("op " + index + " (" + op.type() + ") has options " + op.options()
                    + ", expected " + expected.getSimpleName() + " options");
        }
    }

    private int options(OpOptions options) {
        if (options instanceof OpOptions.Conv2D o) {
            fb.startTable(6);
            fb.addInt(CONV_STRIDE_W, o.strideW(), 0);
            fb.addInt(CONV_STRIDE_H, o.strideH(), 0);
            fb.addInt(CONV_DILATION_W, o.dilationW(), DEFAULT_DILATION);
            fb.addInt(CONV_DILATION_H, o.dilationH(), DEFAULT_DILATION);
            fb.addByte(CONV_PADDING, (byte) o.padding().code(), 0);
            fb.addByte(CONV_ACTIVATION, (byte) o.activation().code(), 0);
        } else if (options instanceof OpOptions.DepthwiseConv2D o) {
            fb.startTable(7);
            fb.addInt(DW_STRIDE_W, o.strideW(), 0);
            fb.addInt(DW_STRIDE_H, o.strideH(), 0);
            fb.addInt(DW_DEPTH_MULTIPLIER, o.depthMultiplier(), 0);
            fb.addInt(DW_DILATION_W, o.dilationW(), DEFAULT_DILATION);
            fb.addInt(DW_DILATION_H, o.dilationH(), DEFAULT_DILATION);
            fb.addByte(DW_PADDING, (byte) o.padding().code(), 0);
            fb.addByte(DW_ACTIVATION, (byte) o.activation().code(), 0);
        } else if (options instanceof OpOptions.Pool2D o) {
            fb.startTable(6);
            fb.addInt(POOL_STRIDE_W, o.strideW(), 0);
            fb.addInt(POOL_STRIDE_H, o.strideH(), 0);
            fb.addInt(POOL_FILTER_W, o.filterW(), 0);
            fb.addInt(POOL_FILTER_H, o.filterH(), 0);
            fb.addByte(POOL_PADDING, (byte) o.padding().code(), 0);
            fb.addByte(POOL_ACTIVATION, (byte) o.activation().code(), 0);
        } else if (options instanceof OpOptions.FullyConnected o) {
            fb.startTable(3);
            fb.addByte(FC_ACTIVATION, (byte) o.activation().code(), 0);
            fb.addBoolean(FC_KEEP_NUM_DIMS, o.keepNumDims(), false);
        } else if (options instanceof OpOptions.Softmax o) {
            fb.startTable(1);
            fb.addFloat(SOFTMAX_BETA, o.beta(), 0.0);
        } else if (options instanceof OpOptions.Reshape o) {
            int newShape = intVector(o.newShape());
            fb.startTable(1);
            fb.addOffset(RESHAPE_NEW_SHAPE, newShape, 0);
        } else {
            throw new IllegalStateException("no options table for " + options);
        }
        return fb.endTable();
    }

    private int subgraph(int[] tensors, int[] operators) {
        int tensorVector = fb.createVectorOfTables(tensors);
        int inputs = intVector(graph.inputs());
        int outputs = intVector(graph.outputs());
        int operatorVector = fb.createVectorOfTables(operators);
        int name = fb.createString(MAIN_SUBGRAPH);
        fb.startTable(5);
        fb.addOffset(SUBGRAPH_TENSORS, tensorVector, 0);
        fb.addOffset(SUBGRAPH_INPUTS, inputs, 0);
        fb.addOffset(SUBGRAPH_OUTPUTS, outputs, 0);
        fb.addOffset(SUBGRAPH_OPERATORS, operatorVector, 0);
        fb.addOffset(SUBGRAPH_NAME, name, 0);
        return fb.endTable();
    }

    private int intVector(int[] values) {
        fb.startVector(4, values.length, 4);
        for (int i = values.length - 1; i >= 0; i--) {
            fb.addInt(values[i]);
        }
        return fb.endVector();
    }

    private int floatVector(float[] values) {
        fb.startVector(4, values.length, 4);
        for (int i = values.length - 1; i >= 0; i--) {
            fb.addFloat(values[i]);
        }
        return fb.endVector();
    }

    private int longVector(int[] values) {
        fb.startVector(8, values.length, 8);
        for (int i = values.length - 1; i >= 0; i--) {
            fb.addLong(values[i]);
        }
        return fb.endVector();
    }

    /**
     * TFLite takes a RESHAPE's target shape from its second input when that is a 1-D INT32 tensor,
     * and from the options only otherwise; both are written, so they must agree.
     */
    private static void checkReshapes(Graph graph) {
        for (int i = 0; i < graph.operators().size(); i++) {
            Operator op = graph.operators().get(i);
            if (op.type() != OpType.RESHAPE || op.input(1) < 0) {
                continue;
            }
            Tensor shape = graph.tensor(op.input(1));
            if (shape.type() != TensorType.INT32 || shape.rank() != 1 || !shape.isConstant()) {
                continue;
            }
            int[] fromInput = new int[shape.dim(0)];
            ByteBuffer.wrap(shape.data()).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(fromInput);
            int[] fromOptions = ((OpOptions.Reshape) op.options()).newShape();
            if (!Arrays.equals(fromInput, fromOptions)) {
                throw new GraphException("op " + i + " (RESHAPE) has new shape " + Arrays.toString(fromOptions)
                        + " in its options but its shape input '" + shape.name() + "' holds "
                        + Arrays.toString(fromInput) + ", expected the same shape in both (TFLite uses the input)");
            }
        }
    }
}
