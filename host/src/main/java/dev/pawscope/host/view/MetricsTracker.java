package dev.pawscope.host.view;

import java.util.ArrayList;
import java.util.List;

/**
 * Running totals over analysed frames: agreement with the emulator, per-channel cosine and SQNR,
 * frame rate. Not thread-safe: one thread feeds it.
 */
public final class MetricsTracker {

    private long frames;
    private long corrupt;
    private long equal;
    private boolean allMapsEqual = true;
    private List<Integer> channels = List.of();
    private double[] cosineSum = new double[0];
    private double[] sqnrSum = new double[0];
    private int[] sqnrCount = new int[0];
    private double inferenceSum;
    private long inferenceCount;
    private long wholeFrames;
    private long firstNanos;
    private long lastNanos;

    /** Counts one analysed frame that arrived at {@code nanos} (System.nanoTime). */
    public void add(FrameAnalysis a, long nanos) {
        if (frames == 0) {
            firstNanos = nanos;
        }
        lastNanos = nanos;
        frames++;
        corrupt += a.complete() ? 0 : 1;
        allMapsEqual &= a.mapsEqualEmulator();
        equal += a.mapsEqualEmulator() && a.scoresEqualEmulator() ? 1 : 0;
        if (!Double.isNaN(a.inferenceMillis())) {
            inferenceSum += a.inferenceMillis();
            inferenceCount++;
        }
        if (!a.complete()) {
            return; // some channels are missing: per-channel means use whole frames only
        }
        if (!a.device().channels().equals(channels)) {
            channels = a.device().channels(); // a new CONFIG: the per-channel means start again
            wholeFrames = 0;
            cosineSum = new double[channels.size()];
            sqnrSum = new double[channels.size()];
            sqnrCount = new int[channels.size()];
        }
        double[] cos = a.cosine();
        double[] sqnr = a.sqnrDb();
        for (int i = 0; i < cos.length; i++) {
            cosineSum[i] += cos[i];
            if (Double.isFinite(sqnr[i])) {
                sqnrSum[i] += sqnr[i];
                sqnrCount[i]++;
            }
        }
        wholeFrames++;
    }

    public long frames() {
        return frames;
    }

    public long corruptFrames() {
        return corrupt;
    }

    public boolean mapsEqualEmulator() {
        return frames > 0 && allMapsEqual;
    }

    public long framesEqualEmulator() {
        return equal;
    }

    public List<Integer> channels() {
        return channels;
    }

    /** Frames per second between the first and the last frame; 0 before two frames. */
    public double framesPerSecond() {
        return frames < 2 || lastNanos == firstNanos ? 0 : (frames - 1) * 1e9 / (lastNanos - firstNanos);
    }

    public List<Double> meanCosine() {
        List<Double> out = new ArrayList<>();
        for (double s : cosineSum) {
            out.add(wholeFrames == 0 ? Double.NaN : s / wholeFrames);
        }
        return out;
    }

    /** Per channel; null for channels whose device maps always equalled the twin's. */
    public List<Double> meanSqnrDb() {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < sqnrSum.length; i++) {
            out.add(sqnrCount[i] == 0 ? null : sqnrSum[i] / sqnrCount[i]);
        }
        return out;
    }

    public Double meanInferenceMs() {
        return inferenceCount == 0 ? null : inferenceSum / inferenceCount;
    }
}
