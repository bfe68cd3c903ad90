package dev.pawscope.host.link;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a stream of wire bytes into CRC-checked packets, as {@code ps_proto_decoder_feed}: COBS is
 * undone a byte at a time; at each delimiter the decoded bytes are checked (COBS block complete,
 * size, CRC, header length) and either delivered or dropped and counted in {@link #stats()}, and
 * either way the next byte starts a new packet. Garbage that ends with a delimiter costs no
 * packet; garbage without one costs at most the packet it runs into.
 *
 * <p>Never throws on input. Not thread-safe: one reader feeds it.
 */
public final class PacketDecoder {

    private final byte[] buffer;
    private int length;
    /** Data bytes still due in the current COBS block. */
    private int blockLeft;
    /** The current block's code byte; 0 before the first. */
    private int blockCode;
    /** After an overflow: skip to the next delimiter. */
    private boolean discarding;

    private long packets;
    private long oversized;
    private long cobs;
    private long tooShort;
    private long badCrc;
    private long badLength;

    /** A decoder that holds every packet the protocol allows. */
    public PacketDecoder() {
        this(Protocol.MAX_PACKET_SIZE);
    }

    /** A decoder with a smaller buffer: longer packets are dropped as oversized. */
    public PacketDecoder(int capacity) {
        if (capacity < Protocol.HEADER_SIZE + Protocol.CRC_SIZE) {
            throw new IllegalArgumentException("a decoder buffer needs at least " + (Protocol.HEADER_SIZE
                    + Protocol.CRC_SIZE) + " bytes (header and CRC), found " + capacity);
        }
        this.buffer = new byte[capacity];
    }

    /** Feeds wire bytes; returns the packets they completed, in order. */
    public List<Packet> feed(byte[] data, int offset, int count) {
        List<Packet> out = new ArrayList<>(2);
        for (int i = offset; i < offset + count; i++) {
            int b = data[i] & 0xFF;
            if (b == Protocol.DELIMITER) {
                if (discarding) {
                    oversized++;
                } else if (blockCode != 0) {
                    Packet p = finish();
                    if (p != null) {
                        out.add(p);
                    }
                } // else: delimiters back to back are no packet at all
                restart();
            } else if (discarding) {
                continue;
            } else if (blockLeft == 0) {
                // a code byte; the previous block, unless full, implied a zero before this one
                if (blockCode != 0 && blockCode != Cobs.FULL_BLOCK) {
                    append((byte) 0);
                }
                blockCode = b;
                blockLeft = b - 1;
            } else {
                append((byte) b);
                blockLeft--;
            }
        }
        return out;
    }

    public List<Packet> feed(byte[] data) {
        return feed(data, 0, data.length);
    }

    /** Forgets a partial packet (e.g. after the port reopened); the counters stay. */
    public void reset() {
        restart();
    }

    public DecoderStats stats() {
        return new DecoderStats(packets, oversized, cobs, tooShort, badCrc, badLength);
    }

    private void restart() {
        length = 0;
        blockLeft = 0;
        blockCode = 0;
        discarding = false;
    }

    private void append(byte b) {
        if (length >= buffer.length) {
            discarding = true;
            return;
        }
        buffer[length++] = b;
    }

    /** Checks the packet a delimiter just ended: the packet, or null (counted) if invalid. */
    private Packet finish() {
        if (blockLeft > 0) {
            cobs++;
            return null;
        }
        if (length < Protocol.HEADER_SIZE + Protocol.CRC_SIZE) {
            tooShort++;
            return null;
        }
        int crcAt = length - Protocol.CRC_SIZE;
        if (Packet.crc32(buffer, crcAt) != (u16(crcAt) | (long) u16(crcAt + 2) << 16)) {
            badCrc++;
            return null;
        }
        int payloadLength = u16(6);
        if (Protocol.HEADER_SIZE + payloadLength + Protocol.CRC_SIZE != length
                || payloadLength > Protocol.MAX_PAYLOAD) {
            badLength++;
            return null;
        }
        packets++;
        return new Packet(buffer[0] & 0xFF, buffer[1] & 0xFF, u16(2), u16(4),
                Arrays.copyOfRange(buffer, Protocol.HEADER_SIZE, Protocol.HEADER_SIZE + payloadLength));
    }

    private int u16(int at) {
        return (buffer[at] & 0xFF) | (buffer[at + 1] & 0xFF) << 8;
    }
}
