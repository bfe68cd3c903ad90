package dev.pawscope.quantize.bitexact;

/**
 * One op's output from the Java interpreter against TensorFlow Lite's.
 *
 * @param mismatchedBytes bytes that differ
 * @param maxAbsDiff the largest difference between corresponding int8 values (0 when equal)
 */
public record LayerComparison(int op, String name, String type, int bytes, int mismatchedBytes, int maxAbsDiff) {

    public boolean equal() {
        return mismatchedBytes == 0;
    }
}
