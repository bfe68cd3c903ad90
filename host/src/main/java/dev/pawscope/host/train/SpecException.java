package dev.pawscope.host.train;

/** A model spec that cannot be parsed or whose shapes do not work out. */
public final class SpecException extends RuntimeException {
    public SpecException(String message) {
        super(message);
    }
}
