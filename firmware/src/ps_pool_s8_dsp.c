/*
 * ps_pool_s8_dsp.c - MAX_POOL_2D's loops on the DSP extension (see ps_dsp.h); ps_max_pool_s8
 * checks the arguments and calls ps_max_pool_s8_dsp_ in builds with PS_DSP_KERNELS.
 *
 * input [N, H, W, C], output [N, OH, OW, C]. Four channels at a time: one word of 4 int8 lanes
 * per window tap, SSUB8 (which sets each lane's GE flag when that lane's difference, taken
 * exactly, is >= 0) and SEL (each lane from the first operand where GE is set) keep the larger
 * value per lane. The same steps against the activation range clamp it. The running maximum
 * starts at INT8_MIN in every lane, as the portable loop's does (a window with no tap inside the
 * input gives clamp(INT8_MIN) in both). A maximum involves no arithmetic, so the bytes are the
 * portable loop's; the last C % 4 channels take a plain loop.
 */
#include "ps_dsp.h"

#if PS_DSP_KERNELS

#include <stdint.h>
#include <string.h>

#include "ps_kernel_util.h"

/* SSUB8 then SEL: the lane-wise signed maximum of two words of 4 int8 lanes. */
static inline uint32_t max_s8x4(uint32_t a, uint32_t b)
{
    uint32_t difference, r;
    __asm__("ssub8 %0, %2, %3\n\t"
            "sel   %1, %2, %3"
            : "=&r"(difference), "=r"(r)
            : "r"(a), "r"(b)
            : "cc");
    (void)difference;
    return r;
}

/* The lane-wise signed minimum: GE where b - a >= 0, there a. */
static inline uint32_t min_s8x4(uint32_t a, uint32_t b)
{
    uint32_t difference, r;
    __asm__("ssub8 %0, %3, %2\n\t"
            "sel   %1, %2, %3"
            : "=&r"(difference), "=r"(r)
            : "r"(a), "r"(b)
            : "cc");
    (void)difference;
    return r;
}

/* 4 copies of an int8 value. */
static inline uint32_t lanes_of(int32_t value)
{
    return 0x01010101u * (uint8_t)value;
}

int ps_max_pool_s8_dsp_(const ps_pool_params *params, const ps_dims *input_dims, const int8_t *input,
                        const ps_dims *output_dims, int8_t *output)
{
    const int32_t in_h = input_dims->h, in_w = input_dims->w, channels = input_dims->c;
    const int32_t out_h = output_dims->h, out_w = output_dims->w;
    const int32_t quads = channels >> 2;
    const uint32_t low = lanes_of(params->act_min);
    const uint32_t high = lanes_of(params->act_max);
    int32_t b, oy, ox, q, c, y, x;

    for (b = 0; b < input_dims->n; b++) {
        const int8_t *in_b = input + (size_t)b * (size_t)in_h * (size_t)in_w * (size_t)channels;
        for (oy = 0; oy < out_h; oy++) {
            /* the window's rows inside the input: [y0, y1) (ps_pool_s8.c's window_start/end) */
            const int32_t origin_y = oy * params->window.stride_h - params->window.pad_h;
            const int32_t y0 = origin_y < 0 ? 0 : origin_y;
            const int32_t y1 = origin_y <= in_h - params->filter_h ? origin_y + params->filter_h : in_h;
            for (ox = 0; ox < out_w; ox++) {
                const int32_t origin_x = ox * params->window.stride_w - params->window.pad_w;
                const int32_t x0 = origin_x < 0 ? 0 : origin_x;
                const int32_t x1 = origin_x <= in_w - params->filter_w ? origin_x + params->filter_w : in_w;
                int8_t *out = output + (((size_t)b * (size_t)out_h + (size_t)oy) * (size_t)out_w + (size_t)ox) *
                                           (size_t)channels;
                for (q = 0; q < quads; q++) {
                    uint32_t best = 0x80808080u; /* INT8_MIN in every lane */
                    for (y = y0; y < y1; y++) {
                        const int8_t *px = in_b + ((size_t)y * (size_t)in_w + (size_t)x0) * (size_t)channels + 4 * q;
                        for (x = x0; x < x1; x++, px += channels) {
                            best = max_s8x4(ps_dsp_read_u32_(px), best);
                        }
                    }
                    best = min_s8x4(max_s8x4(best, low), high);
                    memcpy(out + 4 * q, &best, sizeof best);
                }
                for (c = 4 * quads; c < channels; c++) {
                    int32_t best = INT8_MIN;
                    for (y = y0; y < y1; y++) {
                        for (x = x0; x < x1; x++) {
                            const int32_t v = in_b[((size_t)y * (size_t)in_w + (size_t)x) * (size_t)channels + c];
                            best = v > best ? v : best;
                        }
                    }
                    out[c] = ps_clamp_s8_(best, params->act_min, params->act_max);
                }
            }
        }
    }
    return 1;
}

#endif /* PS_DSP_KERNELS */
