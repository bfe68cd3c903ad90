package dev.pawscope.host.quant;

import dev.pawscope.host.cli.ProgressBar;
import dev.pawscope.host.dataset.LabeledImage;
import dev.pawscope.host.model.ModelMetadata;
import dev.pawscope.host.train.ConfusionMatrix;
import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.interpreter.Activations;
import dev.pawscope.quantize.interpreter.Interpreter;
import dev.pawscope.quantize.ptq.LayerError;
import java.util.ArrayList;
import java.util.List;

/**
 * The float32 graph against the int8 graph on the same labelled images, both through the Java
 * reference interpreter: each model's confusion matrix, how often they agree on the top class, and
 * every int8 op's output error against the float output. What {@code quantize} writes into
 * quant_report.json and {@code report} shows for any dataset.
 *
 * @param errors one per int8 operator, in op order
 */
public record FloatInt8Evaluation(ConfusionMatrix floatConfusion, ConfusionMatrix int8Confusion, double agreement,
        List<LayerError> errors) {

    public FloatInt8Evaluation {
        errors = List.copyOf(errors);
    }

    /** Runs every image through both graphs (a progress bar on stderr). */
    public static FloatInt8Evaluation of(ModelMetadata meta, Graph float32, Graph int8, List<LabeledImage> test) {
        Interpreter floatInterpreter = new Interpreter(float32);
        Interpreter int8Interpreter = new Interpreter(int8);
        ImageQuantizer quantizer = new ImageQuantizer(meta.normalization(), int8.inputTensor().quantization());
        List<LayerError> errors = new ArrayList<>();
        for (int i = 0; i < int8.operators().size(); i++) {
            errors.add(new LayerError());
        }
        int[] truth = new int[test.size()];
        int[] floatPredicted = new int[test.size()];
        int[] int8Predicted = new int[test.size()];
        int agree = 0;
        try (ProgressBar bar = new ProgressBar("evaluate float vs int8", test.size())) {
            for (int n = 0; n < test.size(); n++) {
                LabeledImage image = test.get(n);
                Activations f = floatInterpreter.run(quantizer.float32(image.image()));
                Activations q = int8Interpreter.run(quantizer.int8(image.image()));
                for (int i = 0; i < int8.operators().size(); i++) {
                    int out = int8.operators().get(i).output();
                    errors.get(i).add(f.float32(out), q.real(out));
                }
                truth[n] = image.labelIndex();
                floatPredicted[n] = argmax(f.outputReal());
                int8Predicted[n] = argmax(q.outputReal());
                agree += floatPredicted[n] == int8Predicted[n] ? 1 : 0;
                bar.step(1);
            }
        }
        return new FloatInt8Evaluation(ConfusionMatrix.of(meta.labels(), truth, floatPredicted),
                ConfusionMatrix.of(meta.labels(), truth, int8Predicted),
                test.isEmpty() ? 1 : (double) agree / test.size(), errors);
    }

    /** The first index of the largest score. */
    public static int argmax(float[] scores) {
        int best = 0;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return best;
    }
}
