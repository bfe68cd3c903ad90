package dev.pawscope.quantize.interpreter;

import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.Tensor;
import dev.pawscope.quantize.graph.TensorType;

/**
 * Every tensor's value after one inference: the graph input, every op's output, and the constants.
 * Values are {@code byte[]} (INT8), {@code float[]} (FLOAT32) or {@code int[]} (INT32); accessors
 * return copies.
 */
public final class Activations {

    private final Graph graph;
    private final Object[] values;

    Activations(Graph graph, Object[] values) {
        this.graph = graph;
        this.values = values;
    }

    public Graph graph() {
        return graph;
    }

    public byte[] int8(int tensor) {
        return (byte[]) typed(tensor, TensorType.INT8);
    }

    public float[] float32(int tensor) {
        return (float[]) typed(tensor, TensorType.FLOAT32);
    }

    /** The value in the graph's own type as little-endian bytes, as TFLite would hold it. */
    public byte[] bytes(int tensor) {
        return TensorData.toBytes(present(tensor));
    }

    /** The value as reals: dequantized for INT8, as-is for FLOAT32. */
    public float[] real(int tensor) {
        Tensor t = graph.tensor(tensor);
        Object value = present(tensor);
        if (value instanceof float[] f) {
            return f.clone();
        }
        if (value instanceof byte[] b && t.quantization() != null && t.quantization().isPerTensor()) {
            return dequantize(t, b);
        }
        throw new IllegalArgumentException("tensor " + tensor + " ('" + t.name() + "') is " + t.type()
                + ", expected FLOAT32 or per-tensor quantized INT8");
    }

    /** The first graph output as reals (class scores for a classifier). */
    public float[] outputReal() {
        return real(graph.outputs()[0]);
    }

    /** {@code scale * (q - zeroPoint)} per value, in float: how every int8 tensor is read as reals. */
    static float[] dequantize(Tensor t, byte[] b) {
        float[] real = new float[b.length];
        float scale = t.quantization().scale();
        int zeroPoint = t.quantization().zeroPoint();
        for (int i = 0; i < b.length; i++) {
            real[i] = scale * (b[i] - zeroPoint);
        }
        return real;
    }

    /** The value itself, not a copy, for engines in this package that own it. */
    Object valueUnsafe(int tensor) {
        return present(tensor);
    }

    private Object typed(int tensor, TensorType expected) {
        Tensor t = graph.tensor(tensor);
        if (t.type() != expected) {
            throw new IllegalArgumentException("tensor " + tensor + " ('" + t.name() + "') is " + t.type()
                    + ", expected " + expected);
        }
        Object value = present(tensor);
        return value instanceof byte[] b ? b.clone() : ((float[]) value).clone();
    }

    private Object present(int tensor) {
        Object value = values[tensor];
        if (value == null) {
            throw new IllegalArgumentException("tensor " + tensor + " ('" + graph.tensor(tensor).name()
                    + "') was not computed by this inference");
        }
        return value;
    }
}
