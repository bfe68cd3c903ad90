/*
 * ps_softmax_s8.c - SOFTMAX, int8 (see ps_softmax_s8.h).
 *
 * One row, in gemmlowp fixed point (ps_fixedpoint.h), as reference_ops::Softmax<int8_t, int8_t>:
 *   1. max = the row's largest input; diff = input - max, in [-255, 0].
 *   2. Elements with diff < diff_min contribute nothing and output -128.
 *   3. scaled = ps_multiply_by_quantized_multiplier_greater_than_one(diff, input_multiplier,
 *      input_left_shift): beta * input_scale * diff in Q5.26, in [-32, 0].
 *   4. e = ps_exp_on_negative_values(scaled, 5), Q0.31; the maximum gets INT32_MAX.
 *   5. sum += ps_rescale(e, 0, 12): Q12.19, each term rounded to 2^-19.
 *   6. reciprocal = ps_get_reciprocal(sum, 12); exponent = num_bits_over_unit + 31 - 8.
 *   7. out = ps_rounding_divide_by_pot(ps_saturating_rounding_doubling_high_mul(
 *      reciprocal.shifted_scale, e), exponent) - 128, clamped to [-128, 127].
 */
#include "ps_softmax_s8.h"

#include <stddef.h>
#include <stdint.h>

#include "ps_kernel_util.h"

/* gemmlowp integer bits of the scaled differences (Q5.26) and of the sum of exps (Q12.19). */
#define SCALED_DIFF_INTEGER_BITS 5
#define ACCUMULATION_INTEGER_BITS 12
#define OUTPUT_BITS 8

/* exp(scaled difference) in Q0.31, in [0, INT32_MAX] for diff in [diff_min, 0]. */
static int32_t exp_of_diff(const ps_softmax_params *params, int32_t diff)
{
    const int32_t scaled_diff = ps_multiply_by_quantized_multiplier_greater_than_one(
        diff, params->input_multiplier, (int)params->input_left_shift); /* Q5.26, <= 0 */
    return ps_exp_on_negative_values(scaled_diff, SCALED_DIFF_INTEGER_BITS);
}

ps_status ps_softmax_s8(const ps_softmax_params *params,
                        const ps_dims *input_dims, const int8_t *input,
                        const ps_dims *output_dims, int8_t *output)
{
    /* input [rows, depth], output [rows, depth]; rows = N * H * W, depth = C */
    int32_t count, depth, rows, row, c;

    if (params == NULL || input_dims == NULL || input == NULL || output_dims == NULL ||
        output == NULL) {
        return PS_ERR_ARGUMENT;
    }
    /* -diff_min * 2^input_left_shift < 2^31 keeps every scaled difference in [-32, 0]:
     * no wrap in the left shift, so every exponential is in [0, 1] */
    if (params->input_multiplier < 0 || params->input_left_shift < 0 ||
        params->input_left_shift > 31 || params->diff_min > 0 ||
        -(int64_t)params->diff_min * ((int64_t)1 << params->input_left_shift) > INT32_MAX) {
        return PS_ERR_ARGUMENT;
    }
    count = ps_dims_count_(input_dims);
    if (count < 0 || !ps_dims_equal_(input_dims, output_dims)) {
        return PS_ERR_SHAPE;
    }
    depth = input_dims->c;
    rows = count / depth;

    for (row = 0; row < rows; row++) {
        const int8_t *in_row = input + row * depth;
        int8_t *out_row = output + row * depth;
        int32_t max_in_row = INT8_MIN;
        /* Q12.19. Each term is at most 2^19 (1.0), and the loop stops once the sum reaches
         * 2^28, so it stays below 2^28 + 2^19 < 2^31. The maximum's term is exactly 2^19,
         * so a finished sum is in [2^19, 2^28): a non-zero input to ps_get_reciprocal. */
        int32_t sum_of_exps = 0;
        ps_reciprocal reciprocal;
        int exponent;

        for (c = 0; c < depth; c++) {
            if (in_row[c] > max_in_row) {
                max_in_row = in_row[c];
            }
        }
        for (c = 0; c < depth && sum_of_exps < PS_SOFTMAX_SUM_OF_EXPS_LIMIT; c++) {
            const int32_t diff = in_row[c] - max_in_row;
            if (diff >= params->diff_min) {
                sum_of_exps += ps_rescale(exp_of_diff(params, diff), 0, ACCUMULATION_INTEGER_BITS);
            }
        }
        if (sum_of_exps >= PS_SOFTMAX_SUM_OF_EXPS_LIMIT) {
            return PS_ERR_UNSUPPORTED;
        }
        reciprocal = ps_get_reciprocal(sum_of_exps, ACCUMULATION_INTEGER_BITS);
        /* sum in [2^19, 2^28): num_bits_over_unit in [0, 8], exponent in [23, 31] */
        exponent = (int)reciprocal.num_bits_over_unit + 31 - OUTPUT_BITS;

        for (c = 0; c < depth; c++) {
            /* read before out_row[c] is written: input and output may be the same array */
            const int32_t diff = in_row[c] - max_in_row;
            int32_t result = INT8_MIN;
            if (diff >= params->diff_min) {
                /* the product is in [0, 1] (Q0.31), so the quotient is at most 2^8 */
                const int32_t unsaturated = ps_rounding_divide_by_pot(
                    ps_saturating_rounding_doubling_high_mul(reciprocal.shifted_scale,
                                                             exp_of_diff(params, diff)),
                    exponent);
                result = unsaturated + PS_SOFTMAX_OUTPUT_ZERO_POINT;
            }
            out_row[c] = ps_clamp_s8_(result, INT8_MIN, INT8_MAX);
        }
    }
    return PS_OK;
}
