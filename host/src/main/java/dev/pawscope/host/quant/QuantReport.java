package dev.pawscope.host.quant;

import java.util.List;

/**
 * {@code MODEL/quant_report.json}: float against int8 on the same test images.
 *
 * @param float32Confusion rows = true label, columns = predicted, in {@code labels} order
 * @param top1Agreement share of test images where both models predict the same label
 * @param weightBytes int8 weights plus int32 biases
 * @param activationBytes the activation arena's lower bound (largest op input plus output)
 */
public record QuantReport(String format, int version, String createdBy, String calibration, String method,
        double percentile, int calibrationImages, String testSource, int testImages, List<String> labels,
        double floatAccuracy, double int8Accuracy, double top1Agreement, int[][] float32Confusion,
        int[][] int8Confusion, List<LayerReport> layers, long weightBytes, long activationBytes,
        long float32WeightBytes, double minLayerCosine, double seconds) {

    public static final String FORMAT = "pawscope-quant-report";
    public static final int VERSION = 1;
    public static final String FILE_NAME = "quant_report.json";
}
