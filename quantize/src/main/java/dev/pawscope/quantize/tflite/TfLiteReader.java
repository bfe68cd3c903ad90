package dev.pawscope.quantize.tflite;

import static dev.pawscope.quantize.tflite.TfLiteSchema.FILE_IDENTIFIER;
import static dev.pawscope.quantize.tflite.TfLiteSchema.SCHEMA_VERSION;

import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.Operator;
import dev.pawscope.quantize.graph.Quantization;
import dev.pawscope.quantize.graph.Tensor;
import dev.pawscope.quantize.graph.TensorType;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Reads a TensorFlow Lite flatbuffer ({@code .tflite}) into a {@link Graph}: float32 models and
 * full-integer int8 models from TensorFlow's converter (and from {@link TfLiteWriter}) that use
 * only the ops of {@link dev.pawscope.quantize.graph.OpType}.
 *
 * <p>Everything else is refused with a {@link TfLiteFormatException} that names what was found
 * and says what to do: not a flatbuffer, truncated or corrupt, another schema version, several
 * subgraphs, other ops or tensor types, dynamic-range (hybrid) or sparse models, per-channel
 * quantization along an axis the kernels do not expect. No other exception escapes for bad bytes.
 *
 * <p>What the converter's files look like, and how it is read:
 *
 * <ul>
 *   <li>a tensor whose buffer holds bytes is a constant; an empty buffer (buffer 0, or the
 *       converter's own empty buffer per activation) means an activation;
 *   <li>constant bytes are in {@code Buffer.data}, or after the flatbuffer at {@code Buffer.offset}
 *       ({@code size} bytes, schema 3c: models over 2 GB, or converted with buffer offsets); the
 *       latter must lie inside the given bytes, which a model over 2 GB cannot (a Java array holds
 *       less), so such a model is refused by name;
 *   <li>quantization absent or without scales means none (float tensors); FLOAT32 tensors get none
 *       even if the file has some, as TFLite ignores it; a single scale is per-tensor, whatever
 *       {@code quantized_dimension} says, and is read with dimension 0;
 *   <li>an int8 op's INT32 bias without quantization gets {@code input_scale * weight_scale}, zero
 *       point 0, which is what TFLite's kernels use;
 *   <li>a RESHAPE's target shape comes from its second input when that is a 1-D INT32 tensor (as
 *       in TFLite's kernel), else from {@code ReshapeOptions.new_shape}.
 * </ul>
 */
public final class TfLiteReader {

    private static final int HEADER_SIZE = 8;

    private final byte[] bytes;
    private final ModelTable model;

    private TfLiteReader(byte[] bytes) {
        this.bytes = bytes;
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        this.model = new ModelTable(bb, bb.getInt(0));
    }

    /**
     * The model in {@code bytes} (a whole .tflite file) as a graph.
     *
     * @throws TfLiteFormatException when the bytes are not a model pawscope can read; the message
     *     says what was expected, what was found and what to do
     */
    public static Graph read(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        checkHeader(bytes);
        try {
            return new TfLiteReader(bytes).graph();
        } catch (IndexOutOfBoundsException | BufferUnderflowException e) {
            // FlatTable checks offsets before it follows them; this is the net under that net.
            TfLiteFormatException corrupt = FlatTable.corrupt("the model", "could not be read (" + e + ")",
                    bytes.length);
            corrupt.initCause(e);
            throw corrupt;
        }
    }

    private static void checkHeader(byte[] bytes) {
        if (bytes.length == 0) {
            throw new TfLiteFormatException("the file is empty (0 bytes), expected a TFLite model (a flatbuffer with the"
                    + " identifier " + FILE_IDENTIFIER + "); check that the export finished and the right file was given");
        }
        if (bytes.length < HEADER_SIZE) {
            throw new TfLiteFormatException("the file has only " + bytes.length + " bytes, expected at least "
                    + HEADER_SIZE + " (a 4-byte root offset and the identifier " + FILE_IDENTIFIER
                    + "); the file is truncated: export or copy it again");
        }
        String identifier = new String(bytes, 4, 4, StandardCharsets.ISO_8859_1);
        if (!identifier.equals(FILE_IDENTIFIER)) {
            throw new TfLiteFormatException("not a TFLite model: bytes 4..7 are " + printable(bytes, 4, 4)
                    + ", expected the file identifier " + FILE_IDENTIFIER + "; " + guessFormat(bytes)
                    + "export the model with tf.lite.TFLiteConverter (or pawscope) to get a .tflite file");
        }
    }

    /** Bytes as text where printable, else as hex: {@code 'PK\x03\x04'}. */
    private static String printable(byte[] bytes, int from, int count) {
        StringBuilder s = new StringBuilder("'");
        for (int i = from; i < from + count; i++) {
            int b = bytes[i] & 0xFF;
            s.append(b >= 0x20 && b < 0x7F ? String.valueOf((char) b) : String.format("\\x%02x", b));
        }
        return s.append('\'').toString();
    }

    private static String guessFormat(byte[] bytes) {
        String start = new String(bytes, 0, 4, StandardCharsets.ISO_8859_1);
        if (start.startsWith("PK")) {
            return "the file starts like a zip archive (a Keras .keras file or a DL4J model?); ";
        }
        if (start.equals("\u0089HDF")) {
            return "the file is HDF5 (a Keras .h5 model?); ";
        }
        return "";
    }

    private Graph graph() {
        long version = model.version();
        if (version != SCHEMA_VERSION) {
            throw new TfLiteFormatException("the model has schema version " + version + ", expected " + SCHEMA_VERSION
                    + " (the only version TFLite reads); convert it again with a current TensorFlow");
        }
        int subgraphCount = model.subgraphCount();
        if (subgraphCount != 1) {
            throw new TfLiteFormatException("the model has " + subgraphCount + " subgraphs, expected 1; pawscope reads"
                    + " single-subgraph models: convert one signature, without control flow (tf.cond, tf.while_loop)");
        }
        SubGraphTable subgraph = model.subgraph(0);
        Tensor[] tensors = new Tensor[subgraph.tensorCount()];
        for (int i = 0; i < tensors.length; i++) {
            tensors[i] = tensor(i, subgraph.tensor(i));
        }
        OperatorReader operatorReader = new OperatorReader(model, tensors);
        List<Operator> operators = new ArrayList<>();
        for (int i = 0; i < subgraph.operatorCount(); i++) {
            operators.add(operatorReader.read(i, subgraph.operator(i)));
        }
        try {
            return new Graph(Arrays.asList(tensors), operators, subgraph.inputs(), subgraph.outputs(),
                    model.description());
        } catch (IllegalArgumentException e) {
            throw new TfLiteFormatException("the model's subgraph does not hold together: " + e.getMessage()
                    + "; the file is damaged: export it again", e);
        }
    }

    private Tensor tensor(int index, TensorTable table) {
        String name = Objects.requireNonNullElse(table.name(), "");
        String where = "tensor " + index + " '" + name + "'";
        int code = table.type();
        TensorType type = TensorType.fromCode(code).orElseThrow(() -> unsupportedType(where, code));
        if (table.isSparse()) {
            throw new TfLiteFormatException(where + " is stored sparse, expected dense tensors; convert the model"
                    + " without sparsity (no tf.lite.Optimize.EXPERIMENTAL_SPARSITY)");
        }
        int[] shape = table.shape();
        for (int dim : shape) {
            if (dim <= 0) {
                throw new TfLiteFormatException(where + " has shape " + Arrays.toString(shape) + ", expected every"
                        + " dimension > 0; convert the model with a fixed input shape (batch size 1)");
            }
        }
        Quantization quantization = type == TensorType.FLOAT32 ? null
                : QuantizationReader.read(where, type, shape, table.quantization());
        if (type == TensorType.INT8 && quantization == null) {
            throw new TfLiteFormatException(where + " is INT8 without a scale and zero point, expected quantization"
                    + " parameters on every int8 tensor; convert the model with full-integer quantization"
                    + " (a representative dataset)");
        }
        byte[] data = data(where, table.buffer());
        long needed = (long) elementCount(shape) * type.bytesPerElement();
        if (data != null && data.length != needed) {
            throw new TfLiteFormatException(where + " is " + type + Arrays.toString(shape) + " and needs " + needed
                    + " bytes of data, its buffer " + table.buffer() + " holds " + data.length
                    + "; the file is damaged: export it again");
        }
        try {
            return new Tensor(name, type, shape, quantization, data);
        } catch (IllegalArgumentException e) {
            throw new TfLiteFormatException(where + ": " + e.getMessage() + "; export the model again", e);
        }
    }

    /** The element count of a shape of positive dimensions, saturating at Long.MAX_VALUE. */
    private static long elementCount(int[] shape) {
        long count = 1;
        for (int dim : shape) {
            if (count > Long.MAX_VALUE / dim) {
                return Long.MAX_VALUE;
            }
            count *= dim;
        }
        return count;
    }

    private static TfLiteFormatException unsupportedType(String where, int code) {
        String hint = switch (code) {
            case 1 -> "the model is float16-quantized: convert it for int8 (with a representative dataset) or keep float32";
            case 3 -> "uint8 is the old converter's quantization: convert the model again for int8";
            case 7 -> "int16 activations (16x8 quantization) are not supported: convert the model for int8";
            default -> "convert the model to float32 or to full-integer int8";
        };
        return new TfLiteFormatException(where + " has type " + SchemaNames.tensorType(code) + " (TensorType " + code
                + "); pawscope reads " + Arrays.stream(TensorType.values()).map(Enum::name)
                .collect(Collectors.joining(", ")) + " tensors; " + hint);
    }

    /** The constant bytes of a tensor, or null for an activation (an empty buffer). */
    private byte[] data(String where, long bufferIndex) {
        int count = model.bufferCount();
        if (bufferIndex == 0 && count == 0) {
            return null;
        }
        if (bufferIndex >= count) {
            throw new TfLiteFormatException(where + " refers to buffer " + bufferIndex + ", expected one of the model's "
                    + count + " buffers (0.." + (count - 1) + "); the file is damaged: export it again");
        }
        BufferTable buffer = model.buffer((int) bufferIndex);
        byte[] inline = buffer.data();
        long offset = buffer.offset();
        if (offset > 1) {
            if (inline != null && inline.length > 0) {
                throw new TfLiteFormatException(where + ": buffer " + bufferIndex + " has both inline data and an"
                        + " offset (" + offset + "), expected one of them; the file is damaged: export it again");
            }
            return outside(where, bufferIndex, offset, buffer.size());
        }
        return inline == null || inline.length == 0 ? null : inline;
    }

    /** Schema 3c: the bytes {@code [offset, offset + size)} of the file, after the flatbuffer. */
    private byte[] outside(String where, long bufferIndex, long offset, long size) {
        if (size < 0 || offset > bytes.length || size > bytes.length - offset) {
            throw new TfLiteFormatException(where + ": buffer " + bufferIndex + " keeps " + Long.toUnsignedString(size)
                    + " bytes outside the flatbuffer at byte " + offset + ", past the end of the " + bytes.length
                    + "-byte file, expected them inside it; the file is truncated, or it is a model over 2 GB, which"
                    + " pawscope does not read (make the model smaller)");
        }
        return size == 0 ? null : Arrays.copyOfRange(bytes, (int) offset, (int) (offset + size));
    }
}
