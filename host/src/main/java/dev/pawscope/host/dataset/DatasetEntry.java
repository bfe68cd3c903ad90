package dev.pawscope.host.dataset;

import java.util.Objects;

/**
 * One sample of a dataset: its image file (relative to the dataset folder), label, split, the
 * SHA-256 of its pixels, and its ground-truth mask file if it has one (synthetic data does).
 */
public record DatasetEntry(String path, String label, Split split, String sha256, String mask) {

    public DatasetEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(sha256, "sha256");
    }

    public boolean hasMask() {
        return mask != null;
    }
}
