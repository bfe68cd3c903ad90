package dev.pawscope.quantize.graph;

/**
 * An activation fused into the op before it; {@code code} is the TFLite schema's {@code
 * ActivationFunctionType}. In int8 it becomes a clamp of the output range.
 */
public enum FusedActivation {
    NONE(0),
    RELU(1),
    RELU_N1_TO_1(2),
    RELU6(3);

    private final int code;

    FusedActivation(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static java.util.Optional<FusedActivation> fromCode(int code) {
        for (FusedActivation activation : values()) {
            if (activation.code == code) {
                return java.util.Optional.of(activation);
            }
        }
        return java.util.Optional.empty();
    }

    /** The real-valued clamp range: [lower, upper]. */
    public float lower() {
        return switch (this) {
            case NONE -> Float.NEGATIVE_INFINITY;
            case RELU, RELU6 -> 0f;
            case RELU_N1_TO_1 -> -1f;
        };
    }

    public float upper() {
        return switch (this) {
            case NONE, RELU -> Float.POSITIVE_INFINITY;
            case RELU6 -> 6f;
            case RELU_N1_TO_1 -> 1f;
        };
    }

    public float apply(float x) {
        return Math.min(Math.max(x, lower()), upper());
    }
}
