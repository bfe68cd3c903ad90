/**
 * Saliency: which input pixels a model's score for one class depends on. Every method implements
 * {@link dev.pawscope.host.explain.AttributionMethod} (an image and a class in, a
 * {@link dev.pawscope.host.explain.Saliency} map out) and is made by name by
 * {@link dev.pawscope.host.explain.AttributionMethods}.
 *
 * <p>Gradient methods explain the float twin through DL4J's backprop
 * ({@link dev.pawscope.host.explain.FloatTwin}): {@link dev.pawscope.host.explain.VanillaGradient},
 * {@link dev.pawscope.host.explain.SmoothGrad}, {@link dev.pawscope.host.explain.GuidedBackprop},
 * {@link dev.pawscope.host.explain.GradCam}, {@link dev.pawscope.host.explain.IntegratedGradients}.
 * Perturbation methods need only a {@link dev.pawscope.host.explain.ScoreFunction}, so they explain
 * the int8 model exactly as the board computes it ({@link dev.pawscope.host.explain.Int8Scores}, the
 * bit-exact Java interpreter): {@link dev.pawscope.host.explain.Occlusion}.
 *
 * <p>Inside the float twin: {@link dev.pawscope.host.explain.TwinLayer} names its layers (conv2,
 * relu1, scores), {@link dev.pawscope.host.explain.LayerObjective} differentiates a channel's mean
 * (or a class's pre-softmax score) with respect to the input on a copy of the network,
 * {@link dev.pawscope.host.explain.ActivationMaximisation} climbs it, and
 * {@link dev.pawscope.host.explain.NetworkSheets} draws filters, feature maps and maximised inputs
 * ({@link dev.pawscope.host.explain.TileSheet}).
 *
 * <p>To add a method: implement {@code AttributionMethod}, give it a stable {@code name()}, and add
 * it to {@code AttributionMethods}; the viewer's chooser and {@code --saliency} pick it up.
 */
package dev.pawscope.host.explain;
