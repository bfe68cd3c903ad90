package dev.pawscope.host.link;

/**
 * INPUT_ACK (board to host): the reply to a SET_INPUT chunk that is not the image's last.
 *
 * @param rowsReceived rows 0..rowsReceived-1 of the image are on the board
 */
public record InputAck(int rowsReceived, int height) implements Message {

    public InputAck {
        Message.checkUnsigned("rows_received", rowsReceived, 16);
        Message.checkUnsigned("height", height, 16);
    }

    @Override
    public MessageType type() {
        return MessageType.INPUT_ACK;
    }

    @Override
    public byte[] payload() {
        return new PayloadWriter().u16(rowsReceived).u16(height).toByteArray();
    }

    public static InputAck parse(byte[] payload) {
        return PayloadReader.parse(MessageType.INPUT_ACK, payload,
                r -> new InputAck(r.u16("rows_received"), r.u16("height")));
    }
}
