package dev.pawscope.quantize.tflite;

import com.google.flatbuffers.Table;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One flatbuffer table, read through {@link Table} but with every offset checked first.
 *
 * <p>flatbuffers-java trusts its input: a truncated or damaged file makes it read past the end
 * (an {@code IndexOutOfBoundsException} deep inside), or allocate an array as long as a garbage
 * length. So before a table, field, vector or string is touched, the position and length are
 * checked against the buffer, the way the C++ {@code flatbuffers::Verifier} that TFLite runs
 * does, and a {@link TfLiteFormatException} names the table and field ("Model.subgraphs[0]
 * .tensors[3].shape"). The subclasses give the TFLite tables' fields names and types; the field
 * ids live in {@link TfLiteSchema}.
 */
abstract class FlatTable extends Table {

    private static final int SIZEOF_INT = 4;
    /** The largest vtable a TFLite table can need; bigger ones are garbage (and Table reads the size signed). */
    private static final int MAX_VTABLE_SIZE = 0x7FFF;

    private final String path;
    private final int objectSize;

    /**
     * @param bb the whole file, little-endian
     * @param position where the table starts (its offset to the vtable)
     * @param path the table's place in the model, for messages, e.g. {@code Model.subgraphs[0]}
     */
    FlatTable(ByteBuffer bb, int position, String path) {
        this.path = path;
        this.objectSize = checkTable(bb, position, path);
        __reset(position, bb);
    }

    final String path() {
        return path;
    }

    /** Where the table starts in the file. */
    final int position() {
        return bb_pos;
    }

    /** Where a field's inline value is in the file, or -1 when the field is absent (for tests that damage one field). */
    final int fieldPosition(int fieldId) {
        int o = __offset(vtableOffset(fieldId));
        return o == 0 ? -1 : bb_pos + o;
    }

    final boolean has(int fieldId) {
        return __offset(vtableOffset(fieldId)) != 0;
    }

    final int uint8(int fieldId, String name, int defaultValue) {
        int pos = scalar(fieldId, name, 1);
        return pos < 0 ? defaultValue : bb.get(pos) & 0xFF;
    }

    final byte int8(int fieldId, String name, byte defaultValue) {
        int pos = scalar(fieldId, name, 1);
        return pos < 0 ? defaultValue : bb.get(pos);
    }

    final boolean bool(int fieldId, String name, boolean defaultValue) {
        int pos = scalar(fieldId, name, 1);
        return pos < 0 ? defaultValue : bb.get(pos) != 0;
    }

    final int int32(int fieldId, String name, int defaultValue) {
        int pos = scalar(fieldId, name, 4);
        return pos < 0 ? defaultValue : bb.getInt(pos);
    }

    final long uint32(int fieldId, String name, long defaultValue) {
        int pos = scalar(fieldId, name, 4);
        return pos < 0 ? defaultValue : Integer.toUnsignedLong(bb.getInt(pos));
    }

    final long int64(int fieldId, String name, long defaultValue) {
        int pos = scalar(fieldId, name, 8);
        return pos < 0 ? defaultValue : bb.getLong(pos);
    }

    final float float32(int fieldId, String name, float defaultValue) {
        int pos = scalar(fieldId, name, 4);
        return pos < 0 ? defaultValue : bb.getFloat(pos);
    }

    /** A {@code [int]} field, or null when absent. */
    final int[] intVector(int fieldId, String name) {
        int o = vector(fieldId, name, 4);
        if (o == 0) {
            return null;
        }
        int start = __vector(o);
        int[] values = new int[__vector_len(o)];
        for (int i = 0; i < values.length; i++) {
            values[i] = bb.getInt(start + 4 * i);
        }
        return values;
    }

    /** A {@code [float]} field, or null when absent. */
    final float[] floatVector(int fieldId, String name) {
        int o = vector(fieldId, name, 4);
        if (o == 0) {
            return null;
        }
        int start = __vector(o);
        float[] values = new float[__vector_len(o)];
        for (int i = 0; i < values.length; i++) {
            values[i] = bb.getFloat(start + 4 * i);
        }
        return values;
    }

    /** A {@code [long]} field, or null when absent. */
    final long[] longVector(int fieldId, String name) {
        int o = vector(fieldId, name, 8);
        if (o == 0) {
            return null;
        }
        int start = __vector(o);
        long[] values = new long[__vector_len(o)];
        for (int i = 0; i < values.length; i++) {
            values[i] = bb.getLong(start + 8 * i);
        }
        return values;
    }

    /** A {@code [ubyte]} field, or null when absent. */
    final byte[] byteVector(int fieldId, String name) {
        int o = vector(fieldId, name, 1);
        if (o == 0) {
            return null;
        }
        byte[] values = new byte[__vector_len(o)];
        bb.get(__vector(o), values);
        return values;
    }

    /** A {@code string} field, or null when absent. Not valid UTF-8 is decoded leniently: names are for people. */
    final String string(int fieldId, String name) {
        int o = vector(fieldId, name, 1);
        if (o == 0) {
            return null;
        }
        int start = __vector(o);
        int length = __vector_len(o);
        if ((long) start + length >= bb.limit() || bb.get(start + length) != 0) {
            throw corrupt(name, "is a string without its terminating zero byte");
        }
        byte[] utf8 = new byte[length];
        bb.get(start, utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** The number of elements of a vector-of-tables field; 0 when absent. */
    final int tableCount(int fieldId, String name) {
        int o = vector(fieldId, name, SIZEOF_INT);
        return o == 0 ? 0 : __vector_len(o);
    }

    /** Where element {@code index} of a vector-of-tables field starts (checked by the table's constructor). */
    final int tableAt(int fieldId, String name, int index) {
        int o = vector(fieldId, name, SIZEOF_INT);
        if (o == 0 || index < 0 || index >= __vector_len(o)) {
            // a caller's bug, not bad input: kept apart from the IndexOutOfBoundsException read() reports as corrupt
            throw new IllegalArgumentException(path + "." + name + " has no element " + index);
        }
        int element = __vector(o) + SIZEOF_INT * index;
        return target(element, name + "[" + index + "]");
    }

    /** Where a table (or union value) field's table starts, or -1 when absent. */
    final int tableRef(int fieldId, String name) {
        int pos = scalar(fieldId, name, SIZEOF_INT);
        return pos < 0 ? -1 : target(pos, name);
    }

    /** A message for a field whose bytes cannot be right. */
    final TfLiteFormatException corrupt(String field, String problem) {
        return corrupt(path + "." + field, problem, bb.limit());
    }

    static TfLiteFormatException corrupt(String where, String problem, int fileSize) {
        return new TfLiteFormatException("corrupt .tflite: " + where + " " + problem + " (the file has " + fileSize
                + " bytes), expected a complete TFLite flatbuffer; the file is truncated or damaged: export or"
                + " copy it again");
    }

    private static int vtableOffset(int fieldId) {
        return 4 + 2 * fieldId;
    }

    /** The absolute position of a scalar field of {@code size} bytes, or -1 when the field is absent. */
    private int scalar(int fieldId, String name, int size) {
        int o = __offset(vtableOffset(fieldId));
        if (o == 0) {
            return -1;
        }
        if (o < SIZEOF_INT || o + size > objectSize) {
            throw corrupt(name, "is at offset " + o + " of a " + objectSize + "-byte table");
        }
        return bb_pos + o;
    }

    /**
     * Checks a vector field: its offset, and that its length prefix and {@code length * elementSize}
     * bytes lie inside the file. Returns the field's offset for {@link Table}'s vector helpers, or 0
     * when the field is absent.
     */
    private int vector(int fieldId, String name, int elementSize) {
        int pos = scalar(fieldId, name, SIZEOF_INT);
        if (pos < 0) {
            return 0;
        }
        long start = target(pos, name);
        long length = Integer.toUnsignedLong(bb.getInt((int) start));
        long end = start + SIZEOF_INT + length * elementSize;
        if (end > bb.limit()) {
            throw corrupt(name, "has " + length + " elements of " + elementSize + " bytes from byte " + start
                    + ", which ends at byte " + end);
        }
        return pos - bb_pos;
    }

    /** Follows the unsigned 32-bit offset stored at {@code pos}; the target must have room for 4 bytes. */
    private int target(int pos, String name) {
        long target = pos + Integer.toUnsignedLong(bb.getInt(pos));
        if (target + SIZEOF_INT > bb.limit()) {
            throw corrupt(name, "points at byte " + target + ", past the end");
        }
        return (int) target;
    }

    /** Checks a table's offset to its vtable and the vtable's sizes; returns the table's inline size. */
    private static int checkTable(ByteBuffer bb, int position, String path) {
        int limit = bb.limit();
        if (position < 0 || (long) position + SIZEOF_INT > limit) {
            throw corrupt(path, "starts at byte " + position + ", outside the file", limit);
        }
        long vtable = position - (long) bb.getInt(position);
        if (vtable < 0 || vtable + SIZEOF_INT > limit) {
            throw corrupt(path, "has its vtable at byte " + vtable + ", outside the file", limit);
        }
        int vtableSize = bb.getShort((int) vtable) & 0xFFFF;
        int objectSize = bb.getShort((int) vtable + 2) & 0xFFFF;
        if (vtableSize < 4 || vtableSize % 2 != 0 || vtableSize > MAX_VTABLE_SIZE || vtable + vtableSize > limit) {
            throw corrupt(path, "has a vtable of " + vtableSize + " bytes at byte " + vtable, limit);
        }
        if (objectSize < SIZEOF_INT || (long) position + objectSize > limit) {
            throw corrupt(path, "is " + objectSize + " bytes long from byte " + position, limit);
        }
        return objectSize;
    }
}
