package dev.pawscope.host.quant;

import dev.pawscope.host.dataset.InputSpec;
import dev.pawscope.host.train.ArchitectureSpec;
import dev.pawscope.host.train.LayerSpec;
import dev.pawscope.host.train.NetworkFactory;
import dev.pawscope.host.train.Padding;
import dev.pawscope.host.train.TensorShape;
import dev.pawscope.quantize.graph.FusedActivation;
import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.GraphException;
import dev.pawscope.quantize.graph.OpOptions;
import dev.pawscope.quantize.graph.OpType;
import dev.pawscope.quantize.graph.Operator;
import dev.pawscope.quantize.graph.Tensor;
import dev.pawscope.quantize.graph.TensorType;
import dev.pawscope.quantize.interpreter.TensorData;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The float twin (a DL4J network, NCHW) as a float32 {@link Graph} in TFLite's layout (NHWC), the
 * starting point of quantization and of the float32 .tflite export.
 *
 * <p>Layout changes: conv filters {@code [C_out,C_in,KH,KW]} become {@code [C_out,KH,KW,C_in]};
 * depthwise {@code [KH,KW,C_in,M]} becomes {@code [1,KH,KW,C_in*M]}; dense {@code [in,out]}
 * becomes {@code [out,in]}, and the first dense after Flatten has its inputs reordered from DL4J's
 * channel-major flatten (CHW) to TFLite's (HWC). An activation right after a conv, pool or dense
 * is fused into it, as the TFLite converter does.
 */
public final class FloatGraphBuilder {

    private final List<Tensor> tensors = new ArrayList<>();
    private final List<Operator> operators = new ArrayList<>();

    private FloatGraphBuilder() {}

    public static Graph build(ArchitectureSpec spec, InputSpec input, int classes, MultiLayerNetwork net,
            String description) {
        return new FloatGraphBuilder().convert(spec, input, classes, net, description);
    }

    private Graph convert(ArchitectureSpec spec, InputSpec input, int classes, MultiLayerNetwork net,
            String description) {
        List<LayerSpec> layers = spec.layers();
        List<TensorShape> shapes = spec.shapes(input, classes); // shapes.get(i): the output of layer i
        int[] dl4j = dl4jLayerIndices(layers);
        TensorShape currentShape = new TensorShape(input.height(), input.width(), input.channels());
        int current = addActivation("input", currentShape);
        TensorShape flattenedFrom = null;
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec layer = layers.get(i);
            String name = NetworkFactory.name(i, layer);
            FusedActivation fused = FusedActivation.NONE;
            if (fusable(layer) && i + 1 < layers.size() && layers.get(i + 1) instanceof LayerSpec.Activation a
                    && a != LayerSpec.Activation.SOFTMAX) {
                fused = a == LayerSpec.Activation.RELU ? FusedActivation.RELU : FusedActivation.RELU6;
            }
            TensorShape outShape = shapes.get(fused == FusedActivation.NONE ? i : i + 1);
            if (layer instanceof LayerSpec.Conv2D c) {
                INDArray w = param(net, dl4j[i], "W"); // [C_out, C_in, KH, KW]
                int filter = constant(name + "/filter", new int[] {c.filters(), c.kernel(), c.kernel(),
                        currentShape.channels()}, convFilter(w));
                int bias = constant(name + "/bias", new int[] {c.filters()}, param(net, dl4j[i], "b").toFloatVector());
                current = op(OpType.CONV_2D, new int[] {current, filter, bias}, name, outShape,
                        new OpOptions.Conv2D(padding(c.padding()), c.stride(), c.stride(), fused, 1, 1));
            } else if (layer instanceof LayerSpec.DepthwiseConv2D d) {
                INDArray w = param(net, dl4j[i], "W"); // [KH, KW, C_in, M]
                int outC = currentShape.channels() * d.depthMultiplier();
                // [KH,KW,C_in,M] row-major is already [1,KH,KW,C_in*M] with channel c_in*M + m.
                int filter = constant(name + "/filter", new int[] {1, d.kernel(), d.kernel(), outC},
                        Nd4j.toFlattened('c', w).toFloatVector());
                int bias = constant(name + "/bias", new int[] {outC}, param(net, dl4j[i], "b").toFloatVector());
                current = op(OpType.DEPTHWISE_CONV_2D, new int[] {current, filter, bias}, name, outShape,
                        new OpOptions.DepthwiseConv2D(padding(d.padding()), d.stride(), d.stride(),
                                d.depthMultiplier(), fused, 1, 1));
            } else if (layer instanceof LayerSpec.MaxPool p) {
                current = op(OpType.MAX_POOL_2D, new int[] {current}, name, outShape,
                        new OpOptions.Pool2D(padding(p.padding()), p.stride(), p.stride(), p.pool(), p.pool(), fused));
            } else if (layer instanceof LayerSpec.AvgPool p) {
                current = op(OpType.AVERAGE_POOL_2D, new int[] {current}, name, outShape,
                        new OpOptions.Pool2D(padding(p.padding()), p.stride(), p.stride(), p.pool(), p.pool(), fused));
            } else if (layer instanceof LayerSpec.Flatten) {
                flattenedFrom = currentShape;
                current = op(OpType.RESHAPE, new int[] {current}, name, outShape,
                        new OpOptions.Reshape(new int[] {1, outShape.size()}));
            } else if (layer instanceof LayerSpec.Dense d) {
                INDArray w = param(net, dl4j[i], "W"); // [in, out]
                int filter = constant(name + "/weights", new int[] {d.units(), (int) w.size(0)},
                        denseWeights(w, flattenedFrom));
                flattenedFrom = null;
                int bias = constant(name + "/bias", new int[] {d.units()}, param(net, dl4j[i], "b").toFloatVector());
                current = op(OpType.FULLY_CONNECTED, new int[] {current, filter, bias}, name, outShape,
                        new OpOptions.FullyConnected(fused, false));
            } else if (layer == LayerSpec.Activation.SOFTMAX) {
                current = op(OpType.SOFTMAX, new int[] {current}, name, outShape, new OpOptions.Softmax(1f));
            } else {
                throw new GraphException("layer " + i + " " + layer.text() + " cannot be fused into the layer before"
                        + " it (TFLite fuses ReLU/ReLU6 into Conv2D, DepthwiseConv2D, pooling and Dense); move it"
                        + " right after one of those");
            }
            if (fused != FusedActivation.NONE) {
                i++; // the activation is part of this op
            }
            currentShape = outShape;
        }
        return new Graph(tensors, operators, new int[] {0}, new int[] {current}, description);
    }

    /**
     * The DL4J layer of each spec layer: Flatten has none (a preprocessor does it, -1), and the
     * final Dense and Softmax share one OutputLayer.
     */
    private static int[] dl4jLayerIndices(List<LayerSpec> layers) {
        int[] index = new int[layers.size()];
        int next = 0;
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof LayerSpec.Flatten) {
                index[i] = -1;
            } else if (i == layers.size() - 1 && layers.get(i) == LayerSpec.Activation.SOFTMAX) {
                index[i] = index[i - 1];
            } else {
                index[i] = next++;
            }
        }
        return index;
    }

    /** Adds an op and its output tensor ({@code [1,H,W,C]}, or {@code [1,N]} once flat). */
    private int op(OpType type, int[] inputs, String name, TensorShape outShape, OpOptions options) {
        int[] shape = outShape.height() == 1 && outShape.width() == 1 && flat(type)
                ? new int[] {1, outShape.channels()}
                : new int[] {1, outShape.height(), outShape.width(), outShape.channels()};
        tensors.add(Tensor.activation(name, TensorType.FLOAT32, shape, null));
        int out = tensors.size() - 1;
        operators.add(new Operator(type, inputs, new int[] {out}, options));
        return out;
    }

    private static boolean flat(OpType type) {
        return type == OpType.RESHAPE || type == OpType.FULLY_CONNECTED || type == OpType.SOFTMAX;
    }

    private static boolean fusable(LayerSpec layer) {
        return layer instanceof LayerSpec.Conv2D || layer instanceof LayerSpec.DepthwiseConv2D
                || layer instanceof LayerSpec.MaxPool || layer instanceof LayerSpec.AvgPool
                || layer instanceof LayerSpec.Dense;
    }

    /** {@code [C_out,C_in,KH,KW]} to {@code [C_out,KH,KW,C_in]}. */
    private static float[] convFilter(INDArray w) {
        return Nd4j.toFlattened('c', w.permute(0, 2, 3, 1)).toFloatVector();
    }

    /** {@code [in,out]} to {@code [out,in]}, inputs reordered CHW to HWC when right after Flatten. */
    private static float[] denseWeights(INDArray w, TensorShape flattenedFrom) {
        int in = (int) w.size(0);
        int out = (int) w.size(1);
        float[] result = new float[in * out];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                int dl4jRow = flattenedFrom == null ? i : chwIndexOfHwc(flattenedFrom, i);
                result[o * in + i] = w.getFloat(dl4jRow, o);
            }
        }
        return result;
    }

    private static int chwIndexOfHwc(TensorShape s, int hwc) {
        int c = hwc % s.channels();
        int w = (hwc / s.channels()) % s.width();
        int h = hwc / (s.channels() * s.width());
        return (c * s.height() + h) * s.width() + w;
    }

    private static INDArray param(MultiLayerNetwork net, int index, String key) {
        Layer layer = net.getLayer(index);
        INDArray p = layer.paramTable().get(key);
        if (p == null) {
            throw new GraphException("DL4J layer " + index + " (" + layer.conf().getLayer().getLayerName()
                    + ") has no parameter '" + key + "', found " + layer.paramTable().keySet()
                    + "; the float twin does not match its architecture");
        }
        return p;
    }

    private int addActivation(String name, TensorShape shape) {
        tensors.add(Tensor.activation(name, TensorType.FLOAT32,
                new int[] {1, shape.height(), shape.width(), shape.channels()}, null));
        return tensors.size() - 1;
    }

    private int constant(String name, int[] shape, float[] values) {
        tensors.add(new Tensor(name, TensorType.FLOAT32, shape, null, TensorData.fromFloats(values)));
        return tensors.size() - 1;
    }

    private static dev.pawscope.quantize.graph.Padding padding(Padding p) {
        return p == Padding.SAME ? dev.pawscope.quantize.graph.Padding.SAME : dev.pawscope.quantize.graph.Padding.VALID;
    }
}
