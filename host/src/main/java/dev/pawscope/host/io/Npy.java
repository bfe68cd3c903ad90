package dev.pawscope.host.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format (version 1.0) for int8 and little-endian float32 arrays in C order:
 * the magic {@code \x93NUMPY}, a header dict padded so the data starts at a multiple of 64 bytes,
 * then the raw values.
 *
 * @param dtype {@code "|i1"} (int8) or {@code "<f4"} (float32)
 * @param data the raw little-endian values
 */
public record Npy(String dtype, int[] shape, byte[] data) {

    public static final String INT8 = "|i1";
    public static final String FLOAT32 = "<f4";
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    public Npy {
        shape = shape.clone();
        data = data.clone();
    }

    public static Npy int8(int[] shape, byte[] values) {
        return new Npy(INT8, shape, values);
    }

    public static Npy float32(int[] shape, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return new Npy(FLOAT32, shape, b.array());
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public float[] floats() {
        float[] values = new float[data.length / 4];
        ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    public byte[] encode() {
        StringBuilder dims = new StringBuilder();
        for (int d : shape) {
            dims.append(d).append(", ");
        }
        String shapeText = shape.length == 1 ? shape[0] + "," : dims.substring(0, Math.max(0, dims.length() - 2));
        String dict = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': (" + shapeText + "), }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.write(1);
        out.write(0);
        out.write(header.length() & 0xFF);
        out.write(header.length() >> 8);
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(data);
        return out.toByteArray();
    }

    /** Parses a .npy file's bytes; only int8 and little-endian float32, C order. */
    public static Npy decode(byte[] bytes) throws IOException {
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new IOException("not a .npy file (expected the magic \\x93NUMPY at the start)");
        }
        int major = bytes[6];
        int headerLength;
        int headerStart;
        if (major == 1) {
            headerLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            headerLength = ByteBuffer.wrap(bytes, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            headerStart = 12;
        } else {
            throw new IOException("unsupported .npy version " + major + ", expected 1, 2 or 3");
        }
        if (headerStart + headerLength > bytes.length) {
            throw new IOException(".npy header is truncated");
        }
        String header = new String(bytes, headerStart, headerLength, StandardCharsets.ISO_8859_1);
        String dtype = group(DESCR, header, "descr");
        if (!dtype.equals(INT8) && !dtype.equals(FLOAT32) && !dtype.equals("<i1")) {
            throw new IOException("dtype '" + dtype + "' is not supported, expected int8 ('|i1') or float32 ('<f4')");
        }
        if (group(FORTRAN, header, "fortran_order").equals("True")) {
            throw new IOException("Fortran-ordered arrays are not supported; save with np.ascontiguousarray");
        }
        List<Integer> dims = new ArrayList<>();
        for (String part : group(SHAPE, header, "shape").split(",")) {
            if (!part.isBlank()) {
                dims.add(Integer.parseInt(part.trim()));
            }
        }
        int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
        long count = 1;
        for (int d : shape) {
            count *= d;
        }
        int elementBytes = dtype.equals(FLOAT32) ? 4 : 1;
        int dataStart = headerStart + headerLength;
        if (bytes.length - dataStart != count * elementBytes) {
            throw new IOException("shape " + Arrays.toString(shape) + " needs " + count * elementBytes
                    + " data bytes, found " + (bytes.length - dataStart));
        }
        return new Npy(dtype.equals(FLOAT32) ? FLOAT32 : INT8, shape,
                Arrays.copyOfRange(bytes, dataStart, bytes.length));
    }

    private static String group(Pattern p, String header, String key) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IOException(".npy header has no '" + key + "' entry: " + header.trim());
        }
        return m.group(1);
    }
}
