/*
 * ps_dsp.h - the Cortex-M4/M7/M33 DSP-extension paths of the int8 kernels, chosen at compile time.
 *
 * PS_DSP_KERNELS is 1 when the compiler targets a core with the DSP extension
 * (__ARM_FEATURE_DSP: the dual 16-bit multiply-accumulate SMLAD and the byte-pair extensions
 * SXTB16/SXTAB16) and the build does not ask for the portable kernels (-DPS_PORTABLE_KERNELS);
 * otherwise 0, and the kernels are the portable C99 loops alone. Every kernel validates its
 * arguments in its portable file first and then hands the loops to the DSP path below, which
 * computes the same bytes: it forms the same int32 accumulator (the same products, summed in
 * another order, with no partial sum able to overflow: see ps_kernel_limits.h and each kernel)
 * and requantizes it with the same ps_fixedpoint.h/ps_kernel_util.h epilogue.
 *
 * Private to the kernels (firmware/src); the one public fact is PS_DSP_KERNELS, which a
 * benchmark may print.
 */
#ifndef PS_DSP_H
#define PS_DSP_H

#include <stdint.h>
#include <string.h>

#include "ps_model.h"

#if defined(__ARM_FEATURE_DSP) && !defined(PS_PORTABLE_KERNELS)
#define PS_DSP_KERNELS 1
#else
#define PS_DSP_KERNELS 0
#endif

/*
 * The most products per accumulator (KH*KW*C_in, or depth) CONV_2D and FULLY_CONNECTED take on
 * the DSP path: they first widen the input patch to int16 in a buffer on the stack (CONV_2D: 6
 * output positions x PS_DSP_MAX_DEPTH x 2 bytes, plus a PS_DSP_MAX_DEPTH-byte patch and 64
 * channels' requantization constants of 16 bytes: 7.6 KB; FULLY_CONNECTED: 1 KB). Deeper layers
 * run the portable loop. A build may change it (-DPS_DSP_MAX_DEPTH=N, a multiple of 4; the stack
 * must hold 13 N bytes more). DEPTHWISE_CONV_2D needs no buffer and no limit.
 */
#ifndef PS_DSP_MAX_DEPTH
#define PS_DSP_MAX_DEPTH 512
#endif

#if PS_DSP_KERNELS

/*
 * The kernels' DSP loops, called only with arguments their portable kernel has checked
 * (ps_conv_s8, ps_depthwise_conv_s8, ps_fully_connected_s8, ps_max_pool_s8). Each returns 1 when it wrote the
 * output, 0 when the layer is outside what it handles (then nothing is written and the portable
 * loop runs).
 */
int ps_conv_s8_dsp_(const ps_conv_params *params, const ps_dims *input_dims, const int8_t *input,
                    const ps_dims *output_dims, int8_t *output);
int ps_depthwise_conv_s8_dsp_(const ps_conv_params *params, const ps_dims *input_dims,
                              const int8_t *input, const ps_dims *output_dims, int8_t *output);
int ps_fully_connected_s8_dsp_(const ps_fc_params *params, int32_t batches, const int8_t *input,
                               int8_t *output);
int ps_max_pool_s8_dsp_(const ps_pool_params *params, const ps_dims *input_dims, const int8_t *input,
                        const ps_dims *output_dims, int8_t *output);

/* Tells the compiler a fact the kernel has checked (so it can drop a branch that never runs).
 * Only for facts the portable kernel's checks guarantee: a false one is undefined behaviour. */
#define PS_DSP_ASSUME(condition)          \
    do {                                  \
        if (!(condition)) {               \
            __builtin_unreachable();      \
        }                                 \
    } while (0)

/* ------------------------------------------------------------------ SIMD helpers
 * A uint32_t holds 4 int8 lanes (byte 0 lowest) or 2 int16 lanes (bits 0-15 "bottom", 16-31
 * "top"). Inline assembly rather than <arm_acle.h>: gcc 12's header has no __ror, and the
 * rotation folds into SXTB16/SXTAB16 only when written as their operand. */

/* 4 bytes from any address (the Cortex-M4 loads unaligned words; memcpy says so to the compiler). */
static inline uint32_t ps_dsp_read_u32_(const void *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* int8 lanes 0 and 2, sign-extended to int16 lanes: {b0, b2}. */
static inline uint32_t ps_dsp_sxtb16_(uint32_t x)
{
    uint32_t r;
    __asm__("sxtb16 %0, %1" : "=r"(r) : "r"(x));
    return r;
}

/* int8 lanes 1 and 3, sign-extended to int16 lanes: {b1, b3}. */
static inline uint32_t ps_dsp_sxtb16_ror8_(uint32_t x)
{
    uint32_t r;
    __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(x));
    return r;
}

/* {a.bottom + b0, a.top + b2}, each sum modulo 2^16. */
static inline uint32_t ps_dsp_sxtab16_(uint32_t a, uint32_t x)
{
    uint32_t r;
    __asm__("sxtab16 %0, %1, %2" : "=r"(r) : "r"(a), "r"(x));
    return r;
}

/* {a.bottom + b1, a.top + b3}, each sum modulo 2^16. */
static inline uint32_t ps_dsp_sxtab16_ror8_(uint32_t a, uint32_t x)
{
    uint32_t r;
    __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(r) : "r"(a), "r"(x));
    return r;
}

/* acc + a.bottom * b.bottom + a.top * b.top (int16 x int16 products), modulo 2^32; the callers
 * keep every such sum within int32, so nothing wraps (SMLAD would only set the Q flag). */
static inline int32_t ps_dsp_smlad_(uint32_t a, uint32_t b, int32_t acc)
{
    int32_t r;
    __asm__("smlad %0, %1, %2, %3" : "=r"(r) : "r"(a), "r"(b), "r"(acc));
    return r;
}

/* acc + a.bottom * b.bottom, and acc + a.top * b.top (int16 x int16), modulo 2^32 as above. */
static inline int32_t ps_dsp_smlabb_(uint32_t a, uint32_t b, int32_t acc)
{
    int32_t r;
    __asm__("smlabb %0, %1, %2, %3" : "=r"(r) : "r"(a), "r"(b), "r"(acc));
    return r;
}

static inline int32_t ps_dsp_smlatt_(uint32_t a, uint32_t b, int32_t acc)
{
    int32_t r;
    __asm__("smlatt %0, %1, %2, %3" : "=r"(r) : "r"(a), "r"(b), "r"(acc));
    return r;
}

/* Two int16 lanes holding the same value (the input offset), for SXTAB16. */
static inline uint32_t ps_dsp_pack_pair_(int32_t value)
{
    return ((uint32_t)value & 0xFFFFu) | ((uint32_t)value << 16);
}

#endif /* PS_DSP_KERNELS */

#endif /* PS_DSP_H */
