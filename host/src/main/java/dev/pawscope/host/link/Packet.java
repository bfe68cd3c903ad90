package dev.pawscope.host.link;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * One packet: the header ({@code type u8, flags u8, seq u16, ref_seq u16, length u16}, length
 * being the payload's) and the payload. On the wire it is {@code header | payload | CRC-32}
 * (CRC-32/ISO-HDLC, which is {@link CRC32}, of header and payload), COBS-encoded, then
 * {@link Protocol#DELIMITER}.
 *
 * @param type a {@link MessageType} code, or a value this codec does not know
 * @param flags {@link Protocol#FLAG_REPLY}; other bits are reserved
 * @param seq the sender's packet counter
 * @param refSeq with FLAG_REPLY, the seq of the request answered; else 0
 */
public record Packet(int type, int flags, int seq, int refSeq, byte[] payload) {

    public Packet {
        Message.checkUnsigned("type", type, 8);
        Message.checkUnsigned("flags", flags, 8);
        Message.checkUnsigned("seq", seq, 16);
        Message.checkUnsigned("ref_seq", refSeq, 16);
        if (payload.length > Protocol.MAX_PAYLOAD) {
            throw new IllegalArgumentException("a payload of " + payload.length + " bytes exceeds MAX_PAYLOAD ("
                    + Protocol.MAX_PAYLOAD + ")");
        }
        payload = payload.clone();
    }

    /** A message in a packet with the given header fields (in header order). */
    public static Packet of(Message message, int flags, int seq, int refSeq) {
        return new Packet(message.type().code(), flags, seq, refSeq, message.payload());
    }

    /** A message that answers no request: a request itself, or a stream packet. */
    public static Packet of(Message message, int seq) {
        return of(message, 0, seq, 0);
    }

    /** A reply to the request whose seq was {@code requestSeq}. */
    public static Packet reply(Message message, int seq, int requestSeq) {
        return of(message, Protocol.FLAG_REPLY, seq, requestSeq);
    }

    public Optional<MessageType> messageType() {
        return MessageType.of(type);
    }

    public boolean isReply() {
        return (flags & Protocol.FLAG_REPLY) != 0;
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The message this packet carries; see {@link Message#parse}. */
    public Message message() {
        return Message.parse(this);
    }

    /** The decoded form: header, payload, CRC-32. */
    public byte[] toBytes() {
        byte[] bytes = new byte[Protocol.HEADER_SIZE + payload.length + Protocol.CRC_SIZE];
        bytes[0] = (byte) type;
        bytes[1] = (byte) flags;
        putU16(bytes, 2, seq);
        putU16(bytes, 4, refSeq);
        putU16(bytes, 6, payload.length);
        System.arraycopy(payload, 0, bytes, Protocol.HEADER_SIZE, payload.length);
        int crcAt = Protocol.HEADER_SIZE + payload.length;
        long crc = crc32(bytes, crcAt);
        putU16(bytes, crcAt, (int) crc);
        putU16(bytes, crcAt + 2, (int) (crc >>> 16));
        return bytes;
    }

    /** The wire form: COBS-encoded, then the delimiter. */
    public byte[] toWire() {
        byte[] encoded = Cobs.encode(toBytes());
        return Arrays.copyOf(encoded, encoded.length + 1); // the trailing 0x00 is the delimiter
    }

    static long crc32(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return crc.getValue();
    }

    private static void putU16(byte[] bytes, int at, int value) {
        bytes[at] = (byte) value;
        bytes[at + 1] = (byte) (value >>> 8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Packet p && p.type == type && p.flags == flags && p.seq == seq && p.refSeq == refSeq
                && Arrays.equals(p.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * (31 * type + flags) + seq) + refSeq) + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        String name = messageType().map(Enum::name).orElse(String.format("0x%02X", type));
        String bytes = HexFormat.ofDelimiter(" ").formatHex(payload, 0, Math.min(payload.length, 16));
        return "Packet[" + name + ", flags " + flags + ", seq " + seq + ", ref_seq " + refSeq + ", " + payload.length
                + " bytes: " + bytes + (payload.length > 16 ? " ...]" : "]");
    }
}
