package dev.pawscope.quantize.tflite;

import com.google.flatbuffers.FlatBufferBuilder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * .tflite bytes laid out the way TensorFlow's converter writes them, not the way {@link
 * TfLiteWriter} does, built field by field with flatbuffers-java: so that the reader is tested on
 * what it will meet and not only on its own writer's output.
 *
 * <p>What differs from {@link TfLiteWriter}: every tensor has its own buffer (empty ones for
 * activations); the float input has no quantization table, the float output an empty one; the
 * input has a {@code shape_signature} with a dynamic batch; a 1-channel depthwise filter is
 * quantized "per channel" along dimension 3 with one scale; DEPTHWISE_CONV_2D has no {@code
 * depth_multiplier}; one INT32 bias has no quantization; RESHAPE has a shape input {@code [-1, 18]}
 * and no options; the model carries a {@code min_runtime_version} metadata buffer. Options vary
 * the rest (see {@link Layout}).
 *
 * <pre>
 * input FLOAT32 [1,5,5,1] -> QUANTIZE -> DEPTHWISE_CONV_2D 3x3 SAME RELU6 -> CONV_2D 2x3x3 VALID RELU
 *   -> RESHAPE [-1,18] -> FULLY_CONNECTED 3 -> SOFTMAX -> DEQUANTIZE -> output FLOAT32 [1,3]
 * </pre>
 */
final class ConverterStyleModel {

    /**
     * @param externalBuffers constant data after the flatbuffer, found by {@code Buffer.offset/size} (schema 3c)
     * @param deprecatedCodesOnly operator codes with only the old byte field, as before schema 3a
     * @param fullyConnectedOptions whether FULLY_CONNECTED has its options table (TFLite's defaults apply without)
     * @param subgraphs how many subgraphs (the first repeated)
     */
    record Layout(boolean externalBuffers, boolean deprecatedCodesOnly, boolean fullyConnectedOptions, int subgraphs) {
        static Layout converter() {
            return new Layout(false, false, true, 1);
        }

        Layout withExternalBuffers() {
            return new Layout(true, deprecatedCodesOnly, fullyConnectedOptions, subgraphs);
        }

        Layout withDeprecatedCodesOnly() {
            return new Layout(externalBuffers, true, fullyConnectedOptions, subgraphs);
        }

        Layout withoutFullyConnectedOptions() {
            return new Layout(externalBuffers, deprecatedCodesOnly, false, subgraphs);
        }

        Layout withSubgraphs(int count) {
            return new Layout(externalBuffers, deprecatedCodesOnly, fullyConnectedOptions, count);
        }
    }

    static final float INPUT_SCALE = 1f / 128;
    static final float DW_SCALE = 0.01f;
    static final float DW_OUT_SCALE = 0.02f;
    static final float[] CONV_SCALES = {0.005f, 0.007f};
    static final float CONV_OUT_SCALE = 0.03f;
    static final float FC_SCALE = 0.004f;
    static final byte[] DW_FILTER = {1, -2, 3, -4, 5, -6, 7, -8, 9};
    static final byte[] CONV_FILTER = bytes(18, 3);
    static final int[] CONV_BIAS = {100, -200};
    static final int[] RESHAPE_SHAPE = {-1, 18};
    static final byte[] FC_WEIGHTS = bytes(54, 5);
    static final int[] FC_BIAS = {7, -7, 70};
    static final String[] NAMES = {"serving_default_input:0", "tfl.quantize", "dw/filter", "dw/bias", "dw/output",
        "conv/filter", "conv/bias", "conv/output", "reshape/shape", "reshape/output", "fc/weights", "fc/bias",
        "fc/output", "softmax/output", "StatefulPartitionedCall:0"};
    static final String DESCRIPTION = "MLIR Converted.";

    private static final int FLOAT32 = 0;
    private static final int INT32 = 2;
    private static final int INT8 = 9;
    private static final byte[] MIN_RUNTIME_VERSION = "1.14.0\0\0\0\0\0\0\0\0\0\0".getBytes(StandardCharsets.US_ASCII);

    private final Layout layout;
    private final long dataBase;
    private final FlatBufferBuilder fb = new FlatBufferBuilder(1024);
    private final List<byte[]> outside = new ArrayList<>();
    private final List<Long> outsideOffsets = new ArrayList<>();

    private ConverterStyleModel(Layout layout, long dataBase) {
        this.layout = layout;
        this.dataBase = dataBase;
    }

    static byte[] build(Layout layout) {
        if (!layout.externalBuffers()) {
            return new ConverterStyleModel(layout, 0).flatbuffer();
        }
        // The offsets are fixed-width fields, so a first pass with stand-in offsets gives the
        // flatbuffer's size, and the second pass, with the real ones, has the same size.
        int size = new ConverterStyleModel(layout, 16).flatbuffer().length;
        ConverterStyleModel model = new ConverterStyleModel(layout, align16(size));
        byte[] flatbuffer = model.flatbuffer();
        if (flatbuffer.length != size) {
            throw new IllegalStateException("second pass changed the flatbuffer's size");
        }
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(flatbuffer);
        for (int i = 0; i < model.outside.size(); i++) {
            while (file.size() < model.outsideOffsets.get(i)) {
                file.write(0);
            }
            file.writeBytes(model.outside.get(i));
        }
        return file.toByteArray();
    }

    private byte[] flatbuffer() {
        byte[][] data = {null, null, DW_FILTER, TestGraphs.int32Bytes(-5), null, CONV_FILTER,
            TestGraphs.int32Bytes(CONV_BIAS), null, TestGraphs.int32Bytes(RESHAPE_SHAPE), null, FC_WEIGHTS,
            TestGraphs.int32Bytes(FC_BIAS), null, null, null};
        int[] buffers = new int[data.length + 2];
        buffers[0] = buffer(null, true);
        for (int i = 0; i < data.length; i++) {
            buffers[i + 1] = buffer(data[i], false);
        }
        int metadataBuffer = data.length + 1;
        buffers[metadataBuffer] = buffer(MIN_RUNTIME_VERSION, false);
        int bufferVector = fb.createVectorOfTables(buffers);

        int[] codes = {
            opcode(114, 1), opcode(4, 3), opcode(3, 3), opcode(22, 1), opcode(9, 4), opcode(25, 2), opcode(6, 2)};
        int codeVector = fb.createVectorOfTables(codes);

        int[] tensors = {
            tensor(0, FLOAT32, new int[] {1, 5, 5, 1}, -1, true),
            tensor(1, INT8, new int[] {1, 5, 5, 1}, quant(new float[] {INPUT_SCALE}, new long[] {0}, 0), false),
            tensor(2, INT8, new int[] {1, 3, 3, 1}, quant(new float[] {DW_SCALE}, new long[] {0}, 3), false),
            tensor(3, INT32, new int[] {1}, quant(new float[] {INPUT_SCALE * DW_SCALE}, new long[] {0}, 0), false),
            tensor(4, INT8, new int[] {1, 5, 5, 1}, quant(new float[] {DW_OUT_SCALE}, new long[] {-128}, 0), false),
            tensor(5, INT8, new int[] {2, 3, 3, 1}, quant(CONV_SCALES, new long[] {0, 0}, 0), false),
            tensor(6, INT32, new int[] {2}, -1, false),
            tensor(7, INT8, new int[] {1, 3, 3, 2}, quant(new float[] {CONV_OUT_SCALE}, new long[] {-128}, 0), false),
            tensor(8, INT32, new int[] {2}, -1, false),
            tensor(9, INT8, new int[] {1, 18}, quant(new float[] {CONV_OUT_SCALE}, new long[] {-128}, 0), false),
            tensor(10, INT8, new int[] {3, 18}, quant(new float[] {FC_SCALE}, new long[] {0}, 0), false),
            tensor(11, INT32, new int[] {3}, quant(new float[] {CONV_OUT_SCALE * FC_SCALE}, new long[] {0}, 0), false),
            tensor(12, INT8, new int[] {1, 3}, quant(new float[] {0.1f}, new long[] {10}, 0), false),
            tensor(13, INT8, new int[] {1, 3}, quant(new float[] {1f / 256}, new long[] {-128}, 0), false),
            tensor(14, FLOAT32, new int[] {1, 3}, emptyQuant(), false),
        };
        int tensorVector = fb.createVectorOfTables(tensors);

        int[] operators = {
            operator(0, new int[] {0}, 1, 0, 0),
            operator(1, new int[] {1, 2, 3}, 4, 2, depthwiseOptions()),
            operator(2, new int[] {4, 5, 6}, 7, 1, convOptions()),
            operator(3, new int[] {7, 8}, 9, 0, 0),
            layout.fullyConnectedOptions() ? operator(4, new int[] {9, 10, 11}, 12, 8, fullyConnectedOptions())
                    : operator(4, new int[] {9, 10, 11}, 12, 0, 0),
            operator(5, new int[] {12}, 13, 9, softmaxOptions()),
            operator(6, new int[] {13}, 14, 0, 0),
        };
        int operatorVector = fb.createVectorOfTables(operators);
        int inputs = ints(0);
        int outputs = ints(14);
        int name = fb.createString("main");
        fb.startTable(5);
        fb.addOffset(0, tensorVector, 0);
        fb.addOffset(1, inputs, 0);
        fb.addOffset(2, outputs, 0);
        fb.addOffset(3, operatorVector, 0);
        fb.addOffset(4, name, 0);
        int subgraph = fb.endTable();
        int[] subgraphs = new int[layout.subgraphs()];
        java.util.Arrays.fill(subgraphs, subgraph);
        int subgraphVector = fb.createVectorOfTables(subgraphs);

        int metadataName = fb.createString("min_runtime_version");
        fb.startTable(2);
        fb.addOffset(0, metadataName, 0);
        fb.addInt(1, metadataBuffer, 0);
        int metadata = fb.createVectorOfTables(new int[] {fb.endTable()});

        int description = fb.createString(DESCRIPTION);
        fb.startTable(7);
        fb.addInt(0, 3, 0);
        fb.addOffset(1, codeVector, 0);
        fb.addOffset(2, subgraphVector, 0);
        fb.addOffset(3, description, 0);
        fb.addOffset(4, bufferVector, 0);
        fb.addOffset(6, metadata, 0);
        fb.finish(fb.endTable(), "TFL3");
        return fb.sizedByteArray();
    }

    /**
     * A Buffer: inline data, or (external layout) an offset and size after the flatbuffer, where
     * empty buffers other than the sentinel get the exporter's placeholder offset 1.
     */
    private int buffer(byte[] data, boolean sentinel) {
        if (layout.externalBuffers() && !sentinel) {
            long offset = 1;
            long size = data == null ? 0 : data.length;
            if (data != null) {
                long end = outsideOffsets.isEmpty() ? dataBase
                        : outsideOffsets.get(outsideOffsets.size() - 1) + outside.get(outside.size() - 1).length;
                offset = align16(end);
                outside.add(data);
                outsideOffsets.add(offset);
            }
            fb.startTable(3);
            fb.addLong(1, offset, 0);
            fb.addLong(2, size, 0);
            return fb.endTable();
        }
        int vector = 0;
        if (data != null) {
            fb.startVector(1, data.length, 16);
            for (int i = data.length - 1; i >= 0; i--) {
                fb.putByte(data[i]);
            }
            vector = fb.endVector();
        }
        fb.startTable(1);
        fb.addOffset(0, vector, 0);
        return fb.endTable();
    }

    private int opcode(int code, int version) {
        fb.startTable(4);
        fb.addByte(0, (byte) code, 0);
        fb.addInt(2, version, 1);
        if (!layout.deprecatedCodesOnly()) {
            fb.addInt(3, code, 0);
        }
        return fb.endTable();
    }

    /** A Tensor; {@code quantization} -1 for none; tensor i uses buffer i + 1. */
    private int tensor(int index, int type, int[] shape, int quantization, boolean dynamicBatch) {
        int shapeVector = ints(shape);
        int signature = 0;
        if (dynamicBatch) {
            int[] dynamic = shape.clone();
            dynamic[0] = -1;
            signature = ints(dynamic);
        }
        int name = fb.createString(NAMES[index]);
        fb.startTable(8);
        fb.addOffset(0, shapeVector, 0);
        fb.addByte(1, (byte) type, 0);
        fb.addInt(2, index + 1, 0);
        fb.addOffset(3, name, 0);
        if (quantization >= 0) {
            fb.addOffset(4, quantization, 0);
        }
        fb.addOffset(7, signature, 0);
        return fb.endTable();
    }

    private int quant(float[] scales, long[] zeroPoints, int dimension) {
        fb.startVector(4, scales.length, 4);
        for (int i = scales.length - 1; i >= 0; i--) {
            fb.addFloat(scales[i]);
        }
        int scaleVector = fb.endVector();
        fb.startVector(8, zeroPoints.length, 8);
        for (int i = zeroPoints.length - 1; i >= 0; i--) {
            fb.addLong(zeroPoints[i]);
        }
        int zeroPointVector = fb.endVector();
        fb.startTable(7);
        fb.addOffset(2, scaleVector, 0);
        fb.addOffset(3, zeroPointVector, 0);
        fb.addInt(6, dimension, 0);
        return fb.endTable();
    }

    private int emptyQuant() {
        fb.startTable(7);
        return fb.endTable();
    }

    private int operator(int opcodeIndex, int[] inputs, int output, int optionsType, int options) {
        int inputVector = ints(inputs);
        int outputVector = ints(output);
        fb.startTable(5);
        fb.addInt(0, opcodeIndex, 0);
        fb.addOffset(1, inputVector, 0);
        fb.addOffset(2, outputVector, 0);
        fb.addByte(3, (byte) optionsType, 0);
        fb.addOffset(4, options, 0);
        return fb.endTable();
    }

    /** SAME (0, left out), stride 1, no depth_multiplier, RELU6. */
    private int depthwiseOptions() {
        fb.startTable(7);
        fb.addInt(1, 1, 0);
        fb.addInt(2, 1, 0);
        fb.addByte(4, (byte) 3, 0);
        return fb.endTable();
    }

    /** VALID, stride 1, RELU, dilations left out (default 1). */
    private int convOptions() {
        fb.startTable(6);
        fb.addByte(0, (byte) 1, 0);
        fb.addInt(1, 1, 0);
        fb.addInt(2, 1, 0);
        fb.addByte(3, (byte) 1, 0);
        return fb.endTable();
    }

    private int fullyConnectedOptions() {
        fb.startTable(4);
        return fb.endTable();
    }

    private int softmaxOptions() {
        fb.startTable(1);
        fb.addFloat(0, 1f, 0);
        return fb.endTable();
    }

    private int ints(int... values) {
        fb.startVector(4, values.length, 4);
        for (int i = values.length - 1; i >= 0; i--) {
            fb.addInt(values[i]);
        }
        return fb.endVector();
    }

    private static long align16(long position) {
        return (position + 15) & ~15L;
    }

    private static byte[] bytes(int count, int step) {
        byte[] values = new byte[count];
        for (int i = 0; i < count; i++) {
            values[i] = (byte) ((i * step) % 255 - 127);
        }
        return values;
    }
}
