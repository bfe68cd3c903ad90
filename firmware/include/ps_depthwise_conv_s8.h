/*
 * ps_depthwise_conv_s8.h - DEPTHWISE_CONV_2D with int8 activations and per-channel symmetric
 * int8 weights, bit-exact with TensorFlow Lite's reference_integer_ops::DepthwiseConvPerChannel
 * and the Java twin dev.pawscope.quantize.kernels.DepthwiseConv2DKernel.
 */
#ifndef PS_DEPTHWISE_CONV_S8_H
#define PS_DEPTHWISE_CONV_S8_H

#include <stdint.h>

#include "ps_kernel_limits.h"
#include "ps_model.h"

/*
 * input  [N, H, W, C_in]     input_dims, input
 * filter [1, KH, KW, C_out]  params->filter_dims, params->filter; C_out = C_in * depth_multiplier
 * bias   [C_out]             params->bias (int32), or NULL
 * output [N, OH, OW, C_out]  output_dims, output
 *
 * Output channel ic * depth_multiplier + m sees only input channel ic. params carries the
 * window, params->depth_multiplier (>= 1), the filter, the bias and the requantization; the
 * window is walked as in ps_conv_s8. input and output must not overlap.
 *
 * Returns PS_OK; PS_ERR_ARGUMENT for a NULL pointer, a depth multiplier, stride or dilation
 * below 1, a negative padding or a requantization parameter out of range; PS_ERR_SHAPE for a
 * dimension below 1, a count above INT32_MAX or dims that do not fit together (including a
 * filter's C_out other than C_in * depth_multiplier); PS_ERR_UNSUPPORTED if KH * KW exceeds
 * PS_MAX_ACCUMULATION_DEPTH. On an error nothing is written.
 */
ps_status ps_depthwise_conv_s8(const ps_conv_params *params,
                               const ps_dims *input_dims, const int8_t *input,
                               const ps_dims *output_dims, int8_t *output);

#endif /* PS_DEPTHWISE_CONV_S8_H */
