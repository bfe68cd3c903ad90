/*
 * ps_conv_s8_dsp.c - CONV_2D's loops on the DSP extension (see ps_dsp.h); ps_conv_s8 checks the
 * arguments and calls ps_conv_s8_dsp_ in builds with PS_DSP_KERNELS.
 *
 * input [N, H, W, C_in], filter [C_out, KH, KW, C_in], bias [C_out], output [N, OH, OW, C_out];
 * depth D = KH * KW * C_in, the products behind one output value.
 *
 * Four output positions at a time (im2col): their input patches are widened once to int16, with
 * the input offset already added (SXTAB16: x + input_offset in [-255, 255] fits an int16 lane
 * exactly) and 0 for taps outside the input (the portable kernel skips those taps: a product of
 * 0 is the same sum). Then every output channel's D weights are read once per 4 positions, two
 * weight bytes sign-extended per SXTB16, and each SMLAD adds two products to one position's
 * accumulator: per 4 weights, 1 load, 2 extensions, 2 LDMs of 4 column words and 8 SMLAD give 16
 * multiply-accumulates (the inner loop is assembly for the LDMs, whose registers must ascend; a
 * build without optimization runs the same steps in C). The requantization is per output as
 * before, with each channel's parameters read once per 4 positions.
 *
 * Column layout, so that SXTB16 of a raw weight word meets its inputs without shuffling: the
 * patch index k = (fy * KW + fx) * C_in + ic is cut into groups of 4 (the last one padded with
 * zeros); group g holds 8 words, 2 per position s (0..3):
 *     word 8g + 2s     = {x[4g] , x[4g+2]}   (int16 lanes, bottom first) - meets SXTB16(w)
 *     word 8g + 2s + 1 = {x[4g+1], x[4g+3]}                               - meets SXTB16(w ror 8)
 *
 * Exactness: each accumulator receives exactly the products w[k] * (x[k] + input_offset) of the
 * portable loop over the taps inside the input (and zeros), in another order. Each product is at
 * most 128 * 255 = 32640 in magnitude and there are at most D <= PS_DSP_MAX_DEPTH (far below
 * PS_MAX_ACCUMULATION_DEPTH) of them, so every partial sum - after each SMLAD, whatever the
 * order - lies within +-D * 32640 < 2^31: nothing wraps, integer addition is associative, and
 * the accumulator equals the portable one. The epilogue is the same ps_requantize_s8_.
 */
#include "ps_dsp.h"

#if PS_DSP_KERNELS

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ps_kernel_util.h"

/* Output positions per pass: the columns of 4 positions and the 4 accumulators of one channel
 * stay in registers through the inner loop. */
#define POSITIONS 4
#define MAX_GROUPS (PS_DSP_MAX_DEPTH / 4)

typedef char max_depth_is_a_multiple_of_4[(PS_DSP_MAX_DEPTH % 4 == 0 && PS_DSP_MAX_DEPTH >= 4) ? 1 : -1];

/* The int16 columns of POSITIONS positions, and one position's patch as int8 values for layers
 * whose C_in is not a multiple of 4. */
typedef struct {
    uint32_t words[MAX_GROUPS * 2 * POSITIONS];
    int8_t patch[PS_DSP_MAX_DEPTH];
} columns;

typedef struct {
    const int8_t *input;   /* batch b's input */
    int32_t in_h, in_w, in_c;
    int32_t filter_h, filter_w;
    int32_t depth, groups;
    const ps_window *window;
    int32_t input_offset;
    uint32_t offset_pair;  /* input_offset in both int16 lanes */
} conv_shape;

/* n groups of 4 input bytes -> 2 column words each (the offset added by SXTAB16), `dst` moving
 * one group of the columns (2 * POSITIONS words) per group. */
static inline uint32_t *widen_groups(uint32_t *dst, const int8_t *src, int32_t n, uint32_t offset_pair)
{
    for (; n > 0; n--) {
        const uint32_t raw = ps_dsp_read_u32_(src);
        src += 4;
        dst[0] = ps_dsp_sxtab16_(offset_pair, raw);
        dst[1] = ps_dsp_sxtab16_ror8_(offset_pair, raw);
        dst += 2 * POSITIONS;
    }
    return dst;
}

/* n zero groups (taps outside the input). */
static inline uint32_t *zero_groups(uint32_t *dst, int32_t n)
{
    for (; n > 0; n--) {
        dst[0] = 0;
        dst[1] = 0;
        dst += 2 * POSITIONS;
    }
    return dst;
}

/* Copies n bytes, a word at a time, and returns dst + n. */
static inline int8_t *copy_bytes(int8_t *dst, const int8_t *src, int32_t n)
{
    for (; n >= 4; n -= 4) {
        const uint32_t four = ps_dsp_read_u32_(src);
        memcpy(dst, &four, sizeof four);
        src += 4;
        dst += 4;
    }
    for (; n > 0; n--) {
        *dst++ = *src++;
    }
    return dst;
}

/* Writes n copies of byte v and returns dst + n. */
static inline int8_t *set_bytes(int8_t *dst, int8_t v, int32_t n)
{
    for (; n > 0; n--) {
        *dst++ = v;
    }
    return dst;
}

/*
 * Writes position (oy, ox)'s patch into column slot `slot`; an unused slot (oy < 0) gets zeros.
 * A position whose window lies inside the input with dilation_w 1 reads each filter row as one
 * run of KW * C_in input bytes; others go tap by tap. Not inlined, and not allowed to turn its
 * short byte loops into memcpy/memset calls: both cost more than they save here.
 */
__attribute__((noinline, optimize("no-tree-loop-distribute-patterns")))
static void fill_column(columns *col, const conv_shape *s, int32_t slot, int32_t oy, int32_t ox)
{
    const ps_window *w = s->window;
    const int32_t in_y0 = oy * w->stride_h - w->pad_h;
    const int32_t in_x0 = ox * w->stride_w - w->pad_w;
    const int32_t in_c = s->in_c;
    const int32_t run = s->filter_w * in_c; /* one filter row of the patch */
    const uint32_t offset_pair = s->offset_pair;
    uint32_t *slot_words = col->words + slot * 2;
    int32_t fy, fx;
    int rows_are_runs;

    if (oy < 0) {
        zero_groups(slot_words, s->groups);
        return;
    }
    rows_are_runs = w->dilation_w == 1 && in_x0 >= 0 && in_x0 <= s->in_w - s->filter_w;
    if ((in_c & 3) == 0) {
        /* whole groups per tap: k = (fy * KW + fx) * C_in is a multiple of 4 */
        uint32_t *dst = slot_words;
        for (fy = 0; fy < s->filter_h; fy++) {
            const int32_t in_y = in_y0 + w->dilation_h * fy;
            const int8_t *row = in_y >= 0 && in_y < s->in_h ? s->input + in_y * s->in_w * in_c : NULL;
            if (row == NULL) {
                dst = zero_groups(dst, run >> 2);
            } else if (rows_are_runs) {
                dst = widen_groups(dst, row + in_x0 * in_c, run >> 2, offset_pair);
            } else {
                for (fx = 0; fx < s->filter_w; fx++) {
                    const int32_t in_x = in_x0 + w->dilation_w * fx;
                    dst = in_x >= 0 && in_x < s->in_w ? widen_groups(dst, row + in_x * in_c, in_c >> 2, offset_pair)
                                                      : zero_groups(dst, in_c >> 2);
                }
            }
        }
        return;
    }
    /* any other C_in: the patch as bytes first, in k order, with -input_offset (which SXTAB16
     * turns into 0) for taps outside the input and for the last group's padding; then whole
     * groups as above. -input_offset is an int8: input_offset lies in [-127, 128]. */
    {
        const int8_t outside = (int8_t)(-s->input_offset);
        int8_t *dst = col->patch;
        for (fy = 0; fy < s->filter_h; fy++) {
            const int32_t in_y = in_y0 + w->dilation_h * fy;
            const int8_t *row = in_y >= 0 && in_y < s->in_h ? s->input + in_y * s->in_w * in_c : NULL;
            if (row == NULL) {
                dst = set_bytes(dst, outside, run);
            } else if (rows_are_runs) {
                dst = copy_bytes(dst, row + in_x0 * in_c, run);
            } else {
                for (fx = 0; fx < s->filter_w; fx++) {
                    const int32_t in_x = in_x0 + w->dilation_w * fx;
                    dst = in_x >= 0 && in_x < s->in_w ? copy_bytes(dst, row + in_x * in_c, in_c)
                                                      : set_bytes(dst, outside, in_c);
                }
            }
        }
        set_bytes(dst, outside, s->groups * 4 - s->depth);
        widen_groups(slot_words, col->patch, s->groups, offset_pair);
    }
}

/* One group of 4 weights against the 4 positions' columns (see the layout above). */
static inline void dot4_group(uint32_t raw, const uint32_t *c, int32_t *a0, int32_t *a1, int32_t *a2,
                              int32_t *a3)
{
    const uint32_t even = ps_dsp_sxtb16_(raw);
    const uint32_t odd = ps_dsp_sxtb16_ror8_(raw);
    *a0 = ps_dsp_smlad_(odd, c[1], ps_dsp_smlad_(even, c[0], *a0));
    *a1 = ps_dsp_smlad_(odd, c[3], ps_dsp_smlad_(even, c[2], *a1));
    *a2 = ps_dsp_smlad_(odd, c[5], ps_dsp_smlad_(even, c[4], *a2));
    *a3 = ps_dsp_smlad_(odd, c[7], ps_dsp_smlad_(even, c[6], *a3));
}

#if defined(__OPTIMIZE__) && defined(__thumb2__)
/* One group in assembly: the 8 column words in two LDMs (r0-r3, ascending as LDM needs). */
#define PS_DSP_DOT4_GROUP                                  \
    "ldr    %[raw], [%[w]], #4\n\t"                        \
    "ldmia  %[c]!, {%[c0], %[c1], %[c2], %[c3]}\n\t"       \
    "sxtb16 %[even], %[raw]\n\t"                           \
    "sxtb16 %[raw], %[raw], ror #8\n\t"                    \
    "smlad  %[a0], %[even], %[c0], %[a0]\n\t"              \
    "smlad  %[a0], %[raw], %[c1], %[a0]\n\t"               \
    "smlad  %[a1], %[even], %[c2], %[a1]\n\t"              \
    "smlad  %[a1], %[raw], %[c3], %[a1]\n\t"               \
    "ldmia  %[c]!, {%[c0], %[c1], %[c2], %[c3]}\n\t"       \
    "smlad  %[a2], %[even], %[c0], %[a2]\n\t"              \
    "smlad  %[a2], %[raw], %[c1], %[a2]\n\t"               \
    "smlad  %[a3], %[even], %[c2], %[a3]\n\t"              \
    "smlad  %[a3], %[raw], %[c3], %[a3]\n\t"
#endif

/* The 4 positions' accumulators of one output channel: its D weights against the columns. */
static inline void dot4(const columns *col, const int8_t *weights, int32_t depth, int32_t acc[POSITIONS])
{
    const uint32_t *c = col->words;
    int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    int32_t n = depth >> 2;
#ifdef PS_DSP_DOT4_GROUP
    /* two groups per turn of the loop; 15 instructions per group and turn, 16 products */
    int32_t pairs = n >> 1;
    if (pairs > 0) {
        register uint32_t c0 __asm__("r0");
        register uint32_t c1 __asm__("r1");
        register uint32_t c2 __asm__("r2");
        register uint32_t c3 __asm__("r3");
        uint32_t raw, even;
        __asm__("1:\n\t" PS_DSP_DOT4_GROUP PS_DSP_DOT4_GROUP
                "subs   %[pairs], %[pairs], #1\n\t"
                "bne    1b\n\t"
                : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3), [w] "+r"(weights),
                  [c] "+r"(c), [pairs] "+r"(pairs), [c0] "=&r"(c0), [c1] "=&r"(c1), [c2] "=&r"(c2),
                  [c3] "=&r"(c3), [raw] "=&r"(raw), [even] "=&r"(even)
                :
                : "cc", "memory");
    }
    if ((n & 1) != 0) {
        dot4_group(ps_dsp_read_u32_(weights), c, &a0, &a1, &a2, &a3);
        weights += 4;
        c += 2 * POSITIONS;
    }
#else
    for (; n > 0; n--) {
        dot4_group(ps_dsp_read_u32_(weights), c, &a0, &a1, &a2, &a3);
        weights += 4;
        c += 2 * POSITIONS;
    }
#endif
    if ((depth & 3) != 0) {
        /* the last 1-3 weights, read byte by byte (the bytes after them may lie beyond the
         * filter); the missing lanes are 0 and meet the columns' zero padding */
        uint32_t raw = (uint8_t)weights[0];
        if ((depth & 3) > 1) {
            raw |= (uint32_t)(uint8_t)weights[1] << 8;
        }
        if ((depth & 3) > 2) {
            raw |= (uint32_t)(uint8_t)weights[2] << 16;
        }
        dot4_group(raw, c, &a0, &a1, &a2, &a3);
    }
    acc[0] = a0;
    acc[1] = a1;
    acc[2] = a2;
    acc[3] = a3;
}

/* ps_requant and the bias copied out of the model, so that the compiler need not read them again
 * after every output byte it stores (an int8_t store may alias anything). */
typedef struct {
    const int32_t *bias;
    const int32_t *multipliers;
    const int32_t *shifts;
    int32_t per_channel;
    int32_t output_offset, act_min, act_max;
} requant_copy;

/* ps_requantize_s8_ of `count` accumulators of channel oc, stored `stride` bytes apart: the
 * same steps with the channel's parameters read once. The usual channel (a real multiplier
 * below 0.5: shift < 0) takes ps_multiply_by_quantized_multiplier's own steps without its left
 * shift by 0, and the compiler is told what ps_check_requant_ has checked (multiplier >= 0, so
 * ps_saturating_rounding_doubling_high_mul never saturates; a right shift in [1, 31]); any other
 * channel calls ps_multiply_by_quantized_multiplier itself. */
static inline void requantize(const int32_t acc[POSITIONS], int32_t count, const requant_copy *q,
                              int32_t oc, int8_t *out, int32_t stride)
{
    const int32_t c = q->per_channel ? oc : 0;
    const int32_t bias = q->bias != NULL ? q->bias[oc] : 0; /* adding 0 changes nothing */
    const int32_t multiplier = q->multipliers[c];
    const int shift = (int)q->shifts[c];
    const int32_t output_offset = q->output_offset;
    const int32_t act_min = q->act_min;
    const int32_t act_max = q->act_max;
    int32_t i;
    PS_DSP_ASSUME(multiplier >= 0);
    if (shift < 0) {
        const int right_shift = -shift;
        PS_DSP_ASSUME(right_shift >= 1 && right_shift <= 31);
        for (i = 0; i < count; i++) {
            int32_t value = ps_fixedpoint_add_wrap_i32_(acc[i], bias);
            value = ps_rounding_divide_by_pot(ps_saturating_rounding_doubling_high_mul(value, multiplier),
                                              right_shift);
            value = ps_fixedpoint_add_wrap_i32_(value, output_offset);
            out[i * stride] = ps_clamp_s8_(value, act_min, act_max);
        }
    } else {
        for (i = 0; i < count; i++) {
            int32_t value = ps_fixedpoint_add_wrap_i32_(acc[i], bias);
            value = ps_multiply_by_quantized_multiplier(value, multiplier, shift);
            value = ps_fixedpoint_add_wrap_i32_(value, output_offset);
            out[i * stride] = ps_clamp_s8_(value, act_min, act_max);
        }
    }
}

int ps_conv_s8_dsp_(const ps_conv_params *params, const ps_dims *input_dims, const int8_t *input,
                    const ps_dims *output_dims, int8_t *output)
{
    columns col;
    conv_shape s;
    const ps_requant *requant = &params->requant;
    const int32_t out_h = output_dims->h;
    const int32_t out_w = output_dims->w;
    const int32_t out_c = output_dims->c;
    const int32_t positions = out_h * out_w; /* fits int32: the output's count does */
    const int8_t *filter = params->filter;
    requant_copy q;
    int32_t b, p0, oc, i;

    s.in_h = input_dims->h;
    s.in_w = input_dims->w;
    s.in_c = input_dims->c;
    s.filter_h = params->filter_dims.h;
    s.filter_w = params->filter_dims.w;
    s.depth = s.filter_h * s.filter_w * s.in_c; /* <= PS_MAX_ACCUMULATION_DEPTH, checked */
    s.groups = (s.depth + 3) >> 2;
    s.window = &params->window;
    s.input_offset = requant->input_offset;
    s.offset_pair = ps_dsp_pack_pair_(requant->input_offset);
    if (s.depth > PS_DSP_MAX_DEPTH) {
        return 0;
    }
    q.bias = params->bias;
    q.multipliers = requant->multipliers;
    q.shifts = requant->shifts;
    q.per_channel = requant->channels != 1;
    q.output_offset = requant->output_offset;
    q.act_min = requant->act_min;
    q.act_max = requant->act_max;

    for (b = 0; b < input_dims->n; b++) {
        int8_t *out_b = output + (size_t)b * (size_t)positions * (size_t)out_c;
        s.input = input + (size_t)b * (size_t)s.in_h * (size_t)s.in_w * (size_t)s.in_c;
        for (p0 = 0; p0 < positions; p0 += POSITIONS) {
            const int32_t count = positions - p0 < POSITIONS ? positions - p0 : POSITIONS;
            for (i = 0; i < POSITIONS; i++) {
                const int32_t p = p0 + i;
                fill_column(&col, &s, i, i < count ? p / out_w : -1, i < count ? p % out_w : 0);
            }
            for (oc = 0; oc < out_c; oc++) {
                int32_t acc[POSITIONS];
                int8_t *out = out_b + (size_t)p0 * (size_t)out_c + (size_t)oc;
                dot4(&col, filter + (size_t)oc * (size_t)s.depth, s.depth, acc);
                requantize(acc, count, &q, oc, out, out_c);
            }
        }
    }
    return 1;
}

#endif /* PS_DSP_KERNELS */
