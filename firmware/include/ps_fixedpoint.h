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
 * The second half holds the gemmlowp fixedpoint.h functions and TFLite
 * common.h helpers the int8 softmax is built from (ps_exp_on_negative_values,
 * ps_get_reciprocal and their parts). They work on raw int32 values of
 * gemmlowp's FixedPoint<int32_t, N>, written QN.(31-N): N integer bits,
 * 31 - N fractional bits, real value raw / 2^(31-N). gemmlowp's plain + and -
 * on such values wrap modulo 2^32; here they wrap through uint32_t, which C99
 * defines (a signed overflow would be undefined).
 *
 * The last section holds ps_multiply_by_double_scale, the double-precision
 * requantization of TFLite's reference FULLY_CONNECTED, done in integers.
 *
 * Portable C99: no right shift of a negative value and no signed overflow
 * (both are implementation-defined or undefined in C99); integer only.
 */
#ifndef PS_FIXEDPOINT_H
#define PS_FIXEDPOINT_H

#include <stdint.h>

#include "ps_model.h" /* ps_double_scale */

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

/* a + b and a - b modulo 2^32, as int32 arithmetic wraps on every
 * two's-complement target (and in Java), without C's signed overflow. */
static inline int32_t ps_fixedpoint_add_wrap_i32_(int32_t a, int32_t b)
{
    return ps_fixedpoint_wrap_i32_((uint32_t)a + (uint32_t)b);
}

static inline int32_t ps_fixedpoint_sub_wrap_i32_(int32_t a, int32_t b)
{
    return ps_fixedpoint_wrap_i32_((uint32_t)a - (uint32_t)b);
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

/* ------------------------------------------------------------------------- */
/* gemmlowp fixedpoint.h and TFLite common.h helpers used by the int8 softmax */
/* ------------------------------------------------------------------------- */

/* exp(-1/8) in Q0.31: the centre of the Taylor expansion in the quarter-interval exp. */
#define PS_FIXEDPOINT_EXP_MINUS_ONE_EIGHTH_Q0_31 1895147668
/* 1/3 in Q0.31. */
#define PS_FIXEDPOINT_ONE_THIRD_Q0_31 715827883
/* 48/17 and -32/17 in Q2.29: the Newton-Raphson start of 1 / (1 + x). */
#define PS_FIXEDPOINT_FORTY_EIGHT_SEVENTEENTHS_Q2_29 1515870810
#define PS_FIXEDPOINT_MINUS_THIRTY_TWO_SEVENTEENTHS_Q2_29 (-1010580540)
/* 1.0 in Q2.29. */
#define PS_FIXEDPOINT_ONE_Q2_29 (INT32_C(1) << 29)

/*
 * gemmlowp's RoundingHalfSum for int32 (NEON VRHADD): (a + b) / 2 rounded to
 * nearest, ties away from zero (+2.5 -> 3, -2.5 -> -3).
 *
 * Overflow: none. The sum is formed in int64, and (a + b) / 2 rounded away
 * from zero lies in int32 for every pair (MAX + MAX -> MAX, MIN + MIN -> MIN).
 */
static inline int32_t ps_rounding_half_sum(int32_t a, int32_t b)
{
    const int64_t sum = (int64_t)a + (int64_t)b;
    const int64_t sign = sum >= 0 ? 1 : -1;
    /* C99 division truncates toward zero: (sum + sign) / 2 rounds a half away
     * from zero and every other fraction to nearest. */
    return (int32_t)((sum + sign) / 2);
}

/*
 * gemmlowp's SaturatingRoundingMultiplyByPOT<exponent>: x * 2^exponent.
 *   exponent > 0: a left shift that saturates to [INT32_MIN, INT32_MAX]
 *     (gemmlowp compares x with +-(2^(31 - exponent) - 1) and substitutes
 *     the bound, so -2^(31 - exponent) also becomes INT32_MIN);
 *   exponent < 0: ps_rounding_divide_by_pot by -exponent (ties away from zero);
 *   exponent == 0: x.
 * exponent must be in [-31, 31] (the caller's precondition; not checked).
 *
 * Overflow: none; the shift only runs on values whose product fits, and on
 * uint32_t, since C99 leaves shifting a negative value left undefined.
 */
static inline int32_t ps_saturating_rounding_multiply_by_pot(int32_t x, int exponent)
{
    int32_t threshold; /* the largest |x| whose product fits */
    if (exponent <= 0) {
        return ps_rounding_divide_by_pot(x, -exponent);
    }
    threshold = (int32_t)((1u << (31 - exponent)) - 1u);
    if (x > threshold) {
        return INT32_MAX;
    }
    if (x < -threshold) {
        return INT32_MIN;
    }
    return ps_fixedpoint_wrap_i32_((uint32_t)x << exponent);
}

/*
 * gemmlowp's Rescale<dst_integer_bits> of a FixedPoint<int32_t, src_integer_bits>:
 * the same real value in Q(dst).(31-dst), i.e. ps_saturating_rounding_multiply_by_pot
 * by src_integer_bits - dst_integer_bits. Gaining integer bits rounds (ties
 * away from zero); losing them saturates values that no longer fit.
 * Both in [0, 31] (the caller's precondition).
 */
static inline int32_t ps_rescale(int32_t raw, int src_integer_bits, int dst_integer_bits)
{
    return ps_saturating_rounding_multiply_by_pot(raw, src_integer_bits - dst_integer_bits);
}

/*
 * TFLite's MultiplyByQuantizedMultiplierGreaterThanOne (double-rounding build):
 * ps_saturating_rounding_doubling_high_mul(x * 2^left_shift, quantized_multiplier),
 * i.e. x * quantized_multiplier * 2^(left_shift - 31) with one rounding
 * (ties toward +infinity). quantized_multiplier >= 0, left_shift in [0, 31]
 * (the caller's preconditions).
 *
 * Overflow: x * 2^left_shift wraps modulo 2^32, exactly as TFLite's
 * x * (1 << left_shift) does on two's-complement targets; the softmax keeps
 * |x| * 2^left_shift < 2^31 through its diff_min.
 */
static inline int32_t ps_multiply_by_quantized_multiplier_greater_than_one(
    int32_t x, int32_t quantized_multiplier, int left_shift)
{
    return ps_saturating_rounding_doubling_high_mul(
        ps_fixedpoint_wrap_i32_((uint32_t)x << left_shift), quantized_multiplier);
}

/*
 * TFLite's CountLeadingZeros(uint32_t): the zero bits above the highest set
 * bit; 32 for 0, 0 for any value with bit 31 set (an int32 x passes as
 * (uint32_t)x, as TFLite's static_cast<uint32_t>(x) does).
 */
static inline int ps_count_leading_zeros(uint32_t x)
{
    int n = 0;
    if (x == 0u) {
        return 32;
    }
    if (x <= 0x0000FFFFu) {
        n += 16;
        x <<= 16;
    }
    if (x <= 0x00FFFFFFu) {
        n += 8;
        x <<= 8;
    }
    if (x <= 0x0FFFFFFFu) {
        n += 4;
        x <<= 4;
    }
    if (x <= 0x3FFFFFFFu) {
        n += 2;
        x <<= 2;
    }
    if (x <= 0x7FFFFFFFu) {
        n += 1;
    }
    return n;
}

/*
 * gemmlowp's exp_on_interval_between_negative_one_quarter_and_0_excl: exp(a)
 * for a in Q0.31, meant for a in [-1/4, 0), i.e. raw [-2^29, 0); Q0.31 result.
 *
 * The fourth-order Taylor expansion around -1/8, exp(-1/8) * (1 + x + x^2/2 +
 * x^3/6 + x^4/24) with x = a + 1/8, products by
 * ps_saturating_rounding_doubling_high_mul, /4 and /2 by rounding right shifts,
 * in gemmlowp's order.
 *
 * Overflow: the additions wrap modulo 2^32 like gemmlowp's int32 +; none
 * wraps for inputs in the intended interval.
 */
static inline int32_t ps_exp_on_interval_between_negative_one_quarter_and_0_excl(int32_t a)
{
    const int32_t constant_term = PS_FIXEDPOINT_EXP_MINUS_ONE_EIGHTH_Q0_31;
    const int32_t x = ps_fixedpoint_add_wrap_i32_(a, INT32_C(1) << 28); /* a + 1/8 */
    const int32_t x2 = ps_saturating_rounding_doubling_high_mul(x, x);
    const int32_t x3 = ps_saturating_rounding_doubling_high_mul(x2, x);
    const int32_t x4 = ps_saturating_rounding_doubling_high_mul(x2, x2);
    const int32_t x4_over_4 = ps_saturating_rounding_multiply_by_pot(x4, -2);
    const int32_t x4_over_24_plus_x3_over_6_plus_x2_over_2 = ps_saturating_rounding_multiply_by_pot(
        ps_fixedpoint_add_wrap_i32_(
            ps_saturating_rounding_doubling_high_mul(ps_fixedpoint_add_wrap_i32_(x4_over_4, x3),
                                                     PS_FIXEDPOINT_ONE_THIRD_Q0_31),
            x2),
        -1);
    return ps_fixedpoint_add_wrap_i32_(
        constant_term,
        ps_saturating_rounding_doubling_high_mul(
            constant_term, ps_fixedpoint_add_wrap_i32_(x, x4_over_24_plus_x3_over_6_plus_x2_over_2)));
}

/*
 * gemmlowp's exp_on_negative_values: exp(a) for a <= 0 given in
 * Q(integer_bits).(31-integer_bits); Q0.31 result (the softmax uses
 * integer_bits = 5, inputs in [-32, 0]). integer_bits in [0, 29] (the
 * caller's precondition).
 *
 * a = r + q with r in [-1/4, 0) from the bits of a below 1/4 and -q a
 * non-negative multiple of 1/4; exp(r) from the quarter-interval function,
 * then multiplied by exp(-2^k) for every bit k in [-2, min(4, integer_bits - 1)]
 * set in -q (the barrel shifter). For integer_bits > 5, inputs below -32
 * give 0; a == 0 gives INT32_MAX (1.0 does not exist in Q0.31).
 *
 * Overflow: none for a <= 0. Positive a is evaluated as gemmlowp evaluates it
 * (the subtraction wraps), but the result is not exp(a).
 */
static inline int32_t ps_exp_on_negative_values(int32_t a, int integer_bits)
{
    /* exp(-2^k) in Q0.31 for k = -2 .. 4, index k + 2 */
    static const int32_t exp_minus_two_to_the_k[7] = {
        1672461947, /* exp(-1/4) */
        1302514674, /* exp(-1/2) */
        790015084,  /* exp(-1) */
        290630308,  /* exp(-2) */
        39332535,   /* exp(-4) */
        720401,     /* exp(-8) */
        242         /* exp(-16) */
    };
    const int fractional_bits = 31 - integer_bits;
    const int32_t one_quarter = INT32_C(1) << (fractional_bits - 2);
    const uint32_t mask = (uint32_t)one_quarter - 1u;
    /* (a mod 1/4) - 1/4, in [-1/4, 0); the masked value is at most 2^29 - 1 */
    const int32_t a_mod_quarter_minus_one_quarter = (int32_t)((uint32_t)a & mask) - one_quarter;
    /* -q >= 0, a multiple of 1/4 */
    const uint32_t remainder =
        (uint32_t)ps_fixedpoint_sub_wrap_i32_(a_mod_quarter_minus_one_quarter, a);
    int32_t result = ps_exp_on_interval_between_negative_one_quarter_and_0_excl(
        ps_rescale(a_mod_quarter_minus_one_quarter, integer_bits, 0));
    int k;

    for (k = -2; k <= 4; k++) {
        /* gemmlowp skips the bits the format cannot hold; fractional_bits + k <= 30 */
        if (integer_bits > k && (remainder & (1u << (fractional_bits + k))) != 0u) {
            result = ps_saturating_rounding_doubling_high_mul(result, exp_minus_two_to_the_k[k + 2]);
        }
    }
    if (integer_bits > 5) {
        const int32_t minus_thirty_two = -(INT32_C(1) << (36 - integer_bits));
        if (a < minus_thirty_two) {
            result = 0;
        }
    }
    return a == 0 ? INT32_MAX : result;
}

/*
 * gemmlowp's one_over_one_plus_x_for_x_in_0_1: 1 / (1 + a) for a in Q0.31,
 * meant for a in [0, 1) (raw [0, INT32_MAX]); Q0.31 result in (1/2, 1], 1
 * saturating to INT32_MAX.
 *
 * d = (1 + a) / 2 by ps_rounding_half_sum with INT32_MAX standing for 1, then
 * Newton-Raphson on 1/d in Q2.29: x = 48/17 - 32/17 * d, three times
 * x += rescale_4->2(x * (1 - d * x)), and x / 2 rescaled from Q1.30 to Q0.31.
 *
 * Overflow: the additions wrap modulo 2^32 like gemmlowp's; none wraps within
 * the intended interval.
 */
static inline int32_t ps_one_over_one_plus_x_for_x_in_0_1(int32_t a)
{
    const int32_t half_denominator = ps_rounding_half_sum(a, INT32_MAX); /* Q0.31 */
    int32_t x = ps_fixedpoint_add_wrap_i32_(
        PS_FIXEDPOINT_FORTY_EIGHT_SEVENTEENTHS_Q2_29,
        ps_saturating_rounding_doubling_high_mul(half_denominator,
                                                 PS_FIXEDPOINT_MINUS_THIRTY_TWO_SEVENTEENTHS_Q2_29));
    int i;

    for (i = 0; i < 3; i++) {
        const int32_t half_denominator_times_x =
            ps_saturating_rounding_doubling_high_mul(half_denominator, x); /* Q2.29 */
        const int32_t one_minus_half_denominator_times_x =
            ps_fixedpoint_sub_wrap_i32_(PS_FIXEDPOINT_ONE_Q2_29, half_denominator_times_x);
        x = ps_fixedpoint_add_wrap_i32_(
            x, ps_rescale(ps_saturating_rounding_doubling_high_mul(x, one_minus_half_denominator_times_x),
                          4, 2));
    }
    /* gemmlowp's ExactMulByPot<-1> reads the Q2.29 raw value as Q1.30 (x / 2);
     * Rescale<0> then goes to Q0.31. */
    return ps_rescale(x, 1, 0);
}

/* The result of ps_get_reciprocal:
 * 1 / x_real = shifted_scale / 2^31 * 2^-num_bits_over_unit. */
typedef struct {
    int32_t shifted_scale;      /* Q0.31 in (2^30, INT32_MAX], i.e. (1/2, 1] */
    int32_t num_bits_over_unit; /* x_real = (1 + s) * 2^num_bits_over_unit, s in [0, 1) */
} ps_reciprocal;

/*
 * TFLite's GetReciprocal(x, x_integer_digits, &num_bits_over_unit): the
 * reciprocal of x_real = x / 2^(31 - x_integer_digits), x read as uint32_t,
 * as a normalized Q0.31 mantissa and a power of two.
 *
 * h = ps_count_leading_zeros(x); num_bits_over_unit = x_integer_digits - h;
 * (uint32_t)x << h has its top bit set, minus 2^31 it is s in Q0.31, and
 * ps_one_over_one_plus_x_for_x_in_0_1(s) is the mantissa.
 *
 * x must be non-zero (the caller's precondition: TFLite would shift by 32,
 * which is undefined). Here x == 0 skips the shift, so the result is defined
 * but meaningless; the Java twin throws.
 */
static inline ps_reciprocal ps_get_reciprocal(int32_t x, int x_integer_digits)
{
    const int headroom_plus_one = ps_count_leading_zeros((uint32_t)x);
    const uint32_t shifted = headroom_plus_one < 32 ? (uint32_t)x << headroom_plus_one : 0u;
    ps_reciprocal r;
    r.num_bits_over_unit = x_integer_digits - headroom_plus_one;
    /* the shifted value minus 2^31, modulo 2^32: clears the top bit */
    r.shifted_scale = ps_one_over_one_plus_x_for_x_in_0_1(ps_fixedpoint_wrap_i32_(shifted - 0x80000000u));
    return r;
}

/* ------------------------------------------------------------------------- */
/* Double-precision scales: TFLite's reference int8 FULLY_CONNECTED          */
/* ------------------------------------------------------------------------- */

/* The number of significant bits of x: 0 for 0, 64 for a value with bit 63 set. */
static inline int ps_fixedpoint_bit_length_u64_(uint64_t x)
{
    const uint32_t high = (uint32_t)(x >> 32);
    return high != 0u ? 64 - ps_count_leading_zeros(high)
                      : 32 - ps_count_leading_zeros((uint32_t)x);
}

/*
 * (int32_t) round((double) acc * value) with value = scale->mantissa * 2^scale->exponent, as C
 * computes it on an IEEE-754 machine (binary64, round to nearest even, FLT_EVAL_METHOD 0, i.e.
 * SSE2 or Java, not x87 extended precision), in integers only: TFLite's reference int8
 * FULLY_CONNECTED requantizes so (acc * effective_scale in double, std::round). The Java twin,
 * the reference this must equal bit for bit, is dev.pawscope.quantize.kernels.DoubleScale.multiply
 * (real double arithmetic); both are checked against firmware/tests/golden/double_scale_vectors.txt.
 *
 * scale->mantissa is 0 (the scale 0: the result is 0) or below 2^53; a double's normalized
 * significand is in [2^52, 2^53). Any int32 exponent is handled. A mantissa of 2^53 or more is
 * no double's and gives 0 (ps_fully_connected_s8 rejects it, and every scale that is not 0 or a
 * normal double, before it computes).
 *
 * Why this is exact. Let a = |acc| (<= 2^31, INT32_MIN included) and P = a * mantissa, an
 * integer below 2^84:
 *  1. (double) acc is exact (|acc| <= 2^31 < 2^53) and value is exactly the double
 *     mantissa * 2^exponent, so the double product is sign(acc) * RN(P) * 2^exponent, where RN
 *     rounds P to 53 significant bits, ties to even: the product of two normal doubles rounds
 *     the exact product to 53 bits, and scaling by a power of two commutes with that. It cannot
 *     be subnormal (|acc| >= 1, so |product| >= value >= DBL_MIN for a normal scale); if it
 *     overflows to infinity, RN(P) * 2^exponent is also far beyond 2^31 and saturates alike.
 *  2. P is formed exactly as t * 2^32 + u with t = floor(P / 2^32) < 2^52 and u < 2^32 (each
 *     partial product fits uint64_t). P has L bits; if L <= 53 it is RN(P) itself, otherwise
 *     the low k = L - 53 bits (1 <= k <= 31) are dropped: the kept 53 bits round up when the
 *     dropped bits exceed 2^(k-1), or equal it and the kept bits are odd. RN(P) = significand * 2^k, significand <= 2^53 (a carry may reach 2^53 exactly).
 *     (For an int32 result, ties-to-even here gives the same as ties-up: a step that crosses
 *     a half-integer ends on one, which is even since at least 22 bits lie below the point;
 *     ties-to-odd or truncation would differ, and the golden vectors catch both.)
 *  3. round() of significand * 2^e (e = exponent + k, in int64) is exact integer arithmetic:
 *     for e >= 0 a left shift; for e < 0 the integer part significand >> -e, plus one when the
 *     fraction bits are at least half (ties away from zero, as std::round on the magnitude);
 *     below e = -54 the value is under 1/2 and rounds to 0.
 *  4. The sign is restored on the magnitude, which is what round() does on a negative value.
 * Results beyond int32 saturate to INT32_MIN / INT32_MAX (there C's conversion is undefined;
 * the Java twin saturates and the int8 clamp follows anyway).
 *
 * Cost: two 32x32->64 multiplies and a few shifts; no floating point, no division, no
 * 128-bit type (which C99 and Cortex-M lack).
 */
static inline int32_t ps_multiply_by_double_scale(int32_t acc, const ps_double_scale *scale)
{
    const int negative = acc < 0;
    /* |acc| without negating INT32_MIN: the uint32_t negation is defined modulo 2^32 */
    const uint32_t a = negative ? 0u - (uint32_t)acc : (uint32_t)acc;
    const uint64_t mantissa = scale->mantissa;
    int64_t exponent = scale->exponent;
    uint64_t significand; /* RN(P) / 2^k, at most 2^53 */
    uint64_t magnitude;   /* |result|, capped at 2^32 (which saturates either way) */

    if (a == 0u || mantissa == 0u || (mantissa >> 53) != 0u) {
        return 0;
    }
    {
        /* P = a * mantissa = t * 2^32 + u exactly: a * (mantissa mod 2^32) < 2^63 and
         * a * (mantissa >> 32) < 2^31 * 2^21, plus the carry < 2^31: t < 2^52 */
        const uint64_t low = (uint64_t)a * (mantissa & 0xFFFFFFFFu);
        const uint64_t t = (uint64_t)a * (mantissa >> 32) + (low >> 32);
        const uint64_t u = low & 0xFFFFFFFFu;
        if (t < ((uint64_t)1 << 21)) {
            significand = (t << 32) | u; /* P < 2^53: the double product is exact */
        } else {
            /* P has 32 + bit_length(t) bits; drop k of them to keep 53 */
            const int k = ps_fixedpoint_bit_length_u64_(t) - 21; /* in [1, 31] */
            const uint64_t half = (uint64_t)1 << (k - 1);
            const uint64_t dropped = u & (((uint64_t)1 << k) - 1u); /* P mod 2^k */
            significand = (t << (32 - k)) | (u >> k);                /* floor(P / 2^k) */
            /* round to nearest, ties to even: the IEEE-754 double multiply */
            if (dropped > half || (dropped == half && (significand & 1u) != 0u)) {
                significand++;
            }
            exponent += k;
        }
    }
    /* round(significand * 2^exponent) on the magnitude: ties away from zero (std::round) */
    if (exponent >= 0) {
        /* significand >= 1, so exponent >= 33 means >= 2^33 */
        magnitude = exponent > 32 || significand > (((uint64_t)1 << 32) >> exponent)
                        ? (uint64_t)1 << 32
                        : significand << exponent;
    } else if (exponent < -54) {
        magnitude = 0u; /* significand * 2^exponent <= 2^53 * 2^-55 < 1/2 */
    } else {
        const int shift = (int)-exponent; /* in [1, 54] */
        const uint64_t fraction = significand & (((uint64_t)1 << shift) - 1u);
        magnitude = (significand >> shift) + (fraction >= ((uint64_t)1 << (shift - 1)) ? 1u : 0u);
    }
    if (negative) {
        /* -2^31 is INT32_MIN itself; anything beyond saturates to it */
        return magnitude >= ((uint64_t)1 << 31) ? INT32_MIN : -(int32_t)magnitude;
    }
    return magnitude > (uint64_t)INT32_MAX ? INT32_MAX : (int32_t)magnitude;
}

#endif /* PS_FIXEDPOINT_H */
