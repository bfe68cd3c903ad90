package dev.pawscope.quantize.graph;

/** Element types of a tensor; {@code code} is the TFLite schema's {@code TensorType} value. */
public enum TensorType {
    FLOAT32(0, 4),
    INT32(2, 4),
    INT8(9, 1);

    private final int code;
    private final int bytesPerElement;

    TensorType(int code, int bytesPerElement) {
        this.code = code;
        this.bytesPerElement = bytesPerElement;
    }

    public int code() {
        return code;
    }

    public int bytesPerElement() {
        return bytesPerElement;
    }

    /** The type with this TFLite code, or empty when pawscope does not support it. */
    public static java.util.Optional<TensorType> fromCode(int code) {
        for (TensorType type : values()) {
            if (type.code == code) {
                return java.util.Optional.of(type);
            }
        }
        return java.util.Optional.empty();
    }
}
