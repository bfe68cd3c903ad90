package dev.pawscope.host.dataset;

/**
 * What a model eats: a {@code height x width} grayscale image, 8 bits per pixel on disk, fed to
 * the float twin normalised as its model folder's {@code model.json} says.
 */
public record InputSpec(int width, int height, int channels) {

    public static final int MIN_SIZE = 16;
    public static final int MAX_SIZE = 512;

    public InputSpec {
        if (channels != 1) {
            throw new IllegalArgumentException("expected 1 channel (grayscale), found " + channels);
        }
        if (width < MIN_SIZE || height < MIN_SIZE || width > MAX_SIZE || height > MAX_SIZE) {
            throw new IllegalArgumentException("expected an input size between " + MIN_SIZE + " and " + MAX_SIZE
                    + " pixels, found " + width + "x" + height);
        }
    }

    public static InputSpec square(int size) {
        return new InputSpec(size, size, 1);
    }

    public boolean matches(GrayImage image) {
        return image.width() == width && image.height() == height;
    }

    @Override
    public String toString() {
        return height + "x" + width + "x" + channels;
    }
}
