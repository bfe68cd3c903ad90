/*
 * ps_fully_connected_s8_dsp.c - FULLY_CONNECTED's loops on the DSP extension (see ps_dsp.h);
 * ps_fully_connected_s8 checks the arguments and calls ps_fully_connected_s8_dsp_ in builds with
 * PS_DSP_KERNELS.
 *
 * input [batches, depth], weights [outputs, depth], bias [outputs], output [batches, outputs].
 *
 * Each input row is widened once to int16 with the input offset added (SXTAB16; x +
 * input_offset in [-255, 255] fits an int16 lane exactly), in groups of 4 as two words
 * {x0, x2}, {x1, x3}, the last group padded with zeros. Then two outputs at a time: per 4
 * weights of each, 1 load and 2 SXTB16, and 2 SMLAD against the row's 2 words.
 *
 * Exactness: each accumulator receives exactly the portable loop's products
 * w * (x + input_offset) (and zeros), in another order. Each is at most 128 * 255 = 32640 in
 * magnitude and there are at most depth <= PS_DSP_MAX_DEPTH of them, so every partial sum lies
 * within +-depth * 32640 < 2^31: nothing wraps, and the accumulator equals the portable one.
 * The epilogue is the same ps_requantize_s8_double_.
 */
#include "ps_dsp.h"

#if PS_DSP_KERNELS

#include <stddef.h>
#include <stdint.h>

#include "ps_kernel_util.h"

/* `count` (1-3) bytes as the low bytes of a word, the others `fill`. Not inlined: it runs once per
 * row, and its loop would only grow the hot one. */
__attribute__((noinline)) static uint32_t last_word(const int8_t *bytes, int32_t count, uint8_t fill)
{
    uint32_t word = (uint32_t)fill * 0x01010101u;
    int32_t i;
    for (i = 0; i < count; i++) {
        word = (word & ~(0xFFu << (8 * i))) | ((uint32_t)(uint8_t)bytes[i] << (8 * i));
    }
    return word;
}

int ps_fully_connected_s8_dsp_(const ps_fc_params *params, int32_t batches, const int8_t *input,
                               int8_t *output)
{
    uint32_t row[PS_DSP_MAX_DEPTH / 2]; /* 2 words per group of 4 */
    const int32_t depth = params->depth;
    const int32_t outputs = params->outputs;
    const int32_t full = depth >> 2;
    const int32_t groups = (depth + 3) >> 2;
    const uint32_t offset_pair = ps_dsp_pack_pair_(params->requant.input_offset);
    const uint8_t outside = (uint8_t)(int8_t)(-params->requant.input_offset); /* widens to 0 */
    int32_t b, o, g;

    if (depth > PS_DSP_MAX_DEPTH) {
        return 0;
    }
    for (b = 0; b < batches; b++) {
        const int8_t *in_row = input + (size_t)b * (size_t)depth;
        for (g = 0; g < groups; g++) {
            const uint32_t raw = g < full ? ps_dsp_read_u32_(in_row + 4 * g) : last_word(in_row + 4 * g, depth & 3, outside);
            row[2 * g] = ps_dsp_sxtab16_(offset_pair, raw);
            row[2 * g + 1] = ps_dsp_sxtab16_ror8_(offset_pair, raw);
        }
        for (o = 0; o < outputs; o += 2) {
            const int two = o + 1 < outputs;
            const int8_t *w0 = params->weights + (size_t)o * (size_t)depth;
            const int8_t *w1 = two ? w0 + depth : w0; /* one output left: the same row twice */
            const uint32_t *x = row;
            int32_t a0 = 0, a1 = 0;
            for (g = 0; g < groups; g++) {
                /* the last 1-3 weights byte by byte: the bytes after them may lie beyond the array */
                const uint32_t r0 = g < full ? ps_dsp_read_u32_(w0) : last_word(w0, depth & 3, 0);
                const uint32_t r1 = g < full ? ps_dsp_read_u32_(w1) : last_word(w1, depth & 3, 0);
                a0 = ps_dsp_smlad_(ps_dsp_sxtb16_ror8_(r0), x[1], ps_dsp_smlad_(ps_dsp_sxtb16_(r0), x[0], a0));
                a1 = ps_dsp_smlad_(ps_dsp_sxtb16_ror8_(r1), x[1], ps_dsp_smlad_(ps_dsp_sxtb16_(r1), x[0], a1));
                w0 += 4;
                w1 += 4;
                x += 2;
            }
            output[(size_t)b * (size_t)outputs + (size_t)o] =
                ps_requantize_s8_double_(a0, params->bias, &params->requant, params->scales, o);
            if (two) {
                output[(size_t)b * (size_t)outputs + (size_t)o + 1] =
                    ps_requantize_s8_double_(a1, params->bias, &params->requant, params->scales, o + 1);
            }
        }
    }
    return 1;
}

#endif /* PS_DSP_KERNELS */
