/*
 * ps_fixedpoint.h - the int32 fixed-point helpers every int8 kernel requantizes with.
 *
 * Bit-exact with TensorFlow Lite's reference kernels in their default build
 * (TFLITE_SINGLE_ROUNDING unset, i.e. "double rounding"): gemmlowp's
 * SaturatingRoundingDoublingHighMul and RoundingDivideByPOT, composed as in
 * tflite::MultiplyByQuantizedMultiplier(int32_t, int32_t, int).
 * The Java twin is dev.pawscope.quantize.FixedPoint (same names, camelCase);
 * both are checked against firmware/tests/golden/fixedpoint_vectors.txt.
 *
 * Portable C99: no right shift of a negative value and no signed overflow
 * (both are implementation-defined or undefined in C99); integer only.
 */
#ifndef PS_FIXEDPOINT_H
#define PS_FIXEDPOINT_H

#include <stdint.h>

/* floor(x / 2^shift) without shifting a negative value:
 * floor(x / 2^s) == -1 - floor((-x - 1) / 2^s), and ~x == -x - 1 is
 * non-negative whenever x is negative. Compilers fold each of these to one
 * arithmetic shift. shift in [0, 31] for int32_t and [0, 62] for int64_t. */
static inline int32_t ps_fixedpoint_floor_shift_i32_(int32_t x, int shift)
{
    return x >= 0 ? (x >> shift) : -1 - (~x >> shift);
}

static inline int64_t ps_fixedpoint_floor_shift_i64_(int64_t x, int shift)
{
    return x >= 0 ? (x >> shift) : -1 - (~x >> shift);
}

/* Two's-complement wrap of a uint32_t into int32_t without the
 * implementation-defined out-of-range conversion. */
static inline int32_t ps_fixedpoint_wrap_i32_(uint32_t u)
{
    return u <= (uint32_t)INT32_MAX ? (int32_t)u
                                    : (int32_t)(u - 0x80000000u) + INT32_MIN;
}

/*
 * round(a * b / 2^31), ties toward +infinity (as the NEON VQRDMULH
 * instruction, which gemmlowp's sign-dependent nudge reproduces: -0.5 -> 0,
 * +0.5 -> 1; ties do NOT go away from zero here).
 *
 * Overflow: the int64 product has |a*b| <= 2^62, so adding 2^30 fits.
 * The only result outside int32 is INT32_MIN * INT32_MIN (= +1.0 in Q0.31),
 * which saturates to INT32_MAX.
 */
static inline int32_t ps_saturating_rounding_doubling_high_mul(int32_t a, int32_t b)
{
    if (a == INT32_MIN && b == INT32_MIN) {
        return INT32_MAX;
    }
    const int64_t ab = (int64_t)a * (int64_t)b;
    return (int32_t)ps_fixedpoint_floor_shift_i64_(ab + ((int64_t)1 << 30), 31);
}

/*
 * round(x / 2^exponent), ties away from zero (+2.5 -> 3, -2.5 -> -3).
 * exponent must be in [0, 31] (the caller guarantees it; not checked here).
 *
 * Overflow: none. For exponent >= 1 the result's magnitude is at most
 * ceil(|x| / 2) <= 2^30; exponent 0 returns x unchanged.
 */
static inline int32_t ps_rounding_divide_by_pot(int32_t x, int exponent)
{
    if (exponent == 0) {
        return x;
    }
    const int32_t floor_q = ps_fixedpoint_floor_shift_i32_(x, exponent);
    const uint32_t remainder = (uint32_t)x & ((1u << exponent) - 1u); /* x - floor_q * 2^e */
    const uint32_t half = 1u << (exponent - 1);
    /* Above half always rounds up; exactly half rounds up only for x >= 0,
     * which moves a positive tie away from zero and leaves a negative tie at
     * the floor, i.e. also away from zero. floor_q <= 2^30 - 1 here, so the
     * increment cannot overflow. */
    const int32_t round_up = remainder > half || (remainder == half && x >= 0);
    return floor_q + round_up;
}

/*
 * x * quantized_multiplier * 2^(shift - 31), with TFLite's double rounding:
 * left shift by max(shift, 0), SaturatingRoundingDoublingHighMul, then
 * RoundingDivideByPOT by max(-shift, 0).
 *
 * shift: the power-of-two exponent of the real multiplier, TFLite's sign
 *   convention: shift > 0 multiplies by 2^shift (left shift before the
 *   multiply), shift < 0 divides by 2^-shift (rounding right shift after it).
 *   With a normalized multiplier, shift > 0 means a real multiplier >= 1 and
 *   shift < 0 one below 0.5. Range [-31, 30].
 * quantized_multiplier: Q0.31 in [0, INT32_MAX], normally in [2^30, 2^31).
 *   real multiplier == quantized_multiplier * 2^(shift - 31).
 * Both preconditions are the caller's (TFLite only DCHECKs them).
 *
 * Overflow: the left shift wraps modulo 2^32, exactly as TFLite's
 * x * (1 << left_shift) does on every two's-complement target; the quantizer
 * must pick shifts for which real accumulators never wrap (TFLite assumes
 * the same). The multiply saturates only for INT32_MIN * INT32_MIN, which a
 * non-negative multiplier cannot produce; the divide cannot overflow.
 */
static inline int32_t ps_multiply_by_quantized_multiplier(int32_t x, int32_t quantized_multiplier,
                                                          int shift)
{
    const int left_shift = shift > 0 ? shift : 0;
    const int right_shift = shift > 0 ? 0 : -shift;
    const int32_t shifted = ps_fixedpoint_wrap_i32_((uint32_t)x << left_shift);
    return ps_rounding_divide_by_pot(
        ps_saturating_rounding_doubling_high_mul(shifted, quantized_multiplier), right_shift);
}

#endif /* PS_FIXEDPOINT_H */
