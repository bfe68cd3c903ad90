package dev.pawscope.host.link;

import java.nio.charset.StandardCharsets;

/**
 * A protocol message: the fields of one packet's payload. Every message encodes its payload
 * ({@link #payload()}) and has a static {@code parse(byte[] payload)}; {@link Packet#of} and
 * {@link #parse(Packet)} add and remove the header. Messages are immutable and validate their
 * fields' wire ranges on construction.
 */
public sealed interface Message
        permits Ping, HelloRequest, Config, SetInput, FrameAck, Pong, Hello, ConfigAck, InputAck, Frame, MapChunk,
        Image, Log, ErrorMessage {

    MessageType type();

    /** The payload bytes, fields in wire order. */
    byte[] payload();

    /**
     * The message a packet carries.
     *
     * @throws ProtocolException for a reserved or vendor type, a payload shorter than its fields,
     *     or a field outside its range; bytes after the last known field are ignored
     */
    static Message parse(Packet packet) {
        MessageType type = packet.messageType().orElseThrow(() -> new ProtocolException(String.format(
                "message type 0x%02X is not one this codec knows (protocol %d.%d)", packet.type(),
                Protocol.VERSION_MAJOR, Protocol.VERSION_MINOR)));
        byte[] payload = packet.payload();
        return switch (type) {
            case PING -> Ping.parse(payload);
            case HELLO_REQUEST -> HelloRequest.parse(payload);
            case CONFIG -> Config.parse(payload);
            case SET_INPUT -> SetInput.parse(payload);
            case FRAME_ACK -> FrameAck.parse(payload);
            case PONG -> Pong.parse(payload);
            case HELLO -> Hello.parse(payload);
            case CONFIG_ACK -> ConfigAck.parse(payload);
            case INPUT_ACK -> InputAck.parse(payload);
            case FRAME -> Frame.parse(payload);
            case MAP -> MapChunk.parse(payload);
            case IMAGE -> Image.parse(payload);
            case LOG -> Log.parse(payload);
            case ERROR -> ErrorMessage.parse(payload);
        };
    }

    /** Checks that an unsigned field fits its wire width. */
    static void checkUnsigned(String field, long value, int bits) {
        long max = (1L << bits) - 1;
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(field + " is a u" + bits + ", so in [0, " + max + "], found " + value);
        }
    }

    /** Checks that a text fits its u8 length prefix. */
    static void checkText(String field, String text) {
        int length = text.getBytes(StandardCharsets.UTF_8).length;
        if (length > Protocol.MAX_TEXT) {
            throw new IllegalArgumentException(field + " is " + length + " UTF-8 bytes, at most MAX_TEXT ("
                    + Protocol.MAX_TEXT + ") fit");
        }
    }
}
