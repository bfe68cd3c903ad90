/*
 * ps_fully_connected_s8.c - FULLY_CONNECTED, int8 (see ps_fully_connected_s8.h). Requantizes with
 * the double-precision scales (params->scales), as TFLite's reference kernel does, computed in
 * integers by ps_multiply_by_double_scale.
 */
#include "ps_fully_connected_s8.h"

#include <stddef.h>
#include <stdint.h>

#include "ps_dsp.h"
#include "ps_kernel_util.h"

ps_status ps_fully_connected_s8(const ps_fc_params *params,
                                const ps_dims *input_dims, const int8_t *input,
                                const ps_dims *output_dims, int8_t *output)
{
    /* input [batches, depth], weights [outputs, depth], bias [outputs],
     * output [batches, outputs] */
    int32_t input_count, output_count, batches, depth, outputs;
    int32_t b, o, d;
    ps_status status;

    if (params == NULL || input_dims == NULL || input == NULL || output_dims == NULL ||
        output == NULL || params->weights == NULL) {
        return PS_ERR_ARGUMENT;
    }
    input_count = ps_dims_count_(input_dims);
    output_count = ps_dims_count_(output_dims);
    depth = params->depth;
    outputs = params->outputs;
    if (input_count < 0 || output_count < 0 || depth < 1 || outputs < 1 ||
        input_count % depth != 0) {
        return PS_ERR_SHAPE;
    }
    batches = input_count / depth;
    /* in int64: on a bad model these products may exceed int32; the weights' count must fit
     * int32 like every tensor's, so that o * depth + d below does */
    if (output_dims->c != outputs || (int64_t)batches * outputs != output_count ||
        (int64_t)outputs * depth > INT32_MAX) {
        return PS_ERR_SHAPE;
    }
    status = ps_check_double_requant_(&params->requant, params->scales, outputs);
    if (status != PS_OK) {
        return status;
    }
    if (depth > PS_MAX_ACCUMULATION_DEPTH) {
        return PS_ERR_UNSUPPORTED;
    }
#if PS_DSP_KERNELS
    /* the same bytes on the DSP extension (ps_fully_connected_s8_dsp.c), unless depth is too large */
    if (ps_fully_connected_s8_dsp_(params, batches, input, output)) {
        return PS_OK;
    }
#endif

    for (b = 0; b < batches; b++) {
        const int8_t *in_row = input + b * depth;
        for (o = 0; o < outputs; o++) {
            const int8_t *weight_row = params->weights + o * depth;
            /* Sums depth <= PS_MAX_ACCUMULATION_DEPTH products of magnitude <= 128 * 255,
             * so |acc| < 2^31 (checked above). */
            int32_t acc = 0;
            for (d = 0; d < depth; d++) {
                acc += (int32_t)weight_row[d] * ((int32_t)in_row[d] + params->requant.input_offset);
            }
            output[b * outputs + o] =
                ps_requantize_s8_double_(acc, params->bias, &params->requant, params->scales, o);
        }
    }
    return PS_OK;
}
