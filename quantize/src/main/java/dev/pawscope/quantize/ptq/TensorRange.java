package dev.pawscope.quantize.ptq;

/**
 * The float range chosen for one activation tensor, and what the calibration set did beyond it.
 *
 * @param min lower end of the quantized range (before widening to contain 0)
 * @param max upper end
 * @param observedMin smallest value seen in calibration
 * @param observedMax largest value seen
 * @param clippedShare fraction of calibration values outside [min, max] (0 for min/max calibration)
 */
public record TensorRange(float min, float max, float observedMin, float observedMax, double clippedShare) {}
