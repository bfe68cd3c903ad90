package dev.pawscope.host.link;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes a payload's fields in wire order: little-endian, two's complement for signed types. */
final class PayloadWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PayloadWriter u8(int value) {
        out.write(value);
        return this;
    }

    PayloadWriter u16(int value) {
        return u8(value).u8(value >>> 8);
    }

    PayloadWriter u32(long value) {
        return u16((int) value).u16((int) (value >>> 16));
    }

    PayloadWriter u64(long value) {
        return u32(value).u32(value >>> 32);
    }

    PayloadWriter bytes(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** u8 length, then the UTF-8 bytes; the record constructors have checked the length. */
    PayloadWriter text(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return u8(utf8.length).bytes(utf8);
    }

    PayloadWriter layer(Layer layer) {
        return u16(layer.layerIndex()).u16(layer.height()).u16(layer.width()).u16(layer.channels())
                .u32(Integer.toUnsignedLong(layer.scaleBits())).u32(layer.zeroPoint());
    }

    PayloadWriter config(Config c) {
        return u16(c.layerIndex()).u16(c.decimation()).u16(c.window()).u8(c.options()).u8(c.mapEncoding().code())
                .u64(c.channelMask());
    }

    PayloadWriter imageChunk(ImageChunk c) {
        return u8(c.pixelFormat().code()).u8(c.channels()).u16(c.height()).u16(c.width()).u16(c.row0())
                .u16(c.rows()).bytes(c.data());
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
