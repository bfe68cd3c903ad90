/*
 * ps_fully_connected_s8.h - FULLY_CONNECTED with int8 activations and int8 weights (per-tensor
 * or per-output-channel), bit-exact with TensorFlow Lite's reference_integer_ops::FullyConnected
 * and the Java twin dev.pawscope.quantize.kernels.FullyConnectedKernel.
 */
#ifndef PS_FULLY_CONNECTED_S8_H
#define PS_FULLY_CONNECTED_S8_H

#include <stdint.h>

#include "ps_kernel_limits.h"
#include "ps_model.h"

/*
 * input   [batches, depth]    input_dims, input (any shape; its element count is batches * depth)
 * weights [outputs, depth]    params->weights
 * bias    [outputs]           params->bias (int32), or NULL
 * output  [batches, outputs]  output_dims, output (output_dims->c == outputs)
 *
 * params carries depth, outputs, the weights, the bias and the requantization: the offsets and
 * activation range in requant, and requant.channels double-precision scales in params->scales
 * (1 for per-tensor weights, or outputs; each 0 or a normal double). requant.multipliers and
 * requant.shifts are not used (NULL): TFLite's reference FULLY_CONNECTED computes
 * round((double) acc * scale), not the fixed-point multiply CONV_2D uses, and the two differ
 * by one step near .5. ps_multiply_by_double_scale (ps_fixedpoint.h) reproduces the double
 * product exactly in integers. input and output must not overlap.
 *
 * Returns PS_OK; PS_ERR_ARGUMENT for a NULL pointer (scales included) or a requantization
 * parameter out of range (a channel count other than 1 or outputs, a scale that is not 0 or a
 * normal double);
 * PS_ERR_SHAPE for a dimension, depth or outputs below 1, a count (outputs * depth included)
 * above INT32_MAX, an input count that is not a multiple of depth or an output that is not
 * [batches, outputs]; PS_ERR_UNSUPPORTED if depth exceeds PS_MAX_ACCUMULATION_DEPTH. On an
 * error nothing is written.
 */
ps_status ps_fully_connected_s8(const ps_fc_params *params,
                                const ps_dims *input_dims, const int8_t *input,
                                const ps_dims *output_dims, int8_t *output);

#endif /* PS_FULLY_CONNECTED_S8_H */
