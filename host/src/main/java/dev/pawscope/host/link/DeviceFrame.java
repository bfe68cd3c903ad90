package dev.pawscope.host.link;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One inference as the board reported it: its FRAME joined with the MAP and IMAGE packets that
 * preceded it ({@link FrameAssembler}). Immutable; arrays are copied in and out.
 *
 * <p>A frame is {@link #complete()} when every part the board queued arrived intact and fitted
 * together; otherwise channels with missing rows are absent, the input is absent unless whole,
 * and {@link #partsDropped()} (refused by the board's TX queue) and {@link #partsLost()} (sent
 * but not received intact) say why.
 */
public final class DeviceFrame implements BoardEvent {

    private final Frame frame;
    private final Layer layer;
    private final Map<Integer, byte[]> maps;
    private final ImageChunk input;
    private final int partsLost;
    private final boolean complete;
    private final boolean requested;
    /** When the FRAME, the frame's last packet, had been decoded: the start of the host's latency. */
    private final long receivedNanos = System.nanoTime();

    /**
     * @param layer the layer {@code frame.layerIndex()} names, if the link knows it (HELLO,
     *     CONFIG_ACK), else null
     * @param maps channel to its height x width int8 values, row-major; fully received channels only
     * @param input the whole input image, or null
     * @param requested whether this frame answers the host's SET_INPUT (else a camera frame)
     */
    public DeviceFrame(Frame frame, Layer layer, Map<Integer, byte[]> maps, ImageChunk input, int partsLost,
            boolean complete, boolean requested) {
        if (layer != null && layer.layerIndex() != frame.layerIndex()) {
            throw new IllegalArgumentException("FRAME names layer " + frame.layerIndex() + ", found the description of "
                    + layer.layerIndex());
        }
        if (input != null && !input.isWhole()) {
            throw new IllegalArgumentException("the input must be a whole image, found " + input);
        }
        TreeMap<Integer, byte[]> copy = new TreeMap<>();
        maps.forEach((channel, values) -> {
            if (layer == null || channel < 0 || channel >= layer.channels() || values.length != layer.mapSize()) {
                throw new IllegalArgumentException("channel " + channel + " with " + values.length
                        + " values does not fit " + (layer == null ? "an unknown layer" : layer));
            }
            copy.put(channel, values.clone());
        });
        this.frame = frame;
        this.layer = layer;
        this.maps = Collections.unmodifiableMap(copy);
        this.input = input;
        this.partsLost = partsLost;
        this.complete = complete;
        this.requested = requested;
    }

    /**
     * {@link System#nanoTime()} when this frame was assembled, i.e. right after its last byte was
     * decoded (the assembler builds it on the FRAME packet, which the board sends last).
     */
    public long receivedNanos() {
        return receivedNanos;
    }

    /** The FRAME packet as received. */
    public Frame frame() {
        return frame;
    }

    public long frameNumber() {
        return frame.frameNumber();
    }

    public long inferenceTime() {
        return frame.inferenceTime();
    }

    public TimeUnit timeUnit() {
        return frame.timeUnit();
    }

    /** The quantized scores, in label order. */
    public byte[] scores() {
        return frame.scores();
    }

    public float outputScale() {
        return frame.outputScale();
    }

    public int outputZeroPoint() {
        return frame.outputZeroPoint();
    }

    /** The scores as reals: scale x (q - zero point). */
    public float[] dequantizedScores() {
        byte[] q = frame.scores();
        float[] real = new float[q.length];
        for (int i = 0; i < q.length; i++) {
            real[i] = frame.outputScale() * (q[i] - frame.outputZeroPoint());
        }
        return real;
    }

    public int layerIndex() {
        return frame.layerIndex();
    }

    /** The streamed layer's shape and quantization, if the link knows layer {@link #layerIndex()}. */
    public Optional<Layer> layer() {
        return Optional.ofNullable(layer);
    }

    /** The channels whose maps arrived whole, ascending. */
    public SortedSet<Integer> channels() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(maps.keySet()));
    }

    public boolean hasMap(int channel) {
        return maps.containsKey(channel);
    }

    /** Channel {@code channel}'s height x width int8 values, row-major. */
    public byte[] map(int channel) {
        byte[] values = maps.get(channel);
        if (values == null) {
            throw new IllegalArgumentException("frame " + frameNumber() + " has no map for channel " + channel
                    + "; it has " + maps.keySet() + " (see channels())");
        }
        return values.clone();
    }

    /** The input the board ran on, if it sent it (CONFIG option SEND_INPUT) and all of it arrived. */
    public Optional<ImageChunk> input() {
        return Optional.ofNullable(input);
    }

    /** The bytes of information this frame delivered: its maps, its input image and its scores. */
    public long payloadBytes() {
        long bytes = frame.scores().length + (input == null ? 0 : input.data().length);
        for (byte[] map : maps.values()) {
            bytes += map.length;
        }
        return bytes;
    }

    /** MAP and IMAGE packets the board queued for this frame. */
    public int partsSent() {
        return frame.partsSent();
    }

    /** MAP and IMAGE packets of this frame the board's TX queue refused. */
    public int partsDropped() {
        return frame.partsDropped();
    }

    /** Parts the board sent that did not arrive intact (corrupted, lost, or not fitting the layer). */
    public int partsLost() {
        return partsLost;
    }

    public boolean complete() {
        return complete;
    }

    /** Whether this frame answers the host's SET_INPUT (else the board's camera produced it). */
    public boolean requested() {
        return requested;
    }

    @Override
    public String toString() {
        return "DeviceFrame[" + frameNumber() + (requested ? " (requested)" : "") + ", layer " + layerIndex()
                + ", channels " + maps.keySet() + (input != null ? ", input" : "") + ", "
                + (complete ? "complete" : "incomplete: " + partsDropped() + " dropped, " + partsLost + " lost")
                + "]";
    }
}
