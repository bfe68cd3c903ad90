package dev.pawscope.host.link;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The streaming decoder on damaged input: it never throws, never delivers a packet that was not
 * sent, and loses at most the one packet that garbage runs into.
 */
class PacketDecoderTest {

    private static final List<String> GOLDEN = List.of("ping", "hello_request", "config", "set_input", "frame_ack",
            "pong", "hello", "config_ack", "input_ack", "map_rle", "map_raw", "image", "frame", "log", "error");

    private static List<Packet> goldenPackets() throws IOException {
        List<Packet> packets = new ArrayList<>();
        for (String name : GOLDEN) {
            packets.add(GoldenFramesTest.packet(name));
        }
        return packets;
    }

    /** Feeds {@code bytes} in random pieces, as a serial port delivers them. */
    private static List<Packet> feed(PacketDecoder decoder, byte[] bytes, SplittableRandom random) {
        List<Packet> out = new ArrayList<>();
        for (int i = 0; i < bytes.length; ) {
            int n = Math.min(bytes.length - i, 1 + random.nextInt(300));
            out.addAll(decoder.feed(bytes, i, n));
            i += n;
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void randomGarbageBetweenPacketsCostsAtMostThePacketItRunsInto() throws IOException {
        SplittableRandom random = new SplittableRandom(3);
        List<Packet> sent = goldenPackets();
        for (int trial = 0; trial < 200; trial++) {
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            List<Packet> mustArrive = new ArrayList<>();
            List<Packet> order = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Packet p = sent.get(random.nextInt(sent.size()));
                boolean garbage = i % 2 == 0 && random.nextBoolean();
                byte[] junk = new byte[garbage ? 1 + random.nextInt(400) : 0];
                for (int k = 0; k < junk.length; k++) {
                    junk[k] = (byte) (random.nextInt(8) == 0 ? 0 : random.nextInt(256));
                }
                stream.writeBytes(junk);
                stream.writeBytes(p.toWire());
                order.add(p);
                if (!garbage || junk[junk.length - 1] == 0) {
                    mustArrive.add(p); // garbage that ends with a delimiter costs nothing
                }
            }
            PacketDecoder decoder = new PacketDecoder();
            List<Packet> delivered = feed(decoder, stream.toByteArray(), random);
            assertTrue(isSubsequence(delivered, order), "only packets that were sent, in order");
            assertTrue(isSubsequence(mustArrive, delivered), "every packet not hit by garbage arrives");
            assertEquals(delivered.size(), decoder.stats().packets());
        }
    }

    @Test
    void aTruncatedPacketRunsIntoTheNextOneAndTheOneAfterArrives() throws IOException {
        SplittableRandom random = new SplittableRandom(4);
        Packet next = GoldenFramesTest.packet("ping");
        Packet after = GoldenFramesTest.packet("pong");
        for (Packet p : goldenPackets()) {
            byte[] wire = p.toWire();
            for (int cut = 1; cut < wire.length; cut++) {
                PacketDecoder decoder = new PacketDecoder();
                byte[] stream = concat(Arrays.copyOf(wire, cut), next.toWire(), after.toWire());
                assertEquals(List.of(after), feed(decoder, stream, random), p + " cut at " + cut);
                assertEquals(1, decoder.stats().dropped(), "one frame dropped and counted");
            }
        }
    }

    @Test
    void everySingleBitFlipIsCaughtAndTheDecoderResynchronises() throws IOException {
        SplittableRandom random = new SplittableRandom(5);
        Packet next = GoldenFramesTest.packet("frame_ack");
        Packet after = GoldenFramesTest.packet("pong");
        for (String name : List.of("hello", "image", "map_rle", "frame")) {
            byte[] wire = GoldenFramesTest.wire(name);
            for (int bit = 0; bit < wire.length * 8; bit++) {
                byte[] flipped = wire.clone();
                flipped[bit / 8] ^= (byte) (1 << (bit % 8));
                PacketDecoder decoder = new PacketDecoder();
                List<Packet> delivered = feed(decoder, concat(flipped, next.toWire(), after.toWire()), random);
                assertTrue(delivered.equals(List.of(next, after)) || delivered.equals(List.of(after)),
                        name + " bit " + bit + ": " + delivered);
                assertTrue(decoder.stats().dropped() >= 1, "the damage is counted");
            }
        }
    }

    @Test
    void anythingLongerThanAPacketIsDroppedAsOversized() throws IOException {
        byte[] junk = new byte[3000];
        Arrays.fill(junk, (byte) 0x55);
        Packet ping = GoldenFramesTest.packet("ping");
        PacketDecoder decoder = new PacketDecoder();
        assertEquals(List.of(ping), decoder.feed(concat(junk, new byte[] {0}, ping.toWire())));
        assertEquals(new DecoderStats(1, 1, 0, 0, 0, 0), decoder.stats());

        PacketDecoder small = new PacketDecoder(64);
        assertEquals(List.of(), small.feed(GoldenFramesTest.wire("hello")), "118 bytes do not fit 64");
        assertEquals(1, small.stats().oversized());
        assertEquals(List.of(ping), small.feed(ping.toWire()));
    }

    @Test
    void emptyFramesAreNoPacketsAndShortOnesAreCounted() {
        PacketDecoder decoder = new PacketDecoder();
        assertEquals(List.of(), decoder.feed(new byte[] {0, 0, 0, 3, 1, 2, 0}));
        assertEquals(new DecoderStats(0, 0, 0, 1, 0, 0), decoder.stats());
    }

    @Test
    void aHeaderLengthThatDisagreesWithThePacketIsCaught() throws IOException {
        byte[] bytes = GoldenFramesTest.packet("ping").toBytes();
        bytes[6] = 5; // claims a 5-byte payload; the CRC is made to match
        long crc = Packet.crc32(bytes, bytes.length - 4);
        for (int i = 0; i < 4; i++) {
            bytes[bytes.length - 4 + i] = (byte) (crc >>> (8 * i));
        }
        PacketDecoder decoder = new PacketDecoder();
        assertEquals(List.of(), decoder.feed(concat(Cobs.encode(bytes), new byte[] {0})));
        assertEquals(1, decoder.stats().badLength());
    }

    @Test
    void theCrcIsIsoHdlc() {
        assertEquals(0xCBF43926L, Packet.crc32("123456789".getBytes(StandardCharsets.US_ASCII), 9));
        assertEquals(0x2144DF1CL, Packet.crc32(new byte[4], 4));
    }

    @Test
    void anEmptyBlockAfterAFullOneIsAccepted() {
        // header zero bytes at 1 (flags) and 7 (length 250 < 256), then 250 + 4 non-zero bytes:
        // the packet ends with a 254-byte run, so its shortest COBS form ends with a full block
        SplittableRandom random = new SplittableRandom(9);
        Packet p;
        byte[] bytes;
        do {
            byte[] payload = new byte[250];
            for (int i = 0; i < payload.length; i++) {
                payload[i] = (byte) (1 + random.nextInt(255));
            }
            p = new Packet(0xF0, 0, 0x0101, 0x0101, payload);
            bytes = p.toBytes();
        } while (bytes[bytes.length - 1] == 0 || bytes[bytes.length - 2] == 0 || bytes[bytes.length - 3] == 0
                || bytes[bytes.length - 4] == 0);
        byte[] shortest = Cobs.encode(bytes);
        assertEquals((byte) 0xFF, shortest[shortest.length - 255], "the last block is full");
        byte[] longer = concat(shortest, new byte[] {1, 0});
        PacketDecoder decoder = new PacketDecoder();
        assertEquals(List.of(p), decoder.feed(longer));
        assertEquals(List.of(p), decoder.feed(p.toWire()));
    }

    @Test
    void resetForgetsAHalfReceivedPacket() throws IOException {
        byte[] wire = GoldenFramesTest.wire("hello");
        PacketDecoder decoder = new PacketDecoder();
        decoder.feed(wire, 0, 50);
        decoder.reset();
        assertEquals(List.of(GoldenFramesTest.packet("pong")), decoder.feed(GoldenFramesTest.wire("pong")));
    }

    private static boolean isSubsequence(List<Packet> part, List<Packet> whole) {
        int j = 0;
        for (Packet p : whole) {
            if (j < part.size() && part.get(j).equals(p)) {
                j++;
            }
        }
        return j == part.size();
    }
}
