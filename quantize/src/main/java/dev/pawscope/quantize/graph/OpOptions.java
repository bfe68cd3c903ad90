package dev.pawscope.quantize.graph;

import java.util.Arrays;

/** The options of an {@link Operator}; each record mirrors a TFLite schema options table. */
public sealed interface OpOptions {

    /** Ops without options (QUANTIZE, DEQUANTIZE). */
    record None() implements OpOptions {}

    /** TFLite {@code Conv2DOptions}. */
    record Conv2D(Padding padding, int strideW, int strideH, FusedActivation activation,
            int dilationW, int dilationH) implements OpOptions {
        public Conv2D {
            requirePositive("stride", strideW, strideH);
            requirePositive("dilation", dilationW, dilationH);
        }
    }

    /** TFLite {@code DepthwiseConv2DOptions}. */
    record DepthwiseConv2D(Padding padding, int strideW, int strideH, int depthMultiplier,
            FusedActivation activation, int dilationW, int dilationH) implements OpOptions {
        public DepthwiseConv2D {
            requirePositive("stride", strideW, strideH);
            requirePositive("dilation", dilationW, dilationH);
            requirePositive("depth multiplier", depthMultiplier, depthMultiplier);
        }
    }

    /** TFLite {@code Pool2DOptions}, for MAX_POOL_2D and AVERAGE_POOL_2D. */
    record Pool2D(Padding padding, int strideW, int strideH, int filterW, int filterH,
            FusedActivation activation) implements OpOptions {
        public Pool2D {
            requirePositive("stride", strideW, strideH);
            requirePositive("filter size", filterW, filterH);
        }
    }

    /** TFLite {@code FullyConnectedOptions} (default weights format only). */
    record FullyConnected(FusedActivation activation, boolean keepNumDims) implements OpOptions {}

    /** TFLite {@code SoftmaxOptions}. */
    record Softmax(float beta) implements OpOptions {}

    /** TFLite {@code ReshapeOptions}; the target shape may also come from a second input. */
    record Reshape(int[] newShape) implements OpOptions {
        public Reshape {
            newShape = newShape.clone();
        }

        @Override
        public int[] newShape() {
            return newShape.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Reshape r && Arrays.equals(newShape, r.newShape);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(newShape);
        }

        @Override
        public String toString() {
            return "Reshape[newShape=" + Arrays.toString(newShape) + "]";
        }
    }

    private static void requirePositive(String what, int w, int h) {
        if (w <= 0 || h <= 0) {
            throw new IllegalArgumentException(what + " must be > 0, found " + w + "x" + h);
        }
    }
}
