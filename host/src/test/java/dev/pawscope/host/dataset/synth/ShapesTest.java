package dev.pawscope.host.dataset.synth;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShapesTest {

    @Test
    void aCirclesDistanceIsExactInsideAndOutside() {
        Ellipse circle = Ellipse.circle(new Vec(1, 2), 0.5);
        assertEquals(-0.5, circle.distance(1, 2), 1e-9);
        assertEquals(0.5, circle.distance(2, 2), 1e-9);
        assertEquals(-0.25, circle.distance(1, 2.25), 1e-9);
    }

    @Test
    void aRotatedEllipseIsZeroOnItsRimAndBoundedByItsBox() {
        Ellipse ellipse = new Ellipse(new Vec(0, 0), 2, 1, Math.PI / 2);   // long axis now vertical
        assertEquals(0, ellipse.distance(0, 2), 1e-9);
        assertEquals(0, ellipse.distance(1, 0), 1e-9);
        assertTrue(ellipse.distance(1.5, 0) > 0);
        assertEquals(1, ellipse.bounds().maxX(), 1e-9);
        assertEquals(2, ellipse.bounds().maxY(), 1e-9);
    }

    @Test
    void aTaperedCapsuleIsAsThickAsItsRadiusAtEachEnd() {
        Capsule capsule = new Capsule(new Vec(0, 0), 0.4, new Vec(2, 0), 0.1);
        assertEquals(0, capsule.distance(0, 0.4), 1e-9);
        assertEquals(0, capsule.distance(2, 0.1), 1e-9);
        assertEquals(0, capsule.distance(2.1, 0), 1e-9);
        assertTrue(capsule.distance(1, 0) < 0);
    }

    @Test
    void aRoundedBoxMeasuresFromItsSidesAndItsRoundedCorners() {
        RoundedBox box = new RoundedBox(new Vec(0, 0), 2, 1, 0, 0.5);
        assertEquals(-1, box.distance(0, 0), 1e-9);
        assertEquals(1, box.distance(3, 0), 1e-9);
        assertEquals(Math.sqrt(2) - 0.5, box.distance(2.5, 1.5), 1e-9);
    }

    @Test
    void impossibleShapesAreRejectedNamingTheBadSize() {
        assertThrows(IllegalArgumentException.class, () -> new Ellipse(new Vec(0, 0), 0, 1, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RoundedBox(new Vec(0, 0), 1, 0.5, 0, 0.8));
        assertTrue(e.getMessage().contains("[0, 0.5]") && e.getMessage().contains("found 0.8"), e.getMessage());
    }
}
