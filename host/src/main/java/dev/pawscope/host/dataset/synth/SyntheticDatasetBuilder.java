package dev.pawscope.host.dataset.synth;

import dev.pawscope.host.dataset.DatasetManifest;
import dev.pawscope.host.dataset.DatasetWriter;
import dev.pawscope.host.dataset.InputSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;
import java.util.stream.IntStream;

/** Writes a whole synthetic dataset folder, generating images on all cores. */
public final class SyntheticDatasetBuilder {

    /** Images per class unless the user says otherwise: enough for pawnet to reach its accuracy goal. */
    public static final int DEFAULT_PER_CLASS = 1500;

    private final SyntheticDogGenerator generator;
    private final int size;

    public SyntheticDatasetBuilder(int size, long seed) {
        this.size = size;
        this.generator = new SyntheticDogGenerator(size, seed);
    }

    public static List<String> labels() {
        return SyntheticDogGenerator.LABELS;
    }

    /** Generates {@code perClass} images of every label into {@code out}; {@code progress} gets 1 per image. */
    public DatasetManifest build(Path out, int perClass, boolean replace, String createdBy, LongConsumer progress)
            throws IOException {
        try (DatasetWriter writer = new DatasetWriter(out, labels(), InputSpec.square(size), replace)) {
            int total = perClass * labels().size();
            try {
                IntStream.range(0, total).parallel().forEach(k -> {
                    String label = labels().get(k / perClass);
                    int index = k % perClass;
                    SyntheticSample sample = generator.generate(label, index);
                    try {
                        writer.add(label, String.format(Locale.ROOT, "%s_%05d", label, index), sample.image(),
                                sample.mask());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    progress.accept(1);
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            return writer.commit("synth", createdBy);
        }
    }
}
