package dev.pawscope.quantize.tflite;

import static dev.pawscope.quantize.graph.TensorType.FLOAT32;
import static dev.pawscope.quantize.graph.TensorType.INT8;

import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.OpOptions;
import dev.pawscope.quantize.graph.Operator;
import dev.pawscope.quantize.graph.Quantization;
import dev.pawscope.quantize.graph.Tensor;
import dev.pawscope.quantize.graph.TensorType;

/**
 * The {@code OperatorCode.version} the TFLite converter gives an op, from the rules of
 * {@code tensorflow/lite/tools/versioning/op_version.cc} ({@code GetBuiltinOperatorVersion}, with
 * the per-channel flags of {@code op_signature.cc}), restricted to the types pawscope has.
 *
 * <p>Runtimes use the version to pick a kernel, and TFLite Micro's op resolver refuses versions it
 * does not know, so a file that says "version 1" for an int8 CONV_2D would be a different (float or
 * uint8) op to them. Summary:
 *
 * <pre>
 * op                 float32   int8 (int8 weights)   hybrid (float in, int8 weights)
 * CONV_2D            1         3                     2, 5 per-channel   (6 if grouped)
 * DEPTHWISE_CONV_2D  1 (2 dil) 3                     4, 6 per-channel
 * FULLY_CONNECTED    1         4                     3, 12 per-channel  (6 without bias, 5 keep_num_dims)
 * MAX/AVERAGE_POOL   1         2
 * SOFTMAX            1         2
 * RESHAPE            1         1
 * QUANTIZE           1 (3 when the output is per-channel)
 * DEQUANTIZE         1 from float16/float32, 2 from int8 (5 per-channel)
 * </pre>
 */
final class OpVersions {

    private OpVersions() {}

    static int of(Graph graph, Operator op) {
        TensorType input = type(graph, op.input(0));
        TensorType weights = type(graph, op.input(1));
        TensorType output = graph.tensor(op.output()).type();
        boolean int8 = input == INT8 && weights == INT8 && output == INT8;
        boolean hybrid = input == FLOAT32 && weights == INT8 && output == FLOAT32;
        return switch (op.type()) {
            case CONV_2D -> {
                Tensor filter = graph.tensor(op.input(1));
                if (isGrouped(graph.tensor(op.input(0)), filter)) {
                    yield 6;
                }
                yield int8 ? 3 : hybrid ? (scaleCount(filter) == filter.dim(0) ? 5 : 2) : 1;
            }
            case DEPTHWISE_CONV_2D -> {
                Tensor filter = graph.tensor(op.input(1));
                OpOptions.DepthwiseConv2D o = (OpOptions.DepthwiseConv2D) op.options();
                if (hybrid) {
                    yield scaleCount(filter) == filter.dim(3) ? 6 : 4;
                }
                yield int8 ? 3 : o.dilationW() != 1 || o.dilationH() != 1 ? 2 : 1;
            }
            case FULLY_CONNECTED -> {
                OpOptions.FullyConnected o = (OpOptions.FullyConnected) op.options();
                if (hybrid && scaleCount(graph.tensor(op.input(1))) > 1) {
                    yield 12;
                }
                yield op.inputs().length == 2 ? 6 : o.keepNumDims() ? 5 : int8 ? 4 : hybrid ? 3 : 1;
            }
            case MAX_POOL_2D, AVERAGE_POOL_2D, SOFTMAX -> input == INT8 ? 2 : 1;
            case RESHAPE -> 1;
            case QUANTIZE -> isPerChannel(graph.tensor(op.output())) ? 3 : 1;
            case DEQUANTIZE -> input == INT8 ? (isPerChannel(graph.tensor(op.input(0))) ? 5 : 2) : 1;
        };
    }

    private static TensorType type(Graph graph, int index) {
        return index < 0 ? null : graph.tensor(index).type();
    }

    /** op_signature.cc: a CONV_2D whose filter has fewer input channels than the input. */
    private static boolean isGrouped(Tensor input, Tensor filter) {
        return input.rank() == 4 && filter.rank() == 4 && input.dim(3) != filter.dim(3);
    }

    private static int scaleCount(Tensor tensor) {
        return tensor.quantization() == null ? 0 : tensor.quantization().channels();
    }

    /** op_signature.cc for QUANTIZE and DEQUANTIZE: more than one scale, one per slice of the quantized dimension. */
    private static boolean isPerChannel(Tensor tensor) {
        Quantization q = tensor.quantization();
        return q != null && q.channels() > 1 && q.quantizedDimension() < tensor.rank()
                && q.channels() == tensor.dim(q.quantizedDimension());
    }
}
