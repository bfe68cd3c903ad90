package dev.pawscope.host.link;

/**
 * FRAME_ACK (host to board): the host has consumed every FRAME up to {@code frameNumber}
 * (cumulative). It returns credit: the board streams while fewer than CONFIG.window FRAMEs are
 * unacknowledged. Not a request, so never answered.
 */
public record FrameAck(long frameNumber) implements Message {

    public FrameAck {
        Message.checkUnsigned("frame_number", frameNumber, 32);
    }

    @Override
    public MessageType type() {
        return MessageType.FRAME_ACK;
    }

    @Override
    public byte[] payload() {
        return new PayloadWriter().u32(frameNumber).toByteArray();
    }

    public static FrameAck parse(byte[] payload) {
        return PayloadReader.parse(MessageType.FRAME_ACK, payload, r -> new FrameAck(r.u32("frame_number")));
    }
}
