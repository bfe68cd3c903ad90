package dev.pawscope.host.view;

import javafx.scene.image.Image;

/**
 * One analysed frame with its panels drawn, ready for the window: made off the JavaFX thread,
 * shown on it. JavaFX images are immutable once made.
 */
public record RenderedFrame(FrameAnalysis analysis, Image input, Image deviceMaps, Image twinMaps, Image difference,
        Image predictions, Image checks) {}
