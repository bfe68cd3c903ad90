package dev.pawscope.quantize.graph;

/**
 * A graph pawscope cannot run or convert: an unsupported op or type, or shapes and quantization
 * parameters that do not fit together. The message names the op and tensor, what was expected and
 * what was found.
 */
public class GraphException extends IllegalArgumentException {

    public GraphException(String message) {
        super(message);
    }
}
