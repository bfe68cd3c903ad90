/**
 * Saliency: which input pixels a model's score for one class depends on. Every method implements
 * {@link dev.pawscope.host.explain.AttributionMethod} (an image and a class in, a
 * {@link dev.pawscope.host.explain.Saliency} map out) and is made by name by
 * {@link dev.pawscope.host.explain.AttributionMethods}.
 *
 * <p>Gradient methods explain the float twin through DL4J's backprop
 * ({@link dev.pawscope.host.explain.FloatTwin}): {@link dev.pawscope.host.explain.VanillaGradient},
 * {@link dev.pawscope.host.explain.SmoothGrad}, {@link dev.pawscope.host.explain.GradCam}.
 * Perturbation methods need only a {@link dev.pawscope.host.explain.ScoreFunction}, so they explain
 * the int8 model exactly as the board computes it ({@link dev.pawscope.host.explain.Int8Scores}, the
 * bit-exact Java interpreter): {@link dev.pawscope.host.explain.Occlusion}.
 *
 * <p>To add a method: implement {@code AttributionMethod}, give it a stable {@code name()}, and add
 * it to {@code AttributionMethods}; the viewer's chooser and {@code --saliency} pick it up.
 */
package dev.pawscope.host.explain;
