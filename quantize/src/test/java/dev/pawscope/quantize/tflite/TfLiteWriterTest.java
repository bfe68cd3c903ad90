package dev.pawscope.quantize.tflite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.GraphException;
import dev.pawscope.quantize.graph.OpOptions;
import dev.pawscope.quantize.graph.OpType;
import dev.pawscope.quantize.graph.Operator;
import dev.pawscope.quantize.graph.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TfLiteWriterTest {

    static ModelTable model(byte[] bytes) {
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        return new ModelTable(bb, bb.getInt(0));
    }

    /** Operator code versions by op type name, as written. */
    private static Map<String, Integer> versions(Graph graph) {
        ModelTable model = model(TfLiteWriter.write(graph));
        Map<String, Integer> versions = new LinkedHashMap<>();
        for (int i = 0; i < model.operatorCodeCount(); i++) {
            OperatorCodeTable code = model.operatorCode(i);
            versions.put(OpType.fromBuiltinCode(code.builtinCode()).orElseThrow().name(), code.version());
        }
        return versions;
    }

    @Test
    void theFileHasTheTfl3IdentifierSchemaVersion3OneSubgraphAndTheDescription() {
        byte[] bytes = TfLiteWriter.write(TestGraphs.int8ConvNet());
        assertEquals("TFL3", new String(bytes, 4, 4, StandardCharsets.US_ASCII));
        ModelTable model = model(bytes);
        assertEquals(3, model.version());
        assertEquals(1, model.subgraphCount());
        assertEquals("main", model.subgraph(0).name());
        assertEquals("pawscope test: int8 convnet", model.description());
    }

    @Test
    void bufferZeroIsEmptyEveryConstantHasItsOwnBufferAndActivationsPointAtBufferZero() {
        Graph graph = TestGraphs.int8ConvNetFloatIo();
        ModelTable model = model(TfLiteWriter.write(graph));
        assertNull(model.buffer(0).data());
        SubGraphTable subgraph = model.subgraph(0);
        List<Long> constantBuffers = new ArrayList<>();
        for (int i = 0; i < graph.tensors().size(); i++) {
            Tensor tensor = graph.tensor(i);
            long buffer = subgraph.tensor(i).buffer();
            if (tensor.isConstant()) {
                assertArrayEquals(tensor.data(), model.buffer((int) buffer).data(), tensor.name());
                constantBuffers.add(buffer);
            } else {
                assertEquals(0, buffer, tensor.name());
            }
        }
        assertEquals(constantBuffers.size(), constantBuffers.stream().distinct().count(), "one buffer per constant");
        assertEquals(1 + constantBuffers.size(), model.bufferCount());
    }

    @Test
    void constantDataStartsOn16ByteBoundaries() {
        byte[] bytes = TfLiteWriter.write(TestGraphs.int8ConvNet());
        ModelTable model = model(bytes);
        for (int i = 1; i < model.bufferCount(); i++) {
            BufferTable buffer = model.buffer(i);
            int field = buffer.fieldPosition(TfLiteSchema.BUFFER_DATA);
            int vector = field + ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(field);
            assertEquals(0, (vector + 4) % 16, "buffer " + i);
        }
    }

    @Test
    void int8OpsGetTheVersionsTheConverterGivesThem() {
        assertEquals(Map.of("QUANTIZE", 1, "CONV_2D", 3, "MAX_POOL_2D", 2, "DEPTHWISE_CONV_2D", 3,
                "AVERAGE_POOL_2D", 2, "RESHAPE", 1, "FULLY_CONNECTED", 4, "SOFTMAX", 2, "DEQUANTIZE", 2),
                versions(TestGraphs.int8ConvNetFloatIo()));
    }

    @Test
    void float32OpsAreVersion1() {
        versions(TestGraphs.float32ConvNet()).forEach((op, version) -> assertEquals(1, version, op));
    }

    @Test
    void operatorCodesComeInOrderOfFirstUseWithBothCodeFields() {
        ModelTable model = model(TfLiteWriter.write(TestGraphs.int8ConvNetFloatIo()));
        List<OpType> expected = List.of(OpType.QUANTIZE, OpType.CONV_2D, OpType.MAX_POOL_2D, OpType.DEPTHWISE_CONV_2D,
                OpType.AVERAGE_POOL_2D, OpType.RESHAPE, OpType.FULLY_CONNECTED, OpType.SOFTMAX, OpType.DEQUANTIZE);
        assertEquals(expected.size(), model.operatorCodeCount());
        for (int i = 0; i < expected.size(); i++) {
            OperatorCodeTable code = model.operatorCode(i);
            int builtin = expected.get(i).builtinCode();
            assertEquals(builtin, code.int32(TfLiteSchema.OPCODE_BUILTIN_CODE, "builtin_code", 0));
            assertEquals(builtin, code.int8(TfLiteSchema.OPCODE_DEPRECATED_BUILTIN_CODE, "deprecated", (byte) 0));
        }
        SubGraphTable subgraph = model.subgraph(0);
        for (int i = 0; i < subgraph.operatorCount(); i++) {
            assertEquals(i, subgraph.operator(i).opcodeIndex(), "each op type is used once, in order");
        }
    }

    @Test
    void quantizeAndDequantizeCarryNoOptionsAndTheOthersTheirOwnTable() {
        Graph graph = TestGraphs.int8ConvNetFloatIo();
        SubGraphTable subgraph = model(TfLiteWriter.write(graph)).subgraph(0);
        for (int i = 0; i < graph.operators().size(); i++) {
            OpType type = graph.operators().get(i).type();
            assertEquals(TfLiteWriter.optionsType(type), subgraph.operator(i).builtinOptionsType(), type.name());
        }
        assertEquals(TfLiteSchema.OPTIONS_NONE, TfLiteWriter.optionsType(OpType.QUANTIZE));
    }

    @Test
    void aReshapeWhoseOptionsContradictItsShapeInputIsRefused() {
        Graph graph = TestGraphs.int8ConvNet();
        List<Operator> ops = new ArrayList<>(graph.operators());
        for (int i = 0; i < ops.size(); i++) {
            Operator op = ops.get(i);
            if (op.type() == OpType.RESHAPE) {
                ops.set(i, new Operator(op.type(), op.inputs(), op.outputs(), new OpOptions.Reshape(new int[] {72})));
            }
        }
        Graph bad = new Graph(graph.tensors(), ops, graph.inputs(), graph.outputs(), "");
        GraphException e = assertThrows(GraphException.class, () -> TfLiteWriter.write(bad));
        assertEquals("op 4 (RESHAPE) has new shape [72] in its options but its shape input 'reshape/shape' holds"
                + " [1, 72], expected the same shape in both (TFLite uses the input)", e.getMessage());
    }

    @Test
    void optionsOfAnotherOpTypeAreRefused() {
        Graph graph = TestGraphs.float32ConvNet();
        List<Operator> ops = new ArrayList<>(graph.operators());
        Operator conv = ops.get(0);
        ops.set(0, new Operator(OpType.CONV_2D, conv.inputs(), conv.outputs(), new OpOptions.Softmax(1f)));
        Graph bad = new Graph(graph.tensors(), ops, graph.inputs(), graph.outputs(), "");
        GraphException e = assertThrows(GraphException.class, () -> TfLiteWriter.write(bad));
        assertTrue(e.getMessage().startsWith("op 0 (CONV_2D) has options Softmax[beta=1.0], expected Conv2D options"),
                e.getMessage());
    }
}
