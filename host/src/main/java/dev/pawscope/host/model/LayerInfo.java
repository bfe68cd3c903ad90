package dev.pawscope.host.model;

import java.util.List;

/** One layer of a model as recorded in {@code model.json}: its spec text and NHWC output shape. */
public record LayerInfo(int index, String name, String spec, List<Integer> outputShape) {
    public LayerInfo {
        outputShape = List.copyOf(outputShape);
    }
}
