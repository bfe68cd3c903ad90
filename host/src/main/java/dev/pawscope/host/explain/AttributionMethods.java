package dev.pawscope.host.explain;

import java.util.List;
import java.util.Locale;

/**
 * The attribution methods by name, over one model folder's two models: {@code gradient},
 * {@code smoothgrad}, {@code guided}, {@code gradcam} and {@code integrated} explain the float twin,
 * {@code occlusion} the int8 model
 * (through the bit-exact interpreter, i.e. what the board computes).
 */
public final class AttributionMethods {

    public static final List<String> NAMES = List.of(VanillaGradient.NAME, SmoothGrad.NAME,
            GuidedBackprop.NAME, GradCam.NAME, IntegratedGradients.NAME, Occlusion.NAME);

    /** The methods that need the float twin (all but occlusion, which runs on the int8 model). */
    public static final List<String> FLOAT_NAMES = List.of(VanillaGradient.NAME, SmoothGrad.NAME,
            GuidedBackprop.NAME, GradCam.NAME, IntegratedGradients.NAME);

    private final FloatTwin twin;
    private final ScoreFunction int8;

    /** {@code twin} may be null (a model folder without a float twin): then only occlusion. */
    public AttributionMethods(FloatTwin twin, ScoreFunction int8) {
        this.twin = twin;
        this.int8 = int8;
    }

    /** The method called {@code name} (case-insensitive); an unknown name lists the known ones. */
    public AttributionMethod create(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        if (twin == null && FLOAT_NAMES.contains(key)) {
            throw new IllegalArgumentException("'" + name + "' explains the float twin, and there is none; use "
                    + Occlusion.NAME);
        }
        return switch (key) {
            case VanillaGradient.NAME -> new VanillaGradient(twin);
            case SmoothGrad.NAME -> new SmoothGrad(twin);
            case GuidedBackprop.NAME -> new GuidedBackprop(twin);
            case GradCam.NAME -> new GradCam(twin);
            case IntegratedGradients.NAME -> new IntegratedGradients(twin);
            case Occlusion.NAME -> Occlusion.withDefaults(int8, "int8 model");
            default -> throw new IllegalArgumentException("unknown saliency method '" + name + "', expected one of "
                    + String.join(", ", NAMES));
        };
    }
}
