package dev.pawscope.host.link;

/**
 * SET_INPUT (host to board): rows of an image for the model to run on. Rows must arrive in order
 * from row 0; the board answers every chunk but the last with INPUT_ACK, and the last with the
 * FRAME of the inference (after its MAP and IMAGE packets).
 */
public record SetInput(ImageChunk chunk) implements Message {

    public SetInput {
        if (chunk == null) {
            throw new IllegalArgumentException("SET_INPUT needs an image chunk");
        }
    }

    @Override
    public MessageType type() {
        return MessageType.SET_INPUT;
    }

    @Override
    public byte[] payload() {
        return new PayloadWriter().imageChunk(chunk).toByteArray();
    }

    public static SetInput parse(byte[] payload) {
        return PayloadReader.parse(MessageType.SET_INPUT, payload, r -> new SetInput(r.imageChunk()));
    }
}
