package dev.pawscope.host.link;

/**
 * LAYER, the block inside HELLO and CONFIG_ACK: the streamed layer, i.e. the output tensor of op
 * {@code layerIndex} (execution order), its shape and its quantization.
 *
 * @param scaleBits the IEEE-754 float32 bits of the tensor's scale (kept as bits so a message
 *     re-encodes byte for byte); see {@link #scale()}
 * @param zeroPoint real = scale * (q - zeroPoint)
 */
public record Layer(int layerIndex, int height, int width, int channels, int scaleBits, int zeroPoint) {

    public Layer {
        Message.checkUnsigned("layer_index", layerIndex, 16);
        Message.checkUnsigned("height", height, 16);
        Message.checkUnsigned("width", width, 16);
        Message.checkUnsigned("channels", channels, 16);
    }

    public float scale() {
        return Float.intBitsToFloat(scaleBits);
    }

    /** The CONFIG.channel_mask that selects every channel (at most MAX_CHANNELS of them). */
    public long allChannelsMask() {
        return channels >= Protocol.MAX_CHANNELS ? -1L : (1L << channels) - 1;
    }

    /** Values in one channel's map: height x width. */
    public int mapSize() {
        return height * width;
    }

    @Override
    public String toString() {
        return "Layer[" + layerIndex + ": " + height + "x" + width + "x" + channels + ", scale " + scale()
                + ", zero point " + zeroPoint + "]";
    }
}
