package dev.pawscope.quantize.codegen;

import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.OpType;
import dev.pawscope.quantize.graph.Operator;
import dev.pawscope.quantize.graph.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Where each activation tensor of an int8 graph lives in one arena, reusing memory once a tensor
 * is dead. Greedy by size, largest first (as TFLite Micro's GreedyMemoryPlanner): each buffer
 * takes the lowest aligned offset that does not overlap, in address, a placed buffer alive at the
 * same time. RESHAPE outputs alias their input (same bytes, another shape), so the pair is one
 * buffer. The graph output stays alive to the end; so does the input, which the caller fills.
 *
 * @param offsets arena offset per tensor index, -1 for constants
 * @param arenaBytes the arena size the plan needs
 * @param lowerBoundBytes no plan can do with less: the largest total of buffers alive at once
 */
public record ArenaPlan(int[] offsets, int arenaBytes, int lowerBoundBytes) {

    /** Offsets are multiples of this, so 32-bit loads of int8 data are aligned. */
    public static final int ALIGNMENT = 4;

    public ArenaPlan {
        offsets = offsets.clone();
    }

    @Override
    public int[] offsets() {
        return offsets.clone();
    }

    public int offset(int tensor) {
        return offsets[tensor];
    }

    public static ArenaPlan of(Graph graph) {
        int n = graph.tensors().size();
        int[] root = new int[n]; // the buffer a tensor lives in: itself, or its reshape source
        for (int i = 0; i < n; i++) {
            root[i] = i;
        }
        for (Operator op : graph.operators()) {
            if (op.type() == OpType.RESHAPE) {
                root[op.output()] = root[op.input(0)];
            }
        }
        int ops = graph.operators().size();
        int[] first = new int[n];
        int[] last = new int[n];
        Arrays.fill(first, Integer.MAX_VALUE);
        Arrays.fill(last, -1);
        int input = graph.inputs()[0];
        touch(first, last, root[input], -1);
        touch(first, last, root[input], ops); // the caller writes it before and may read it after
        for (int i = 0; i < ops; i++) {
            Operator op = graph.operators().get(i);
            for (int in : op.inputs()) {
                if (in != -1 && !graph.tensor(in).isConstant()) {
                    touch(first, last, root[in], i);
                }
            }
            touch(first, last, root[op.output()], i);
        }
        for (int out : graph.outputs()) {
            touch(first, last, root[out], ops);
        }
        List<Integer> buffers = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            if (root[t] == t && last[t] >= 0) {
                buffers.add(t);
            }
        }
        buffers.sort(Comparator.comparingInt((Integer t) -> -bytes(graph.tensor(t))).thenComparingInt(t -> t));
        int[] offsets = new int[n];
        Arrays.fill(offsets, -1);
        List<Integer> placed = new ArrayList<>();
        int arena = 0;
        for (int t : buffers) {
            int size = bytes(graph.tensor(t));
            int offset = 0;
            boolean moved = true;
            while (moved) {
                moved = false;
                for (int other : placed) {
                    boolean aliveTogether = first[t] <= last[other] && first[other] <= last[t];
                    int otherEnd = offsets[other] + bytes(graph.tensor(other));
                    boolean overlaps = offset < otherEnd && offsets[other] < offset + size;
                    if (aliveTogether && overlaps) {
                        offset = align(otherEnd);
                        moved = true;
                    }
                }
            }
            offsets[t] = offset;
            placed.add(t);
            arena = Math.max(arena, offset + size);
        }
        for (int t = 0; t < n; t++) {
            if (root[t] != t) {
                offsets[t] = offsets[root[t]];
            }
        }
        int lowerBound = 0;
        for (int step = -1; step <= ops; step++) {
            int live = 0;
            for (int t : buffers) {
                if (first[t] <= step && step <= last[t]) {
                    live += bytes(graph.tensor(t));
                }
            }
            lowerBound = Math.max(lowerBound, live);
        }
        return new ArenaPlan(offsets, align(arena), lowerBound);
    }

    private static void touch(int[] first, int[] last, int tensor, int step) {
        first[tensor] = Math.min(first[tensor], step);
        last[tensor] = Math.max(last[tensor], step);
    }

    private static int bytes(Tensor t) {
        return t.elementCount() * t.type().bytesPerElement();
    }

    private static int align(int offset) {
        return (offset + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }
}
