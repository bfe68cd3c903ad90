package dev.pawscope.quantize.graph;

import java.util.Arrays;
import java.util.Objects;

/**
 * A tensor of a {@link Graph}: NHWC for images, like TFLite.
 *
 * @param name unique within its graph
 * @param type element type
 * @param shape dimensions, outermost first (e.g. {@code [1, 48, 48, 1]})
 * @param quantization null for float tensors, required for INT8 and for INT32 biases
 * @param data the constant's bytes (little-endian, row-major), or null for activations
 */
public record Tensor(String name, TensorType type, int[] shape, Quantization quantization, byte[] data) {

    public Tensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        shape = shape.clone();
        for (int dim : shape) {
            if (dim <= 0) {
                throw new IllegalArgumentException("tensor '" + name + "' has shape " + Arrays.toString(shape)
                        + ", expected every dimension > 0");
            }
        }
        if (type == TensorType.INT8 && quantization == null) {
            throw new IllegalArgumentException("int8 tensor '" + name + "' needs quantization parameters");
        }
        if (data != null) {
            long expected = (long) elementCount(shape) * type.bytesPerElement();
            if (data.length != expected) {
                throw new IllegalArgumentException("tensor '" + name + "' " + type + Arrays.toString(shape)
                        + " needs " + expected + " bytes of data, found " + data.length);
            }
            data = data.clone();
        }
    }

    /** An activation (no constant data). */
    public static Tensor activation(String name, TensorType type, int[] shape, Quantization quantization) {
        return new Tensor(name, type, shape, quantization, null);
    }

    public boolean isConstant() {
        return data != null;
    }

    public int elementCount() {
        return elementCount(shape);
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis];
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public byte[] data() {
        return data == null ? null : data.clone();
    }

    public static int elementCount(int[] shape) {
        long count = 1;
        for (int dim : shape) {
            count *= dim;
        }
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than 2^31 elements");
        }
        return (int) count;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && name.equals(t.name) && type == t.type && Arrays.equals(shape, t.shape)
                && Objects.equals(quantization, t.quantization) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, Arrays.hashCode(shape), quantization, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return name + " " + type + Arrays.toString(shape) + (quantization == null ? "" : " " + quantization)
                + (data == null ? "" : " const");
    }
}
