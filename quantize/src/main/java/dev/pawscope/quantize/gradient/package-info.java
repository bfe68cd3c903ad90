/**
 * Gradients of float32 graphs for saliency maps: {@link dev.pawscope.quantize.gradient.GradientEngine}
 * runs a graph forward keeping every value and back from any seed to the input or any intermediate
 * tensor, without DL4J and without parameter gradients.
 */
package dev.pawscope.quantize.gradient;
