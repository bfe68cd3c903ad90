package dev.pawscope.quantize.tflite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.pawscope.quantize.graph.FusedActivation;
import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.OpOptions;
import dev.pawscope.quantize.graph.OpType;
import dev.pawscope.quantize.graph.Operator;
import dev.pawscope.quantize.graph.Padding;
import dev.pawscope.quantize.graph.Quantization;
import dev.pawscope.quantize.graph.Tensor;
import dev.pawscope.quantize.graph.TensorType;
import dev.pawscope.quantize.tflite.ConverterStyleModel.Layout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad input ends in a {@link TfLiteFormatException} whose message says what was
 * expected, what was found and what to do. Most files here are a valid model with one field
 * damaged in place, found through the reader's own table accessors.
 */
class TfLiteReaderErrorsTest {

    private static final String SUPPORTED =
            "AVERAGE_POOL_2D, CONV_2D, DEPTHWISE_CONV_2D, DEQUANTIZE, FULLY_CONNECTED, MAX_POOL_2D, RESHAPE, SOFTMAX, QUANTIZE";

    private static String failure(byte[] bytes) {
        return assertThrows(TfLiteFormatException.class, () -> TfLiteReader.read(bytes)).getMessage();
    }

    private static String failure(Graph graph) {
        return failure(TfLiteWriter.write(graph));
    }

    private static ModelTable model(byte[] bytes) {
        return TfLiteWriterTest.model(bytes);
    }

    private static int intAt(byte[] bytes, int position) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(position);
    }

    private static void putInt(byte[] bytes, int position, int value) {
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(position, value);
    }

    /** Where a field is, asserting it was written. */
    private static int field(FlatTable table, int fieldId) {
        int position = table.fieldPosition(fieldId);
        assertTrue(position >= 0, "field " + fieldId + " of " + table.path() + " is absent");
        return position;
    }

    /** Where the vector a field points at starts (its length prefix). */
    private static int vector(byte[] bytes, FlatTable table, int fieldId) {
        int position = field(table, fieldId);
        return position + intAt(bytes, position);
    }

    // --- not a model at all ---------------------------------------------------------------------

    @Test
    void anEmptyFileIsRefused() {
        assertEquals("the file is empty (0 bytes), expected a TFLite model (a flatbuffer with the identifier TFL3);"
                + " check that the export finished and the right file was given", failure(new byte[0]));
    }

    @Test
    void aFileShorterThanTheHeaderIsRefused() {
        assertEquals("the file has only 5 bytes, expected at least 8 (a 4-byte root offset and the identifier TFL3);"
                + " the file is truncated: export or copy it again", failure(new byte[5]));
    }

    @Test
    void everyTruncationOfAValidModelIsRefused() {
        byte[] bytes = TfLiteWriter.write(TestGraphs.int8ConvNetFloatIo());
        for (int length = 0; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            try {
                TfLiteReader.read(truncated);
                fail("a model cut to " + length + " of " + bytes.length + " bytes was read");
            } catch (TfLiteFormatException expected) {
                // the point
            }
        }
        String message = failure(Arrays.copyOf(bytes, bytes.length - 1));
        assertTrue(message.startsWith("corrupt .tflite: "), message);
        assertTrue(message.endsWith("(the file has " + (bytes.length - 1) + " bytes), expected a complete TFLite"
                + " flatbuffer; the file is truncated or damaged: export or copy it again"), message);
    }

    @Test
    void aZipArchiveIsNotAModel() {
        byte[] zip = new byte[64];
        System.arraycopy(new byte[] {'P', 'K', 3, 4, 20, 0, 8, 0}, 0, zip, 0, 8);
        assertEquals("not a TFLite model: bytes 4..7 are '\\x14\\x00\\x08\\x00', expected the file identifier TFL3;"
                + " the file starts like a zip archive (a Keras .keras file or a DL4J model?); export the model with"
                + " tf.lite.TFLiteConverter (or pawscope) to get a .tflite file", failure(zip));
    }

    @Test
    void textIsNotAModel() {
        String message = failure("hello, this is not a model".getBytes(StandardCharsets.US_ASCII));
        assertTrue(message.startsWith("not a TFLite model: bytes 4..7 are 'o, t', expected the file identifier TFL3;"),
                message);
    }

    @Test
    void aFlatbufferWithAnotherIdentifierIsNotAModel() {
        FlatBufferBuilder fb = new FlatBufferBuilder();
        fb.startTable(1);
        fb.addInt(0, 3, 0);
        fb.finish(fb.endTable(), "BFBS");
        String message = failure(fb.sizedByteArray());
        assertTrue(message.startsWith("not a TFLite model: bytes 4..7 are 'BFBS', expected the file identifier TFL3;"),
                message);
    }

    // --- corrupt offsets ------------------------------------------------------------------------

    @Test
    void aRootOffsetOutsideTheFileIsCorrupt() {
        byte[] bytes = TfLiteWriter.write(TestGraphs.int8ConvNet());
        putInt(bytes, 0, 0x7FFFFFF0);
        assertEquals("corrupt .tflite: Model starts at byte 2147483632, outside the file (the file has " + bytes.length
                + " bytes), expected a complete TFLite flatbuffer; the file is truncated or damaged: export or copy it"
                + " again", failure(bytes));
    }

    @Test
    void aVectorLongerThanTheFileIsCorrupt() {
        byte[] bytes = TfLiteWriter.write(TestGraphs.int8ConvNet());
        int tensors = vector(bytes, model(bytes).subgraph(0), TfLiteSchema.SUBGRAPH_TENSORS);
        putInt(bytes, tensors, Integer.MAX_VALUE);
        String message = failure(bytes);
        assertTrue(message.startsWith("corrupt .tflite: Model.subgraphs[0].tensors has 2147483647 elements of 4 bytes"
                + " from byte " + tensors + ", which ends at byte "), message);
    }

    @Test
    void aTableWhoseVtableIsOutsideTheFileIsCorrupt() {
        byte[] bytes = TfLiteWriter.write(TestGraphs.int8ConvNet());
        // a table starts with the signed offset back to its vtable
        putInt(bytes, model(bytes).subgraph(0).tensor(3).position(), -0x40000000);
        String message = failure(bytes);
        assertTrue(message.startsWith("corrupt .tflite: Model.subgraphs[0].tensors[3] has its vtable at byte "), message);
    }

    @Test
    void randomDamageNeverEscapesAsAnotherException() {
        byte[] valid = TfLiteWriter.write(TestGraphs.int8ConvNetFloatIo());
        SplittableRandom random = new SplittableRandom(42);
        int refused = 0;
        for (int trial = 0; trial < 3000; trial++) {
            byte[] bytes = valid.clone();
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                // mostly the flatbuffer's tables at the front, sometimes anywhere
                int limit = random.nextInt(4) == 0 ? bytes.length : Math.min(bytes.length, 1200);
                bytes[random.nextInt(limit)] = (byte) random.nextInt(256);
            }
            try {
                TfLiteReader.read(bytes);
            } catch (TfLiteFormatException expected) {
                refused++;
            } catch (RuntimeException e) {
                throw new AssertionError("trial " + trial + " escaped as " + e, e);
            }
        }
        assertTrue(refused > 300, "only " + refused + " of 3000 damaged files were refused");
    }

    // --- valid flatbuffers pawscope does not read -----------------------------------------------

    @Test
    void anotherSchemaVersionIsRefused() {
        byte[] bytes = TfLiteWriter.write(TestGraphs.int8ConvNet());
        putInt(bytes, field(model(bytes), TfLiteSchema.MODEL_VERSION), 2);
        assertEquals("the model has schema version 2, expected 3 (the only version TFLite reads); convert it again"
                + " with a current TensorFlow", failure(bytes));
    }

    @Test
    void moreThanOneSubgraphIsRefused() {
        assertEquals("the model has 2 subgraphs, expected 1; pawscope reads single-subgraph models: convert one"
                + " signature, without control flow (tf.cond, tf.while_loop)",
                failure(ConverterStyleModel.build(Layout.converter().withSubgraphs(2))));
    }

    /** The int8 convnet's SOFTMAX (op 6, operator code 6) turned into another op. */
    private static byte[] withSoftmaxAs(int builtinCode) {
        byte[] bytes = TfLiteWriter.write(TestGraphs.int8ConvNet());
        OperatorCodeTable softmax = model(bytes).operatorCode(6);
        assertEquals(OpType.SOFTMAX.builtinCode(), softmax.builtinCode());
        putInt(bytes, field(softmax, TfLiteSchema.OPCODE_BUILTIN_CODE), builtinCode);
        bytes[field(softmax, TfLiteSchema.OPCODE_DEPRECATED_BUILTIN_CODE)] = (byte) Math.min(builtinCode, 127);
        return bytes;
    }

    @Test
    void anUnsupportedOpIsNamedWithTheOpsPawscopeSupports() {
        assertEquals("op 6 is TANH (builtin code 28); pawscope supports: " + SUPPORTED + "; build the model from those"
                + " layers and convert it again", failure(withSoftmaxAs(28)));
        assertEquals(SUPPORTED, OpType.supportedNames());
    }

    @Test
    void opsBeyondTheOldByteAndCustomOpsAreNamedToo() {
        assertTrue(failure(withSoftmaxAs(150)).startsWith("op 6 is GELU (builtin code 150); pawscope supports: "));
        assertTrue(failure(withSoftmaxAs(32)).startsWith("op 6 is a custom op without a name (builtin code 32);"));
        assertTrue(failure(withSoftmaxAs(220)).startsWith("op 6 is an unknown op (builtin code 220);"));
    }

    /** The int8 convnet's input tensor (INT8) with another type code. */
    private static byte[] withInputType(int typeCode) {
        byte[] bytes = TfLiteWriter.write(TestGraphs.int8ConvNet());
        bytes[field(model(bytes).subgraph(0).tensor(0), TfLiteSchema.TENSOR_TYPE)] = (byte) typeCode;
        return bytes;
    }

    @Test
    void anUnsupportedTensorTypeIsNamed() {
        assertEquals("tensor 0 'input' has type FLOAT16 (TensorType 1); pawscope reads FLOAT32, INT32, INT8 tensors;"
                + " the model is float16-quantized: convert it for int8 (with a representative dataset) or keep"
                + " float32", failure(withInputType(1)));
        assertEquals("tensor 0 'input' has type UINT8 (TensorType 3); pawscope reads FLOAT32, INT32, INT8 tensors;"
                + " uint8 is the old converter's quantization: convert the model again for int8",
                failure(withInputType(3)));
        assertTrue(failure(withInputType(42)).startsWith("tensor 0 'input' has type unknown (TensorType 42);"));
    }

    @Test
    void aConvFilterQuantizedAlongTheWrongAxisIsRefused() {
        // input [1,4,4,2], filter [2,3,3,2]: two scales fit dimension 3 as well as 0
        Quantization q = Quantization.perTensor(0.01f, 0);
        Quantization alongInputChannels = new Quantization(new float[] {0.01f, 0.02f}, new int[2], 3);
        List<Tensor> t = List.of(
                Tensor.activation("in", TensorType.INT8, new int[] {1, 4, 4, 2}, q),
                new Tensor("conv/filter", TensorType.INT8, new int[] {2, 3, 3, 2}, alongInputChannels, new byte[36]),
                Tensor.activation("out", TensorType.INT8, new int[] {1, 4, 4, 2}, q));
        Operator conv = new Operator(OpType.CONV_2D, new int[] {0, 1, -1}, new int[] {2},
                new OpOptions.Conv2D(Padding.SAME, 1, 1, FusedActivation.NONE, 1, 1));
        Graph graph = new Graph(t, List.of(conv), new int[] {0}, new int[] {2}, "");
        assertEquals("tensor 'conv/filter' (filter of op 0, CONV_2D) is quantized along dimension 3, expected 0"
                + " [C_out,KH,KW,C_in]; the TFLite converter quantizes per output channel on that axis: convert the"
                + " model again", failure(graph));
    }

    @Test
    void aDepthwiseFilterQuantizedAlongTheWrongAxisIsRefused() {
        Graph graph = TestGraphs.int8ConvNet();
        Tensor dw = TestGraphs.tensor(graph, "dw/filter");
        Quantization alongRows = new Quantization(new float[] {0.01f, 0.02f, 0.03f}, new int[3], 1);
        Graph bad = TestGraphs.withTensor(graph, "dw/filter",
                new Tensor(dw.name(), dw.type(), dw.shape(), alongRows, dw.data()));
        assertTrue(failure(bad).startsWith("tensor 'dw/filter' (filter of op 2, DEPTHWISE_CONV_2D) is quantized along"
                + " dimension 1, expected 3 [1,KH,KW,C_out]; "));
    }

    @Test
    void fullyConnectedWeightsQuantizedAlongTheWrongAxisAreRefused() {
        Graph graph = TestGraphs.int8ConvNet();
        Tensor fc = TestGraphs.tensor(graph, "fc/weights");
        float[] scales = new float[72];
        Arrays.fill(scales, 0.01f);
        Graph bad = TestGraphs.withTensor(graph, "fc/weights",
                new Tensor(fc.name(), fc.type(), fc.shape(), new Quantization(scales, new int[72], 1), fc.data()));
        assertTrue(failure(bad).startsWith("tensor 'fc/weights' (weights of op 5, FULLY_CONNECTED) is quantized along"
                + " dimension 1, expected 0 [out,in]; "));
    }

    @Test
    void aBiasQuantizedAlongAnotherAxisIsRefused() {
        Graph graph = TestGraphs.int8ConvNet();
        Tensor bias = TestGraphs.tensor(graph, "conv/bias");
        Quantization q = bias.quantization();
        Graph bad = TestGraphs.withTensor(graph, "conv/bias", new Tensor(bias.name(), bias.type(), new int[] {1, 8},
                new Quantization(q.scales(), q.zeroPoints(), 1), bias.data()));
        assertTrue(failure(bad).startsWith("tensor 'conv/bias' (bias of op 0, CONV_2D) is quantized along dimension 1,"
                + " expected 0 [C_out]; "));
        Graph outOfShape = TestGraphs.withTensor(graph, "conv/bias", new Tensor(bias.name(), bias.type(), bias.shape(),
                new Quantization(q.scales(), q.zeroPoints(), 1), bias.data()));
        assertEquals("tensor 2 'conv/bias' is quantized along dimension 1, expected one of its 1 dimensions [8]; the file"
                + " was not written by a TFLite converter or is damaged: export it again", failure(outOfShape));
    }

    @Test
    void aDynamicRangeHybridModelIsRefused() {
        Graph graph = TestGraphs.float32ConvNet();
        Tensor filter = TestGraphs.tensor(graph, "conv/filter");
        Graph hybrid = TestGraphs.withTensor(graph, "conv/filter", new Tensor(filter.name(), TensorType.INT8,
                filter.shape(), Quantization.perTensor(0.01f, 0), new byte[filter.elementCount()]));
        assertEquals("op 0 (CONV_2D) takes FLOAT32 input 'input' with INT8 filter 'conv/filter': a dynamic-range"
                + " (hybrid) quantized model; pawscope reads float32 and full-integer int8 models: convert with a"
                + " representative dataset and supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]", failure(hybrid));
    }

    @Test
    void anInt8TensorWithoutScalesIsRefused() {
        byte[] bytes = TfLiteWriter.write(TestGraphs.int8ConvNet());
        TensorTable input = model(bytes).subgraph(0).tensor(0);
        putInt(bytes, vector(bytes, input.quantization(), TfLiteSchema.QUANT_SCALE), 0);
        assertEquals("tensor 0 'input' is INT8 without a scale and zero point, expected quantization parameters on"
                + " every int8 tensor; convert the model with full-integer quantization (a representative dataset)",
                failure(bytes));
    }

    @Test
    void aTensorOutsideTheBuffersIsRefused() {
        byte[] bytes = TfLiteWriter.write(TestGraphs.int8ConvNet());
        putInt(bytes, field(model(bytes).subgraph(0).tensor(1), TfLiteSchema.TENSOR_BUFFER), 99);
        assertEquals("tensor 1 'conv/filter' refers to buffer 99, expected one of the model's 8 buffers (0..7); the"
                + " file is damaged: export it again", failure(bytes));
    }

    @Test
    void constantDataPastTheEndOfTheFileIsRefusedByName() {
        byte[] bytes = ConverterStyleModel.build(Layout.converter().withExternalBuffers());
        BufferTable fcBias = model(bytes).buffer(12); // tensor 11's; after it only the metadata buffer, not read
        String message = failure(Arrays.copyOf(bytes, (int) fcBias.offset() + 2));
        assertTrue(message.startsWith("tensor 11 'fc/bias': buffer 12 keeps 12 bytes outside the flatbuffer at byte "
                + fcBias.offset() + ", past the end of the "), message);
        assertTrue(message.contains(" bytes outside the flatbuffer at byte "), message);
        assertTrue(message.endsWith("expected them inside it; the file is truncated, or it is a model over 2 GB,"
                + " which pawscope does not read (make the model smaller)"), message);
    }

    // --- options --------------------------------------------------------------------------------

    @Test
    void aConvWithoutOptionsIsRefused() {
        byte[] bytes = TfLiteWriter.write(TestGraphs.int8ConvNet());
        bytes[field(model(bytes).subgraph(0).operator(0), TfLiteSchema.OPERATOR_BUILTIN_OPTIONS_TYPE)] = 0;
        assertEquals("op 0 (CONV_2D) has no builtin options, expected Conv2DOptions (its strides, padding and"
                + " activation); the file was not written by a TFLite converter: export it again with"
                + " tf.lite.TFLiteConverter", failure(bytes));
    }

    @Test
    void optionsOfAnotherOpAreRefused() {
        byte[] bytes = TfLiteWriter.write(TestGraphs.int8ConvNet());
        bytes[field(model(bytes).subgraph(0).operator(0), TfLiteSchema.OPERATOR_BUILTIN_OPTIONS_TYPE)] = 5;
        assertEquals("op 0 (CONV_2D) has builtin options of union member 5, expected Conv2DOptions (member 1); the file"
                + " mixes up ops and options: export it again", failure(bytes));
    }

    @Test
    void anUnsupportedFusedActivationIsNamed() {
        byte[] bytes = TfLiteWriter.write(TestGraphs.int8ConvNet());
        OptionsTable conv = model(bytes).subgraph(0).operator(0).builtinOptions();
        bytes[field(conv, TfLiteSchema.CONV_ACTIVATION)] = 4;
        assertEquals("op 0 (CONV_2D) has the fused activation TANH (4); pawscope supports NONE, RELU, RELU_N1_TO_1,"
                + " RELU6: use one of those after the layer", failure(bytes));
    }

    @Test
    void aPoolWithAStrideOfZeroIsRefused() {
        byte[] bytes = TfLiteWriter.write(TestGraphs.int8ConvNet());
        OptionsTable pool = model(bytes).subgraph(0).operator(1).builtinOptions();
        putInt(bytes, field(pool, TfLiteSchema.POOL_STRIDE_W), 0);
        assertEquals("op 1 (MAX_POOL_2D) has options that cannot be right: stride must be > 0, found 0x2; the file is"
                + " damaged or was not written by a TFLite converter: export it again", failure(bytes));
    }
}
