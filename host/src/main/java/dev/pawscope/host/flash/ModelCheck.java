package dev.pawscope.host.flash;

import dev.pawscope.host.cli.PawscopeException;
import dev.pawscope.host.link.BoardLink;
import dev.pawscope.host.link.Hello;
import dev.pawscope.host.link.JSerialCommTransport;
import dev.pawscope.host.quant.Int8Model;
import java.time.Duration;
import java.util.Arrays;

/**
 * The last step of every flash: connect to the board, HELLO, and compare the model hash it
 * reports with the host's int8 model. A flash counts as done only when they are equal.
 */
public final class ModelCheck {

    private ModelCheck() {}

    /**
     * @param baud the board's UART rate; 0 (USB CDC, a pseudo-terminal) uses the default
     * @return the board's HELLO, its hash equal to the model's
     */
    public static Hello verify(String port, int baud, Int8Model model, Duration timeout) {
        int rate = baud > 0 ? baud : JSerialCommTransport.DEFAULT_BAUD_RATE;
        Hello hello;
        try (BoardLink link = BoardLink.open(new JSerialCommTransport(port, rate,
                JSerialCommTransport.DEFAULT_READ_TIMEOUT, JSerialCommTransport.DEFAULT_WRITE_TIMEOUT))) {
            hello = link.handshake(timeout);
        }
        if (!Arrays.equals(hello.modelHash(), model.sha256())) {
            throw PawscopeException.io("the flash did not take: the board on " + port + " answers HELLO with model "
                    + hello.modelHashHex().substring(0, 16) + "..., the host's int8 model is "
                    + model.hashHex().substring(0, 16) + "... (SHA-256 of model_int8.tflite)",
                    "flash again; if it persists, the upload went to another board or the board did not reset "
                            + "(press reset once and run `pawscope boards`)", null);
        }
        return hello;
    }
}
