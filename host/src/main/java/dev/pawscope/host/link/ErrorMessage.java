package dev.pawscope.host.link;

import java.util.Optional;

/**
 * ERROR (board to host): a refused request (a reply) or a runtime failure (unsolicited).
 * ({@code ErrorMessage}, not {@code Error}, so it does not hide {@link java.lang.Error}.)
 *
 * @param code an {@link ErrorCode}, or a board-specific code from {@link ErrorCode#BOARD_FIRST}
 */
public record ErrorMessage(int code, String text) implements Message, BoardEvent {

    public ErrorMessage {
        Message.checkUnsigned("code", code, 16);
        Message.checkText("text", text);
    }

    public Optional<ErrorCode> errorCode() {
        return ErrorCode.of(code);
    }

    /** e.g. {@code BAD_LAYER (0x0101): layer 12 >= layer_count 9}. */
    public String describe() {
        String name = errorCode().map(Enum::name).orElse(code >= ErrorCode.BOARD_FIRST ? "board-specific" : "unknown");
        return String.format("%s (0x%04X): %s", name, code, text);
    }

    @Override
    public MessageType type() {
        return MessageType.ERROR;
    }

    @Override
    public byte[] payload() {
        return new PayloadWriter().u16(code).text(text).toByteArray();
    }

    public static ErrorMessage parse(byte[] payload) {
        return PayloadReader.parse(MessageType.ERROR, payload, r -> new ErrorMessage(r.u16("code"), r.text("text")));
    }
}
