package dev.pawscope.quantize.gradient;

import java.util.Arrays;

/**
 * The value of every tensor one forward pass of a {@link GradientEngine} computed (null for
 * constants and for tensors the pass did not reach), which its backward passes read. One trace
 * belongs to one caller; it is not shared between threads while it is being filled.
 */
public final class Trace {

    private final GradientEngine engine;
    final float[][] values;

    Trace(GradientEngine engine, int tensors) {
        this.engine = engine;
        this.values = new float[tensors][];
    }

    /** The engine that made this trace. */
    public GradientEngine engine() {
        return engine;
    }

    /** Whether the pass computed (or was given) tensor {@code tensor}. */
    public boolean has(int tensor) {
        return values[tensor] != null;
    }

    /** A copy of tensor {@code tensor}'s value (NHWC, row-major). */
    public float[] value(int tensor) {
        if (values[tensor] == null) {
            throw new IllegalArgumentException("tensor " + tensor + " ('" + engine.graph().tensor(tensor).name()
                    + "') has no value in this trace");
        }
        return values[tensor].clone();
    }

    /** A copy of the graph output's value (for a classifier, the class probabilities). */
    public float[] output() {
        return value(engine.graph().outputs()[0]);
    }

    @Override
    public String toString() {
        return "Trace" + Arrays.toString(Arrays.stream(values).mapToInt(v -> v == null ? -1 : v.length).toArray());
    }
}
