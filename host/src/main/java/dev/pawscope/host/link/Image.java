package dev.pawscope.host.link;

/**
 * IMAGE (board to host): rows of the input frame {@code frameNumber} ran on, sent before its
 * FRAME when CONFIG asked for {@link Protocol#OPTION_SEND_INPUT}.
 */
public record Image(long frameNumber, ImageChunk chunk) implements Message {

    public Image {
        Message.checkUnsigned("frame_number", frameNumber, 32);
        if (chunk == null) {
            throw new IllegalArgumentException("IMAGE needs an image chunk");
        }
    }

    @Override
    public MessageType type() {
        return MessageType.IMAGE;
    }

    @Override
    public byte[] payload() {
        return new PayloadWriter().u32(frameNumber).imageChunk(chunk).toByteArray();
    }

    public static Image parse(byte[] payload) {
        return PayloadReader.parse(MessageType.IMAGE, payload, r -> new Image(r.u32("frame_number"), r.imageChunk()));
    }
}
