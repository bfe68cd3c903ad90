package dev.pawscope.host.keras;

import dev.pawscope.host.train.TensorShape;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.modelimport.keras.preprocessors.TensorFlowCnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The order in which a network's flatten step lays out a {@code H x W x C} activation as a
 * vector: Keras (channels_last) walks it as {@code HWC}, pawscope's float twin (DL4J, NCHW) as
 * {@code CHW}. A Dense layer right after Flatten has one weight row per vector element, so its
 * rows must be permuted when the two orders differ.
 */
enum FlattenOrder {
    /** Row-major over [H, W, C]: index (h * W + w) * C + c. */
    HWC,
    /** Row-major over [C, H, W]: index c * H * W + h * W + w. */
    CHW;

    int index(TensorShape s, int h, int w, int c) {
        return this == HWC ? (h * s.width() + w) * s.channels() + c : (c * s.height() + h) * s.width() + w;
    }

    /**
     * {@code rows[i]} = the element of {@code from}'s order that sits at index {@code i} in this
     * order; {@code weights.getRows(rows)} rearranges a Dense's input rows from {@code from} to this.
     */
    int[] rowsFrom(FlattenOrder from, TensorShape s) {
        int[] rows = new int[s.size()];
        for (int h = 0; h < s.height(); h++) {
            for (int w = 0; w < s.width(); w++) {
                for (int c = 0; c < s.channels(); c++) {
                    rows[index(s, h, w, c)] = from.index(s, h, w, c);
                }
            }
        }
        return rows;
    }

    /**
     * How {@code net} flattens the activation that reaches layer {@code layerIndex}: read from the
     * nearest CNN-to-dense preprocessor at or before that layer.
     */
    static FlattenOrder of(MultiLayerNetwork net, int layerIndex) {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        for (int i = layerIndex; i >= 0; i--) {
            InputPreProcessor p = conf.getInputPreProcess(i);
            if (p instanceof TensorFlowCnnToFeedForwardPreProcessor) {
                return HWC; // permutes NCHW to NHWC, then flattens
            }
            if (p instanceof CnnToFeedForwardPreProcessor cnn) {
                return cnn.getFormat() == CNN2DFormat.NHWC ? HWC : CHW;
            }
        }
        throw new IllegalStateException("expected a CNN-to-dense preprocessor at or before layer " + layerIndex + " ("
                + net.getLayer(layerIndex).conf().getLayer().getLayerName() + "), found none in "
                + conf.getInputPreProcessors());
    }
}
