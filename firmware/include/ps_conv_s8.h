/*
 * ps_conv_s8.h - CONV_2D with int8 activations and per-channel symmetric int8 weights,
 * bit-exact with TensorFlow Lite's reference_integer_ops::ConvPerChannel and the Java twin
 * dev.pawscope.quantize.kernels.Conv2DKernel.
 */
#ifndef PS_CONV_S8_H
#define PS_CONV_S8_H

#include <stdint.h>

#include "ps_kernel_limits.h"
#include "ps_model.h"

/*
 * input  [N, H, W, C_in]        input_dims, input
 * filter [C_out, KH, KW, C_in]  params->filter_dims, params->filter
 * bias   [C_out]                params->bias (int32, scale input_scale * filter_scale[c]), or NULL
 * output [N, OH, OW, C_out]     output_dims, output
 *
 * params carries the window (strides, dilations, leading padding), the filter, the bias and the
 * requantization, as ps_model.h stores them; params->depth_multiplier is not read. Output
 * position (oy, ox) reads input row oy * stride_h - pad_h + dilation_h * fy and column
 * ox * stride_w - pad_w + dilation_w * fx for every filter tap; taps outside the input are
 * skipped (the zero padding of real values). OH and OW come from output_dims, which must
 * match the window (TFLite's ComputeOutSize); the kernel never reads outside the input either way.
 * input and output must not overlap.
 *
 * Returns PS_OK; PS_ERR_ARGUMENT for a NULL pointer, a stride or dilation below 1, a negative
 * padding or a requantization parameter out of range (see ps_requant); PS_ERR_SHAPE for a
 * dimension below 1, a count above INT32_MAX or dims that do not fit together;
 * PS_ERR_UNSUPPORTED if KH * KW * C_in exceeds PS_MAX_ACCUMULATION_DEPTH. On an error nothing is
 * written.
 */
ps_status ps_conv_s8(const ps_conv_params *params,
                     const ps_dims *input_dims, const int8_t *input,
                     const ps_dims *output_dims, int8_t *output);

#endif /* PS_CONV_S8_H */
