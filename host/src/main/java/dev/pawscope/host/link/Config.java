package dev.pawscope.host.link;

/**
 * CONFIG (host to board): what to stream; the board answers with CONFIG_ACK or ERROR. The
 * record holds any value the wire can carry; the board checks the rest (a decimation of 0 is
 * BAD_DECIMATION, a mask bit beyond the layer's channels BAD_CHANNELS).
 *
 * @param layerIndex whose output MAP packets carry
 * @param decimation stream every Nth camera inference, N >= 1
 * @param window FRAMEs the board may send beyond the last FRAME_ACK; 0 pauses
 * @param options {@link Protocol#OPTION_SEND_INPUT}, {@link Protocol#OPTION_LAYER_TIMES}
 * @param mapEncoding the encoding the board may use for MAP data
 * @param channelMask bit c streams channel c; 0 sends no MAP
 */
public record Config(int layerIndex, int decimation, int window, int options, MapEncoding mapEncoding,
        long channelMask) implements Message {

    public Config {
        Message.checkUnsigned("layer_index", layerIndex, 16);
        Message.checkUnsigned("decimation", decimation, 16);
        Message.checkUnsigned("window", window, 16);
        Message.checkUnsigned("options", options, 8);
        if (mapEncoding == null) {
            throw new IllegalArgumentException("map_encoding is required (RAW or RLE)");
        }
    }

    public boolean sendInput() {
        return (options & Protocol.OPTION_SEND_INPUT) != 0;
    }

    @Override
    public MessageType type() {
        return MessageType.CONFIG;
    }

    @Override
    public byte[] payload() {
        return new PayloadWriter().config(this).toByteArray();
    }

    public static Config parse(byte[] payload) {
        return PayloadReader.parse(MessageType.CONFIG, payload, PayloadReader::config);
    }

    @Override
    public String toString() {
        return "Config[layer " + layerIndex + ", decimation " + decimation + ", window " + window + ", options "
                + options + ", " + mapEncoding + ", channels 0x" + Long.toHexString(channelMask) + "]";
    }
}
