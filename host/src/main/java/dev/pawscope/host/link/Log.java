package dev.pawscope.host.link;

/** LOG (board to host): a line of text for the user; UTF-8, at most MAX_TEXT bytes. */
public record Log(LogLevel level, String text) implements Message, BoardEvent {

    public Log {
        if (level == null) {
            throw new IllegalArgumentException("level is required");
        }
        Message.checkText("text", text);
    }

    @Override
    public MessageType type() {
        return MessageType.LOG;
    }

    @Override
    public byte[] payload() {
        return new PayloadWriter().u8(level.code()).text(text).toByteArray();
    }

    public static Log parse(byte[] payload) {
        return PayloadReader.parse(MessageType.LOG, payload, r -> new Log(LogLevel.of(r.u8("level")), r.text("text")));
    }
}
