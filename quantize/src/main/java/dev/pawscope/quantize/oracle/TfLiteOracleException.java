package dev.pawscope.quantize.oracle;

/**
 * The TensorFlow Lite oracle could not give an answer: wrong platform, no C compiler, the harness
 * did not build, or the harness rejected the model or input (its stderr is in the message).
 */
public class TfLiteOracleException extends RuntimeException {

    public TfLiteOracleException(String message) {
        super(message);
    }

    public TfLiteOracleException(String message, Throwable cause) {
        super(message, cause);
    }
}
