package dev.pawscope.quantize.ptq;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pawscope.quantize.graph.Quantization;
import org.junit.jupiter.api.Test;

class ActivationQuantizationTest {

    @Test
    void aReluRangeHasItsZeroPointAtTheBottom() {
        Quantization q = ActivationQuantization.forRange(0f, 6f);
        assertEquals(6f / 255, q.scale(), 1e-9);
        assertEquals(-128, q.zeroPoint());
    }

    @Test
    void aSymmetricRangeCentresTheZeroPoint() {
        Quantization q = ActivationQuantization.forRange(-1f, 1f);
        assertEquals(2f / 255, q.scale(), 1e-9);
        // From max: 127 - 1 / (2/255f) = -0.49999 has the smaller error and rounds to 0.
        assertEquals(0, q.zeroPoint());
    }

    @Test
    void aRangeWithoutZeroIsWidenedToContainIt() {
        Quantization q = ActivationQuantization.forRange(2f, 4f);
        assertEquals(4f / 255, q.scale(), 1e-9);
        assertEquals(-128, q.zeroPoint());
        Quantization negative = ActivationQuantization.forRange(-4f, -2f);
        assertEquals(127, negative.zeroPoint());
    }
}
