package dev.pawscope.host.link;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Joins a frame's MAP and IMAGE packets with the FRAME that follows them into a
 * {@link DeviceFrame}. A board sends all parts of frame N, then FRAME N, so parts of another frame
 * number end the frame being collected: its parts are discarded (counted in
 * {@link #partsDiscarded()}) and never mixed into the next frame. Parts that do not fit (unknown
 * layer, wrong shape, rows sent twice) are not used, and make the frame incomplete.
 *
 * <p>Not thread-safe: the link's I/O thread owns it.
 */
public final class FrameAssembler {

    private final Map<Integer, Layer> layers = new HashMap<>();

    /** The frame number whose parts are held, or -1. */
    private long collecting = -1;
    /** The layer the held maps were checked against, or null. */
    private Layer mapLayer;
    private final Map<Integer, Rows> maps = new TreeMap<>();
    private ImageChunk imageShape;
    private Rows image;
    private int acceptedMaps;
    private int acceptedImages;
    private int rejected;
    private long discarded;

    /** Rows of one map or image, filled as chunks arrive. */
    private static final class Rows {
        final byte[] values;
        final boolean[] seen;
        final int rowBytes;
        int filled;

        Rows(int height, int rowBytes) {
            this.values = new byte[height * rowBytes];
            this.seen = new boolean[height];
            this.rowBytes = rowBytes;
        }

        /** Copies rows row0.. in; false (nothing copied) if any of them arrived before. */
        boolean put(int row0, int rows, byte[] data) {
            for (int r = row0; r < row0 + rows; r++) {
                if (seen[r]) {
                    return false;
                }
            }
            Arrays.fill(seen, row0, row0 + rows, true);
            System.arraycopy(data, 0, values, row0 * rowBytes, rows * rowBytes);
            filled += rows;
            return true;
        }

        boolean whole() {
            return filled == seen.length;
        }
    }

    /** Learns a layer's shape and quantization (from HELLO or CONFIG_ACK); MAPs of unknown layers are not used. */
    public void learn(Layer layer) {
        layers.put(layer.layerIndex(), layer);
    }

    public void accept(MapChunk map) {
        collect(map.frameNumber());
        Layer layer = layers.get(map.layerIndex());
        boolean fits = layer != null && map.height() == layer.height() && map.width() == layer.width()
                && map.channel() < layer.channels() && (mapLayer == null || mapLayer.equals(layer));
        if (!fits) {
            rejected++;
            return;
        }
        mapLayer = layer;
        Rows rows = maps.computeIfAbsent(map.channel(), c -> new Rows(layer.height(), layer.width()));
        if (rows.put(map.row0(), map.rows(), map.values())) {
            acceptedMaps++;
        } else {
            rejected++;
        }
    }

    public void accept(Image part) {
        collect(part.frameNumber());
        ImageChunk chunk = part.chunk();
        if (image == null) {
            imageShape = chunk;
            image = new Rows(chunk.height(), chunk.rowBytes());
        } else if (chunk.pixelFormat() != imageShape.pixelFormat() || chunk.height() != imageShape.height()
                || chunk.width() != imageShape.width() || chunk.channels() != imageShape.channels()) {
            rejected++;
            return;
        }
        if (image.put(chunk.row0(), chunk.rows(), chunk.data())) {
            acceptedImages++;
        } else {
            rejected++;
        }
    }

    /**
     * Ends frame {@code frame.frameNumber()}: its parts, and nothing else, become a DeviceFrame.
     *
     * @param requested whether the FRAME answers a SET_INPUT
     */
    public DeviceFrame finish(Frame frame, boolean requested) {
        collect(frame.frameNumber());
        Layer layer = layers.get(frame.layerIndex());
        if (mapLayer != null && mapLayer.layerIndex() != frame.layerIndex()) {
            rejected += acceptedMaps; // maps of another layer than the FRAME names
            acceptedMaps = 0;
            maps.clear();
        } else if (mapLayer != null) {
            layer = mapLayer; // the description the maps were checked against
        }
        boolean allWhole = true;
        Map<Integer, byte[]> whole = new TreeMap<>();
        for (Map.Entry<Integer, Rows> e : maps.entrySet()) {
            if (e.getValue().whole()) {
                whole.put(e.getKey(), e.getValue().values);
            } else {
                allWhole = false;
            }
        }
        ImageChunk input = null;
        if (image != null && image.whole()) {
            input = ImageChunk.whole(imageShape.pixelFormat(), imageShape.channels(), imageShape.height(),
                    imageShape.width(), image.values);
        } else if (image != null) {
            allWhole = false;
        }
        int used = acceptedMaps + acceptedImages;
        int lost = Math.max(0, frame.partsSent() - used);
        boolean complete = allWhole && rejected == 0 && used == frame.partsSent() && frame.partsDropped() == 0;
        DeviceFrame result = new DeviceFrame(frame, layer, whole, input, lost, complete, requested);
        clear();
        collecting = -1;
        return result;
    }

    /** Parts of frames whose FRAME never came (lost or refused), discarded since this assembler was made. */
    public long partsDiscarded() {
        return discarded;
    }


    /** Starts collecting frame {@code frameNumber} unless it is the one being collected. */
    private void collect(long frameNumber) {
        if (frameNumber != collecting) {
            discarded += acceptedMaps + acceptedImages + rejected;
            clear();
            collecting = frameNumber;
        }
    }

    private void clear() {
        maps.clear();
        image = null;
        imageShape = null;
        mapLayer = null;
        acceptedMaps = 0;
        acceptedImages = 0;
        rejected = 0;
    }
}
