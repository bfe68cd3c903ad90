package dev.pawscope.host.quant;

/**
 * One op's int8 output against the float output over the test images, and how its activation was
 * quantized.
 *
 * @param sqnrDb null when the int8 output equals the float output exactly (infinite SQNR)
 * @param clippedShare fraction of calibration values outside the quantized range
 */
public record LayerReport(int index, String name, String op, double cosine, Double sqnrDb, double rmse, double mae,
        double l2r, float scale, int zeroPoint, float rangeMin, float rangeMax, double clippedShare) {}
