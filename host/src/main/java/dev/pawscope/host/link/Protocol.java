package dev.pawscope.host.link;

/**
 * The serial protocol's constants, named as in {@code firmware/PROTOCOL.md} and with the values
 * of {@code firmware/include/ps_protocol.h}, the source of truth ({@code PS_PROTO_MAX_PAYLOAD} is
 * {@link #MAX_PAYLOAD} here). Message types and enumerated field values have their own enums.
 *
 * <p>Layering: message fields are encoded into a packet {@code header | payload | CRC-32}, which is
 * COBS-encoded and followed by a {@code 0x00} delimiter on the wire. All integers are
 * little-endian.
 */
public final class Protocol {

    /** A major bump breaks compatibility; a minor bump only appends fields or adds message types. */
    public static final int VERSION_MAJOR = 1;
    public static final int VERSION_MINOR = 0;

    /** Ends every COBS-encoded packet on the wire. */
    public static final byte DELIMITER = 0x00;
    /** type u8, flags u8, seq u16, ref_seq u16, length u16. */
    public static final int HEADER_SIZE = 8;
    /** CRC-32/ISO-HDLC of header and payload, after the payload. */
    public static final int CRC_SIZE = 4;
    public static final int MAX_PAYLOAD = 1024;
    /** The smallest HELLO.rx_payload_max a board may declare. */
    public static final int MIN_RX_PAYLOAD = 256;
    /** A decoded packet at most: header, payload and CRC. */
    public static final int MAX_PACKET_SIZE = HEADER_SIZE + MAX_PAYLOAD + CRC_SIZE;

    /** Header flag: this packet answers the request whose seq is its ref_seq. */
    public static final int FLAG_REPLY = 0x01;

    /** HELLO.capabilities bits. */
    public static final long CAP_SET_INPUT = 0x1;
    public static final long CAP_MAP_RLE = 0x2;
    public static final long CAP_SEND_INPUT = 0x4;
    public static final long CAP_CAMERA = 0x8;

    /** CONFIG.options bit: send each streamed frame's input as IMAGE. */
    public static final int OPTION_SEND_INPUT = 0x01;
    /**
     * CONFIG.options bit: before each FRAME, one LOG per op with its time,
     * {@code layer_time op=<index> type=<op> time=<count> unit=<instructions|microseconds>}
     * (PROTOCOL.md, "Layer times").
     */
    public static final int OPTION_LAYER_TIMES = 0x02;

    public static final int MODEL_HASH_SIZE = 32;
    /** Bytes in one text field (a u8 length prefix). */
    public static final int MAX_TEXT = 255;
    /** HELLO.label_count and FRAME.score_count at most. */
    public static final int MAX_LABELS = 64;
    /** Bits in CONFIG.channel_mask. */
    public static final int MAX_CHANNELS = 64;

    /** Payload sizes: fixed messages, or the fixed part before variable fields. */
    public static final int PING_SIZE = 4;
    public static final int HELLO_REQUEST_SIZE = 2;
    public static final int CONFIG_SIZE = 16;
    public static final int IMAGE_CHUNK_SIZE = 10;
    public static final int FRAME_ACK_SIZE = 4;
    public static final int PONG_SIZE = 16;
    public static final int LAYER_SIZE = 16;
    public static final int HELLO_FIXED_SIZE = 68;
    public static final int CONFIG_ACK_SIZE = CONFIG_SIZE + LAYER_SIZE;
    public static final int INPUT_ACK_SIZE = 4;
    public static final int FRAME_FIXED_SIZE = 28;
    public static final int MAP_FIXED_SIZE = 20;
    public static final int IMAGE_FIXED_SIZE = 4 + IMAGE_CHUNK_SIZE;
    public static final int LOG_FIXED_SIZE = 2;
    public static final int ERROR_FIXED_SIZE = 3;

    /** The most data bytes one MAP or IMAGE packet can carry. */
    public static final int MAP_MAX_DATA = MAX_PAYLOAD - MAP_FIXED_SIZE;
    public static final int IMAGE_MAX_DATA = MAX_PAYLOAD - IMAGE_FIXED_SIZE;

    private Protocol() {}

    /** Whole rows of {@code width} values that fit in one MAP payload of at most {@code maxPayload} bytes. */
    public static int mapRowsPerPacket(int width, int maxPayload) {
        return rowsThatFit(width, maxPayload, MAP_FIXED_SIZE);
    }

    /** Whole image rows that fit in one SET_INPUT payload of at most {@code maxPayload} bytes. */
    public static int setInputRowsPerPacket(int width, int channels, int maxPayload) {
        return rowsThatFit(width * channels, maxPayload, IMAGE_CHUNK_SIZE);
    }

    private static int rowsThatFit(int rowBytes, int maxPayload, int fixed) {
        int limit = Math.min(maxPayload, MAX_PAYLOAD);
        return rowBytes <= 0 || limit <= fixed ? 0 : (limit - fixed) / rowBytes;
    }
}
