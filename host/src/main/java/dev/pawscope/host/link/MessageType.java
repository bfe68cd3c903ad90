package dev.pawscope.host.link;

import java.util.Optional;

/**
 * Message types, header byte 0 ({@code PS_PROTO_MSG_*}). Host-to-board types have bit 6 clear,
 * board-to-host types have it set; other values are reserved or vendor experiments
 * ({@code 0xF0..0xFF}).
 */
public enum MessageType {
    // host -> board
    PING(0x01),
    HELLO_REQUEST(0x02),
    CONFIG(0x03),
    SET_INPUT(0x04),
    FRAME_ACK(0x05),
    // board -> host
    PONG(0x41),
    HELLO(0x42),
    CONFIG_ACK(0x43),
    INPUT_ACK(0x44),
    FRAME(0x45),
    MAP(0x46),
    IMAGE(0x47),
    LOG(0x48),
    ERROR(0x49);

    private static final MessageType[] BY_CODE = new MessageType[256];

    static {
        for (MessageType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    /** The header byte. */
    public int code() {
        return code;
    }

    /** Whether the board sends this type (bit 6 set). */
    public boolean fromBoard() {
        return (code & 0x40) != 0;
    }

    /** The type with header byte {@code code}, or empty for reserved and vendor values. */
    public static Optional<MessageType> of(int code) {
        return code >= 0 && code < BY_CODE.length ? Optional.ofNullable(BY_CODE[code]) : Optional.empty();
    }
}
