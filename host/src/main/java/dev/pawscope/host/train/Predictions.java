package dev.pawscope.host.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The float twin's answers on a split: predicted class per sample and the probability it gave that class,
 * mean cross-entropy, accuracy.
 */
public record Predictions(int[] predicted, double[] confidence, double meanLoss, double accuracy) {

    private static final int BATCH = 256;

    public Predictions {
        predicted = predicted.clone();
        confidence = confidence.clone();
        if (predicted.length != confidence.length) {
            throw new IllegalArgumentException("expected a confidence per prediction, found " + confidence.length
                    + " for " + predicted.length);
        }
    }

    @Override
    public int[] predicted() {
        return predicted.clone();
    }

    @Override
    public double[] confidence() {
        return confidence.clone();
    }

    /** Runs {@code net} in inference mode over every sample of {@code data}. */
    public static Predictions of(MultiLayerNetwork net, ImageTensors data) {
        int n = data.size();
        int[] predicted = new int[n];
        double[] confidence = new double[n];
        double loss = 0;
        int correct = 0;
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            INDArray probs = net.output(data.features(from, to), false);
            for (int i = from; i < to; i++) {
                int truth = data.label(i);
                int best = 0;
                for (int c = 1; c < data.classes(); c++) {
                    if (probs.getDouble(i - from, c) > probs.getDouble(i - from, best)) {
                        best = c;
                    }
                }
                predicted[i] = best;
                confidence[i] = probs.getDouble(i - from, best);
                correct += best == truth ? 1 : 0;
                // clamp so a confident mistake costs a large but finite loss
                loss -= Math.log(Math.max(1e-12, probs.getDouble(i - from, truth)));
            }
        }
        return new Predictions(predicted, confidence, n == 0 ? Double.NaN : loss / n, n == 0 ? Double.NaN : (double) correct / n);
    }
}
