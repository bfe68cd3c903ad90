package dev.pawscope.host.train;

/** An activation shape in NHWC terms without the batch: height, width, channels. Flat tensors have h = w = 1. */
public record TensorShape(int height, int width, int channels) {

    public TensorShape {
        if (height < 1 || width < 1 || channels < 1) {
            throw new SpecException("a tensor shape must be positive, found " + height + "x" + width + "x" + channels);
        }
    }

    public int size() {
        return height * width * channels;
    }

    @Override
    public String toString() {
        return height + "x" + width + "x" + channels;
    }
}
