package dev.pawscope.host.train;

import java.util.Locale;

/** Keras padding: {@code valid} (no padding) or {@code same} (output = ceil(input / stride)). */
public enum Padding {
    VALID, SAME;

    public static Padding parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "valid" -> VALID;
            case "same" -> SAME;
            default -> throw new SpecException("expected padding 'same' or 'valid', found '" + s + "'");
        };
    }

    /** Output length along one axis, or a value < 1 when the window does not fit. */
    public int outputLength(int input, int kernel, int stride) {
        if (this == SAME) {
            return (input + stride - 1) / stride;
        }
        return input < kernel ? 0 : (input - kernel) / stride + 1;
    }

    public String keras() {
        return name().toLowerCase(Locale.ROOT);
    }
}
