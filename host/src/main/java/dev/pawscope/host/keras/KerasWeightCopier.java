package dev.pawscope.host.keras;

import dev.pawscope.host.model.LayerInfo;
import dev.pawscope.host.train.LayerSpec;
import dev.pawscope.host.train.TensorShape;
import dev.pawscope.host.train.TrainingRun;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.List;

/**
 * Copies the weights of DL4J's import of a Keras model into pawscope's own network for the
 * mapped spec (from {@code NetworkFactory}), layer by layer:
 * <ul>
 *   <li>Conv2D kernels: DL4J keeps {@code W [C_out, C_in, KH, KW]} in both networks, copied as is;</li>
 *   <li>DepthwiseConv2D kernels: {@code W [KH, KW, C_in, multiplier]} in both, copied as is;</li>
 *   <li>Dense: {@code W [in, out]}; after a Flatten of a spatial tensor the input rows are
 *       permuted from the imported network's flatten order to ours ({@link FlattenOrder});</li>
 *   <li>biases {@code b}; a Keras layer with {@code use_bias=False} has none and gets zeros.</li>
 * </ul>
 * Every shape is checked; a mismatch is a bug here, reported as an {@link IllegalStateException}.
 */
public final class KerasWeightCopier {

    private KerasWeightCopier() {
    }

    /** Fills {@code ours} (built for {@code mapping.spec()}) with {@code imported}'s weights. */
    public static void copy(MultiLayerNetwork imported, KerasMapping mapping, MultiLayerNetwork ours) {
        List<LayerSpec> layers = mapping.spec().layers();
        List<TensorShape> shapes = mapping.spec().shapes(mapping.input(), mapping.classes());
        List<LayerInfo> infos = TrainingRun.layerInfos(mapping.spec(), shapes);
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec l = layers.get(i);
            if (!(l instanceof LayerSpec.Conv2D || l instanceof LayerSpec.DepthwiseConv2D || l instanceof LayerSpec.Dense)) {
                continue;
            }
            String what = "layer " + i + " " + l.text() + " (Keras '" + mapping.sources().get(i) + "')";
            int fromIndex = indexOf(imported, mapping.sources().get(i), what + " in DL4J's import");
            int toIndex = indexOf(ours, infos.get(i).name(), what + " in the float twin");
            Layer from = imported.getLayer(fromIndex);
            Layer to = ours.getLayer(toIndex);

            INDArray w = from.paramTable().get("W");
            if (w == null) {
                throw new IllegalStateException(what + ": expected a weight W in DL4J's import, found params "
                        + from.paramTable().keySet());
            }
            TensorShape flattened = l instanceof LayerSpec.Dense ? flattenedInput(mapping, shapes, i) : null;
            if (flattened != null && flattened.channels() > 1 && flattened.height() * flattened.width() > 1) {
                FlattenOrder source = FlattenOrder.of(imported, fromIndex);
                FlattenOrder target = FlattenOrder.of(ours, toIndex);
                if (source != target) {
                    check(what + " W rows", new long[]{flattened.size(), ((LayerSpec.Dense) l).units()}, w.shape());
                    w = w.getRows(target.rowsFrom(source, flattened));
                }
            }
            assign(to, "W", w, what);

            INDArray b = from.paramTable().get("b");
            INDArray target = param(to, "b", what);
            if (b == null) {
                target.assign(0);
            } else {
                if (b.length() != target.length()) {
                    throw new IllegalStateException(what + ": bias has " + b.length() + " values in DL4J's import,"
                            + " expected " + target.length() + " " + Arrays.toString(target.shape()));
                }
                target.assign(b.reshape(target.shape()));
            }
        }
    }

    /** The shape a Dense at {@code i} sees before Flatten, if a Flatten (and only activations) precede it. */
    private static TensorShape flattenedInput(KerasMapping mapping, List<TensorShape> shapes, int i) {
        List<LayerSpec> layers = mapping.spec().layers();
        int j = i - 1;
        while (j >= 0 && layers.get(j) instanceof LayerSpec.Activation) {
            j--;
        }
        if (j < 0 || !(layers.get(j) instanceof LayerSpec.Flatten)) {
            return null;
        }
        return j == 0 ? new TensorShape(mapping.input().height(), mapping.input().width(), mapping.input().channels())
                : shapes.get(j - 1);
    }

    private static void assign(Layer to, String key, INDArray value, String what) {
        INDArray target = param(to, key, what);
        check(what + " " + key, target.shape(), value.shape());
        target.assign(value);
    }

    private static INDArray param(Layer layer, String key, String what) {
        INDArray p = layer.paramTable().get(key);
        if (p == null) {
            throw new IllegalStateException(what + ": expected a parameter " + key + " in the float twin, found "
                    + layer.paramTable().keySet());
        }
        return p;
    }

    private static void check(String what, long[] expected, long[] found) {
        if (!Arrays.equals(expected, found)) {
            throw new IllegalStateException(what + ": expected shape " + Arrays.toString(expected) + ", found "
                    + Arrays.toString(found) + " in DL4J's import");
        }
    }

    private static int indexOf(MultiLayerNetwork net, String name, String what) {
        for (int i = 0; i < net.getnLayers(); i++) {
            if (name.equals(net.getLayer(i).conf().getLayer().getLayerName())) {
                return i;
            }
        }
        throw new IllegalStateException(what + ": expected a layer named '" + name + "', found " + net.getLayerNames());
    }
}
