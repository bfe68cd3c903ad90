package dev.pawscope.quantize.tflite;

import static dev.pawscope.quantize.tflite.TfLiteSchema.*;

import dev.pawscope.quantize.graph.FusedActivation;
import dev.pawscope.quantize.graph.OpOptions;
import dev.pawscope.quantize.graph.OpType;
import dev.pawscope.quantize.graph.Padding;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Turns an operator's {@code builtin_options} union into an {@link OpOptions} record, with the
 * schema's defaults for absent fields.
 *
 * <p>Options a kernel cannot do without (CONV_2D, DEPTHWISE_CONV_2D, the pools, SOFTMAX) must be
 * present: TFLite would run such an op with strides of 0. FULLY_CONNECTED without options means
 * the defaults, as in TFLite. RESHAPE's options are optional (the shape may come from an input),
 * and QUANTIZE/DEQUANTIZE have none worth reading.
 */
final class OptionsReader {

    private final String op;
    private final int unionType;
    private final OptionsTable table;
    private final int impliedDepthMultiplier;

    private OptionsReader(String op, OperatorTable operator, int impliedDepthMultiplier) {
        this.op = op;
        this.impliedDepthMultiplier = impliedDepthMultiplier;
        this.unionType = operator.builtinOptionsType();
        this.table = unionType == OPTIONS_NONE ? null : operator.builtinOptions();
        if (unionType != OPTIONS_NONE && table == null) {
            throw new TfLiteFormatException(op + " says its builtin options are union member " + unionType
                    + " but has no options table, expected both or neither; the file is damaged: export it again");
        }
    }

    /**
     * The options of an op of {@code type}; for RESHAPE, {@code new_shape} as a {@link
     * OpOptions.Reshape}, or null when the op has no ReshapeOptions (the caller then needs the shape input).
     *
     * @param op the op for messages, e.g. "op 2 (CONV_2D)"
     * @param impliedDepthMultiplier for DEPTHWISE_CONV_2D: output channels / input channels, used
     *     when the file's {@code depth_multiplier} is missing or not positive
     */
    static OpOptions read(OpType type, String op, OperatorTable operator, int impliedDepthMultiplier) {
        OptionsReader r = new OptionsReader(op, operator, impliedDepthMultiplier);
        return switch (type) {
            case CONV_2D -> r.conv2D();
            case DEPTHWISE_CONV_2D -> r.depthwiseConv2D();
            case MAX_POOL_2D, AVERAGE_POOL_2D -> r.pool2D();
            case FULLY_CONNECTED -> r.fullyConnected();
            case SOFTMAX -> r.softmax();
            case RESHAPE -> r.reshape();
            case QUANTIZE -> r.none(OPTIONS_QUANTIZE);
            case DEQUANTIZE -> r.none(OPTIONS_DEQUANTIZE);
        };
    }

    private OpOptions conv2D() {
        require(OPTIONS_CONV_2D, "Conv2DOptions");
        return build(() -> new OpOptions.Conv2D(padding(CONV_PADDING),
                table.intField(CONV_STRIDE_W, "stride_w", 0), table.intField(CONV_STRIDE_H, "stride_h", 0),
                activation(CONV_ACTIVATION),
                table.intField(CONV_DILATION_W, "dilation_w_factor", DEFAULT_DILATION),
                table.intField(CONV_DILATION_H, "dilation_h_factor", DEFAULT_DILATION)));
    }

    /**
     * A depth multiplier of 0 or less is taken from the shapes instead: TensorFlow 2.1+ kernels
     * ignore the field (schema.fbs calls it redundant), so writers need not fill it in.
     */
    private OpOptions depthwiseConv2D() {
        require(OPTIONS_DEPTHWISE_CONV_2D, "DepthwiseConv2DOptions");
        int stored = table.intField(DW_DEPTH_MULTIPLIER, "depth_multiplier", 0);
        int multiplier = stored > 0 ? stored : impliedDepthMultiplier;
        return build(() -> new OpOptions.DepthwiseConv2D(padding(DW_PADDING),
                table.intField(DW_STRIDE_W, "stride_w", 0), table.intField(DW_STRIDE_H, "stride_h", 0),
                multiplier, activation(DW_ACTIVATION),
                table.intField(DW_DILATION_W, "dilation_w_factor", DEFAULT_DILATION),
                table.intField(DW_DILATION_H, "dilation_h_factor", DEFAULT_DILATION)));
    }

    private OpOptions pool2D() {
        require(OPTIONS_POOL_2D, "Pool2DOptions");
        return build(() -> new OpOptions.Pool2D(padding(POOL_PADDING),
                table.intField(POOL_STRIDE_W, "stride_w", 0), table.intField(POOL_STRIDE_H, "stride_h", 0),
                table.intField(POOL_FILTER_W, "filter_width", 0), table.intField(POOL_FILTER_H, "filter_height", 0),
                activation(POOL_ACTIVATION)));
    }

    private OpOptions fullyConnected() {
        if (unionType == OPTIONS_NONE) {
            return new OpOptions.FullyConnected(FusedActivation.NONE, false);
        }
        require(OPTIONS_FULLY_CONNECTED, "FullyConnectedOptions");
        int format = table.byteField(FC_WEIGHTS_FORMAT, "weights_format");
        if (format != 0) {
            throw new TfLiteFormatException(op + " has weights_format " + format + (format == 1 ? " (SHUFFLED4x16INT8)" : "")
                    + ", expected 0 (DEFAULT): shuffled weights are an optimisation for one ARM kernel; convert"
                    + " the model without it");
        }
        return new OpOptions.FullyConnected(activation(FC_ACTIVATION), table.boolField(FC_KEEP_NUM_DIMS, "keep_num_dims"));
    }

    private OpOptions softmax() {
        require(OPTIONS_SOFTMAX, "SoftmaxOptions");
        return new OpOptions.Softmax(table.floatField(SOFTMAX_BETA, "beta"));
    }

    private OpOptions reshape() {
        if (unionType == OPTIONS_NONE) {
            return null;
        }
        require(OPTIONS_RESHAPE, "ReshapeOptions");
        int[] newShape = table.intArrayField(RESHAPE_NEW_SHAPE, "new_shape");
        return newShape == null ? null : new OpOptions.Reshape(newShape);
    }

    /** QUANTIZE and DEQUANTIZE: the converter writes no options; an empty options table of the op's own kind is fine too. */
    private OpOptions none(int ownOptions) {
        if (unionType != OPTIONS_NONE && unionType != ownOptions) {
            throw wrongOptions(ownOptions, ownOptions == OPTIONS_QUANTIZE ? "QuantizeOptions" : "DequantizeOptions");
        }
        return new OpOptions.None();
    }

    private void require(int expected, String name) {
        if (unionType == OPTIONS_NONE) {
            throw new TfLiteFormatException(op + " has no builtin options, expected " + name
                    + " (its strides, padding and activation); the file was not written by a TFLite converter:"
                    + " export it again with tf.lite.TFLiteConverter");
        }
        if (unionType != expected) {
            throw wrongOptions(expected, name);
        }
    }

    private TfLiteFormatException wrongOptions(int expected, String name) {
        return new TfLiteFormatException(op + " has builtin options of union member " + unionType + ", expected "
                + name + " (member " + expected + "); the file mixes up ops and options: export it again");
    }

    private Padding padding(int fieldId) {
        int code = table.byteField(fieldId, "padding");
        if (code != Padding.SAME.code() && code != Padding.VALID.code()) {
            throw new TfLiteFormatException(op + " has padding " + code + ", expected 0 (SAME) or 1 (VALID);"
                    + " the file is damaged or from a newer schema");
        }
        return Padding.fromCode(code);
    }

    private FusedActivation activation(int fieldId) {
        int code = table.byteField(fieldId, "fused_activation_function");
        return FusedActivation.fromCode(code).orElseThrow(() -> new TfLiteFormatException(op
                + " has the fused activation " + SchemaNames.activation(code) + " (" + code + "); pawscope supports "
                + Arrays.stream(FusedActivation.values()).map(Enum::name).collect(Collectors.joining(", "))
                + ": use one of those after the layer"));
    }

    private OpOptions build(Supplier<OpOptions> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            throw new TfLiteFormatException(op + " has options that cannot be right: " + e.getMessage()
                    + "; the file is damaged or was not written by a TFLite converter: export it again", e);
        }
    }
}
