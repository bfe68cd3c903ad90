package dev.pawscope.quantize.graph;

/** Spatial padding; {@code code} is the TFLite schema's {@code Padding} value. */
public enum Padding {
    /** Output size {@code ceil(in / stride)}; the padding splits with the extra row at the end. */
    SAME(0),
    /** Output size {@code ceil((in - effective_filter + 1) / stride)}; no padding. */
    VALID(1);

    private final int code;

    Padding(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Padding fromCode(int code) {
        for (Padding padding : values()) {
            if (padding.code == code) {
                return padding;
            }
        }
        throw new IllegalArgumentException("unknown padding code " + code + ", expected 0 (SAME) or 1 (VALID)");
    }
}
