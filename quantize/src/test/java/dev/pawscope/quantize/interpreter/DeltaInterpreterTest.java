package dev.pawscope.quantize.interpreter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.quantize.bitexact.RandomModels;
import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.OpOptions;
import dev.pawscope.quantize.graph.OpType;
import dev.pawscope.quantize.graph.Operator;
import dev.pawscope.quantize.graph.Padding;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Delta runs against a full {@link Interpreter#run} of the modified input, every tensor, every
 * byte, on random int8 models (RandomModels: strides, dilations, both paddings, depthwise, both
 * pools, fully connected, softmax) with random rectangles, fills and scattered edits.
 */
class DeltaInterpreterTest {

    private static final int CASES = 150;

    /** Runs {@code edits} random edits per case through sessions of {@code recomputeAbove}; lists mismatches. */
    private static List<String> mismatches(double recomputeAbove, int edits, Set<OpType> covered,
            long[] fullRecomputes) {
        List<String> failures = new ArrayList<>();
        for (long seed = 1; seed <= CASES; seed++) {
            RandomModels.Case c = RandomModels.generate(seed);
            Graph graph = c.graph();
            graph.operators().forEach(op -> covered.add(op.type()));
            Interpreter interpreter = new Interpreter(graph);
            DeltaInterpreter engine = new DeltaInterpreter(interpreter, recomputeAbove);
            // Half the sessions also check the engine's own baseline against the reference interpreter.
            DeltaSession session = seed % 2 == 0 ? engine.startChecked(c.input()) : engine.start(c.input());
            int[] shape = graph.inputTensor().shape();
            int h = shape[1];
            int w = shape[2];
            SplittableRandom random = new SplittableRandom(seed * 7919);
            for (int e = 0; e < edits; e++) {
                byte[] modified = c.input().clone();
                String what;
                if (e % 3 == 2) {
                    int n = 1 + random.nextInt(4);
                    for (int k = 0; k < n; k++) {
                        modified[random.nextInt(modified.length)] = (byte) random.nextInt(256);
                    }
                    session.run(modified);
                    what = n + " scattered values";
                } else {
                    int rh = 1 + random.nextInt(h);
                    int rw = 1 + random.nextInt(w);
                    int top = random.nextInt(h - rh + 1);
                    int left = random.nextInt(w - rw + 1);
                    byte fill = (byte) random.nextInt(256);
                    int inC = shape[3];
                    for (int y = top; y < top + rh; y++) {
                        for (int x = left; x < left + rw; x++) {
                            for (int ch = 0; ch < inC; ch++) {
                                modified[(y * w + x) * inC + ch] = fill;
                            }
                        }
                    }
                    session.runWithRectangle(top, left, rh, rw, fill);
                    what = rw + "x" + rh + " at (" + left + ", " + top + ") = " + fill;
                }
                Activations expected = interpreter.run(modified);
                Activations actual = session.activations();
                for (int t : graph.opOutputs()) {
                    if (!java.util.Arrays.equals(expected.bytes(t), actual.bytes(t))) {
                        failures.add(c.summary() + ", edit " + e + " (" + what + "): tensor " + t + " '"
                                + graph.tensor(t).name() + "' differs");
                        break;
                    }
                }
                assertArrayEquals(expected.bytes(graph.outputs()[0]), session.output());
                assertArrayEquals(expected.outputReal(), session.outputReal());
            }
            for (DeltaStats.OpStats op : session.stats().ops()) {
                fullRecomputes[0] += op.type().equals("SOFTMAX") ? 0 : op.fullRecomputes();
            }
        }
        return failures;
    }

    @Test
    void deltaRunsEqualFullInferenceOnEveryTensor() {
        Set<OpType> covered = EnumSet.noneOf(OpType.class);
        List<String> failures = mismatches(DeltaInterpreter.DEFAULT_RECOMPUTE_ABOVE, 12, covered, new long[1]);
        assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())), failures.size() + " mismatches");
        assertEquals(EnumSet.of(OpType.CONV_2D, OpType.DEPTHWISE_CONV_2D, OpType.MAX_POOL_2D, OpType.AVERAGE_POOL_2D,
                OpType.RESHAPE, OpType.FULLY_CONNECTED, OpType.SOFTMAX), covered, "ops exercised");
    }

    @Test
    void pureDeltasWithoutFallbackAreExactEvenForLargeChanges() {
        long[] full = new long[1];
        List<String> failures = mismatches(Double.MAX_VALUE, 8, EnumSet.noneOf(OpType.class), full);
        assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())), failures.size() + " mismatches");
        assertEquals(0, full[0], "no op but softmax recomputed in full");
    }

    @Test
    void theFullRecomputeFallbackIsExact() {
        long[] full = new long[1];
        List<String> failures = mismatches(0, 6, EnumSet.noneOf(OpType.class), full);
        assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())), failures.size() + " mismatches");
        assertTrue(full[0] > 100, "the fallback ran " + full[0] + " times");
    }

    @Test
    void stridedAndPaddedModelsAreAmongTheCases() {
        int strided = 0;
        int valid = 0;
        int same = 0;
        for (long seed = 1; seed <= CASES; seed++) {
            for (Operator op : RandomModels.generate(seed).graph().operators()) {
                if (op.options() instanceof OpOptions.Conv2D o) {
                    strided += o.strideH() > 1 || o.strideW() > 1 ? 1 : 0;
                    valid += o.padding() == Padding.VALID ? 1 : 0;
                    same += o.padding() == Padding.SAME ? 1 : 0;
                }
            }
        }
        assertTrue(strided > 5 && valid > 5 && same > 5, strided + " strided, " + valid + " valid, " + same + " same");
    }

    @Test
    void aRunWithoutChangesGivesTheBaselineAndRunsRestoreTheBaseline() {
        RandomModels.Case c = RandomModels.generate(3);
        Interpreter interpreter = new Interpreter(c.graph());
        DeltaSession session = new DeltaInterpreter(interpreter).start(c.input());
        byte[] baseline = interpreter.run(c.input()).bytes(c.graph().outputs()[0]);
        assertArrayEquals(baseline, session.output());
        byte[] other = c.input().clone();
        for (int i = 0; i < other.length; i++) {
            other[i] = (byte) ~other[i];
        }
        session.run(other);
        session.runWithRectangle(0, 0, 0, 0, (byte) 0);
        assertArrayEquals(baseline, session.output());
        assertEquals(2, session.stats().runs());
    }

    @Test
    void floatGraphsAndOutOfRangeRectanglesAreRefused() {
        RandomModels.Case c = RandomModels.generate(5);
        DeltaSession session = new DeltaInterpreter(new Interpreter(c.graph())).start(c.input());
        int h = c.graph().inputTensor().dim(1);
        assertThrows(IllegalArgumentException.class, () -> session.runWithRectangle(h, 0, 1, 1, (byte) 0));
        assertThrows(IllegalArgumentException.class, () -> session.run(new byte[1]));
    }
}
