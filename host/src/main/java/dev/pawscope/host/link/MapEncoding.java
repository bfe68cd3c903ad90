package dev.pawscope.host.link;

/** CONFIG.map_encoding and MAP.encoding ({@code PS_PROTO_ENCODING_*}). */
public enum MapEncoding {
    /** rows x width int8 values, row-major. */
    RAW(0),
    /** Runs of MAP.fill compressed: see {@link Rle}. */
    RLE(1);

    private final int code;

    MapEncoding(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static MapEncoding of(int code) {
        for (MapEncoding e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        throw new IllegalArgumentException("map encoding " + code + " is unknown, expected 0 (RAW) or 1 (RLE)");
    }
}
