package dev.pawscope.host.link;

/** PING (host to board): checks the link; PONG echoes the token. */
public record Ping(long token) implements Message {

    public Ping {
        Message.checkUnsigned("token", token, 32);
    }

    @Override
    public MessageType type() {
        return MessageType.PING;
    }

    @Override
    public byte[] payload() {
        return new PayloadWriter().u32(token).toByteArray();
    }

    public static Ping parse(byte[] payload) {
        return PayloadReader.parse(MessageType.PING, payload, r -> new Ping(r.u32("token")));
    }
}
