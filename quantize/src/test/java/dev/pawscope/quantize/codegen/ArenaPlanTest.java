package dev.pawscope.quantize.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pawscope.quantize.bitexact.RandomModels;
import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.GraphFootprint;
import dev.pawscope.quantize.graph.OpType;
import dev.pawscope.quantize.graph.Operator;
import dev.pawscope.quantize.graph.Tensor;
import org.junit.jupiter.api.Test;

class ArenaPlanTest {

    @Test
    void noOpEverReadsOrWritesABufferAnotherLiveTensorOccupies() {
        for (long seed = 1; seed <= 300; seed++) {
            Graph g = RandomModels.generate(seed).graph();
            ArenaPlan plan = ArenaPlan.of(g);
            for (int i = 0; i < g.operators().size(); i++) {
                Operator op = g.operators().get(i);
                int in = op.input(0);
                int out = op.output();
                if (op.type() == OpType.RESHAPE) {
                    assertEquals(plan.offset(in), plan.offset(out), "a reshape aliases its input");
                    continue;
                }
                // The op's input and output, and the graph input (kept for the caller), must not overlap.
                assertDisjoint(g, plan, in, out, seed, i);
                if (in != g.inputs()[0]) {
                    assertDisjoint(g, plan, g.inputs()[0], out, seed, i);
                }
            }
            for (int t = 0; t < g.tensors().size(); t++) {
                Tensor tensor = g.tensor(t);
                if (!tensor.isConstant()) {
                    assertEquals(0, plan.offset(t) % ArenaPlan.ALIGNMENT);
                    assertTrue(plan.offset(t) + tensor.elementCount() <= plan.arenaBytes());
                }
            }
        }
    }

    @Test
    void theArenaReusesDeadBuffersSoItIsAtMostTheSumOfTwoNeighbours() {
        for (long seed = 1; seed <= 300; seed++) {
            Graph g = RandomModels.generate(seed).graph();
            long sumOfAll = g.tensors().stream().filter(t -> !t.isConstant()).mapToLong(Tensor::elementCount).sum();
            int arena = ArenaPlan.of(g).arenaBytes();
            assertTrue(arena >= ArenaPlan.of(g).lowerBoundBytes(), "never below the live-tensor lower bound");
            assertTrue(ArenaPlan.of(g).lowerBoundBytes() >= GraphFootprint.of(g).activationBytes() - 4,
                    "the live set includes each op's input and output");
            assertTrue(arena <= sumOfAll + 4L * g.tensors().size(), "never above one buffer per tensor");
        }
    }

    private static void assertDisjoint(Graph g, ArenaPlan plan, int a, int b, long seed, int op) {
        int aStart = plan.offset(a);
        int aEnd = aStart + g.tensor(a).elementCount();
        int bStart = plan.offset(b);
        int bEnd = bStart + g.tensor(b).elementCount();
        assertTrue(aEnd <= bStart || bEnd <= aStart, "case " + seed + " op " + op + ": tensors " + a + " ["
                + aStart + "," + aEnd + ") and " + b + " [" + bStart + "," + bEnd + ") overlap");
    }
}
