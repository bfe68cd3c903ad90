package dev.pawscope.host.link;

/**
 * PONG (board to host): the reply to PING.
 *
 * @param token PING.token
 * @param uptimeMs milliseconds since boot, wrapping
 * @param txDropped packets the board's TX queue refused since boot
 * @param rxDropped packets the board's decoder discarded since boot
 */
public record Pong(long token, long uptimeMs, long txDropped, long rxDropped) implements Message {

    public Pong {
        Message.checkUnsigned("token", token, 32);
        Message.checkUnsigned("uptime_ms", uptimeMs, 32);
        Message.checkUnsigned("tx_dropped", txDropped, 32);
        Message.checkUnsigned("rx_dropped", rxDropped, 32);
    }

    @Override
    public MessageType type() {
        return MessageType.PONG;
    }

    @Override
    public byte[] payload() {
        return new PayloadWriter().u32(token).u32(uptimeMs).u32(txDropped).u32(rxDropped).toByteArray();
    }

    public static Pong parse(byte[] payload) {
        return PayloadReader.parse(MessageType.PONG, payload,
                r -> new Pong(r.u32("token"), r.u32("uptime_ms"), r.u32("tx_dropped"), r.u32("rx_dropped")));
    }
}
