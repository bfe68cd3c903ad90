/*
 * ps_pool_s8.c - MAX_POOL_2D and AVERAGE_POOL_2D, int8 (see ps_pool_s8.h).
 */
#include "ps_pool_s8.h"

#include <stddef.h>
#include <stdint.h>

#include "ps_dsp.h"
#include "ps_kernel_util.h"

/* The checks both pools share; see ps_pool_s8.h for what each status means. */
static ps_status check_pool(const ps_pool_params *params,
                            const ps_dims *input_dims, const int8_t *input,
                            const ps_dims *output_dims, const int8_t *output)
{
    ps_status status;
    if (params == NULL || input_dims == NULL || input == NULL || output_dims == NULL ||
        output == NULL) {
        return PS_ERR_ARGUMENT;
    }
    if (ps_dims_count_(input_dims) < 0 || ps_dims_count_(output_dims) < 0 ||
        params->filter_h < 1 || params->filter_w < 1) {
        return PS_ERR_SHAPE;
    }
    if (output_dims->n != input_dims->n || output_dims->c != input_dims->c) {
        return PS_ERR_SHAPE;
    }
    status = ps_check_window_(&params->window, output_dims->h, output_dims->w, params->filter_h,
                              params->filter_w);
    if (status != PS_OK) {
        return status;
    }
    if (!ps_activation_range_is_valid_(params->act_min, params->act_max)) {
        return PS_ERR_ARGUMENT;
    }
    if (params->window.dilation_h != 1 || params->window.dilation_w != 1) {
        return PS_ERR_UNSUPPORTED;
    }
    return PS_OK;
}

/* Window rows [start, end) of the window at in_origin on an axis of in_size elements: the
 * filter taps that land inside the input. Written so that no intermediate leaves int32
 * (in_size - filter_size cannot overflow; in_size - in_origin is then below filter_size). */
static int32_t window_start(int32_t in_origin)
{
    return in_origin < 0 ? -in_origin : 0;
}

static int32_t window_end(int32_t in_origin, int32_t in_size, int32_t filter_size)
{
    return in_origin <= in_size - filter_size ? filter_size : in_size - in_origin;
}

ps_status ps_max_pool_s8(const ps_pool_params *params,
                         const ps_dims *input_dims, const int8_t *input,
                         const ps_dims *output_dims, int8_t *output)
{
    /* input [N, H, W, C], output [N, OH, OW, C] */
    int32_t batches, in_h, in_w, channels, out_h, out_w;
    int32_t b, oy, ox, c, fy, fx;
    const ps_status status = check_pool(params, input_dims, input, output_dims, output);
    if (status != PS_OK) {
        return status;
    }
    batches = input_dims->n;
    in_h = input_dims->h;
    in_w = input_dims->w;
    channels = input_dims->c;
    out_h = output_dims->h;
    out_w = output_dims->w;
#if PS_DSP_KERNELS
    /* the same bytes, 4 channels per instruction (ps_pool_s8_dsp.c) */
    if (ps_max_pool_s8_dsp_(params, input_dims, input, output_dims, output)) {
        return PS_OK;
    }
#endif

    for (b = 0; b < batches; b++) {
        for (oy = 0; oy < out_h; oy++) {
            const int32_t in_y_origin = oy * params->window.stride_h - params->window.pad_h;
            const int32_t y_start = window_start(in_y_origin);
            const int32_t y_end = window_end(in_y_origin, in_h, params->filter_h);
            for (ox = 0; ox < out_w; ox++) {
                const int32_t in_x_origin = ox * params->window.stride_w - params->window.pad_w;
                const int32_t x_start = window_start(in_x_origin);
                const int32_t x_end = window_end(in_x_origin, in_w, params->filter_w);
                for (c = 0; c < channels; c++) {
                    int32_t max = INT8_MIN; /* a running maximum of int8 values: no arithmetic */
                    for (fy = y_start; fy < y_end; fy++) {
                        for (fx = x_start; fx < x_end; fx++) {
                            const int32_t in_y = in_y_origin + fy;
                            const int32_t in_x = in_x_origin + fx;
                            const int32_t value = input[((b * in_h + in_y) * in_w + in_x) * channels + c];
                            if (value > max) {
                                max = value;
                            }
                        }
                    }
                    output[((b * out_h + oy) * out_w + ox) * channels + c] =
                        ps_clamp_s8_(max, params->act_min, params->act_max);
                }
            }
        }
    }
    return PS_OK;
}

/* Whether every window on an axis covers at least one input element. The window origins
 * grow with the output index, so it suffices that the first one ends after element 0
 * (pad < filter_size) and the last one starts before the end of the input. */
static int every_window_covers_input(int32_t in_size, int32_t out_size, int32_t stride,
                                     int32_t pad, int32_t filter_size)
{
    return pad < filter_size && (int64_t)(out_size - 1) * stride - pad < in_size;
}

ps_status ps_avg_pool_s8(const ps_pool_params *params,
                         const ps_dims *input_dims, const int8_t *input,
                         const ps_dims *output_dims, int8_t *output)
{
    /* input [N, H, W, C], output [N, OH, OW, C] */
    int32_t batches, in_h, in_w, channels, out_h, out_w;
    int32_t b, oy, ox, c, fy, fx;
    const ps_status status = check_pool(params, input_dims, input, output_dims, output);
    if (status != PS_OK) {
        return status;
    }
    batches = input_dims->n;
    in_h = input_dims->h;
    in_w = input_dims->w;
    channels = input_dims->c;
    out_h = output_dims->h;
    out_w = output_dims->w;
    if (!every_window_covers_input(in_h, out_h, params->window.stride_h, params->window.pad_h,
                                   params->filter_h) ||
        !every_window_covers_input(in_w, out_w, params->window.stride_w, params->window.pad_w,
                                   params->filter_w)) {
        return PS_ERR_SHAPE;
    }
    if ((int64_t)params->filter_h * params->filter_w > PS_MAX_ACCUMULATION_DEPTH) {
        return PS_ERR_UNSUPPORTED;
    }

    for (b = 0; b < batches; b++) {
        for (oy = 0; oy < out_h; oy++) {
            const int32_t in_y_origin = oy * params->window.stride_h - params->window.pad_h;
            const int32_t y_start = window_start(in_y_origin);
            const int32_t y_end = window_end(in_y_origin, in_h, params->filter_h);
            for (ox = 0; ox < out_w; ox++) {
                const int32_t in_x_origin = ox * params->window.stride_w - params->window.pad_w;
                const int32_t x_start = window_start(in_x_origin);
                const int32_t x_end = window_end(in_x_origin, in_w, params->filter_w);
                /* count >= 1: every window covers the input (checked above) */
                const int32_t count = (y_end - y_start) * (x_end - x_start);
                for (c = 0; c < channels; c++) {
                    /* Sums count <= PS_MAX_ACCUMULATION_DEPTH int8 values: |acc| <= 2^23. */
                    int32_t acc = 0;
                    for (fy = y_start; fy < y_end; fy++) {
                        for (fx = x_start; fx < x_end; fx++) {
                            const int32_t in_y = in_y_origin + fy;
                            const int32_t in_x = in_x_origin + fx;
                            acc += input[((b * in_h + in_y) * in_w + in_x) * channels + c];
                        }
                    }
                    /* round half away from zero; C99 division truncates toward zero */
                    acc = acc > 0 ? (acc + count / 2) / count : (acc - count / 2) / count;
                    output[((b * out_h + oy) * out_w + ox) * channels + c] =
                        ps_clamp_s8_(acc, params->act_min, params->act_max);
                }
            }
        }
    }
    return PS_OK;
}
