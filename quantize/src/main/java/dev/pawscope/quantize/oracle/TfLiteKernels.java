package dev.pawscope.quantize.oracle;

/** Which TensorFlow Lite kernels the {@link TfLiteOracle} harness registers for every op. */
public enum TfLiteKernels {
    /**
     * TFLite's reference kernels ({@code tflite::ops::builtin::Register_*_REF}, and the only
     * RESHAPE kernel): plain scalar code, the arithmetic pawscope's int8 interpreter and C kernels
     * must match byte for byte. This is the bit-exactness oracle.
     */
    REFERENCE("reference"),
    /**
     * TFLite's ordinary builtin kernels ({@code Register_CONV_2D()} etc.: the optimized ones that
     * {@code BuiltinOpResolver} hands out, without the XNNPACK delegate). They may differ from
     * {@link #REFERENCE} by ±1 LSB on int8 ops.
     */
    DEFAULT("default");

    private final String harnessMode;

    TfLiteKernels(String harnessMode) {
        this.harnessMode = harnessMode;
    }

    /** The MODE argument of {@code tflite_oracle}. */
    public String harnessMode() {
        return harnessMode;
    }
}
