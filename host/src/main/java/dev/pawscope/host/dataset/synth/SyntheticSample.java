package dev.pawscope.host.dataset.synth;

import dev.pawscope.host.dataset.GrayImage;

import java.util.Objects;

/**
 * One generated image with its label and the dog's silhouette.
 *
 * @param label one of {@link SyntheticDogGenerator#LABELS}
 * @param image the camera frame
 * @param mask  255 where the dog is, 0 elsewhere; all zero for {@code no_dog}
 */
public record SyntheticSample(String label, GrayImage image, GrayImage mask) {

    public SyntheticSample {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(mask, "mask");
        if (!SyntheticDogGenerator.LABELS.contains(label)) {
            throw new IllegalArgumentException("unknown label '" + label + "', expected one of "
                    + SyntheticDogGenerator.LABELS);
        }
        if (mask.width() != image.width() || mask.height() != image.height()) {
            throw new IllegalArgumentException("mask must match the image, expected " + image.width() + "x"
                    + image.height() + ", found " + mask.width() + "x" + mask.height());
        }
    }
}
