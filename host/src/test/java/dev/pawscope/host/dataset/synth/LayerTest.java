package dev.pawscope.host.dataset.synth;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class LayerTest {

    private static int covered(byte[] mask) {
        int count = 0;
        for (byte value : mask) {
            count += value != 0 ? 1 : 0;
        }
        return count;
    }

    @Test
    void aPaintedDiscFillsAboutItsAreaOfTheMask() {
        Layer layer = Layer.empty(64);
        layer.paint(Ellipse.circle(new Vec(0.5, 0.5), 0.25), 200, Placement.FRAME);
        double expected = Math.PI * 16 * 16;
        assertEquals(expected, covered(layer.mask()), expected * 0.03);
    }

    @Test
    void paintingAtopRecoloursWithoutGrowingTheSilhouette() {
        Layer layer = Layer.empty(32);
        layer.paint(Ellipse.circle(new Vec(0.5, 0.5), 0.2), 200, Placement.FRAME);
        byte[] before = layer.mask();
        layer.paint(new Figure(List.of(Part.atop(Ellipse.circle(new Vec(0.5, 0.5), 0.4), Tone.BASE)),
                new Bounds(0.1, 0.1, 0.9, 0.9)), new Palette(50, 50, 50, 50), Placement.FRAME);
        assertArrayEquals(before, layer.mask());
        assertEquals(50, layer.tones()[16 * 32 + 16], 1e-3);
    }

    @Test
    void aMirroredPlacementPaintsOnTheOtherSide() {
        Layer right = Layer.empty(32);
        Layer left = Layer.empty(32);
        Ellipse offCentre = Ellipse.circle(new Vec(0.2, 0), 0.1);
        right.paint(offCentre, 255, new Placement(0.5, 0.5, 1, 1));
        left.paint(offCentre, 255, new Placement(0.5, 0.5, -1, 1));
        byte[] mirrored = new byte[32 * 32];
        byte[] mask = right.mask();
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                mirrored[y * 32 + (31 - x)] = mask[y * 32 + x];
            }
        }
        assertArrayEquals(mirrored, left.mask());
    }
}
