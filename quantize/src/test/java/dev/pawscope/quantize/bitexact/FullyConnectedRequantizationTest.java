package dev.pawscope.quantize.bitexact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pawscope.quantize.FixedPoint;
import dev.pawscope.quantize.QuantizedMultiplier;
import dev.pawscope.quantize.graph.FusedActivation;
import dev.pawscope.quantize.graph.Graph;
import dev.pawscope.quantize.graph.OpOptions;
import dev.pawscope.quantize.graph.OpType;
import dev.pawscope.quantize.graph.Operator;
import dev.pawscope.quantize.graph.Quantization;
import dev.pawscope.quantize.graph.Tensor;
import dev.pawscope.quantize.graph.TensorType;
import dev.pawscope.quantize.interpreter.Interpreter;
import dev.pawscope.quantize.interpreter.TensorData;
import dev.pawscope.quantize.kernels.DoubleScale;
import dev.pawscope.quantize.oracle.TfLiteOracle;
import dev.pawscope.quantize.tflite.TfLiteWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * TFLite's reference FULLY_CONNECTED requantizes in double precision, not with the fixed-point
 * multiplier CONV_2D uses. This case (scales from a trained pawnet's last layer) sits where the two
 * disagree: the exact value is -4.49937, the fixed-point path's double rounding gives -5, the
 * double product rounds to -4.
 */
class FullyConnectedRequantizationTest {

    static final float INPUT_SCALE = Float.intBitsToFloat(1039806482);   // 0.122162
    static final float WEIGHT_SCALE = Float.intBitsToFloat(998632837);   // 0.0040871524
    static final float OUTPUT_SCALE = Float.intBitsToFloat(1043237468);  // 0.17044967
    static final int ACCUMULATOR = -1536;

    @Test
    void theFixedPointAndDoublePathsDisagreeHere() {
        double effective = DoubleScale.effective(INPUT_SCALE, WEIGHT_SCALE, OUTPUT_SCALE);
        QuantizedMultiplier q = FixedPoint.quantizeMultiplier(effective);
        assertEquals(-5, FixedPoint.multiplyByQuantizedMultiplier(ACCUMULATOR, q));
        assertEquals(-4, DoubleScale.of(effective).multiply(ACCUMULATOR));
    }

    @Test
    void theInterpreterAndTfLiteBothUseTheDoubleProduct() {
        for (boolean perChannel : new boolean[] {false, true}) {
            Graph g = fullyConnected(perChannel);
            byte[] input = {0};
            byte[] ours = new Interpreter(g).run(input).int8(3);
            assertEquals(-4 + 10, ours[0], "per-channel " + perChannel);
            assumeTrue(TfLiteOracle.isSupportedPlatform(), "the TFLite oracle runs on linux-x86_64 only");
            byte[] theirs = TfLiteOracle.reference().run(TfLiteWriter.write(g), input).get(0);
            assertEquals(theirs[0], ours[0], "per-channel " + perChannel);
        }
    }

    @Test
    void aDoubleSplitsExactlyIntoSignificandAndExponent() {
        for (double d : new double[] {1.0, 0.5, 0.0029292797, 1e-9, 123456.789, Double.MIN_NORMAL}) {
            DoubleScale s = DoubleScale.of(d);
            assertEquals(d, s.value());
        }
        assertEquals(new DoubleScale(0, 0), DoubleScale.of(0));
    }

    /** input [1,1] zp 0 -> FC with weight 1, bias -1536 -> output zp 10. */
    private static Graph fullyConnected(boolean perChannel) {
        Quantization weights = perChannel ? new Quantization(new float[] {WEIGHT_SCALE}, new int[] {0}, 0)
                : Quantization.perTensor(WEIGHT_SCALE, 0);
        List<Tensor> tensors = List.of(
                Tensor.activation("in", TensorType.INT8, new int[] {1, 1}, Quantization.perTensor(INPUT_SCALE, 0)),
                new Tensor("w", TensorType.INT8, new int[] {1, 1}, weights, new byte[] {1}),
                new Tensor("b", TensorType.INT32, new int[] {1}, Quantization.perTensor(INPUT_SCALE * WEIGHT_SCALE, 0),
                        TensorData.fromInts(new int[] {ACCUMULATOR})),
                Tensor.activation("out", TensorType.INT8, new int[] {1, 1}, Quantization.perTensor(OUTPUT_SCALE, 10)));
        return new Graph(tensors, List.of(new Operator(OpType.FULLY_CONNECTED, new int[] {0, 1, 2}, new int[] {3},
                new OpOptions.FullyConnected(FusedActivation.NONE, false))), new int[] {0}, new int[] {3}, "fc");
    }
}
