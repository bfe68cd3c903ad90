package dev.pawscope.quantize.bitexact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pawscope.quantize.graph.OpType;
import dev.pawscope.quantize.oracle.TfLiteOracle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The randomized bit-exactness suite: the Java interpreter against TensorFlow Lite's reference
 * kernels on random int8 models, every op's output, every byte.
 */
class RandomModelsBitExactTest {

    static final int CASES = 200;

    @Test
    void everyLayerOfEveryRandomModelEqualsTfLitesReferenceKernels() {
        assumeTrue(TfLiteOracle.isSupportedPlatform(), "the TFLite oracle runs on linux-x86_64 only");
        TfLiteOracle oracle = TfLiteOracle.reference();
        List<String> failures = new ArrayList<>();
        Set<OpType> covered = EnumSet.noneOf(OpType.class);
        long bytes = 0;
        for (long seed = 1; seed <= CASES; seed++) {
            RandomModels.Case c = RandomModels.generate(seed);
            c.graph().operators().forEach(op -> covered.add(op.type()));
            for (LayerComparison layer : BitExactCheck.compare(c.graph(), c.input(), oracle)) {
                bytes += layer.bytes();
                if (!layer.equal()) {
                    failures.add(c.summary() + "\n    op " + layer.op() + " " + layer.type() + " '" + layer.name()
                            + "': " + layer.mismatchedBytes() + " of " + layer.bytes() + " bytes differ, max "
                            + layer.maxAbsDiff());
                }
            }
        }
        assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())),
                failures.size() + " layers differ from TFLite's reference kernels");
        assertEquals(EnumSet.of(OpType.CONV_2D, OpType.DEPTHWISE_CONV_2D, OpType.MAX_POOL_2D, OpType.AVERAGE_POOL_2D,
                OpType.RESHAPE, OpType.FULLY_CONNECTED, OpType.SOFTMAX), covered, "ops the suite exercised");
        assertTrue(bytes > 10_000, "compared " + bytes + " bytes");
    }

    @Test
    void tfLitesDefaultKernelsAreWithinOneStepOfTheInterpreter() {
        assumeTrue(TfLiteOracle.isSupportedPlatform(), "the TFLite oracle runs on linux-x86_64 only");
        TfLiteOracle oracle = TfLiteOracle.defaultKernels();
        List<String> failures = new ArrayList<>();
        for (long seed = 1; seed <= CASES / 4; seed++) {
            RandomModels.Case c = RandomModels.generate(seed);
            for (LayerComparison layer : BitExactCheck.compare(c.graph(), c.input(), oracle)) {
                if (layer.maxAbsDiff() > 1) {
                    failures.add(c.summary() + ": op " + layer.op() + " differs by " + layer.maxAbsDiff());
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void theSameSeedMakesTheSameModel() {
        RandomModels.Case a = RandomModels.generate(17);
        RandomModels.Case b = RandomModels.generate(17);
        assertEquals(a.graph(), b.graph());
        assertTrue(java.util.Arrays.equals(a.input(), b.input()));
    }
}
