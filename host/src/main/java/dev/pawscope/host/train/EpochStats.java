package dev.pawscope.host.train;

/** What one training epoch measured (epochs count from 1). */
public record EpochStats(int epoch, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy,
                         double seconds) {
}
