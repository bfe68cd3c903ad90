package dev.pawscope.quantize.ptq;

/** How an activation's float range is chosen from the calibration set. */
public enum CalibrationMethod {
    /** The smallest and largest value seen: nothing clips, rare outliers cost resolution. */
    MINMAX,
    /** Central percentile of the values seen (e.g. 99.99%): outliers clip, the rest gain resolution. */
    PERCENTILE
}
