package dev.pawscope.quantize.graph;

import java.util.Optional;

/** The operators pawscope runs; {@code builtinCode} is the TFLite schema's {@code BuiltinOperator}. */
public enum OpType {
    AVERAGE_POOL_2D(1),
    CONV_2D(3),
    DEPTHWISE_CONV_2D(4),
    DEQUANTIZE(6),
    FULLY_CONNECTED(9),
    MAX_POOL_2D(17),
    RESHAPE(22),
    SOFTMAX(25),
    QUANTIZE(114);

    private final int builtinCode;

    OpType(int builtinCode) {
        this.builtinCode = builtinCode;
    }

    public int builtinCode() {
        return builtinCode;
    }

    public static Optional<OpType> fromBuiltinCode(int code) {
        for (OpType type : values()) {
            if (type.builtinCode == code) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** The supported names, for error messages: "AVERAGE_POOL_2D, CONV_2D, ...". */
    public static String supportedNames() {
        return java.util.Arrays.stream(values()).map(Enum::name)
                .collect(java.util.stream.Collectors.joining(", "));
    }
}
