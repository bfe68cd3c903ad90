/*
 * ps_depthwise_conv_s8_dsp.c - DEPTHWISE_CONV_2D's loops on the DSP extension (see ps_dsp.h);
 * ps_depthwise_conv_s8 checks the arguments and calls ps_depthwise_conv_s8_dsp_ in builds with
 * PS_DSP_KERNELS.
 *
 * input [N, H, W, C], filter [1, KH, KW, C], bias [C], output [N, OH, OW, C]: depth multiplier 1
 * only (output channel c sees input channel c); other multipliers run the portable loop.
 *
 * Four channels at a time: one word load brings 4 neighbouring channels of an input pixel, and
 * another their 4 weights of the same tap. SXTAB16 widens input channels {0, 2} and {1, 3} to
 * int16 lanes with the input offset added (x + input_offset in [-255, 255] fits exactly), SXTB16
 * the weights alike, and SMLABB/SMLATT add each lane's product to its channel's accumulator: per
 * tap and 4 channels, 2 loads, 4 extensions and 4 multiply-accumulates. The last C % 4 channels
 * go one at a time.
 *
 * Exactness: each channel's accumulator receives exactly the portable loop's products
 * w * (x + input_offset) over the taps inside the input, in the same order. Each is at most
 * 128 * 255 = 32640 in magnitude and there are at most KH * KW <= PS_MAX_ACCUMULATION_DEPTH of
 * them (checked), so every partial sum lies within +-2^16 * 32640 < 2^31 and nothing wraps. The
 * epilogue is the same ps_requantize_s8_.
 */
#include "ps_dsp.h"

#if PS_DSP_KERNELS

#include <stddef.h>
#include <stdint.h>

#include "ps_kernel_util.h"

int ps_depthwise_conv_s8_dsp_(const ps_conv_params *params, const ps_dims *input_dims,
                              const int8_t *input, const ps_dims *output_dims, int8_t *output)
{
    const ps_window *window = &params->window;
    const ps_requant *requant = &params->requant;
    const int8_t *filter = params->filter;
    const int32_t in_h = input_dims->h;
    const int32_t in_w = input_dims->w;
    const int32_t channels = input_dims->c;
    const int32_t filter_h = params->filter_dims.h;
    const int32_t filter_w = params->filter_dims.w;
    const int32_t out_h = output_dims->h;
    const int32_t out_w = output_dims->w;
    const int32_t input_offset = requant->input_offset;
    const uint32_t offset_pair = ps_dsp_pack_pair_(input_offset);
    const int32_t quads = channels & ~3;
    int32_t b, oy, ox, c, fy, fx, i;

    if (params->depth_multiplier != 1) {
        return 0;
    }
    for (b = 0; b < input_dims->n; b++) {
        const int8_t *in_b = input + (size_t)b * (size_t)in_h * (size_t)in_w * (size_t)channels;
        for (oy = 0; oy < out_h; oy++) {
            const int32_t in_y0 = oy * window->stride_h - window->pad_h;
            for (ox = 0; ox < out_w; ox++) {
                const int32_t in_x0 = ox * window->stride_w - window->pad_w;
                int8_t *out = output + (((size_t)b * (size_t)out_h + (size_t)oy) * (size_t)out_w + (size_t)ox) *
                                           (size_t)channels;
                for (c = 0; c < channels; c += 4) {
                    int32_t acc[4] = {0, 0, 0, 0};
                    const int32_t n = c < quads ? 4 : channels - c;
                    for (fy = 0; fy < filter_h; fy++) {
                        const int32_t in_y = in_y0 + window->dilation_h * fy;
                        if (in_y < 0 || in_y >= in_h) {
                            continue;
                        }
                        for (fx = 0; fx < filter_w; fx++) {
                            const int32_t in_x = in_x0 + window->dilation_w * fx;
                            const int8_t *px;
                            const int8_t *wt;
                            if (in_x < 0 || in_x >= in_w) {
                                continue;
                            }
                            px = in_b + ((size_t)in_y * (size_t)in_w + (size_t)in_x) * (size_t)channels + (size_t)c;
                            wt = filter + ((size_t)fy * (size_t)filter_w + (size_t)fx) * (size_t)channels + (size_t)c;
                            if (n == 4) {
                                const uint32_t x = ps_dsp_read_u32_(px);
                                const uint32_t w = ps_dsp_read_u32_(wt);
                                const uint32_t x02 = ps_dsp_sxtab16_(offset_pair, x);
                                const uint32_t x13 = ps_dsp_sxtab16_ror8_(offset_pair, x);
                                const uint32_t w02 = ps_dsp_sxtb16_(w);
                                const uint32_t w13 = ps_dsp_sxtb16_ror8_(w);
                                acc[0] = ps_dsp_smlabb_(w02, x02, acc[0]);
                                acc[2] = ps_dsp_smlatt_(w02, x02, acc[2]);
                                acc[1] = ps_dsp_smlabb_(w13, x13, acc[1]);
                                acc[3] = ps_dsp_smlatt_(w13, x13, acc[3]);
                            } else {
                                for (i = 0; i < n; i++) {
                                    acc[i] += (int32_t)wt[i] * ((int32_t)px[i] + input_offset);
                                }
                            }
                        }
                    }
                    for (i = 0; i < n; i++) {
                        out[c + i] = ps_requantize_s8_(acc[i], params->bias, requant, c + i);
                    }
                }
            }
        }
    }
    return 1;
}

#endif /* PS_DSP_KERNELS */
