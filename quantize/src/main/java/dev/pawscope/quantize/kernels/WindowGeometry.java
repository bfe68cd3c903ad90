package dev.pawscope.quantize.kernels;

import dev.pawscope.quantize.graph.Padding;
import java.util.Arrays;

/**
 * Where a sliding window (convolution filter or pooling window) visits an NHWC input: sizes,
 * strides, dilations and the leading padding, computed as TFLite's {@code
 * ComputePaddingHeightWidth} does (SAME puts the odd extra row/column at the end).
 *
 * @param padH rows of implicit padding before the first input row
 * @param padW columns of implicit padding before the first input column
 */
public record WindowGeometry(int batches, int inH, int inW, int inC, int filterH, int filterW,
        int strideH, int strideW, int dilationH, int dilationW, int padH, int padW, int outH, int outW) {

    /**
     * @param inputShape NHWC, {@code [N, H, W, C]}
     */
    public static WindowGeometry of(int[] inputShape, int filterH, int filterW, Padding padding,
            int strideH, int strideW, int dilationH, int dilationW) {
        if (inputShape.length != 4) {
            throw new IllegalArgumentException("input has shape " + Arrays.toString(inputShape)
                    + ", expected 4 dims [N,H,W,C]");
        }
        int inH = inputShape[1];
        int inW = inputShape[2];
        int outH = outSize(padding, inH, filterH, strideH, dilationH);
        int outW = outSize(padding, inW, filterW, strideW, dilationW);
        if (outH <= 0 || outW <= 0) {
            throw new IllegalArgumentException("a " + filterH + "x" + filterW + " window (dilation " + dilationH
                    + "x" + dilationW + ") with VALID padding does not fit a " + inH + "x" + inW
                    + " input; use SAME padding or a smaller window");
        }
        int padH = leadingPadding(strideH, dilationH, inH, filterH, outH);
        int padW = leadingPadding(strideW, dilationW, inW, filterW, outW);
        return new WindowGeometry(inputShape[0], inH, inW, inputShape[3], filterH, filterW, strideH, strideW,
                dilationH, dilationW, padH, padW, outH, outW);
    }

    /** TFLite's {@code ComputeOutSize}. */
    public static int outSize(Padding padding, int inSize, int filterSize, int stride, int dilation) {
        int effectiveFilter = (filterSize - 1) * dilation + 1;
        return switch (padding) {
            case SAME -> (inSize + stride - 1) / stride;
            case VALID -> (inSize + stride - effectiveFilter) / stride;
        };
    }

    /** TFLite's {@code ComputePadding}: half the total, rounded down (the remainder goes last). */
    private static int leadingPadding(int stride, int dilation, int inSize, int filterSize, int outSize) {
        int effectiveFilter = (filterSize - 1) * dilation + 1;
        int total = (outSize - 1) * stride + effectiveFilter - inSize;
        return Math.max(total, 0) / 2;
    }

    /** Index of {@code [b, y, x, c]} in an NHWC tensor of this geometry's input. */
    int inputIndex(int b, int y, int x, int c) {
        return ((b * inH + y) * inW + x) * inC + c;
    }
}
