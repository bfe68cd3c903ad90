package dev.pawscope.host.link;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * MAP's run-length encoding of one value, {@code fill} (the layer's zero point, which post-ReLU
 * maps are full of), as {@code ps_proto_rle_encode}/{@code ps_proto_rle_decode}: a byte other than
 * fill stands for itself; fill is followed by a count byte {@code k} and stands for {@code k + 1}
 * copies of fill. Runs longer than 256 are split greedily into runs of 256 and a remainder.
 */
public final class Rle {

    /** The longest run one token covers. */
    static final int MAX_RUN = 256;

    private Rle() {}

    public static byte[] encode(byte[] values, byte fill) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < values.length) {
            if (values[i] != fill) {
                out.write(values[i++]);
            } else {
                int run = 1;
                while (run < MAX_RUN && i + run < values.length && values[i + run] == fill) {
                    run++;
                }
                out.write(fill);
                out.write(run - 1);
                i += run;
            }
        }
        return out.toByteArray();
    }

    /**
     * Expands {@code data} into exactly {@code count} values.
     *
     * @throws ProtocolException if the data expands to more or fewer values, or ends between a fill
     *     byte and its count
     */
    public static byte[] decode(byte[] data, byte fill, int count) {
        byte[] values = new byte[count];
        int n = 0;
        int in = 0;
        while (in < data.length) {
            byte b = data[in++];
            if (b != fill) {
                if (n >= count) {
                    throw tooMany(count);
                }
                values[n++] = b;
            } else {
                if (in >= data.length) {
                    throw new ProtocolException("RLE data ends with a fill byte and no count byte after it");
                }
                int run = (data[in++] & 0xFF) + 1;
                if (run > count - n) {
                    throw tooMany(count);
                }
                Arrays.fill(values, n, n + run, fill);
                n += run;
            }
        }
        if (n != count) {
            throw new ProtocolException("RLE data expands to " + n + " values, expected " + count + " (rows x width)");
        }
        return values;
    }

    private static ProtocolException tooMany(int count) {
        return new ProtocolException("RLE data expands to more than " + count + " values (rows x width)");
    }
}
