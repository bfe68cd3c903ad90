package dev.pawscope.host.model;

/** Precision, recall and F1 of one class on the test split, and how many test samples it has. */
public record ClassMetrics(double precision, double recall, double f1, int support) {
}
