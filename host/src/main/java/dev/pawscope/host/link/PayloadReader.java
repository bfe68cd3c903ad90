package dev.pawscope.host.link;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Reads a payload's fields in wire order. Reading past the end throws {@link ProtocolException};
 * bytes after the last field read are ignored (a later minor version may have appended fields).
 */
final class PayloadReader {

    private final MessageType type;
    private final byte[] payload;
    private int pos;

    private PayloadReader(MessageType type, byte[] payload) {
        this.type = type;
        this.payload = payload;
    }

    /**
     * Parses a payload of {@code type} with {@code fields}; a field outside its range (which the
     * record constructors reject with IllegalArgumentException) is a ProtocolException too.
     */
    static <T> T parse(MessageType type, byte[] payload, Function<PayloadReader, T> fields) {
        try {
            return fields.apply(new PayloadReader(type, payload));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(type + ": " + e.getMessage(), e);
        }
    }

    private void need(long count, String field) {
        if (count > payload.length - pos) {
            throw new ProtocolException(type + " payload is " + payload.length + " bytes, too short for its fields: "
                    + field + " needs " + count + " bytes at offset " + pos);
        }
    }

    int u8(String field) {
        need(1, field);
        return payload[pos++] & 0xFF;
    }

    byte i8(String field) {
        need(1, field);
        return payload[pos++];
    }

    int u16(String field) {
        need(2, field);
        int value = (payload[pos] & 0xFF) | (payload[pos + 1] & 0xFF) << 8;
        pos += 2;
        return value;
    }

    int i32(String field) {
        need(4, field);
        int value = (payload[pos] & 0xFF) | (payload[pos + 1] & 0xFF) << 8 | (payload[pos + 2] & 0xFF) << 16
                | (payload[pos + 3] & 0xFF) << 24;
        pos += 4;
        return value;
    }

    long u32(String field) {
        return Integer.toUnsignedLong(i32(field));
    }

    long u64(String field) {
        long low = u32(field);
        return low | u32(field) << 32;
    }

    byte[] bytes(long count, String field) {
        need(count, field);
        byte[] bytes = Arrays.copyOfRange(payload, pos, pos + (int) count);
        pos += (int) count;
        return bytes;
    }

    /** A u8 length, then that many UTF-8 bytes. */
    String text(String field) {
        int length = u8(field + " length");
        return new String(bytes(length, field), StandardCharsets.UTF_8);
    }

    Layer layer() {
        return new Layer(u16("layer.layer_index"), u16("layer.height"), u16("layer.width"), u16("layer.channels"),
                i32("layer.scale_bits"), i32("layer.zero_point"));
    }

    Config config() {
        return new Config(u16("layer_index"), u16("decimation"), u16("window"), u8("options"),
                MapEncoding.of(u8("map_encoding")), u64("channel_mask"));
    }

    ImageChunk imageChunk() {
        PixelFormat format = PixelFormat.of(u8("pixel_format"));
        int channels = u8("channels");
        int height = u16("height");
        int width = u16("width");
        int row0 = u16("row0");
        int rows = u16("rows");
        byte[] data = bytes((long) rows * width * channels, "data");
        return new ImageChunk(format, channels, height, width, row0, rows, data);
    }
}
