package dev.pawscope.host.dataset.synth;

/** A figure with its colours and its place in the frame, ready to paint. */
record StagedFigure(Figure figure, Palette palette, Placement placement) {

    /** Where its lowest point touches the floor, in frame units from the top: larger is nearer the camera. */
    double ground() {
        return placement.frameY(figure.bounds().minY());
    }

    void paintOn(Layer layer) {
        layer.paint(figure, palette, placement);
    }
}
