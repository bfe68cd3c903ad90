package dev.pawscope.quantize.tflite;

/**
 * A file {@link TfLiteReader} cannot turn into a graph: not a TFLite flatbuffer, truncated or
 * corrupt, or a valid model that uses something pawscope does not support (another op, another
 * tensor type, several subgraphs). The message says what was expected, what was found and what to
 * do; the CLI reports it as bad input.
 *
 * <p>Unchecked, like the project's other input errors ({@code GraphException}, {@code
 * SpecException}): callers that can do something about it catch it where they handle user input.
 */
public final class TfLiteFormatException extends RuntimeException {

    public TfLiteFormatException(String message) {
        super(message);
    }

    public TfLiteFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
