package dev.pawscope.host.explain;

import java.util.List;
import java.util.Locale;

/**
 * The attribution methods by name, over one model folder's two models: {@code gradient},
 * {@code smoothgrad} and {@code gradcam} explain the float twin, {@code occlusion} the int8 model
 * (through the bit-exact interpreter, i.e. what the board computes).
 */
public final class AttributionMethods {

    public static final List<String> NAMES = List.of(VanillaGradient.NAME, SmoothGrad.NAME, GradCam.NAME,
            Occlusion.NAME);

    private final FloatTwin twin;
    private final ScoreFunction int8;

    public AttributionMethods(FloatTwin twin, ScoreFunction int8) {
        this.twin = twin;
        this.int8 = int8;
    }

    /** The method called {@code name} (case-insensitive); an unknown name lists the known ones. */
    public AttributionMethod create(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case VanillaGradient.NAME -> new VanillaGradient(twin);
            case SmoothGrad.NAME -> new SmoothGrad(twin);
            case GradCam.NAME -> new GradCam(twin);
            case Occlusion.NAME -> Occlusion.withDefaults(int8, "int8 model");
            default -> throw new IllegalArgumentException("unknown saliency method '" + name + "', expected one of "
                    + String.join(", ", NAMES));
        };
    }
}
