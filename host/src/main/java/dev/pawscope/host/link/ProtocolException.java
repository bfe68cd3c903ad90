package dev.pawscope.host.link;

/**
 * A CRC-valid packet whose content breaks the protocol: a payload shorter than its fields, a
 * count above its limit, a field outside its range ({@code PS_PROTO_E_MALFORMED} in C).
 */
public final class ProtocolException extends RuntimeException {

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
