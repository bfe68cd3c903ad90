package dev.pawscope.host.dataset;

/** An image with its class index in the dataset's label list, and where it came from. */
public record LabeledImage(GrayImage image, int labelIndex, DatasetEntry entry) {
}
