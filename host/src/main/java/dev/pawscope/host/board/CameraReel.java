package dev.pawscope.host.board;

import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.host.dataset.LabeledImage;
import dev.pawscope.host.dataset.synth.SyntheticDogGenerator;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The frames a simulated board's "camera" plays, in a file the C port reads without an image
 * decoder: the magic {@code PSREEL1\0}, then width, height and frame count as little-endian
 * uint32, then the frames' 8-bit grayscale pixels, row by row. The firmware loops over them.
 */
public final class CameraReel {

    public static final byte[] MAGIC = "PSREEL1\0".getBytes(StandardCharsets.US_ASCII);

    private CameraReel() {}

    public static byte[] encode(List<GrayImage> frames) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a camera reel needs at least one frame");
        }
        int w = frames.get(0).width();
        int h = frames.get(0).height();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(w).putInt(h).putInt(frames.size());
        out.writeBytes(header.array());
        for (GrayImage frame : frames) {
            if (frame.width() != w || frame.height() != h) {
                throw new IllegalArgumentException("every frame must be " + w + "x" + h + ", found "
                        + frame.width() + "x" + frame.height());
            }
            out.writeBytes(frame.pixels());
        }
        return out.toByteArray();
    }

    /** Frames from a dataset split, in order. */
    public static List<GrayImage> fromImages(List<LabeledImage> images) {
        return images.stream().map(LabeledImage::image).toList();
    }

    /** {@code count} synthetic frames, the classes in turn. */
    public static List<GrayImage> synthetic(int size, long seed, int count) {
        SyntheticDogGenerator generator = new SyntheticDogGenerator(size, seed);
        List<GrayImage> frames = new ArrayList<>(count);
        List<String> labels = SyntheticDogGenerator.LABELS;
        for (int i = 0; i < count; i++) {
            frames.add(generator.generate(labels.get(i % labels.size()), i / labels.size()).image());
        }
        return frames;
    }
}
