package dev.pawscope.host.keras;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pawscope.host.cli.ExitCode;
import dev.pawscope.host.cli.PawscopeException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model_config to spec mapping on hand-written Keras configs (no .h5 needed). */
class KerasSpecMapperTest {

    private static final String INPUT = "{'class_name': 'InputLayer', 'config': {'name': 'input_1',"
            + " 'batch_input_shape': [null, 32, 48, 1]}}";
    private static final String FLATTEN = "{'class_name': 'Flatten', 'config': {'name': 'flatten', 'data_format': 'channels_last'}}";
    private static final String SOFTMAX_DENSE = "{'class_name': 'Dense', 'config': {'name': 'dense', 'units': 4, 'activation': 'softmax'}}";

    @Test
    void activationsInsideLayersBecomeTheirOwnSpecLayersAndKeepTheirKerasSource() {
        KerasMapping m = map(INPUT,
                conv("'kernel_size': [3, 3], 'strides': [2, 2], 'padding': 'same', 'activation': 'relu6'"),
                "{'class_name': 'Activation', 'config': {'name': 'activation', 'activation': 'linear'}}",
                FLATTEN, SOFTMAX_DENSE);
        assertEquals("Conv2D(8, 3, strides=2, padding=same), ReLU6, Flatten, Dense(4), Softmax", m.spec().text());
        assertEquals(List.of("conv2d", "conv2d", "flatten", "dense", "dense"), m.sources());
        assertEquals(48, m.input().width());
        assertEquals(32, m.input().height());
        assertEquals("dropped (a linear activation is the identity)", m.rows().get(2).result());
        assertFalse(m.softmaxAppended());
        assertEquals(4, m.classes());
    }

    @Test
    void aReluLayerWithMaxValueSixIsRelu6AndTheInputCanComeFromTheFirstLayer() {
        KerasMapping m = map(
                "{'class_name': 'Conv2D', 'config': {'name': 'c', 'filters': 2, 'kernel_size': 3,"
                        + " 'batch_input_shape': [null, 16, 16, 1]}}",
                "{'class_name': 'ReLU', 'config': {'name': 'r', 'max_value': 6.0, 'negative_slope': 0.0, 'threshold': 0.0}}",
                FLATTEN, "{'class_name': 'Dense', 'config': {'name': 'logits', 'units': 2}}");
        assertEquals("Conv2D(2, 3, strides=1, padding=valid), ReLU6, Flatten, Dense(2), Softmax", m.spec().text());
        assertTrue(m.softmaxAppended());
        assertEquals(KerasMapping.APPENDED, m.sources().get(4));
    }

    @Test
    void aDilatedConvolutionIsRefusedNamingTheLayer() {
        PawscopeException e = refused(INPUT, conv("'kernel_size': [3, 3], 'dilation_rate': [2, 2]"), FLATTEN, SOFTMAX_DENSE);
        assertEquals("Keras layer 1 'conv2d' (Conv2D): dilation_rate [2, 2] is not supported, expected [1, 1]",
                e.getMessage());
        assertEquals(ExitCode.BAD_INPUT, e.exitCode());
    }

    @Test
    void aNonSquareKernelIsRefused() {
        PawscopeException e = refused(INPUT, conv("'kernel_size': [3, 5]"), FLATTEN, SOFTMAX_DENSE);
        assertTrue(e.getMessage().startsWith("Keras layer 1 'conv2d' (Conv2D): kernel_size [3, 5] is not square"),
                e.getMessage());
    }

    @Test
    void channelsFirstIsRefused() {
        PawscopeException e = refused(INPUT, conv("'kernel_size': 3, 'data_format': 'channels_first'"), FLATTEN,
                SOFTMAX_DENSE);
        assertTrue(e.getMessage().contains("data_format 'channels_first' is not supported"), e.getMessage());
    }

    @Test
    void anUnsupportedActivationOrLeakyReluIsRefused() {
        assertTrue(refused(INPUT, conv("'kernel_size': 3, 'activation': 'sigmoid'"), FLATTEN, SOFTMAX_DENSE)
                .getMessage().contains("activation 'sigmoid' is not supported; supported: relu, relu6, softmax, linear"));
        assertTrue(refused(INPUT, conv("'kernel_size': 3"),
                "{'class_name': 'ReLU', 'config': {'name': 'leaky', 'max_value': null, 'negative_slope': 0.1}}",
                FLATTEN, SOFTMAX_DENSE).getMessage().startsWith("Keras layer 2 'leaky' (ReLU): ReLU with negative_slope=0.1"));
    }

    @Test
    void anRgbInputIsRefusedWithAGrayscaleHint() {
        PawscopeException e = refused("{'class_name': 'InputLayer', 'config': {'name': 'in',"
                + " 'batch_input_shape': [null, 32, 32, 3]}}", conv("'kernel_size': 3"), FLATTEN, SOFTMAX_DENSE);
        assertTrue(e.getMessage().startsWith("expected 1 input channel (grayscale), found 3"), e.getMessage());
        assertTrue(e.hint().contains("grayscale"), e.hint());
    }

    @Test
    void aFunctionalModelIsRefused() {
        PawscopeException e = assertThrows(PawscopeException.class,
                () -> KerasSpecMapper.map(json("{'class_name': 'Functional', 'config': {'layers': []}}")));
        assertEquals("expected a Keras Sequential model, found a 'Functional' model", e.getMessage());
    }

    @Test
    void anLstmIsRefusedListingTheSupportedLayers() {
        PawscopeException e = refused(INPUT, "{'class_name': 'LSTM', 'config': {'name': 'lstm', 'units': 8}}",
                SOFTMAX_DENSE);
        assertTrue(e.getMessage().startsWith("Keras layer 1 'lstm' (LSTM) is not supported; supported Keras layers:"
                + " InputLayer, Conv2D"), e.getMessage());
    }

    @Test
    void layersThatDoNotFitTogetherAreRefusedWithTheMappedSpec() {
        PawscopeException e = refused(INPUT, conv("'kernel_size': 3"), SOFTMAX_DENSE);
        assertTrue(e.getMessage().startsWith("the Keras layers map to \"Conv2D(8, 3, strides=1, padding=valid),"
                + " Dense(4), Softmax\" on a 32x48x1 input, which does not work:"), e.getMessage());
        assertTrue(e.getMessage().contains("put Flatten before it"), e.getMessage());
    }

    // ------------------------------------------------------------------------------------------

    private static String conv(String fields) {
        return "{'class_name': 'Conv2D', 'config': {'name': 'conv2d', 'filters': 8, " + fields + "}}";
    }

    private static KerasMapping map(String... layers) {
        return KerasSpecMapper.map(sequential(layers));
    }

    private static PawscopeException refused(String... layers) {
        return assertThrows(PawscopeException.class, () -> KerasSpecMapper.map(sequential(layers)));
    }

    private static JsonNode sequential(String... layers) {
        return json("{'class_name': 'Sequential', 'config': {'name': 'sequential', 'layers': ["
                + String.join(", ", layers) + "]}}");
    }

    private static JsonNode json(String singleQuoted) {
        try {
            return new ObjectMapper().readTree(singleQuoted.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new AssertionError("bad test JSON: " + singleQuoted, e);
        }
    }
}
