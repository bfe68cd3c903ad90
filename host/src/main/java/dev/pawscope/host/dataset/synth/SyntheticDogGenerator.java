package dev.pawscope.host.dataset.synth;

import dev.pawscope.host.dataset.GrayImage;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Draws labelled grayscale frames of procedurally drawn dogs (sitting, standing, lying down) and of rooms
 * without a dog, with the dog's silhouette as a mask.
 *
 * <p>Each image is a pure function of (seed, size, label, index): it gets its own random stream from a hash
 * of seed, label and index, so generation is reproducible in any order and safe from many threads. The
 * stream does not depend on the size, so the same sample at 96x96 shows the same scene as at 48x48.
 *
 * <p>Only the posture separates the classes. Breed, size, position, facing, fur shade, room, clutter,
 * lighting, blur and noise are drawn the same way for every class, and {@code no_dog} puts a dog-sized
 * object where the dog would be.
 */
public final class SyntheticDogGenerator {

    public static final List<String> LABELS = List.of("sit", "stand", "lie_down", "no_dog");
    public static final int DEFAULT_SIZE = 48;
    public static final int MIN_SIZE = 32;
    public static final int MAX_SIZE = 256;

    /** Width of a typical standing dog in torso lengths, so the size range below is the share of the frame it spans. */
    private static final double STANDING_EXTENT = 1.42;
    private static final double MIN_DOG_SHARE = 0.55;
    private static final double MAX_DOG_SHARE = 0.85;
    /** The rest of the no_dog images show an empty room. */
    private static final double STAND_IN_PROBABILITY = 0.9;
    /** Placements tried for a clutter object before it is left out. */
    private static final int CLUTTER_ATTEMPTS = 4;
    /** The grid on which clutter is kept clear of the subject, and by how many of its pixels. */
    private static final int REFERENCE_SIZE = 48;
    private static final int KEEP_OUT_PIXELS = 2;

    private final int size;
    private final long seed;

    public SyntheticDogGenerator(int size, long seed) {
        if (size < MIN_SIZE || size > MAX_SIZE) {
            throw new IllegalArgumentException("image size must be between " + MIN_SIZE + " and " + MAX_SIZE
                    + " pixels, found " + size + "; " + DEFAULT_SIZE + " is the default, 96 for a sharper view");
        }
        this.size = size;
        this.seed = seed;
    }

    public int size() {
        return size;
    }

    public long seed() {
        return seed;
    }

    /** The {@code index}-th sample of {@code label}; the same arguments always give the same sample. */
    public SyntheticSample generate(String label, int index) {
        Objects.requireNonNull(label, "label");
        if (!LABELS.contains(label)) {
            throw new IllegalArgumentException("unknown label '" + label + "', expected one of " + LABELS);
        }
        if (index < 0) {
            throw new IllegalArgumentException("sample index must be >= 0, found " + index);
        }
        SplittableRandom rng = new SplittableRandom(streamSeed(seed, label, index));
        // Noise needs one draw per pixel, so it gets its own stream: the scene must not depend on the size.
        SplittableRandom noise = rng.split();

        Backdrop backdrop = Backdrop.sample(rng);
        Layer scene = backdrop.paint(size, rng);
        Optional<Posture> posture = Posture.ofLabel(label);
        Optional<StagedFigure> subject = posture.isPresent()
                ? Optional.of(stageDog(posture.get(), backdrop, rng))
                : stageStandIn(backdrop, rng);
        // Clutter stands no nearer than the subject, so painting it first is also the right depth order;
        // it keeps off the subject's shade and outline so the two do not merge into one silhouette.
        paintClutter(scene, backdrop, subject.orElse(null), rng);
        Layer subjectLayer = Layer.empty(size);
        subject.ifPresent(staged -> staged.paintOn(subjectLayer));
        scene.composite(subjectLayer);

        byte[] mask = posture.isPresent() ? subjectLayer.mask() : new byte[size * size];
        byte[] pixels = SensorEffects.sample(rng).develop(scene.tones(), size, noise);
        return new SyntheticSample(label, new GrayImage(size, size, pixels), new GrayImage(size, size, mask));
    }

    private static StagedFigure stageDog(Posture posture, Backdrop backdrop, SplittableRandom rng) {
        Figure dog = DogFigure.build(DogBreed.sample(rng), posture, rng);
        double scale = rng.nextDouble(MIN_DOG_SHARE, MAX_DOG_SHARE) / STANDING_EXTENT;
        return stage(dog, scale, backdrop, Double.MAX_VALUE, Double.NaN, rng);
    }

    /** A dog-sized object where the dog would be, or now and then nothing at all. */
    private static Optional<StagedFigure> stageStandIn(Backdrop backdrop, SplittableRandom rng) {
        if (rng.nextDouble() >= STAND_IN_PROBABILITY) {
            return Optional.empty();
        }
        Distractor object = Distractor.random(rng);
        Figure figure = object.build(rng);
        return Optional.of(stage(figure, object.standInWidth(rng) / figure.bounds().width(), backdrop,
                Double.MAX_VALUE, Double.NaN, rng));
    }

    /**
     * Up to two objects on the floor behind the subject, in every class; now and then a bigger one. An object
     * that would touch the subject's outline is placed again elsewhere (or left out): a chair's legs behind a
     * lying dog read as a standing dog's legs, and a ball at the end of a cushion as a head, which makes labels
     * that a person could not tell either.
     */
    private static void paintClutter(Layer scene, Backdrop backdrop, StagedFigure subject, SplittableRandom rng) {
        double nearest = subject == null ? Double.MAX_VALUE : subject.ground();
        double subjectShade = subject == null ? Double.NaN : subject.palette().base();
        boolean[] keepOut = subject == null ? null : keepOut(subject);
        double pick = rng.nextDouble();
        int count = pick < 0.35 ? 0 : pick < 0.75 ? 1 : 2;
        for (int k = 0; k < count; k++) {
            Distractor object = Distractor.random(rng);
            Figure figure = object.build(rng);
            double shrink = rng.nextDouble() < 0.2 ? rng.nextDouble(0.5, 0.8) : rng.nextDouble(0.25, 0.5);
            double scale = object.standInWidth(rng) * shrink / figure.bounds().width();
            for (int attempt = 0; attempt < CLUTTER_ATTEMPTS; attempt++) {
                StagedFigure staged = stage(figure, scale, backdrop, nearest, subjectShade, rng);
                if (keepOut == null || !touches(staged, keepOut)) {
                    staged.paintOn(scene);
                    break;
                }
            }
        }
    }

    /**
     * The subject's silhouette grown by {@link #KEEP_OUT_PIXELS}, on a fixed {@link #REFERENCE_SIZE} grid so the
     * scene is the same at every image size.
     */
    static boolean[] keepOut(StagedFigure subject) {
        Layer layer = Layer.empty(REFERENCE_SIZE);
        subject.paintOn(layer);
        byte[] mask = layer.mask();
        boolean[] out = new boolean[mask.length];
        for (int y = 0; y < REFERENCE_SIZE; y++) {
            for (int x = 0; x < REFERENCE_SIZE; x++) {
                if (mask[y * REFERENCE_SIZE + x] == 0) {
                    continue;
                }
                for (int dy = -KEEP_OUT_PIXELS; dy <= KEEP_OUT_PIXELS; dy++) {
                    for (int dx = -KEEP_OUT_PIXELS; dx <= KEEP_OUT_PIXELS; dx++) {
                        int nx = x + dx;
                        int ny = y + dy;
                        if (nx >= 0 && ny >= 0 && nx < REFERENCE_SIZE && ny < REFERENCE_SIZE) {
                            out[ny * REFERENCE_SIZE + nx] = true;
                        }
                    }
                }
            }
        }
        return out;
    }

    static boolean touches(StagedFigure object, boolean[] keepOut) {
        Layer layer = Layer.empty(REFERENCE_SIZE);
        object.paintOn(layer);
        byte[] mask = layer.mask();
        for (int i = 0; i < mask.length; i++) {
            if (mask[i] != 0 && keepOut[i]) {
                return true;
            }
        }
        return false;
    }

    private static StagedFigure stage(Figure figure, double scale, Backdrop backdrop, double nearest,
                                      double avoidShade, SplittableRandom rng) {
        Palette palette = Palette.around(backdrop.contrastingShade(rng, avoidShade), rng);
        return new StagedFigure(figure, palette, Staging.onFloor(figure.bounds(), scale, backdrop, nearest, rng));
    }

    /** Mixes seed, label and index into one well-spread 64-bit stream seed. */
    private static long streamSeed(long seed, String label, int index) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        h = mix(h + label.hashCode());   // String.hashCode is specified, so stable across JVMs
        return mix(h + index);
    }

    /** The 64-bit finalizer of MurmurHash3: every input bit affects every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
