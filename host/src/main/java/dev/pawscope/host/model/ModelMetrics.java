package dev.pawscope.host.model;

import dev.pawscope.host.train.EpochStats;

import java.util.List;
import java.util.Map;

/**
 * {@code metrics.json}: how well the float twin does on the held-out test split, and how it was
 * trained. {@code confusionMatrix[t][p]} counts test samples of label t predicted as p.
 */
public record ModelMetrics(double testAccuracy, double valAccuracy, int testSamples, List<String> labels,
                           int[][] confusionMatrix, Map<String, ClassMetrics> perClass, int epochsTrained,
                           int bestEpoch, boolean stoppedEarly, double trainSeconds, double epochSeconds,
                           double imagesPerSecond, long parameters, long int8WeightBytes, long int8ActivationBytes,
                           List<EpochStats> history) {
}
