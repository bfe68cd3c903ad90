package dev.pawscope.host.quant;

/** Files {@code pawscope quantize} adds to a model folder. */
public final class Int8Files {

    /** The int8 model (int8 input and output), what the board runs. */
    public static final String INT8_TFLITE = "model_int8.tflite";
    /** The float twin in TFLite's layout (NHWC). */
    public static final String FLOAT32_TFLITE = "model_float32.tflite";

    private Int8Files() {}
}
