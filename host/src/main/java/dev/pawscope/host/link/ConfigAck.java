package dev.pawscope.host.link;

/**
 * CONFIG_ACK (board to host): the CONFIG the board applied and the layer it selected.
 */
public record ConfigAck(Config config, Layer layer) implements Message {

    public ConfigAck {
        if (config == null || layer == null) {
            throw new IllegalArgumentException("CONFIG_ACK needs both its config and its layer");
        }
    }

    @Override
    public MessageType type() {
        return MessageType.CONFIG_ACK;
    }

    @Override
    public byte[] payload() {
        return new PayloadWriter().config(config).layer(layer).toByteArray();
    }

    public static ConfigAck parse(byte[] payload) {
        return PayloadReader.parse(MessageType.CONFIG_ACK, payload, r -> new ConfigAck(r.config(), r.layer()));
    }
}
