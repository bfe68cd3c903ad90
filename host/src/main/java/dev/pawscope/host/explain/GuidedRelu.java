package dev.pawscope.host.explain;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * ReLU (or ReLU6, with a {@code cap}) whose backward pass is guided backpropagation's
 * (Springenberg et al., 2014): the gradient passes only where the forward input is positive (and
 * below the cap) <em>and</em> the incoming gradient is positive. The forward pass is the plain
 * activation, so the network computes what the float twin computes.
 *
 * <p>"Positive incoming gradient" means d objective / d output &gt; 0: that is DL4J's epsilon here
 * because {@link LinearObjective} makes the loss the objective itself (no sign flip).
 */
final class GuidedRelu extends BaseActivationFunction {

    private static final long serialVersionUID = 1L;

    /** The upper clip (6 for ReLU6), or null for a plain ReLU. */
    private final Double cap;

    GuidedRelu(Double cap) {
        this.cap = cap;
    }

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        Transforms.relu(in, false);
        return cap == null ? in : Transforms.min(in, cap, false);
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        // the mask is the same whether `in` holds the pre-activation or (after an in-place forward)
        // the activation: relu(z) > 0 iff z > 0, and relu6(z) < 6 iff z < 6
        INDArray open = in.gt(0.0).castTo(epsilon.dataType()).muli(epsilon.gt(0.0).castTo(epsilon.dataType()));
        if (cap != null) {
            open.muli(in.lt(cap).castTo(epsilon.dataType()));
        }
        return Pair.of(epsilon.mul(open), null);
    }

    @Override
    public String toString() {
        return cap == null ? "guided relu" : "guided relu" + cap.intValue();
    }
}
