package dev.pawscope.host.link;

import java.util.Optional;

/**
 * ERROR.code values the spec assigns ({@code PS_PROTO_ERROR_*}). Ranges: 0x0001-0x00FF protocol,
 * 0x0100-0x01FF request arguments, 0x0200-0x02FF runtime, {@link #BOARD_FIRST}-0xFFFF
 * board-specific; {@link ErrorMessage} keeps the raw code, so board-specific ones survive.
 */
public enum ErrorCode {
    /** The board does not handle this message type. */
    UNKNOWN_TYPE(0x0001),
    /** The payload is shorter than its fields. */
    MALFORMED(0x0002),
    /** HELLO_REQUEST from another protocol major. */
    VERSION(0x0003),
    /** The board dropped a packet (bad CRC, length or framing); unsolicited, one per burst. */
    CORRUPT(0x0004),
    /** CONFIG.layer_index >= HELLO.layer_count. */
    BAD_LAYER(0x0101),
    /** channel_mask selects a channel the layer lacks. */
    BAD_CHANNELS(0x0102),
    /** CONFIG.decimation is 0. */
    BAD_DECIMATION(0x0103),
    /** An encoding or option the board cannot do. */
    BAD_ENCODING(0x0104),
    /** SET_INPUT format or shape differs from the model input. */
    BAD_IMAGE(0x0105),
    /** SET_INPUT rows not contiguous; the image was discarded. */
    IMAGE_ORDER(0x0106),
    /** A request for a capability the board lacks. */
    UNSUPPORTED(0x0107),
    /** The runner failed; the text says how. */
    INFERENCE(0x0201),
    /** The camera failed; the text says how. */
    CAMERA(0x0202);

    /** Board-specific codes: this value up to 0xFFFF. */
    public static final int BOARD_FIRST = 0x8000;

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The named code, or empty for board-specific and reserved values. */
    public static Optional<ErrorCode> of(int code) {
        for (ErrorCode c : values()) {
            if (c.code == code) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
