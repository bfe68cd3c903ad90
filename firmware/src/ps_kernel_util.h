/*
 * ps_kernel_util.h - checks and the requantization epilogue shared by the int8 kernels and the
 * runner. Private to firmware/src; not part of the kernel API.
 *
 * Every kernel validates all of its arguments before it reads or writes a byte, so a bad model
 * gets a status back and never undefined behaviour (only the softmax can still fail later, on
 * a row TFLite rejects too). The checks also bound every index and every accumulator, which
 * is what lets the inner loops use plain int32 arithmetic.
 */
#ifndef PS_KERNEL_UTIL_H
#define PS_KERNEL_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "ps_fixedpoint.h"
#include "ps_kernel_limits.h"
#include "ps_model.h"

/* The element count of NHWC dims, or -1 unless every dimension is >= 1 and the count fits
 * int32 (then every flat index below the count fits int32 too). */
static inline int32_t ps_dims_count_(const ps_dims *dims)
{
    const int32_t d[4] = {dims->n, dims->h, dims->w, dims->c};
    int32_t count = 1;
    int i;
    for (i = 0; i < 4; i++) {
        if (d[i] < 1 || count > INT32_MAX / d[i]) {
            return -1;
        }
        count *= d[i];
    }
    return count;
}

static inline int ps_dims_equal_(const ps_dims *a, const ps_dims *b)
{
    return a->n == b->n && a->h == b->h && a->w == b->w && a->c == b->c;
}

/* One spatial axis of a sliding window: every input coordinate the kernel forms,
 * out * stride - pad + dilation * tap, must fit int32. With pad >= 0 it suffices that
 * (out_size - 1) * stride + (filter_size - 1) * dilation does (checked in int64, where it
 * cannot overflow for any int32 operands). */
static inline int ps_window_axis_fits_(int32_t out_size, int32_t stride, int32_t filter_size,
                                       int32_t dilation)
{
    const int64_t last = (int64_t)(out_size - 1) * stride + (int64_t)(filter_size - 1) * dilation;
    return last <= INT32_MAX;
}

/*
 * A window's strides, dilations and paddings, and that its coordinates fit int32 for an output
 * of out_h x out_w positions and a filter_h x filter_w filter (all >= 1, checked by the caller).
 * PS_ERR_ARGUMENT for a stride or dilation below 1 or a negative padding, PS_ERR_SHAPE if the
 * coordinates would leave int32.
 */
static inline ps_status ps_check_window_(const ps_window *window, int32_t out_h, int32_t out_w,
                                         int32_t filter_h, int32_t filter_w)
{
    if (window->stride_h < 1 || window->stride_w < 1 || window->dilation_h < 1 ||
        window->dilation_w < 1 || window->pad_h < 0 || window->pad_w < 0) {
        return PS_ERR_ARGUMENT;
    }
    if (!ps_window_axis_fits_(out_h, window->stride_h, filter_h, window->dilation_h) ||
        !ps_window_axis_fits_(out_w, window->stride_w, filter_w, window->dilation_w)) {
        return PS_ERR_SHAPE;
    }
    return PS_OK;
}

static inline int ps_is_int8_(int32_t value)
{
    return value >= INT8_MIN && value <= INT8_MAX;
}

/* An activation clamp within [-128, 127] and not empty. */
static inline int ps_activation_range_is_valid_(int32_t act_min, int32_t act_max)
{
    return ps_is_int8_(act_min) && ps_is_int8_(act_max) && act_min <= act_max;
}

/*
 * The parts of a requantization every kernel shares: input_offset in [-127, 128] (minus an
 * int8 zero point), output_offset in [-128, 127], a valid activation range and channels 1 or
 * out_channels. The multipliers, shifts or scales are checked by the callers below.
 */
static inline int ps_requant_offsets_are_valid_(const ps_requant *requant, int32_t out_channels)
{
    return requant->input_offset >= -INT8_MAX && requant->input_offset <= -INT8_MIN &&
           ps_is_int8_(requant->output_offset) &&
           ps_activation_range_is_valid_(requant->act_min, requant->act_max) &&
           (requant->channels == 1 || requant->channels == out_channels);
}

/*
 * Requantization parameters for `out_channels` output channels, PS_ERR_ARGUMENT unless:
 * input_offset in [-127, 128] (minus an int8 zero point), output_offset in [-128, 127],
 * a valid activation range, channels 1 or out_channels, and every multiplier >= 0 with its
 * shift in [-31, 30] (the preconditions of ps_multiply_by_quantized_multiplier).
 */
static inline ps_status ps_check_requant_(const ps_requant *requant, int32_t out_channels)
{
    int32_t c;
    if (requant->multipliers == NULL || requant->shifts == NULL) {
        return PS_ERR_ARGUMENT;
    }
    if (!ps_requant_offsets_are_valid_(requant, out_channels)) {
        return PS_ERR_ARGUMENT;
    }
    for (c = 0; c < requant->channels; c++) {
        if (requant->multipliers[c] < 0 || requant->shifts[c] < -31 || requant->shifts[c] > 30) {
            return PS_ERR_ARGUMENT;
        }
    }
    return PS_OK;
}

/* A double scale as DoubleScale.of splits one: mantissa 0 (the scale 0), or a normal double,
 * 2^52 <= mantissa < 2^53 and -1074 <= exponent <= 971 (2^-1022 <= value < 2^1024). */
static inline int ps_double_scale_is_valid_(const ps_double_scale *scale)
{
    if (scale->mantissa == 0u) {
        return 1;
    }
    return scale->mantissa >= ((uint64_t)1 << 52) && scale->mantissa < ((uint64_t)1 << 53) &&
           scale->exponent >= -1074 && scale->exponent <= 971;
}

/*
 * The double-precision requantization of FULLY_CONNECTED for `out_channels` outputs,
 * PS_ERR_ARGUMENT unless: scales is not NULL, the offsets, activation range and channel count
 * are valid as for ps_check_requant_ (channels 1 or out_channels), and each of the
 * requant->channels scales is 0 or a normal double (ps_double_scale_is_valid_).
 * requant->multipliers and requant->shifts are not used (they are NULL for FULLY_CONNECTED).
 */
static inline ps_status ps_check_double_requant_(const ps_requant *requant,
                                                 const ps_double_scale *scales, int32_t out_channels)
{
    int32_t c;
    if (scales == NULL || !ps_requant_offsets_are_valid_(requant, out_channels)) {
        return PS_ERR_ARGUMENT;
    }
    for (c = 0; c < requant->channels; c++) {
        if (!ps_double_scale_is_valid_(&scales[c])) {
            return PS_ERR_ARGUMENT;
        }
    }
    return PS_OK;
}

static inline int8_t ps_clamp_s8_(int32_t value, int32_t act_min, int32_t act_max)
{
    return (int8_t)(value < act_min ? act_min : (value > act_max ? act_max : value));
}

/*
 * The epilogue of every requantizing kernel, as TFLite's reference kernels write it:
 * acc += bias; acc = MultiplyByQuantizedMultiplier(acc, multiplier, shift); acc += output_offset;
 * clamp to the activation range. `channel` picks the multiplier and shift (the only one when
 * requant->channels is 1). bias may be NULL.
 *
 * Overflow: the accumulator arrives within +-2^31 - 2^23 (PS_MAX_ACCUMULATION_DEPTH), but an
 * int32 bias is arbitrary, so acc + bias, like the requantized value + output_offset, is taken
 * modulo 2^32: what TFLite's int32 additions do on every two's-complement target, and what the
 * Java reference does. A real model's bias stays far from that limit.
 */
static inline int8_t ps_requantize_s8_(int32_t acc, const int32_t *bias, const ps_requant *requant,
                                       int32_t channel)
{
    const int32_t c = requant->channels == 1 ? 0 : channel;
    int32_t value = bias != NULL ? ps_fixedpoint_add_wrap_i32_(acc, bias[channel]) : acc;
    value = ps_multiply_by_quantized_multiplier(value, requant->multipliers[c], (int)requant->shifts[c]);
    value = ps_fixedpoint_add_wrap_i32_(value, requant->output_offset);
    return ps_clamp_s8_(value, requant->act_min, requant->act_max);
}

/*
 * The epilogue of TFLite's reference int8 FULLY_CONNECTED, which requantizes in double
 * precision: acc += bias; acc = (int32_t) round((double) acc * scale); acc += output_offset;
 * clamp to the activation range. `channel` picks the scale (scales[0] when requant->channels
 * is 1) and the bias. ps_multiply_by_double_scale computes the double product in integers.
 *
 * Overflow: acc + bias and the result + output_offset wrap modulo 2^32, as in
 * ps_requantize_s8_ and the Java reference (int additions); the product saturates to int32.
 */
static inline int8_t ps_requantize_s8_double_(int32_t acc, const int32_t *bias,
                                              const ps_requant *requant,
                                              const ps_double_scale *scales, int32_t channel)
{
    const int32_t c = requant->channels == 1 ? 0 : channel;
    int32_t value = bias != NULL ? ps_fixedpoint_add_wrap_i32_(acc, bias[channel]) : acc;
    value = ps_multiply_by_double_scale(value, &scales[c]);
    value = ps_fixedpoint_add_wrap_i32_(value, requant->output_offset);
    return ps_clamp_s8_(value, requant->act_min, requant->act_max);
}

#endif /* PS_KERNEL_UTIL_H */
