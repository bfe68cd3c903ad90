package dev.pawscope.host.view;

import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.host.explain.Saliency;
import java.util.List;

/**
 * Everything the viewer shows for one device frame, computed off the UI thread: the input, the
 * streamed maps as the device sent them (dequantized), the float twin's maps for the same input,
 * the per-channel agreement between the two, whether the device matched the Java int8 emulator
 * bit for bit, both models' predictions and, optionally, a saliency map. Immutable.
 *
 * @param requested whether the frame answers the host's SET_INPUT (else the board's camera)
 * @param layerIndex the streamed op
 * @param layerName the op's output tensor, e.g. {@code 0_conv2d}
 * @param cosine per listed channel, device against float twin
 * @param sqnrDb per listed channel, 10 log10(|float|^2 / |float - device|^2); +Infinity when equal
 * @param mapsEqualEmulator every streamed map byte-equals the interpreter's
 * @param scoresEqualEmulator the device's int8 scores byte-equal the interpreter's
 * @param inferenceMillis on the device, as it reported; NaN unless it counts time (not cycles)
 * @param inferenceTime the device's figure as text, e.g. {@code 1.24 ms} or {@code 180,233 cycles}
 * @param saliency null when none was asked for
 */
public record FrameAnalysis(long frameNumber, boolean requested, boolean complete, GrayImage input, int layerIndex,
        String layerName, FeatureMaps device, FeatureMaps twin, double[] cosine, double[] sqnrDb,
        boolean mapsEqualEmulator, boolean scoresEqualEmulator, List<String> labels, float[] deviceScores,
        float[] floatScores, double inferenceMillis, String inferenceTime, Saliency saliency) {

    public FrameAnalysis {
        labels = List.copyOf(labels);
        cosine = cosine.clone();
        sqnrDb = sqnrDb.clone();
        deviceScores = deviceScores.clone();
        floatScores = floatScores.clone();
    }

    @Override
    public double[] cosine() {
        return cosine.clone();
    }

    @Override
    public double[] sqnrDb() {
        return sqnrDb.clone();
    }

    @Override
    public float[] deviceScores() {
        return deviceScores.clone();
    }

    @Override
    public float[] floatScores() {
        return floatScores.clone();
    }

    /** The class the device predicts (its highest score). */
    public int devicePrediction() {
        return argmax(deviceScores);
    }

    public int floatPrediction() {
        return argmax(floatScores);
    }

    /** The same analysis with a saliency map. */
    public FrameAnalysis withSaliency(Saliency s) {
        return new FrameAnalysis(frameNumber, requested, complete, input, layerIndex, layerName, device, twin, cosine,
                sqnrDb, mapsEqualEmulator, scoresEqualEmulator, labels, deviceScores, floatScores, inferenceMillis,
                inferenceTime, s);
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
