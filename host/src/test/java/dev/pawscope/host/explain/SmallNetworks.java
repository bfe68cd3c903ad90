package dev.pawscope.host.explain;

import dev.pawscope.host.dataset.GrayImage;
import dev.pawscope.host.dataset.InputSpec;
import dev.pawscope.host.model.ModelMetadata;
import dev.pawscope.host.train.ArchitectureSpec;
import dev.pawscope.host.train.ImageTensors;
import dev.pawscope.host.train.NetworkFactory;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;

/** Small random float twins in double precision, so finite differences are accurate. */
final class SmallNetworks {

    static final int SIZE = 16;
    static final int CLASSES = 3;
    static final ModelMetadata.Normalization NORMALIZATION =
            new ModelMetadata.Normalization(ImageTensors.SCALE, ImageTensors.OFFSET);

    private SmallNetworks() {}

    /** Conv, ReLU, pool, conv, ReLU, Dense, Softmax at 16x16, random weights, in float64. */
    static FloatTwin twin(long seed) {
        ArchitectureSpec spec = ArchitectureSpec.parse("Conv2D(4, 3, padding=same), ReLU, MaxPool(2), "
                + "Conv2D(5, 3, padding=same), ReLU, Flatten, Dense(" + CLASSES + "), Softmax");
        MultiLayerNetwork net = NetworkFactory.create(spec, InputSpec.square(SIZE), CLASSES, seed, 1e-3)
                .convertDataType(DataType.DOUBLE);
        return new FloatTwin(net, spec, InputSpec.square(SIZE), NORMALIZATION);
    }

    /** Any spec at {@code size} x {@code size}, random weights, in float64. */
    static FloatTwin twin(String architecture, int size, int classes, long seed) {
        ArchitectureSpec spec = ArchitectureSpec.parse(architecture);
        MultiLayerNetwork net = NetworkFactory.create(spec, InputSpec.square(size), classes, seed, 1e-3)
                .convertDataType(DataType.DOUBLE);
        return new FloatTwin(net, spec, InputSpec.square(size), NORMALIZATION);
    }

    static GrayImage image(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] px = new byte[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int blob = (x - 6) * (x - 6) + (y - 9) * (y - 9) < 12 ? 120 : 0;
                px[y * SIZE + x] = (byte) Math.min(255, 40 + 5 * x + blob + random.nextInt(30));
            }
        }
        return new GrayImage(SIZE, SIZE, px);
    }
}
