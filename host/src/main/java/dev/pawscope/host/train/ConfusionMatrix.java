package dev.pawscope.host.train;

import java.util.List;

/**
 * Counts of (true label, predicted label) pairs: {@code counts[t][p]}. Rows are the truth,
 * columns the prediction, in label order.
 */
public record ConfusionMatrix(List<String> labels, int[][] counts) {

    public ConfusionMatrix {
        labels = List.copyOf(labels);
        int n = labels.size();
        if (counts.length != n) {
            throw new IllegalArgumentException("expected " + n + " rows, found " + counts.length);
        }
        int[][] copy = new int[n][];
        for (int i = 0; i < n; i++) {
            if (counts[i].length != n) {
                throw new IllegalArgumentException("expected " + n + " columns in row " + i + ", found " + counts[i].length);
            }
            copy[i] = counts[i].clone();
        }
        counts = copy;
    }

    /** Tallies predictions against truth. */
    public static ConfusionMatrix of(List<String> labels, int[] truth, int[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("expected as many predictions as labels, found " + predicted.length
                    + " and " + truth.length);
        }
        int[][] c = new int[labels.size()][labels.size()];
        for (int i = 0; i < truth.length; i++) {
            c[truth[i]][predicted[i]]++;
        }
        return new ConfusionMatrix(labels, c);
    }

    @Override
    public int[][] counts() {
        int[][] copy = new int[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    public int count(int truth, int predicted) {
        return counts[truth][predicted];
    }

    public int total() {
        int t = 0;
        for (int[] row : counts) {
            for (int v : row) {
                t += v;
            }
        }
        return t;
    }

    public double accuracy() {
        int correct = 0;
        for (int i = 0; i < counts.length; i++) {
            correct += counts[i][i];
        }
        int total = total();
        return total == 0 ? 0 : (double) correct / total;
    }

    /** Samples whose true label is {@code i}. */
    public int support(int i) {
        int s = 0;
        for (int v : counts[i]) {
            s += v;
        }
        return s;
    }

    /** Of the samples predicted {@code i}, the share that are {@code i}; 0 when none were. */
    public double precision(int i) {
        int predicted = 0;
        for (int[] row : counts) {
            predicted += row[i];
        }
        return predicted == 0 ? 0 : (double) counts[i][i] / predicted;
    }

    /** Of the samples that are {@code i}, the share predicted {@code i}; 0 when there are none. */
    public double recall(int i) {
        int s = support(i);
        return s == 0 ? 0 : (double) counts[i][i] / s;
    }

    public double f1(int i) {
        double p = precision(i);
        double r = recall(i);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
}
