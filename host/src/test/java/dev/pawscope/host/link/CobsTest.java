package dev.pawscope.host.link;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CobsTest {

    private static byte[] hex(String s) {
        return HexFormat.ofDelimiter(" ").parseHex(s);
    }

    private static byte[] range(int from, int to) {
        byte[] b = new byte[to - from + 1];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void encodesTheSpecsTestVectorsInTheShortestForm() {
        assertArrayEquals(hex("01 01"), Cobs.encode(hex("00")));
        assertArrayEquals(hex("01 01 01"), Cobs.encode(hex("00 00")));
        assertArrayEquals(hex("01 02 11 01"), Cobs.encode(hex("00 11 00")));
        assertArrayEquals(hex("03 11 22 02 33"), Cobs.encode(hex("11 22 00 33")));
        assertArrayEquals(hex("05 11 22 33 44"), Cobs.encode(hex("11 22 33 44")));
        assertArrayEquals(hex("02 11 01 01 01"), Cobs.encode(hex("11 00 00 00")));
        assertArrayEquals(concat(hex("FF"), range(0x01, 0xFE)), Cobs.encode(range(0x01, 0xFE)));
        assertArrayEquals(concat(hex("01 FF"), range(0x01, 0xFE)), Cobs.encode(concat(hex("00"), range(0x01, 0xFE))));
        assertArrayEquals(concat(hex("FF"), range(0x01, 0xFE), hex("02 FF")), Cobs.encode(range(0x01, 0xFF)));
        assertArrayEquals(concat(hex("FF"), range(0x02, 0xFF), hex("01 01")),
                Cobs.encode(concat(range(0x02, 0xFF), hex("00"))));
        assertArrayEquals(hex("01"), Cobs.encode(new byte[0]));
    }

    @Test
    void decodingAcceptsAnEmptyBlockAfterAFullOne() {
        byte[] data = range(0x01, 0xFE);
        assertArrayEquals(data, Cobs.decode(concat(hex("FF"), data, hex("01"))));
    }

    @Test
    void aFullBlockIsNotFollowedByAnEmptyOne() {
        byte[] data = new byte[254];
        Arrays.fill(data, (byte) 7);
        byte[] encoded = Cobs.encode(data);
        assertEquals(255, encoded.length, "one 0xFF block and no trailing 0x01");
        assertEquals((byte) 0xFF, encoded[0]);
        assertArrayEquals(data, Cobs.decode(encoded));
    }

    @Test
    void roundTripsEveryLengthAroundTheBlockBoundaries() {
        SplittableRandom random = new SplittableRandom(1);
        for (int length = 0; length < 800; length++) {
            byte[] data = new byte[length];
            for (int i = 0; i < length; i++) {
                data[i] = (byte) (random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(255));
            }
            byte[] encoded = Cobs.encode(data);
            for (byte b : encoded) {
                assertTrue(b != 0, "no zero byte in the encoding");
            }
            assertTrue(encoded.length <= length + length / 254 + 1, "overhead at most one byte per 254");
            assertArrayEquals(data, Cobs.decode(encoded), "length " + length);
        }
    }

    @Test
    void decodingRefusesZerosAndBlocksThatRunPastTheEnd() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> Cobs.decode(hex("05 11 22")));
        assertTrue(e.getMessage().contains("claims 4 data bytes, found 2"), e.getMessage());
        assertThrows(ProtocolException.class, () -> Cobs.decode(hex("03 11 00")));
        assertThrows(ProtocolException.class, () -> Cobs.decode(hex("00")));
    }
}
