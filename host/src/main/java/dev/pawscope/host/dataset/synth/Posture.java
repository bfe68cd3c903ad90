package dev.pawscope.host.dataset.synth;

import java.util.Optional;

/** What the dog is doing; each posture is one class label. */
enum Posture {
    SIT("sit"),
    STAND("stand"),
    LIE_DOWN("lie_down");

    private final String label;

    Posture(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** The posture a label names, or empty for a label without a dog. */
    static Optional<Posture> ofLabel(String label) {
        for (Posture posture : values()) {
            if (posture.label.equals(label)) {
                return Optional.of(posture);
            }
        }
        return Optional.empty();
    }
}
