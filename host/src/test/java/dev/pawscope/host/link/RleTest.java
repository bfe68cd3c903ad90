package dev.pawscope.host.link;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RleTest {

    private static final byte FILL = -128;

    @Test
    void aRunIsTheFillByteAndItsLengthMinusOneAsInTheSpecsExample() {
        byte[] values = {5, FILL, FILL, FILL, 7, FILL};
        byte[] encoded = {5, FILL, 2, 7, FILL, 0};
        assertArrayEquals(encoded, Rle.encode(values, FILL));
        assertArrayEquals(values, Rle.decode(encoded, FILL, values.length));
    }

    @Test
    void runsLongerThan256AreSplitGreedily() {
        byte[] values = new byte[600];
        Arrays.fill(values, FILL);
        assertArrayEquals(new byte[] {FILL, (byte) 255, FILL, (byte) 255, FILL, 87}, Rle.encode(values, FILL));
        assertArrayEquals(values, Rle.decode(Rle.encode(values, FILL), FILL, 600));
    }

    @Test
    void roundTripsMapsOfEveryDensity() {
        SplittableRandom random = new SplittableRandom(2);
        for (int trial = 0; trial < 200; trial++) {
            byte fill = (byte) random.nextInt(256);
            byte[] values = new byte[random.nextInt(1100)];
            double density = random.nextDouble();
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextDouble() < density ? fill : (byte) random.nextInt(256);
            }
            assertArrayEquals(values, Rle.decode(Rle.encode(values, fill), fill, values.length));
        }
    }

    @Test
    void dataThatExpandsToTheWrongCountIsMalformed() {
        byte[] data = {1, FILL, 3};
        ProtocolException e = assertThrows(ProtocolException.class, () -> Rle.decode(data, FILL, 6));
        assertEquals("RLE data expands to 5 values, expected 6 (rows x width)", e.getMessage());
        assertThrows(ProtocolException.class, () -> Rle.decode(data, FILL, 4));
        e = assertThrows(ProtocolException.class, () -> Rle.decode(new byte[] {1, FILL}, FILL, 2));
        assertTrue(e.getMessage().contains("no count byte"), e.getMessage());
    }
}
