package dev.pawscope.host.board;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/**
 * The host end of a board's pseudo-terminal, for tests: a minimal, independent codec for the
 * protocol's packets (firmware/PROTOCOL.md: header, payload, CRC-32, COBS, 0x00 delimiter) that
 * writes requests and collects every packet the board sends, in order.
 */
final class PtyTestLink implements AutoCloseable {

    static final int HEADER_SIZE = 8;
    static final int CRC_SIZE = 4;
    static final int FLAG_REPLY = 0x01;

    private final FileOutputStream out;
    private final FileInputStream in;
    private final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
    private final List<String> problems = new ArrayList<>();
    private int seq;

    PtyTestLink(String port) throws IOException {
        out = new FileOutputStream(port);
        in = new FileInputStream(port);
        Thread reader = new Thread(this::readPackets, "pty-test-link");
        reader.setDaemon(true); // ends with an IOException once the board's side closes
        reader.start();
        out.write(0); // a delimiter first, as the protocol asks of every sender
        out.flush();
    }

    /** Sends one packet; returns its seq. */
    int send(int type, byte[] payload) throws IOException {
        int s = seq++;
        ByteBuffer packet = ByteBuffer.allocate(HEADER_SIZE + payload.length + CRC_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        packet.put((byte) type).put((byte) 0).putShort((short) s).putShort((short) 0).putShort((short) payload.length);
        packet.put(payload);
        CRC32 crc = new CRC32();
        crc.update(packet.array(), 0, HEADER_SIZE + payload.length);
        packet.putInt((int) crc.getValue());
        out.write(cobsEncode(packet.array()));
        out.write(0);
        out.flush();
        return s;
    }

    /** Writes bytes as they are (e.g. a golden packet file). */
    void sendRaw(byte[] wire) throws IOException {
        out.write(wire);
        out.flush();
    }

    /**
     * The next packet of {@code type} (header and payload, CRC checked and removed); the packets
     * before it are dropped. Fails the test after {@code timeout}.
     */
    byte[] await(int type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (;;) {
            long left = deadline - System.nanoTime();
            byte[] packet = left > 0 ? received.poll(left, TimeUnit.NANOSECONDS) : null;
            if (packet == null) {
                return fail(String.format("no packet of type 0x%02x within %s%s", type, timeout,
                        problems.isEmpty() ? "" : "; " + problems));
            }
            if ((packet[0] & 0xFF) == type) {
                return packet;
            }
        }
    }

    static int u8(byte[] packet, int payloadOffset) {
        return packet[HEADER_SIZE + payloadOffset] & 0xFF;
    }

    static int u16(byte[] packet, int payloadOffset) {
        return ByteBuffer.wrap(packet).order(ByteOrder.LITTLE_ENDIAN).getShort(HEADER_SIZE + payloadOffset) & 0xFFFF;
    }

    static long u32(byte[] packet, int payloadOffset) {
        return ByteBuffer.wrap(packet).order(ByteOrder.LITTLE_ENDIAN).getInt(HEADER_SIZE + payloadOffset) & 0xFFFFFFFFL;
    }

    static int refSeq(byte[] packet) {
        return ByteBuffer.wrap(packet).order(ByteOrder.LITTLE_ENDIAN).getShort(4) & 0xFFFF;
    }

    static byte[] payload(byte[] packet, int from, int length) {
        byte[] bytes = new byte[length];
        System.arraycopy(packet, HEADER_SIZE + from, bytes, 0, length);
        return bytes;
    }

    private void readPackets() {
        ByteArrayOutputStream piece = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] != 0) {
                        piece.write(buffer[i]);
                    } else if (piece.size() > 0) {
                        accept(cobsDecode(piece.toByteArray()));
                        piece.reset();
                    }
                }
            }
        } catch (IOException closed) {
            // the board's side is gone (QEMU stopped): nothing more will come
        }
    }

    private void accept(byte[] decoded) {
        if (decoded.length < HEADER_SIZE + CRC_SIZE) {
            problems.add("a packet of " + decoded.length + " bytes");
            return;
        }
        int bodyLength = decoded.length - CRC_SIZE;
        CRC32 crc = new CRC32();
        crc.update(decoded, 0, bodyLength);
        int stored = ByteBuffer.wrap(decoded).order(ByteOrder.LITTLE_ENDIAN).getInt(bodyLength);
        int length = ByteBuffer.wrap(decoded).order(ByteOrder.LITTLE_ENDIAN).getShort(6) & 0xFFFF;
        if ((int) crc.getValue() != stored || length != bodyLength - HEADER_SIZE) {
            problems.add(String.format("a corrupt packet of type 0x%02x", decoded[0] & 0xFF));
            return;
        }
        byte[] packet = new byte[bodyLength];
        System.arraycopy(decoded, 0, packet, 0, bodyLength);
        received.add(packet);
    }

    /** COBS, shortest form (PROTOCOL.md, Framing); no delimiter. */
    static byte[] cobsEncode(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        boolean endsWithFullBlock = false;
        for (byte b : data) {
            endsWithFullBlock = false;
            if (b == 0) {
                out.write(block.size() + 1);
                out.writeBytes(block.toByteArray());
                block.reset();
            } else {
                block.write(b);
                if (block.size() == 254) {
                    out.write(0xFF);
                    out.writeBytes(block.toByteArray());
                    block.reset();
                    endsWithFullBlock = true;
                }
            }
        }
        if (!endsWithFullBlock) { // after a full block at the very end, no empty block follows
            out.write(block.size() + 1);
            out.writeBytes(block.toByteArray());
        }
        return out.toByteArray();
    }

    /** COBS undone (the delimiter already stripped). */
    static byte[] cobsDecode(byte[] encoded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < encoded.length) {
            int code = encoded[i++] & 0xFF;
            for (int k = 1; k < code && i < encoded.length; k++) {
                out.write(encoded[i++]);
            }
            if (code < 0xFF && i < encoded.length) {
                out.write(0);
            }
        }
        return out.toByteArray();
    }

    @Override
    public void close() throws IOException {
        try {
            out.close();
        } finally {
            in.close();
        }
    }
}
