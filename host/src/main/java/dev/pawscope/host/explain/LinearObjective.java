package dev.pawscope.host.explain;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * A DL4J "loss" that is the objective itself: {@code sum(labels * output)}, with the labels as
 * weights. Never used to train: it lets {@link LayerObjective} ask DL4J's backprop for the gradient of
 * a weighted sum of one layer's outputs (a filter's mean activation, a class's pre-softmax score),
 * because {@code calculateGradients} returns the input epsilon dL/dx, which is then d objective / dx
 * with no sign to flip. Epsilons inside the network are d objective / d activation too, which
 * {@link GuidedRelu} relies on.
 */
final class LinearObjective implements ILossFunction {

    private static final long serialVersionUID = 1L;

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
            boolean average) {
        double sum = computeScoreArray(labels, preOutput, activationFn, mask).sumNumber().doubleValue();
        return average ? sum / labels.size(0) : sum;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn,
            INDArray mask) {
        INDArray weighted = activationFn.getActivation(preOutput.dup(), false).muli(labels);
        if (mask != null) {
            weighted.muliColumnVector(mask.reshape(mask.length(), 1).castTo(weighted.dataType()));
        }
        return weighted.sum(1);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray gradient = activationFn.backprop(preOutput.dup(), labels.castTo(preOutput.dataType()).dup())
                .getFirst();
        if (mask != null) {
            gradient.muliColumnVector(mask.reshape(mask.length(), 1).castTo(gradient.dataType()));
        }
        return gradient;
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
            IActivation activationFn, INDArray mask, boolean average) {
        return Pair.of(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public String name() {
        return "LinearObjective";
    }

    @Override
    public String toString() {
        return name();
    }
}
