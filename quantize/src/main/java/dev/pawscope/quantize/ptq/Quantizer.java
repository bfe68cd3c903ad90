package dev.pawscope.quantize.ptq;

import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.GraphException;
import dev.pawscope.quantize.graph.Operator;
import dev.pawscope.quantize.graph.Quantization;
import dev.pawscope.quantize.graph.Tensor;
import dev.pawscope.quantize.graph.TensorType;
import dev.pawscope.quantize.kernels.SoftmaxInt8;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Post-training quantization of a float32 graph to a fully int8 graph with the same ops, tensors
 * and order (op {@code i} of one is op {@code i} of the other), the TFLite way:
 *
 * <ul>
 *   <li>int8 input and output, no QUANTIZE/DEQUANTIZE ops (the board feeds int8 pixels);
 *   <li>weights symmetric int8 per output channel (CONV_2D, FULLY_CONNECTED along axis 0,
 *       DEPTHWISE_CONV_2D along axis 3), biases int32 with scale {@code inputScale *
 *       weightScale[c]};
 *   <li>activations asymmetric int8 per tensor from the calibrated ranges; fused ReLU/ReLU6 stay
 *       fused and become clamps;
 *   <li>MAX_POOL_2D, AVERAGE_POOL_2D and RESHAPE keep their input's parameters (they do not
 *       rescale); SOFTMAX outputs scale 1/256, zero point -128, as TFLite requires.
 * </ul>
 */
public final class Quantizer {

    private Quantizer() {}

    /**
     * @param ranges from {@link Calibrator#calibrate}: the graph input and every op output
     */
    public static Graph quantize(Graph floatGraph, Map<Integer, TensorRange> ranges, String description) {
        List<Tensor> source = floatGraph.tensors();
        Tensor[] result = new Tensor[source.size()];
        int input = floatGraph.inputs()[0];
        result[input] = activation(source.get(input), quantizationFor(ranges, input, source.get(input)));
        for (int i = 0; i < floatGraph.operators().size(); i++) {
            Operator op = floatGraph.operators().get(i);
            int in = op.input(0);
            if (result[in] == null) {
                throw new GraphException("op " + i + " (" + op.type() + ") reads tensor '" + source.get(in).name()
                        + "' before any op writes it; ops must be in execution order");
            }
            Quantization inputQ = result[in].quantization();
            int out = op.output();
            Tensor outFloat = source.get(out);
            switch (op.type()) {
                case CONV_2D, FULLY_CONNECTED -> {
                    quantizeWeights(source, result, op, 0, inputQ);
                    result[out] = activation(outFloat, quantizationFor(ranges, out, outFloat));
                }
                case DEPTHWISE_CONV_2D -> {
                    quantizeWeights(source, result, op, 3, inputQ);
                    result[out] = activation(outFloat, quantizationFor(ranges, out, outFloat));
                }
                case MAX_POOL_2D, AVERAGE_POOL_2D -> result[out] = activation(outFloat, inputQ);
                case RESHAPE -> {
                    result[out] = activation(outFloat, inputQ);
                    int shape = op.input(1);
                    if (shape != -1) {
                        result[shape] = source.get(shape); // the INT32 target shape stays as it is
                    }
                }
                case SOFTMAX -> result[out] = activation(outFloat,
                        Quantization.perTensor(SoftmaxInt8.OUTPUT_SCALE, SoftmaxInt8.OUTPUT_ZERO_POINT));
                case QUANTIZE, DEQUANTIZE -> throw new GraphException("op " + i + " is " + op.type()
                        + ": the float model to quantize must be float32 throughout");
            }
        }
        List<Tensor> tensors = new ArrayList<>();
        for (int t = 0; t < result.length; t++) {
            if (result[t] == null) {
                throw new GraphException("tensor " + t + " ('" + source.get(t).name()
                        + "') is not used by any op; remove it before quantizing");
            }
            tensors.add(result[t]);
        }
        return new Graph(tensors, floatGraph.operators(), floatGraph.inputs(), floatGraph.outputs(), description);
    }

    private static void quantizeWeights(List<Tensor> source, Tensor[] result, Operator op, int channelAxis,
            Quantization inputQ) {
        Tensor weights = WeightQuantizer.weights(requireFloatConstant(source, op, 1), channelAxis);
        result[op.input(1)] = weights;
        int bias = op.input(2);
        if (bias != -1) {
            result[bias] = WeightQuantizer.bias(requireFloatConstant(source, op, 2), inputQ.scale(),
                    weights.quantization());
        }
    }

    private static Tensor requireFloatConstant(List<Tensor> source, Operator op, int position) {
        Tensor t = source.get(op.input(position));
        if (!t.isConstant() || t.type() != TensorType.FLOAT32) {
            throw new GraphException(op.type() + " input " + position + " '" + t.name() + "' is "
                    + (t.isConstant() ? t.type().toString() : "not a constant") + ", expected FLOAT32 constant weights");
        }
        return t;
    }

    private static Quantization quantizationFor(Map<Integer, TensorRange> ranges, int tensor, Tensor t) {
        TensorRange range = ranges.get(tensor);
        if (range == null) {
            throw new GraphException("no calibrated range for tensor " + tensor + " ('" + t.name()
                    + "'); calibrate the same graph first");
        }
        return ActivationQuantization.forRange(range.min(), range.max());
    }

    private static Tensor activation(Tensor floatTensor, Quantization q) {
        if (floatTensor.type() != TensorType.FLOAT32 || floatTensor.isConstant()) {
            throw new GraphException("tensor '" + floatTensor.name() + "' is " + floatTensor.type()
                    + (floatTensor.isConstant() ? " constant" : "") + " " + Arrays.toString(floatTensor.shape())
                    + ", expected a FLOAT32 activation");
        }
        return Tensor.activation(floatTensor.name(), TensorType.INT8, floatTensor.shape(), q);
    }
}
