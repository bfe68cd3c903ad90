package dev.pawscope.quantize.interpreter;

import dev.pawscope.quantize.graph.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Converts between a tensor's little-endian bytes (as stored in a .tflite buffer) and the Java
 * arrays the kernels use: {@code byte[]} for INT8, {@code float[]} for FLOAT32, {@code int[]} for
 * INT32.
 */
public final class TensorData {

    private TensorData() {}

    /** The constant's values as a Java array of its type. */
    public static Object decode(Tensor tensor) {
        byte[] bytes = tensor.data();
        if (bytes == null) {
            throw new IllegalArgumentException("tensor '" + tensor.name() + "' is not a constant");
        }
        return switch (tensor.type()) {
            case INT8 -> bytes;
            case FLOAT32 -> toFloats(bytes);
            case INT32 -> toInts(bytes);
        };
    }

    public static float[] toFloats(byte[] bytes) {
        float[] values = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    public static int[] toInts(byte[] bytes) {
        int[] values = new int[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(values);
        return values;
    }

    public static byte[] fromFloats(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return buffer.array();
    }

    public static byte[] fromInts(int[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asIntBuffer().put(values);
        return buffer.array();
    }

    /** A runtime value (byte[], float[] or int[]) as little-endian bytes, e.g. to compare with TFLite. */
    public static byte[] toBytes(Object value) {
        if (value instanceof byte[] b) {
            return b.clone();
        }
        if (value instanceof float[] f) {
            return fromFloats(f);
        }
        if (value instanceof int[] i) {
            return fromInts(i);
        }
        throw new IllegalArgumentException("expected byte[], float[] or int[], found "
                + (value == null ? "null" : value.getClass().getSimpleName()));
    }
}
