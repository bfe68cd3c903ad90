package dev.pawscope.quantize.tflite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pawscope.quantize.graph.FusedActivation;
import dev.pawscope.quantize.graph.OpType;
import dev.pawscope.quantize.graph.TensorType;
import org.junit.jupiter.api.Test;

class SchemaNamesTest {

    @Test
    void theOpsPawscopeSupportsHaveTheirOwnNamesAtTheirCodes() {
        for (OpType type : OpType.values()) {
            assertEquals(type.name(), SchemaNames.builtinOperator(type.builtinCode()));
        }
    }

    @Test
    void codesAcrossTheTableAreWhereSchemaFbsPutsThem() {
        assertEquals("ADD", SchemaNames.builtinOperator(0));
        assertEquals("TANH", SchemaNames.builtinOperator(28));
        assertEquals("CUSTOM", SchemaNames.builtinOperator(32));
        assertEquals("PADV2", SchemaNames.builtinOperator(60));
        assertEquals("HARD_SWISH", SchemaNames.builtinOperator(117));
        assertEquals("PLACEHOLDER_FOR_GREATER_OP_CODES", SchemaNames.builtinOperator(TfLiteSchema.PLACEHOLDER_FOR_GREATER_OP_CODES));
        assertEquals("GELU", SchemaNames.builtinOperator(150));
        assertEquals("RIGHT_SHIFT", SchemaNames.builtinOperator(161));
        assertEquals("an unknown op", SchemaNames.builtinOperator(162));
        assertEquals("an unknown op", SchemaNames.builtinOperator(-1));
    }

    @Test
    void tensorTypesAndActivationsToo() {
        for (TensorType type : TensorType.values()) {
            assertEquals(type.name(), SchemaNames.tensorType(type.code()));
        }
        assertEquals("FLOAT16", SchemaNames.tensorType(1));
        assertEquals("INT4", SchemaNames.tensorType(17));
        for (FusedActivation activation : FusedActivation.values()) {
            assertEquals(activation.name(), SchemaNames.activation(activation.code()));
        }
        assertEquals("SIGN_BIT", SchemaNames.activation(5));
    }
}
