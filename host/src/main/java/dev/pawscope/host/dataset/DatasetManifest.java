package dev.pawscope.host.dataset;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code manifest.json} of a dataset folder: what the samples are, how they were made, and a
 * hash of their content that models record to say which data trained them.
 *
 * @param format    always {@link #FORMAT}
 * @param version   {@link #VERSION} of the layout; other versions are refused with a hint
 * @param source    {@code synth}, {@code import} or {@code capture}
 * @param createdBy the command line that made the dataset
 * @param labels    class names, in class-index order
 * @param input     image size every sample has
 * @param counts    label to split to count
 * @param hash      SHA-256 over the sorted (label, pixel hash) pairs
 * @param entries   every sample
 */
public record DatasetManifest(String format, int version, String source, String createdBy, List<String> labels,
                              InputSpec input, Map<String, Map<Split, Integer>> counts, String hash,
                              List<DatasetEntry> entries) {

    public static final String FORMAT = "pawscope-dataset";
    public static final int VERSION = 1;
    public static final String FILE_NAME = "manifest.json";

    public DatasetManifest {
        Objects.requireNonNull(format, "format");
        labels = List.copyOf(labels);
        counts = Map.copyOf(counts);
        entries = List.copyOf(entries);
    }

    public int labelIndex(String label) {
        int i = labels.indexOf(label);
        if (i < 0) {
            throw new IllegalArgumentException("unknown label '" + label + "', expected one of " + labels);
        }
        return i;
    }

    public int count(Split split) {
        return (int) entries.stream().filter(e -> e.split() == split).count();
    }

    /** Samples of one label in one split, counted from the entries (the stored counts are for people). */
    public int count(String label, Split split) {
        return (int) entries.stream().filter(e -> e.split() == split && e.label().equals(label)).count();
    }
}
