package dev.pawscope.host.link;

import java.util.Arrays;

/**
 * MAP (board to host): whole rows of one channel of the streamed layer's output for frame
 * {@code frameNumber}, RAW or {@link Rle RLE}. ({@code MapChunk}, not {@code Map}, so it does not
 * hide {@link java.util.Map}.)
 *
 * @param height of the layer
 * @param row0 the first row in this packet
 * @param rows >= 1; row0 + rows <= height; rows * width <= MAP_MAX_DATA
 * @param encoding as sent
 * @param fill the value RLE runs repeat: the layer's zero point
 * @param data the data bytes as sent; {@link #values()} expands them
 */
public record MapChunk(long frameNumber, int layerIndex, int channel, int height, int width, int row0, int rows,
        MapEncoding encoding, byte fill, byte[] data) implements Message {

    public MapChunk {
        Message.checkUnsigned("frame_number", frameNumber, 32);
        Message.checkUnsigned("layer_index", layerIndex, 16);
        Message.checkUnsigned("channel", channel, 16);
        Message.checkUnsigned("height", height, 16);
        Message.checkUnsigned("width", width, 16);
        Message.checkUnsigned("row0", row0, 16);
        Message.checkUnsigned("rows", rows, 16);
        if (encoding == null) {
            throw new IllegalArgumentException("encoding is required (RAW or RLE)");
        }
        if (rows < 1 || width < 1 || row0 + rows > height) {
            throw new IllegalArgumentException("MAP rows " + row0 + ".." + (row0 + rows - 1) + " of width " + width
                    + " do not fit a layer of height " + height + " (expected rows >= 1, width >= 1)");
        }
        if (rows * width > Protocol.MAP_MAX_DATA) {
            throw new IllegalArgumentException("MAP carries rows x width = " + (rows * width)
                    + " values, at most MAP_MAX_DATA (" + Protocol.MAP_MAX_DATA + ")");
        }
        if (encoding == MapEncoding.RAW && data.length != rows * width) {
            throw new IllegalArgumentException("RAW MAP data is " + data.length + " bytes, expected rows x width = "
                    + (rows * width));
        }
        data = data.clone();
        if (encoding == MapEncoding.RLE) {
            Rle.decode(data, fill, rows * width); // throws ProtocolException unless it expands exactly
        }
    }

    /**
     * A MAP for {@code values} (rows x width, row-major) as the C encoder writes it: RLE when asked
     * for and strictly shorter than RAW, else RAW.
     */
    public static MapChunk of(long frameNumber, int layerIndex, int channel, int height, int width, int row0,
            int rows, MapEncoding wish, byte fill, byte[] values) {
        if (values.length != rows * width) {
            throw new IllegalArgumentException("expected rows x width = " + (rows * width) + " values, found "
                    + values.length);
        }
        if (wish == MapEncoding.RLE) {
            byte[] rle = Rle.encode(values, fill);
            if (rle.length < values.length) {
                return new MapChunk(frameNumber, layerIndex, channel, height, width, row0, rows, MapEncoding.RLE,
                        fill, rle);
            }
        }
        return new MapChunk(frameNumber, layerIndex, channel, height, width, row0, rows, MapEncoding.RAW, fill,
                values);
    }

    /** The rows x width int8 values, row-major, whatever the encoding. */
    public byte[] values() {
        return encoding == MapEncoding.RAW ? data.clone() : Rle.decode(data, fill, rows * width);
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public MessageType type() {
        return MessageType.MAP;
    }

    @Override
    public byte[] payload() {
        return new PayloadWriter().u32(frameNumber).u16(layerIndex).u16(channel).u16(height).u16(width).u16(row0)
                .u16(rows).u8(encoding.code()).u8(fill).u16(data.length).bytes(data).toByteArray();
    }

    public static MapChunk parse(byte[] payload) {
        return PayloadReader.parse(MessageType.MAP, payload, r -> {
            long frameNumber = r.u32("frame_number");
            int layerIndex = r.u16("layer_index");
            int channel = r.u16("channel");
            int height = r.u16("height");
            int width = r.u16("width");
            int row0 = r.u16("row0");
            int rows = r.u16("rows");
            MapEncoding encoding = MapEncoding.of(r.u8("encoding"));
            byte fill = r.i8("fill");
            int dataLength = r.u16("data_length");
            return new MapChunk(frameNumber, layerIndex, channel, height, width, row0, rows, encoding, fill,
                    r.bytes(dataLength, "data"));
        });
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MapChunk m && Arrays.equals(m.payload(), payload());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(payload());
    }

    @Override
    public String toString() {
        return "MapChunk[frame " + frameNumber + ", layer " + layerIndex + ", channel " + channel + ", rows " + row0
                + ".." + (row0 + rows - 1) + " of " + height + "x" + width + ", " + encoding + " " + data.length
                + " bytes, fill " + fill + "]";
    }
}
