package dev.pawscope.host.link;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Consistent Overhead Byte Stuffing (Cheshire and Baker, 1999), as {@code firmware/src/ps_cobs.c}:
 * rewrites a packet so it contains no {@code 0x00}, which leaves {@code 0x00} free to end it on the
 * wire. The encoding is a sequence of blocks, each a code byte {@code c} in [1, 255] and
 * {@code c - 1} non-zero data bytes, decoding to those bytes and one {@code 0x00}, except that a
 * {@code 0xFF} block (254 data bytes) implies no zero and the zero after the last block is dropped.
 * The encoder writes the shortest form: no empty block after a final {@code 0xFF} block.
 * {@link PacketDecoder} applies the same rules a byte at a time.
 */
public final class Cobs {

    /** A block of 254 data bytes, not followed by an implied zero. */
    static final int FULL_BLOCK = 0xFF;

    private Cobs() {}

    /** The encoded form of {@code data}, without the delimiter. */
    public static byte[] encode(byte[] data) {
        byte[] out = new byte[data.length + data.length / 254 + 1];
        int codeAt = 0;
        int pos = 1;
        int code = 1;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == 0) {
                out[codeAt] = (byte) code;
                codeAt = pos++;
                code = 1;
            } else {
                out[pos++] = data[i];
                code++;
                if (code == FULL_BLOCK && i + 1 < data.length) {
                    out[codeAt] = (byte) code;
                    codeAt = pos++;
                    code = 1;
                }
            }
        }
        out[codeAt] = (byte) code;
        return Arrays.copyOf(out, pos);
    }

    /**
     * Decodes one encoded packet (without its delimiter).
     *
     * @throws ProtocolException for a {@code 0x00} inside, or a block longer than what follows
     */
    public static byte[] decode(byte[] encoded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length);
        int in = 0;
        while (in < encoded.length) {
            int code = encoded[in++] & 0xFF;
            if (code == 0) {
                throw new ProtocolException("COBS: a 0x00 code byte at offset " + (in - 1) + ", expected 1..255");
            }
            if (code - 1 > encoded.length - in) {
                throw new ProtocolException("COBS: the block at offset " + (in - 1) + " claims " + (code - 1)
                        + " data bytes, found " + (encoded.length - in));
            }
            for (int k = 1; k < code; k++) {
                if (encoded[in] == 0) {
                    throw new ProtocolException("COBS: a 0x00 data byte at offset " + in);
                }
                out.write(encoded[in++]);
            }
            if (code != FULL_BLOCK && in < encoded.length) {
                out.write(0);
            }
        }
        return out.toByteArray();
    }
}
