package dev.pawscope.quantize.ptq;

import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.TensorType;
import dev.pawscope.quantize.interpreter.Activations;
import dev.pawscope.quantize.interpreter.Interpreter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Runs a float32 graph over calibration inputs and chooses a range for the graph input and every
 * op's output. Min/max needs one pass; percentile a second pass over the same inputs to fill a
 * histogram between the extremes of the first.
 */
public final class Calibrator {

    private final Graph graph;
    private final CalibrationMethod method;
    private final double percentile;

    /**
     * @param percentile for {@link CalibrationMethod#PERCENTILE}, the central share kept, in percent
     *     (e.g. 99.99: 0.005% of values may clip at each end); ignored for min/max
     */
    public Calibrator(Graph graph, CalibrationMethod method, double percentile) {
        if (graph.inputTensor().type() != TensorType.FLOAT32) {
            throw new IllegalArgumentException("calibration needs the float32 model, found a "
                    + graph.inputTensor().type() + " input");
        }
        if (method == CalibrationMethod.PERCENTILE && !(percentile > 50 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in (50, 100], found " + percentile);
        }
        this.graph = graph;
        this.method = method;
        this.percentile = percentile;
    }

    /**
     * @param inputs calibration inputs, each the float input tensor's values (NHWC)
     * @param progress told the number of inputs done so far (both passes count)
     * @return ranges keyed by tensor index, for the graph input and every op output
     */
    public Map<Integer, TensorRange> calibrate(List<float[]> inputs, IntConsumer progress) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("the calibration set is empty; give at least one image "
                    + "(a few hundred from the training split are typical)");
        }
        Interpreter interpreter = new Interpreter(graph);
        int[] observed = observedTensors();
        Map<Integer, ActivationRangeStats> stats = new LinkedHashMap<>();
        for (int t : observed) {
            stats.put(t, new ActivationRangeStats());
        }
        int done = 0;
        for (float[] input : inputs) {
            Activations a = interpreter.run(input);
            for (int t : observed) {
                stats.get(t).observeRange(a.float32(t));
            }
            progress.accept(++done);
        }
        if (method == CalibrationMethod.PERCENTILE) {
            for (float[] input : inputs) {
                Activations a = interpreter.run(input);
                for (int t : observed) {
                    stats.get(t).observeHistogram(a.float32(t));
                }
                progress.accept(++done);
            }
        }
        Map<Integer, TensorRange> ranges = new LinkedHashMap<>();
        stats.forEach((t, s) -> ranges.put(t, choose(s)));
        return ranges;
    }

    /** How many progress steps {@link #calibrate} reports for {@code inputs} inputs. */
    public int steps(int inputs) {
        return method == CalibrationMethod.PERCENTILE ? 2 * inputs : inputs;
    }

    private TensorRange choose(ActivationRangeStats s) {
        if (method == CalibrationMethod.MINMAX) {
            return new TensorRange(s.min(), s.max(), s.min(), s.max(), 0);
        }
        double tail = (100 - percentile) / 200;
        float low = s.quantile(tail, false);
        float high = s.quantile(1 - tail, true);
        return new TensorRange(low, high, s.min(), s.max(), s.shareOutside(low, high));
    }

    private int[] observedTensors() {
        int[] ops = graph.opOutputs();
        int[] all = new int[ops.length + 1];
        all[0] = graph.inputs()[0];
        System.arraycopy(ops, 0, all, 1, ops.length);
        return all;
    }
}
