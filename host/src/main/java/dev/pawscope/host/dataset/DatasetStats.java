package dev.pawscope.host.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Counts per class and split, and the imbalances worth a warning. */
public final class DatasetStats {

    /** A class with less than this share of the largest class's samples (in a split) is flagged. */
    static final double IMBALANCE_RATIO = 0.5;

    private DatasetStats() {
    }

    /** The counts as a table: one row per label, columns train, val, test, total. */
    public static String table(DatasetManifest m) {
        StringBuilder sb = new StringBuilder();
        int labelWidth = Math.max(5, m.labels().stream().mapToInt(String::length).max().orElse(5));
        String fmt = "%-" + labelWidth + "s %7s %7s %7s %7s%n";
        sb.append(String.format(Locale.ROOT, fmt, "label", "train", "val", "test", "total"));
        int[] totals = new int[4];
        for (String label : m.labels()) {
            int train = m.count(label, Split.TRAIN);
            int val = m.count(label, Split.VAL);
            int test = m.count(label, Split.TEST);
            int[] row = {train, val, test, train + val + test};
            for (int i = 0; i < 4; i++) {
                totals[i] += row[i];
            }
            sb.append(String.format(Locale.ROOT, fmt, label, row[0], row[1], row[2], row[3]));
        }
        sb.append(String.format(Locale.ROOT, fmt, "all", totals[0], totals[1], totals[2], totals[3]));
        return sb.toString();
    }

    /** Human-readable warnings: empty splits and classes far smaller than the largest. */
    public static List<String> warnings(DatasetManifest m) {
        List<String> out = new ArrayList<>();
        for (Split split : Split.values()) {
            int max = 0;
            for (String label : m.labels()) {
                max = Math.max(max, m.count(label, split));
            }
            for (String label : m.labels()) {
                int n = m.count(label, split);
                if (n == 0) {
                    out.add(String.format(Locale.ROOT, "%s has no %s samples: %s", label, split.jsonName(),
                            split == Split.TRAIN ? "the model cannot learn it" : "its accuracy cannot be measured"));
                } else if (n < IMBALANCE_RATIO * max) {
                    out.add(String.format(Locale.ROOT, "%s has %d %s samples, %.0f%% of the largest class (%d): "
                            + "add images or expect a bias against it", label, n, split.jsonName(), 100.0 * n / max, max));
                }
            }
        }
        return out;
    }
}
