package dev.pawscope.host.train;

import dev.pawscope.host.dataset.InputSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchitectureSpecTest {

    private static final InputSpec IN48 = InputSpec.square(48);

    @Test
    void parsesKerasStyleLayersWithKerasDefaults() {
        ArchitectureSpec spec = ArchitectureSpec.parse(
                "Conv2D(8, 3, padding=same), relu, MaxPooling2D(2), DepthwiseConv2D(3, strides=2), AvgPool(3, 1),"
                        + " Flatten, Dense(4, activation=softmax)");
        assertEquals(List.of(
                new LayerSpec.Conv2D(8, 3, 1, Padding.SAME),
                LayerSpec.Activation.RELU,
                new LayerSpec.MaxPool(2, 2, Padding.VALID),
                new LayerSpec.DepthwiseConv2D(3, 2, Padding.VALID, 1),
                new LayerSpec.AvgPool(3, 1, Padding.VALID),
                new LayerSpec.Flatten(),
                new LayerSpec.Dense(4),
                LayerSpec.Activation.SOFTMAX), spec.layers());
    }

    @Test
    void textParsesBackToTheSameSpec() {
        for (String arch : ArchitectureSpec.named(4).values()) {
            ArchitectureSpec spec = ArchitectureSpec.parse(arch);
            assertEquals(spec, ArchitectureSpec.parse(spec.text()));
        }
    }

    @Test
    void shapesFollowPaddingAndStrides() {
        ArchitectureSpec spec = ArchitectureSpec.parse(
                "Conv2D(8, 3, padding=same), Conv2D(4, 3), MaxPool(2), Conv2D(2, 3, strides=2, padding=same), Flatten,"
                        + " Dense(3), Softmax");
        List<TensorShape> shapes = spec.shapes(IN48, 3);
        assertEquals(new TensorShape(48, 48, 8), shapes.get(0));
        assertEquals(new TensorShape(46, 46, 4), shapes.get(1));
        assertEquals(new TensorShape(23, 23, 4), shapes.get(2));
        assertEquals(new TensorShape(12, 12, 2), shapes.get(3));
        assertEquals(new TensorShape(1, 1, 288), shapes.get(4));
    }

    @Test
    void theDefaultModelFitsANano33BleComfortably() {
        ArchitectureSpec spec = ArchitectureSpec.resolve(ArchitectureSpec.DEFAULT, 4);
        assertEquals(new LayerSpec.Conv2D(8, 3, 1, Padding.SAME), spec.layers().get(0), "8 first-layer filters");
        ArchitectureSpec.Footprint f = spec.int8Footprint(IN48, 4);
        assertTrue(f.weightBytes() <= 100 * 1024, "int8 weights " + f.weightBytes());
        assertTrue(f.activationBytes() <= 64 * 1024, "activations " + f.activationBytes());
    }

    @Test
    void countsParametersLikeKeras() {
        // Keras: Conv2D(8,3) on 1 channel = 80, Dense(4) on 8*46*46 = 67716
        ArchitectureSpec spec = ArchitectureSpec.parse("Conv2D(8, 3), Flatten, Dense(4), Softmax");
        assertEquals(80 + 8 * 46 * 46 * 4 + 4, spec.parameters(IN48, 4));
    }

    @Test
    void anUnknownLayerIsNamedAndTheSupportedOnesListed() {
        SpecException e = assertThrows(SpecException.class, () -> ArchitectureSpec.parse("Conv2D(8,3), LSTM(4)"));
        assertTrue(e.getMessage().contains("LSTM"), e.getMessage());
        assertTrue(e.getMessage().contains("DepthwiseConv2D"), e.getMessage());
    }

    @Test
    void impossibleShapesSayWhichLayerBreaks() {
        ArchitectureSpec spec = ArchitectureSpec.parse("Conv2D(8, 5), MaxPool(4), MaxPool(4), Conv2D(8, 5), Flatten, Dense(4), Softmax");
        SpecException e = assertThrows(SpecException.class, () -> spec.shapes(IN48, 4));
        assertTrue(e.getMessage().startsWith("layer 3 Conv2D"), e.getMessage());
        assertTrue(e.getMessage().contains("does not fit its 2x2 input"), e.getMessage());
    }

    @Test
    void aSpatialLayerAfterFlattenIsRefused() {
        ArchitectureSpec spec = ArchitectureSpec.parse("Conv2D(8, 3), Flatten, MaxPool(2), Dense(4), Softmax");
        SpecException e = assertThrows(SpecException.class, () -> spec.shapes(IN48, 4));
        assertTrue(e.getMessage().contains("expected before the Flatten at layer 1"), e.getMessage());
    }

    @Test
    void aMissingCommaIsNotSilentlyIgnored() {
        SpecException e = assertThrows(SpecException.class,
                () -> ArchitectureSpec.parse("Conv2D(8, 3, padding=same) ReLU, Flatten, Dense(4), Softmax"));
        assertTrue(e.getMessage().contains("separate layers with commas"), e.getMessage());
        assertThrows(SpecException.class, () -> ArchitectureSpec.parse("Flatten Dense(4), Softmax"));
    }

    @Test
    void aValidWindowLargerThanItsInputDoesNotFit() {
        assertEquals(0, Padding.VALID.outputLength(1, 2, 2));
        assertEquals(1, Padding.VALID.outputLength(2, 2, 2));
        assertEquals(1, Padding.SAME.outputLength(1, 2, 2));
    }

    @Test
    void theLastDenseMustMatchTheLabels() {
        ArchitectureSpec spec = ArchitectureSpec.parse("Conv2D(8, 3), Flatten, Dense(5), Softmax");
        SpecException e = assertThrows(SpecException.class, () -> spec.shapes(IN48, 4));
        assertTrue(e.getMessage().contains("5 units, expected 4"), e.getMessage());
    }

    @Test
    void aModelMustEndInDenseAndSoftmax() {
        assertThrows(SpecException.class, () -> ArchitectureSpec.parse("Conv2D(8, 3), Flatten, Dense(4)").shapes(IN48, 4));
        assertThrows(SpecException.class,
                () -> ArchitectureSpec.parse("Conv2D(8, 3), Softmax, Flatten, Dense(4), Softmax").shapes(IN48, 4));
    }

    @Test
    void denseBeforeFlattenAndBadArgumentsAreRefused() {
        assertThrows(SpecException.class, () -> ArchitectureSpec.parse("Conv2D(8, 3), Dense(4), Softmax").shapes(IN48, 4));
        assertThrows(SpecException.class, () -> ArchitectureSpec.parse("Conv2D(8)"));
        assertThrows(SpecException.class, () -> ArchitectureSpec.parse("Conv2D(8, 3, dilation=2)"));
        assertThrows(SpecException.class, () -> ArchitectureSpec.parse("Conv2D(eight, 3)"));
        assertThrows(SpecException.class, () -> ArchitectureSpec.parse("Conv2D(8, 3, padding=full)"));
        assertThrows(SpecException.class, () -> ArchitectureSpec.parse("Conv2D(0, 3)"));
        assertThrows(SpecException.class, () -> ArchitectureSpec.parse("Conv2D(8, 3"));
        assertThrows(SpecException.class, () -> ArchitectureSpec.parse(" , "));
    }
}
