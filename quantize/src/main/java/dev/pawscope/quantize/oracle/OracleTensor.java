package dev.pawscope.quantize.oracle;

import java.util.Arrays;
import java.util.Objects;

/**
 * One graph output as TensorFlow Lite computed it.
 *
 * @param index position among the graph's outputs
 * @param type TFLite's type name ({@code TfLiteTypeGetName}): "FLOAT32", "INT8", "INT32", ...
 * @param shape the tensor's dimensions after {@code AllocateTensors}
 * @param name the tensor's name in the model
 * @param data the raw little-endian bytes
 */
public record OracleTensor(int index, String type, int[] shape, String name, byte[] data) {

    public OracleTensor {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        shape = shape.clone();
        data = data.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OracleTensor t && index == t.index && type.equals(t.type)
                && Arrays.equals(shape, t.shape) && name.equals(t.name) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, type, Arrays.hashCode(shape), name, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "output " + index + " '" + name + "' " + type + Arrays.toString(shape) + " (" + data.length
                + " bytes)";
    }
}
