package dev.pawscope.host.report;

import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.host.dataset.InputSpec;
import dev.pawscope.host.explain.ExplanationRun;
import dev.pawscope.host.explain.Saliency;
import dev.pawscope.host.quant.QuantReport;
import dev.pawscope.host.train.ConfusionMatrix;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code pawscope report} shows, computed and ready to render ({@link ReportPage}).
 * Parts that could not be computed are null or empty, and {@link #notes} says why.
 *
 * @param quantReport the model folder's quant_report.json, or null
 * @param explanations null when there is nothing to explain (never for a model with an int8 model)
 * @param notes what was left out and why, in words for the reader
 */
record ModelReport(Header header, Accuracy accuracy, List<LayerRow> layers, String layersSource,
        QuantReport quantReport, Explanations explanations, List<BoardBudget> boards, List<String> notes) {

    ModelReport {
        layers = List.copyOf(layers);
        boards = List.copyOf(boards);
        notes = List.copyOf(notes);
    }

    /** What was reported on, when, and how it was made. */
    record Header(String model, String modelSha256, String data, String datasetHash, List<String> labels,
            InputSpec input, int testImages, Instant generatedAt, String command, String version, double seconds) {}

    /**
     * Both models on the dataset's test split.
     *
     * @param floatConfusion null without a float model
     * @param agreement share of images where both predict the same class; NaN without a float model
     * @param floatSource how the float model was run
     */
    record Accuracy(ConfusionMatrix floatConfusion, ConfusionMatrix int8Confusion, double agreement,
            String floatSource) {}

    /**
     * One int8 op's output against the float output.
     *
     * @param sqnrDb null when int8 equals float exactly
     * @param clippedShare null when the quant report is missing
     */
    record LayerRow(int index, String name, String op, double cosine, Double sqnrDb, double rmse, double mae,
            double l2r, float scale, int zeroPoint, Double clippedShare) {}

    /**
     * The methods' scores and the gallery.
     *
     * @param scoredImages explained images with a dog in their mask: the localisation scores' base
     * @param explainedImages all explained images: the float-int8 agreement's base
     */
    record Explanations(List<ExplanationRun.MethodScores> scores, double maskAreaShare, int scoredImages,
            int explainedImages, List<GalleryRow> gallery) {

        Explanations {
            scores = List.copyOf(scores);
            gallery = List.copyOf(gallery);
        }
    }

    /**
     * One test image with every method's map of its true class, and both models' predictions.
     *
     * @param mask null when the dataset has none for it
     * @param floatPredicted -1 without a float twin
     * @param maps method key ({@code float_gradcam}, {@code int8_occlusion}, ...) to map, in method order
     */
    record GalleryRow(String name, GrayImage image, GrayImage mask, int truth, int floatPredicted,
            float floatProbability, int int8Predicted, float int8Probability, Map<String, Saliency> maps) {}
}
