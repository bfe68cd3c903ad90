package dev.pawscope.quantize.graph;

/**
 * Bytes a graph needs on a board: its constants (flash) and a lower bound of its activation arena
 * (RAM): the largest input-plus-output pair of any op, RESHAPE running in place. The code generator
 * plans the real arena; this bound is what it must reach.
 */
public record GraphFootprint(long weightBytes, long activationBytes) {

    public static GraphFootprint of(Graph graph) {
        long weights = 0;
        for (Tensor t : graph.tensors()) {
            if (t.isConstant()) {
                weights += (long) t.elementCount() * t.type().bytesPerElement();
            }
        }
        long peak = bytes(graph.inputTensor());
        for (Operator op : graph.operators()) {
            long in = bytes(graph.tensor(op.input(0)));
            long out = bytes(graph.tensor(op.output()));
            peak = Math.max(peak, op.type() == OpType.RESHAPE ? Math.max(in, out) : in + out);
        }
        return new GraphFootprint(weights, peak);
    }

    private static long bytes(Tensor t) {
        return (long) t.elementCount() * t.type().bytesPerElement();
    }
}
