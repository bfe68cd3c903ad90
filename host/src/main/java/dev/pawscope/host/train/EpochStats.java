package dev.pawscope.host.train;

/** What one training epoch measured (epochs count from 1), and the learning rate it trained with. */
public record EpochStats(int epoch, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy,
                         double seconds, double learningRate) {
}
