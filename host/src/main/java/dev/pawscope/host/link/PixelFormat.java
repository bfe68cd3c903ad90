package dev.pawscope.host.link;

/** SET_INPUT.pixel_format and IMAGE.pixel_format ({@code PS_PROTO_PIXEL_*}). */
public enum PixelFormat {
    /** uint8 luminance; the board maps it to model input with its pixel_to_input table. */
    GRAY8(1),
    /** int8 model input values, used as they are. */
    INPUT_S8(2);

    private final int code;

    PixelFormat(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static PixelFormat of(int code) {
        for (PixelFormat f : values()) {
            if (f.code == code) {
                return f;
            }
        }
        throw new IllegalArgumentException("pixel format " + code + " is unknown, expected 1 (GRAY8) or 2 (INPUT_S8)");
    }
}
