package dev.pawscope.host.dataset.synth;

import dev.pawscope.host.dataset.GrayImage;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticSampleTest {

    private static GrayImage blank(int size) {
        return new GrayImage(size, size, new byte[size * size]);
    }

    @Test
    void aMaskOfAnotherSizeIsRejectedWithBothSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SyntheticSample("sit", blank(48), blank(32)));
        assertTrue(e.getMessage().contains("expected 48x48") && e.getMessage().contains("found 32x32"), e.getMessage());
    }

    @Test
    void aLabelOutsideTheGeneratorsLabelsIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SyntheticSample("cat", blank(32), blank(32)));
        assertTrue(e.getMessage().contains("[sit, stand, lie_down, no_dog]"), e.getMessage());
    }
}
