/*
 * ps_conv_s8.c - CONV_2D, int8 (see ps_conv_s8.h).
 */
#include "ps_conv_s8.h"

#include <stddef.h>
#include <stdint.h>

#include "ps_dsp.h"
#include "ps_kernel_util.h"

ps_status ps_conv_s8(const ps_conv_params *params,
                     const ps_dims *input_dims, const int8_t *input,
                     const ps_dims *output_dims, int8_t *output)
{
    /* input [N, H, W, C_in], filter [C_out, KH, KW, C_in], bias [C_out],
     * output [N, OH, OW, C_out] */
    const ps_window *window;
    const ps_requant *requant;
    const int8_t *filter;
    int32_t batches, in_h, in_w, in_c, filter_h, filter_w, out_h, out_w, out_c;
    int32_t b, oy, ox, oc, fy, fx, ic;
    ps_status status;

    if (params == NULL || input_dims == NULL || input == NULL || output_dims == NULL ||
        output == NULL || params->filter == NULL) {
        return PS_ERR_ARGUMENT;
    }
    if (ps_dims_count_(input_dims) < 0 || ps_dims_count_(&params->filter_dims) < 0 ||
        ps_dims_count_(output_dims) < 0) {
        return PS_ERR_SHAPE;
    }
    window = &params->window;
    requant = &params->requant;
    filter = params->filter;
    batches = input_dims->n;
    in_h = input_dims->h;
    in_w = input_dims->w;
    in_c = input_dims->c;
    out_c = params->filter_dims.n;
    filter_h = params->filter_dims.h;
    filter_w = params->filter_dims.w;
    out_h = output_dims->h;
    out_w = output_dims->w;
    if (params->filter_dims.c != in_c || output_dims->n != batches || output_dims->c != out_c) {
        return PS_ERR_SHAPE;
    }
    status = ps_check_window_(window, out_h, out_w, filter_h, filter_w);
    if (status != PS_OK) {
        return status;
    }
    status = ps_check_requant_(requant, out_c);
    if (status != PS_OK) {
        return status;
    }
    /* the filter's count fits int32, so KH * KW * C_in = count / C_out does too */
    if (ps_dims_count_(&params->filter_dims) / out_c > PS_MAX_ACCUMULATION_DEPTH) {
        return PS_ERR_UNSUPPORTED;
    }
#if PS_DSP_KERNELS
    /* the same bytes on the DSP extension (ps_conv_s8_dsp.c), unless the layer is too deep */
    if (ps_conv_s8_dsp_(params, input_dims, input, output_dims, output)) {
        return PS_OK;
    }
#endif

    for (b = 0; b < batches; b++) {
        for (oy = 0; oy < out_h; oy++) {
            const int32_t in_y_origin = oy * window->stride_h - window->pad_h;
            for (ox = 0; ox < out_w; ox++) {
                const int32_t in_x_origin = ox * window->stride_w - window->pad_w;
                for (oc = 0; oc < out_c; oc++) {
                    /* Sums at most KH*KW*C_in <= PS_MAX_ACCUMULATION_DEPTH products of
                     * magnitude <= 128 * 255, so |acc| < 2^31 (checked above). */
                    int32_t acc = 0;
                    for (fy = 0; fy < filter_h; fy++) {
                        const int32_t in_y = in_y_origin + window->dilation_h * fy;
                        if (in_y < 0 || in_y >= in_h) {
                            continue;
                        }
                        for (fx = 0; fx < filter_w; fx++) {
                            const int32_t in_x = in_x_origin + window->dilation_w * fx;
                            const int8_t *in_px;
                            const int8_t *filter_px;
                            if (in_x < 0 || in_x >= in_w) {
                                continue;
                            }
                            in_px = input + ((b * in_h + in_y) * in_w + in_x) * in_c;
                            filter_px = filter + ((oc * filter_h + fy) * filter_w + fx) * in_c;
                            for (ic = 0; ic < in_c; ic++) {
                                acc += (int32_t)filter_px[ic] *
                                       ((int32_t)in_px[ic] + requant->input_offset);
                            }
                        }
                    }
                    output[((b * out_h + oy) * out_w + ox) * out_c + oc] =
                        ps_requantize_s8_(acc, params->bias, requant, oc);
                }
            }
        }
    }
    return PS_OK;
}
