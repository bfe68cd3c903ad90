package dev.pawscope.quantize.ptq;

/**
 * How far one layer's int8 output (dequantized) is from the float output, summed over many
 * inputs; the metrics STM32Cube.AI's validation reports. Accumulate with {@link #add}, read with
 * the accessors. Not thread-safe.
 */
public final class LayerError {

    private double sumRef2;
    private double sumTest2;
    private double sumRefTest;
    private double sumDiff2;
    private double sumAbsDiff;
    private long count;

    /** Adds one inference: {@code reference} (float model) against {@code test} (int8, dequantized). */
    public void add(float[] reference, float[] test) {
        if (reference.length != test.length) {
            throw new IllegalArgumentException("float output has " + reference.length + " values, int8 output "
                    + test.length + "; they must come from the same layer");
        }
        for (int i = 0; i < reference.length; i++) {
            double r = reference[i];
            double t = test[i];
            double d = r - t;
            sumRef2 += r * r;
            sumTest2 += t * t;
            sumRefTest += r * t;
            sumDiff2 += d * d;
            sumAbsDiff += Math.abs(d);
        }
        count += reference.length;
    }

    /** Cosine similarity of the two outputs as long vectors; 1 when both are all zero. */
    public double cosine() {
        if (sumRef2 == 0 && sumTest2 == 0) {
            return 1;
        }
        if (sumRef2 == 0 || sumTest2 == 0) {
            return 0;
        }
        return sumRefTest / Math.sqrt(sumRef2 * sumTest2);
    }

    /** Signal-to-quantization-noise ratio in dB: {@code 10 log10(sum r^2 / sum (r - t)^2)}; +inf if equal. */
    public double sqnrDb() {
        return sumDiff2 == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(sumRef2 / sumDiff2);
    }

    public double rmse() {
        return count == 0 ? 0 : Math.sqrt(sumDiff2 / count);
    }

    public double mae() {
        return count == 0 ? 0 : sumAbsDiff / count;
    }

    /** Relative L2 error {@code ||r - t|| / ||r||}. */
    public double l2r() {
        return sumRef2 == 0 ? (sumDiff2 == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.sqrt(sumDiff2 / sumRef2);
    }

    public long values() {
        return count;
    }
}
