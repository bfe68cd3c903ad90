package dev.pawscope.host.link;

/** HELLO_REQUEST (host to board): the host's protocol version; the board answers with HELLO. */
public record HelloRequest(int protocolMajor, int protocolMinor) implements Message {

    public HelloRequest {
        Message.checkUnsigned("protocol_major", protocolMajor, 8);
        Message.checkUnsigned("protocol_minor", protocolMinor, 8);
    }

    /** The request this codec sends: its own protocol version. */
    public static HelloRequest current() {
        return new HelloRequest(Protocol.VERSION_MAJOR, Protocol.VERSION_MINOR);
    }

    @Override
    public MessageType type() {
        return MessageType.HELLO_REQUEST;
    }

    @Override
    public byte[] payload() {
        return new PayloadWriter().u8(protocolMajor).u8(protocolMinor).toByteArray();
    }

    public static HelloRequest parse(byte[] payload) {
        return PayloadReader.parse(MessageType.HELLO_REQUEST, payload,
                r -> new HelloRequest(r.u8("protocol_major"), r.u8("protocol_minor")));
    }
}
