package dev.pawscope.quantize.bitexact;

import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.Operator;
import dev.pawscope.quantize.graph.TensorType;
import dev.pawscope.quantize.interpreter.Activations;
import dev.pawscope.quantize.interpreter.Interpreter;
import dev.pawscope.quantize.oracle.TfLiteOracle;
import dev.pawscope.quantize.tflite.TfLiteWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a graph in the Java interpreter and in TensorFlow Lite and compares every op's output byte
 * for byte. TFLite frees intermediate tensors, so the graph is written with every op's output as a
 * graph output, which keeps them all.
 */
public final class BitExactCheck {

    private BitExactCheck() {}

    public static List<LayerComparison> compare(Graph graph, byte[] input, TfLiteOracle oracle) {
        int[] outputs = graph.opOutputs();
        byte[] model = TfLiteWriter.write(graph.withOutputs(outputs));
        List<byte[]> expected = oracle.run(model, input);
        if (expected.size() != outputs.length) {
            throw new IllegalStateException("TFLite returned " + expected.size() + " outputs, expected "
                    + outputs.length + " (one per op)");
        }
        Activations actual = new Interpreter(graph).run(input);
        List<LayerComparison> result = new ArrayList<>();
        for (int i = 0; i < outputs.length; i++) {
            Operator op = graph.operators().get(i);
            byte[] ours = actual.bytes(outputs[i]);
            byte[] theirs = expected.get(i);
            boolean int8 = graph.tensor(outputs[i]).type() == TensorType.INT8;
            int mismatched = Math.abs(ours.length - theirs.length);
            int maxDiff = 0;
            for (int b = 0; b < Math.min(ours.length, theirs.length); b++) {
                if (ours[b] != theirs[b]) {
                    mismatched++;
                    maxDiff = Math.max(maxDiff, int8 ? Math.abs(ours[b] - theirs[b]) : Integer.MAX_VALUE);
                }
            }
            result.add(new LayerComparison(i, graph.tensor(outputs[i]).name(), op.type().name(), theirs.length,
                    mismatched, maxDiff));
        }
        return result;
    }
}
