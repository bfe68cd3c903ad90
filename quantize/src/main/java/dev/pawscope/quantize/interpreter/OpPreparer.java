package dev.pawscope.quantize.interpreter;

import dev.pawscope.quantize.graph.FusedActivation;
import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.GraphException;
import dev.pawscope.quantize.graph.OpOptions;
import dev.pawscope.quantize.graph.Operator;
import dev.pawscope.quantize.graph.Quantization;
import dev.pawscope.quantize.graph.Tensor;
import dev.pawscope.quantize.graph.TensorType;
import dev.pawscope.quantize.interpreter.Interpreter.PreparedOp;
import dev.pawscope.quantize.kernels.ActivationRange;
import dev.pawscope.quantize.kernels.Conv2DKernel;
import dev.pawscope.quantize.kernels.Int8ConvPlanes;
import dev.pawscope.quantize.kernels.DepthwiseConv2DKernel;
import dev.pawscope.quantize.kernels.DoubleScale;
import dev.pawscope.quantize.kernels.FullyConnectedKernel;
import dev.pawscope.quantize.kernels.OutputMultipliers;
import dev.pawscope.quantize.kernels.Pool2DKernel;
import dev.pawscope.quantize.kernels.QuantizeKernel;
import dev.pawscope.quantize.kernels.SoftmaxFloat;
import dev.pawscope.quantize.kernels.SoftmaxInt8;
import dev.pawscope.quantize.kernels.WindowGeometry;
import java.util.Arrays;

/**
 * TFLite's {@code Prepare} step for each op: checks shapes, types and quantization, computes the
 * parameters the kernel needs, and returns the op ready to run. Every check names the op and says
 * what was expected.
 */
final class OpPreparer {

    private final Graph graph;
    private final int opIndex;
    private final Operator op;
    private final Object[] constants;

    private OpPreparer(Graph graph, int opIndex, Object[] constants) {
        this.graph = graph;
        this.opIndex = opIndex;
        this.op = graph.operators().get(opIndex);
        this.constants = constants;
    }

    static PreparedOp prepare(Graph graph, int opIndex, Object[] constants) {
        OpPreparer p = new OpPreparer(graph, opIndex, constants);
        return switch (p.op.type()) {
            case CONV_2D -> p.conv2D();
            case DEPTHWISE_CONV_2D -> p.depthwiseConv2D();
            case MAX_POOL_2D, AVERAGE_POOL_2D -> p.pool2D();
            case FULLY_CONNECTED -> p.fullyConnected();
            case RESHAPE -> p.reshape();
            case SOFTMAX -> p.softmax();
            case QUANTIZE -> p.quantize();
            case DEQUANTIZE -> p.dequantize();
        };
    }

    /** The double-precision requantization scales of an int8 FULLY_CONNECTED op, one per channel or one. */
    static DoubleScale[] fullyConnectedScales(Graph graph, int opIndex) {
        OpPreparer p = new OpPreparer(graph, opIndex, null);
        if (p.op.type() != dev.pawscope.quantize.graph.OpType.FULLY_CONNECTED) {
            throw p.fail("is not FULLY_CONNECTED");
        }
        return p.fullyConnectedScales(p.tensorAt(0), p.tensorAt(1), p.outputTensor());
    }

    private DoubleScale[] fullyConnectedScales(Tensor input, Tensor weights, Tensor output) {
        float[] weightScales = weights.quantization().scales();
        DoubleScale[] scales = new DoubleScale[weightScales.length];
        for (int c = 0; c < scales.length; c++) {
            scales[c] = DoubleScale.of(DoubleScale.effective(input.quantization().scale(), weightScales[c],
                    output.quantization().scale()));
        }
        return scales;
    }

    /** The integer parameters of an int8 conv, depthwise conv or fully connected op. */
    static Int8OpParams int8Params(Graph graph, int opIndex) {
        OpPreparer p = new OpPreparer(graph, opIndex, null);
        Tensor input = p.tensorAt(0);
        Tensor filter = p.tensorAt(1);
        Tensor output = p.outputTensor();
        if (!p.isInt8(input, filter, output)) {
            throw p.fail("is not an int8 op");
        }
        return switch (p.op.type()) {
            case CONV_2D -> p.int8Quant(input, filter, p.op.input(2), output, filter.dim(0), 0,
                    p.options(OpOptions.Conv2D.class).activation());
            case DEPTHWISE_CONV_2D -> p.int8Quant(input, filter, p.op.input(2), output, filter.dim(3), 3,
                    p.options(OpOptions.DepthwiseConv2D.class).activation());
            case FULLY_CONNECTED -> p.int8Quant(input, filter, p.op.input(2), output, filter.dim(0), 0,
                    p.options(OpOptions.FullyConnected.class).activation());
            default -> throw p.fail("has no requantization parameters (only CONV_2D, DEPTHWISE_CONV_2D and "
                    + "FULLY_CONNECTED do)");
        };
    }

    private PreparedOp conv2D() {
        OpOptions.Conv2D o = options(OpOptions.Conv2D.class);
        Tensor input = requireRank(0, 4, "[N,H,W,C_in]");
        Tensor filter = requireConstant(1, 4, "[C_out,KH,KW,C_in]");
        Tensor output = outputTensor();
        int outC = filter.dim(0);
        if (filter.dim(3) != input.dim(3)) {
            throw fail("filter has " + filter.dim(3) + " input channels " + Arrays.toString(filter.shape())
                    + ", expected " + input.dim(3) + " (the input's channels)");
        }
        WindowGeometry g = WindowGeometry.of(input.shape(), filter.dim(1), filter.dim(2), o.padding(),
                o.strideH(), o.strideW(), o.dilationH(), o.dilationW());
        requireOutputShape(new int[] {g.batches(), g.outH(), g.outW(), outC});
        int in = op.input(0);
        int biasIndex = op.input(2);
        int out = op.output();
        if (isInt8(input, filter, output)) {
            Int8OpParams q = int8Quant(input, filter, biasIndex, output, outC, 0, o.activation());
            byte[] weights = (byte[]) constants[op.input(1)];
            int[] bias = int32Bias(biasIndex, outC);
            if (Int8ConvPlanes.pays(g)) { // weights laid out once, not per run
                Int8ConvPlanes planes = new Int8ConvPlanes(g, outC, q.inputOffset(), weights, bias);
                return values -> {
                    byte[] result = new byte[output.elementCount()];
                    Conv2DKernel.requantizeAll(planes.accumulate((byte[]) values[in]), outC, q.outputZeroPoint(),
                            q.multipliers(), q.range(), result);
                    values[out] = result;
                };
            }
            return values -> {
                byte[] result = new byte[output.elementCount()];
                Conv2DKernel.int8(g, outC, q.inputOffset(), q.outputZeroPoint(), q.multipliers(), q.range(),
                        (byte[]) values[in], weights, bias, result);
                values[out] = result;
            };
        }
        requireFloat(input, filter, output);
        float[] weights = (float[]) constants[op.input(1)];
        float[] bias = float32Bias(biasIndex, outC);
        return values -> {
            float[] result = new float[output.elementCount()];
            Conv2DKernel.float32(g, outC, o.activation(), (float[]) values[in], weights, bias, result);
            values[out] = result;
        };
    }

    private PreparedOp depthwiseConv2D() {
        OpOptions.DepthwiseConv2D o = options(OpOptions.DepthwiseConv2D.class);
        Tensor input = requireRank(0, 4, "[N,H,W,C_in]");
        Tensor filter = requireConstant(1, 4, "[1,KH,KW,C_out]");
        Tensor output = outputTensor();
        int outC = filter.dim(3);
        if (filter.dim(0) != 1 || outC != input.dim(3) * o.depthMultiplier()) {
            throw fail("filter has shape " + Arrays.toString(filter.shape()) + ", expected [1,KH,KW,"
                    + input.dim(3) * o.depthMultiplier() + "] (input channels " + input.dim(3)
                    + " x depth multiplier " + o.depthMultiplier() + ")");
        }
        WindowGeometry g = WindowGeometry.of(input.shape(), filter.dim(1), filter.dim(2), o.padding(),
                o.strideH(), o.strideW(), o.dilationH(), o.dilationW());
        requireOutputShape(new int[] {g.batches(), g.outH(), g.outW(), outC});
        int in = op.input(0);
        int biasIndex = op.input(2);
        int out = op.output();
        int multiplier = o.depthMultiplier();
        if (isInt8(input, filter, output)) {
            Int8OpParams q = int8Quant(input, filter, biasIndex, output, outC, 3, o.activation());
            byte[] weights = (byte[]) constants[op.input(1)];
            int[] bias = int32Bias(biasIndex, outC);
            return values -> {
                byte[] result = new byte[output.elementCount()];
                DepthwiseConv2DKernel.int8(g, multiplier, q.inputOffset(), q.outputZeroPoint(), q.multipliers(),
                        q.range(), (byte[]) values[in], weights, bias, result);
                values[out] = result;
            };
        }
        requireFloat(input, filter, output);
        float[] weights = (float[]) constants[op.input(1)];
        float[] bias = float32Bias(biasIndex, outC);
        return values -> {
            float[] result = new float[output.elementCount()];
            DepthwiseConv2DKernel.float32(g, multiplier, o.activation(), (float[]) values[in], weights, bias,
                    result);
            values[out] = result;
        };
    }

    private PreparedOp pool2D() {
        OpOptions.Pool2D o = options(OpOptions.Pool2D.class);
        Tensor input = requireRank(0, 4, "[N,H,W,C]");
        Tensor output = outputTensor();
        WindowGeometry g = WindowGeometry.of(input.shape(), o.filterH(), o.filterW(), o.padding(),
                o.strideH(), o.strideW(), 1, 1);
        requireOutputShape(new int[] {g.batches(), g.outH(), g.outW(), g.inC()});
        boolean max = op.type() == dev.pawscope.quantize.graph.OpType.MAX_POOL_2D;
        int in = op.input(0);
        int out = op.output();
        if (isInt8(input, output)) {
            requireSameQuantization(input, output);
            Quantization oq = output.quantization();
            ActivationRange range = ActivationRange.int8(o.activation(), oq.scale(), oq.zeroPoint());
            return values -> {
                byte[] result = new byte[output.elementCount()];
                if (max) {
                    Pool2DKernel.maxInt8(g, range, (byte[]) values[in], result);
                } else {
                    Pool2DKernel.averageInt8(g, range, (byte[]) values[in], result);
                }
                values[out] = result;
            };
        }
        requireFloat(input, output);
        return values -> {
            float[] result = new float[output.elementCount()];
            if (max) {
                Pool2DKernel.maxFloat32(g, o.activation(), (float[]) values[in], result);
            } else {
                Pool2DKernel.averageFloat32(g, o.activation(), (float[]) values[in], result);
            }
            values[out] = result;
        };
    }

    private PreparedOp fullyConnected() {
        OpOptions.FullyConnected o = options(OpOptions.FullyConnected.class);
        Tensor input = tensorAt(0);
        Tensor weights = requireConstant(1, 2, "[outputs,depth]");
        Tensor output = outputTensor();
        int outputs = weights.dim(0);
        int depth = weights.dim(1);
        if (input.elementCount() % depth != 0) {
            throw fail("input has " + input.elementCount() + " values " + Arrays.toString(input.shape())
                    + ", expected a multiple of the weights' depth " + depth);
        }
        int batches = input.elementCount() / depth;
        if (output.elementCount() != batches * outputs) {
            throw fail("output has shape " + Arrays.toString(output.shape()) + ", expected " + batches + "x"
                    + outputs + " values");
        }
        int in = op.input(0);
        int biasIndex = op.input(2);
        int out = op.output();
        if (isInt8(input, weights, output)) {
            Int8OpParams q = int8Quant(input, weights, biasIndex, output, outputs, 0, o.activation());
            DoubleScale[] scales = fullyConnectedScales(input, weights, output);
            byte[] w = (byte[]) constants[op.input(1)];
            int[] bias = int32Bias(biasIndex, outputs);
            return values -> {
                byte[] result = new byte[output.elementCount()];
                FullyConnectedKernel.int8(batches, depth, outputs, q.inputOffset(), q.outputZeroPoint(),
                        scales, q.range(), (byte[]) values[in], w, bias, result);
                values[out] = result;
            };
        }
        requireFloat(input, weights, output);
        float[] w = (float[]) constants[op.input(1)];
        float[] bias = float32Bias(biasIndex, outputs);
        return values -> {
            float[] result = new float[output.elementCount()];
            FullyConnectedKernel.float32(batches, depth, outputs, o.activation(), (float[]) values[in], w, bias,
                    result);
            values[out] = result;
        };
    }

    private PreparedOp reshape() {
        Tensor input = tensorAt(0);
        Tensor output = outputTensor();
        if (input.elementCount() != output.elementCount() || input.type() != output.type()) {
            throw fail("reshapes " + input.type() + Arrays.toString(input.shape()) + " to " + output.type()
                    + Arrays.toString(output.shape()) + ", expected the same type and element count");
        }
        if (input.type() == TensorType.INT8) {
            requireSameQuantization(input, output);
        }
        int in = op.input(0);
        int out = op.output();
        return values -> values[out] = values[in] instanceof byte[] b ? b.clone() : ((float[]) values[in]).clone();
    }

    private PreparedOp softmax() {
        OpOptions.Softmax o = options(OpOptions.Softmax.class);
        Tensor input = tensorAt(0);
        Tensor output = outputTensor();
        if (!Arrays.equals(input.shape(), output.shape())) {
            throw fail("output shape " + Arrays.toString(output.shape()) + " differs from the input's "
                    + Arrays.toString(input.shape()));
        }
        int depth = input.dim(input.rank() - 1);
        int rows = input.elementCount() / depth;
        int in = op.input(0);
        int out = op.output();
        if (isInt8(input, output)) {
            Quantization oq = output.quantization();
            if (oq.scale() != SoftmaxInt8.OUTPUT_SCALE || oq.zeroPoint() != SoftmaxInt8.OUTPUT_ZERO_POINT) {
                throw fail("int8 softmax output has " + oq + ", expected scale=1/256 zp=-128 (TFLite requires it)");
            }
            SoftmaxInt8.Params params = SoftmaxInt8.prepare(o.beta(), input.quantization().scale());
            return values -> {
                byte[] result = new byte[output.elementCount()];
                SoftmaxInt8.run(params, rows, depth, (byte[]) values[in], result);
                values[out] = result;
            };
        }
        requireFloat(input, output);
        return values -> {
            float[] result = new float[output.elementCount()];
            SoftmaxFloat.run(o.beta(), rows, depth, (float[]) values[in], result);
            values[out] = result;
        };
    }

    private PreparedOp quantize() {
        Tensor input = tensorAt(0);
        Tensor output = outputTensor();
        if (input.type() != TensorType.FLOAT32 || output.type() != TensorType.INT8) {
            throw fail("quantizes " + input.type() + " to " + output.type() + ", expected FLOAT32 to INT8");
        }
        float scale = output.quantization().scale();
        int zeroPoint = output.quantization().zeroPoint();
        int in = op.input(0);
        int out = op.output();
        return values -> {
            byte[] result = new byte[output.elementCount()];
            QuantizeKernel.quantize(scale, zeroPoint, (float[]) values[in], result);
            values[out] = result;
        };
    }

    private PreparedOp dequantize() {
        Tensor input = tensorAt(0);
        Tensor output = outputTensor();
        if (input.type() != TensorType.INT8 || output.type() != TensorType.FLOAT32) {
            throw fail("dequantizes " + input.type() + " to " + output.type() + ", expected INT8 to FLOAT32");
        }
        float scale = input.quantization().scale();
        int zeroPoint = input.quantization().zeroPoint();
        int in = op.input(0);
        int out = op.output();
        return values -> {
            float[] result = new float[output.elementCount()];
            QuantizeKernel.dequantize(scale, zeroPoint, (byte[]) values[in], result);
            values[out] = result;
        };
    }

    private Int8OpParams int8Quant(Tensor input, Tensor filter, int biasIndex, Tensor output, int channels,
            int channelAxis, FusedActivation activation) {
        Quantization iq = perTensor(input, "input");
        Quantization oq = perTensor(output, "output");
        Quantization fq = filter.quantization();
        if (!fq.isPerTensor() && (fq.channels() != channels || fq.quantizedDimension() != channelAxis)) {
            throw fail("filter '" + filter.name() + "' has " + fq.channels() + " scales along dimension "
                    + fq.quantizedDimension() + ", expected " + channels + " along dimension " + channelAxis);
        }
        for (int zp : fq.zeroPoints()) {
            if (zp != 0) {
                throw fail("filter '" + filter.name() + "' has zero point " + zp
                        + ", expected 0 (int8 weights are symmetric)");
            }
        }
        if (biasIndex != -1 && graph.tensor(biasIndex).type() != TensorType.INT32) {
            throw fail("bias '" + graph.tensor(biasIndex).name() + "' is " + graph.tensor(biasIndex).type()
                    + ", expected INT32 for an int8 op");
        }
        OutputMultipliers multipliers = OutputMultipliers.of(iq.scale(), fq.scales(), oq.scale(),
                fq.isPerTensor() ? 1 : channels);
        return new Int8OpParams(-iq.zeroPoint(), oq.zeroPoint(), multipliers,
                ActivationRange.int8(activation, oq.scale(), oq.zeroPoint()));
    }

    private int[] int32Bias(int biasIndex, int channels) {
        if (biasIndex == -1) {
            return null;
        }
        Tensor bias = requireBias(biasIndex, channels);
        if (bias.type() != TensorType.INT32) {
            throw fail("bias '" + bias.name() + "' is " + bias.type() + ", expected INT32");
        }
        return (int[]) constants[biasIndex];
    }

    private float[] float32Bias(int biasIndex, int channels) {
        if (biasIndex == -1) {
            return null;
        }
        Tensor bias = requireBias(biasIndex, channels);
        if (bias.type() != TensorType.FLOAT32) {
            throw fail("bias '" + bias.name() + "' is " + bias.type() + ", expected FLOAT32");
        }
        return (float[]) constants[biasIndex];
    }

    private Tensor requireBias(int biasIndex, int channels) {
        Tensor bias = graph.tensor(biasIndex);
        if (!bias.isConstant() || bias.elementCount() != channels) {
            throw fail("bias '" + bias.name() + "' has shape " + Arrays.toString(bias.shape())
                    + (bias.isConstant() ? "" : " and no data") + ", expected a constant [" + channels + "]");
        }
        return bias;
    }

    private Quantization perTensor(Tensor t, String role) {
        if (t.quantization() == null || !t.quantization().isPerTensor()) {
            throw fail(role + " '" + t.name() + "' needs per-tensor quantization, found "
                    + (t.quantization() == null ? "none" : t.quantization()));
        }
        return t.quantization();
    }

    private void requireSameQuantization(Tensor input, Tensor output) {
        if (!perTensor(input, "input").equals(perTensor(output, "output"))) {
            throw fail("output has " + output.quantization() + ", expected the input's " + input.quantization()
                    + " (this op does not rescale)");
        }
    }

    private boolean isInt8(Tensor... tensors) {
        boolean anyInt8 = Arrays.stream(tensors).anyMatch(t -> t.type() == TensorType.INT8);
        if (anyInt8 && !Arrays.stream(tensors).allMatch(t -> t.type() == TensorType.INT8)) {
            throw fail("mixes types " + Arrays.toString(Arrays.stream(tensors).map(Tensor::type).toArray())
                    + ", expected all INT8 or all FLOAT32 (hybrid models are not supported)");
        }
        return anyInt8;
    }

    private void requireFloat(Tensor... tensors) {
        for (Tensor t : tensors) {
            if (t.type() != TensorType.FLOAT32) {
                throw fail("tensor '" + t.name() + "' is " + t.type() + ", expected FLOAT32 or INT8 throughout");
            }
        }
    }

    private <T extends OpOptions> T options(Class<T> type) {
        if (!type.isInstance(op.options())) {
            throw fail("has options " + op.options() + ", expected " + type.getSimpleName());
        }
        return type.cast(op.options());
    }

    private Tensor tensorAt(int position) {
        int index = op.input(position);
        if (index == -1) {
            throw fail("input " + position + " is missing");
        }
        return graph.tensor(index);
    }

    private Tensor requireRank(int position, int rank, String layout) {
        Tensor t = tensorAt(position);
        if (t.rank() != rank) {
            throw fail("input " + position + " '" + t.name() + "' has shape " + Arrays.toString(t.shape())
                    + ", expected " + rank + " dims " + layout);
        }
        return t;
    }

    private Tensor requireConstant(int position, int rank, String layout) {
        Tensor t = requireRank(position, rank, layout);
        if (!t.isConstant()) {
            throw fail("weights '" + t.name() + "' have no data, expected constant weights " + layout);
        }
        return t;
    }

    private Tensor outputTensor() {
        return graph.tensor(op.output());
    }

    private void requireOutputShape(int[] expected) {
        Tensor output = outputTensor();
        if (!Arrays.equals(output.shape(), expected)) {
            throw fail("output '" + output.name() + "' has shape " + Arrays.toString(output.shape()) + ", expected "
                    + Arrays.toString(expected));
        }
    }

    private GraphException fail(String detail) {
        return new GraphException(Interpreter.describe(graph, opIndex) + ": " + detail);
    }
}
