package dev.pawscope.quantize.tflite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.List;
import org.junit.jupiter.api.Test;

/** Files laid out the way TensorFlow's converter writes them (see {@link ConverterStyleModel}). */
class TfLiteReaderTest {

    private static final Graph CONVERTED = TfLiteReader.read(ConverterStyleModel.build(Layout.converter()));

    private static Tensor tensor(String name) {
        return TestGraphs.tensor(CONVERTED, name);
    }

    @Test
    void readsTheConvertersTensorsOpsAndDescription() {
        assertEquals(ConverterStyleModel.NAMES.length, CONVERTED.tensors().size());
        assertEquals(List.of(OpType.QUANTIZE, OpType.DEPTHWISE_CONV_2D, OpType.CONV_2D, OpType.RESHAPE,
                OpType.FULLY_CONNECTED, OpType.SOFTMAX, OpType.DEQUANTIZE),
                CONVERTED.operators().stream().map(Operator::type).toList());
        assertArrayEquals(new int[] {0}, CONVERTED.inputs());
        assertArrayEquals(new int[] {14}, CONVERTED.outputs());
        assertEquals(ConverterStyleModel.DESCRIPTION, CONVERTED.description());
        assertArrayEquals(new int[] {1, 5, 5, 1}, CONVERTED.inputTensor().shape(), "shape, not shape_signature");
    }

    @Test
    void tensorsWithEmptyBuffersOfTheirOwnAreActivationsAndTheOthersConstants() {
        for (Tensor t : CONVERTED.tensors()) {
            boolean constant = t.name().endsWith("filter") || t.name().endsWith("bias") || t.name().endsWith("weights")
                    || t.name().equals("reshape/shape");
            assertEquals(constant, t.isConstant(), t.name());
        }
        assertArrayEquals(ConverterStyleModel.CONV_FILTER, tensor("conv/filter").data());
        assertArrayEquals(ConverterStyleModel.FC_WEIGHTS, tensor("fc/weights").data());
        assertArrayEquals(TestGraphs.int32Bytes(ConverterStyleModel.FC_BIAS), tensor("fc/bias").data());
    }

    @Test
    void floatTensorsHaveNoQuantizationWhetherTheTableIsAbsentOrEmpty() {
        assertNull(tensor("serving_default_input:0").quantization(), "no table");
        assertNull(tensor("StatefulPartitionedCall:0").quantization(), "empty table");
        assertEquals(TensorType.FLOAT32, CONVERTED.outputTensor().type());
    }

    @Test
    void int8TensorsKeepTheirScalesZeroPointsAndAxis() {
        assertEquals(Quantization.perTensor(0.02f, -128), tensor("dw/output").quantization());
        assertEquals(new Quantization(ConverterStyleModel.CONV_SCALES, new int[2], 0), tensor("conv/filter").quantization());
        assertEquals(Quantization.perTensor(ConverterStyleModel.FC_SCALE, 0), tensor("fc/weights").quantization());
    }

    @Test
    void aSingleScaleAlongDimension3IsPerTensor() {
        // the converter's 1-channel depthwise filter: "per channel" with one channel
        assertEquals(Quantization.perTensor(ConverterStyleModel.DW_SCALE, 0), tensor("dw/filter").quantization());
    }

    @Test
    void anInt8OpsUnquantizedBiasGetsInputScaleTimesWeightScale() {
        float[] expected = new float[2];
        for (int c = 0; c < 2; c++) {
            expected[c] = (float) ((double) ConverterStyleModel.DW_OUT_SCALE * ConverterStyleModel.CONV_SCALES[c]);
        }
        assertEquals(new Quantization(expected, new int[2], 0), tensor("conv/bias").quantization());
        assertArrayEquals(TestGraphs.int32Bytes(ConverterStyleModel.CONV_BIAS), tensor("conv/bias").data());
    }

    @Test
    void optionsLeftOutTakeTheSchemasDefaults() {
        List<Operator> ops = CONVERTED.operators();
        assertEquals(new OpOptions.DepthwiseConv2D(Padding.SAME, 1, 1, 1, FusedActivation.RELU6, 1, 1),
                ops.get(1).options(), "no depth_multiplier: taken from the shapes");
        assertEquals(new OpOptions.Conv2D(Padding.VALID, 1, 1, FusedActivation.RELU, 1, 1), ops.get(2).options());
        assertEquals(new OpOptions.FullyConnected(FusedActivation.NONE, false), ops.get(4).options());
        assertEquals(new OpOptions.Softmax(1f), ops.get(5).options());
        assertEquals(new OpOptions.None(), ops.get(0).options());
    }

    @Test
    void aReshapeWithoutOptionsTakesItsShapeFromItsInput() {
        Operator reshape = CONVERTED.operators().get(3);
        assertArrayEquals(ConverterStyleModel.RESHAPE_SHAPE, ((OpOptions.Reshape) reshape.options()).newShape());
        assertArrayEquals(new int[] {7, 8}, reshape.inputs());
    }

    @Test
    void constantDataAfterTheFlatbufferReadsTheSameAsInlineData() {
        byte[] external = ConverterStyleModel.build(Layout.converter().withExternalBuffers());
        assertEquals(CONVERTED, TfLiteReader.read(external));
    }

    @Test
    void operatorCodesWithOnlyTheDeprecatedByteReadTheSame() {
        assertEquals(CONVERTED, TfLiteReader.read(ConverterStyleModel.build(Layout.converter().withDeprecatedCodesOnly())));
    }

    @Test
    void aFullyConnectedWithoutOptionsGetsTfLitesDefaults() {
        Graph graph = TfLiteReader.read(ConverterStyleModel.build(Layout.converter().withoutFullyConnectedOptions()));
        assertEquals(new OpOptions.FullyConnected(FusedActivation.NONE, false), graph.operators().get(4).options());
    }

    @Test
    void whatTheReaderReadsTheWriterWritesBackAndTheReaderReadsAgainEqual() {
        Graph again = TfLiteReader.read(TfLiteWriter.write(CONVERTED));
        assertEquals(CONVERTED, again);
        assertTrue(again.tensor(2).quantization().isPerTensor());
    }
}
