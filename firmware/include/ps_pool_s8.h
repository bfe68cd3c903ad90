/*
 * ps_pool_s8.h - MAX_POOL_2D and AVERAGE_POOL_2D on int8, bit-exact with TensorFlow Lite's
 * reference_integer_ops::MaxPool / AveragePool and the Java twin
 * dev.pawscope.quantize.kernels.Pool2DKernel. The output shares the input's scale and zero
 * point, so there is no requantization, only the fused activation's clamp.
 */
#ifndef PS_POOL_S8_H
#define PS_POOL_S8_H

#include <stdint.h>

#include "ps_kernel_limits.h"
#include "ps_model.h"

/*
 * input  [N, H, W, C]    input_dims, input
 * output [N, OH, OW, C]  output_dims, output
 *
 * params: the window (strides and leading padding; pools have no dilation, so
 * window.dilation_h/w must be 1), the filter_h x filter_w window size and the clamp
 * [act_min, act_max]. The window is clipped to the input: padding never enters a max or an
 * average. input and output must not overlap.
 *
 * ps_max_pool_s8: the largest value of each window, clamped (a window that covers no input
 * yields the clamp of -128, as in TFLite).
 * ps_avg_pool_s8: the mean of each window, rounded half away from zero (TFLite's
 * (sum +- count / 2) / count with C's truncating division), clamped. Every window must
 * cover at least one input element.
 *
 * Returns PS_OK; PS_ERR_ARGUMENT for a NULL pointer, a stride or dilation below 1, a negative
 * padding or a clamp outside [-128, 127] or empty; PS_ERR_SHAPE for a dimension or window size
 * below 1, a count above INT32_MAX, dims that do not fit together, or (average) a window that
 * covers no input; PS_ERR_UNSUPPORTED for a dilation other than 1 or (average) a window of more
 * than PS_MAX_ACCUMULATION_DEPTH taps. On an error nothing is written.
 */
ps_status ps_max_pool_s8(const ps_pool_params *params,
                         const ps_dims *input_dims, const int8_t *input,
                         const ps_dims *output_dims, int8_t *output);

ps_status ps_avg_pool_s8(const ps_pool_params *params,
                         const ps_dims *input_dims, const int8_t *input,
                         const ps_dims *output_dims, int8_t *output);

#endif /* PS_POOL_S8_H */
