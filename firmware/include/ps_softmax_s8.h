/*
 * ps_softmax_s8.h - SOFTMAX with int8 input and output, bit-exact with TensorFlow Lite's
 * reference kernel (Register_SOFTMAX_REF: reference_ops::Softmax<int8_t, int8_t>) and the Java
 * twin dev.pawscope.quantize.kernels.SoftmaxInt8. TFLite's default (optimized) int8 softmax
 * uses a lookup table and may differ by an LSB.
 */
#ifndef PS_SOFTMAX_S8_H
#define PS_SOFTMAX_S8_H

#include <stdint.h>

#include "ps_model.h"

/* The output quantization TFLite requires: scale 1/256, zero point -128, so a probability p is
 * stored as round(256 p) - 128, clamped to [-128, 127]. */
#define PS_SOFTMAX_OUTPUT_ZERO_POINT (-128)

/* A row's sum of exponentials, raw Q12.19, must stay below 2^28 (512.0): TFLite's reference
 * kernel aborts there (its exponent <= 31 check). It takes 512 or more elements close to the
 * row's maximum. */
#define PS_SOFTMAX_SUM_OF_EXPS_LIMIT (INT32_C(1) << 28)

/*
 * input  [..., depth]  input_dims, input: every dimension but C folds into rows
 * output [..., depth]  output_dims (equal to input_dims), output
 *
 * Each row of depth = input_dims->c elements is normalized on its own. params are TFLite's
 * SoftmaxPrepare results, computed on the host: input_multiplier (Q0.31, >= 0) and
 * input_left_shift (in [0, 31]) scale a difference from the row maximum by beta * input_scale
 * into Q5.26; diff_min (<= 0) is the most negative difference still counted, and must keep
 * -diff_min * 2^input_left_shift below 2^31 (TFLite's -floor(31 * 2^26 / 2^input_left_shift)
 * does). The input's zero point plays no part.
 *
 * input and output may be the same array (in place); they must not overlap otherwise. No
 * scratch memory: each element's exponential is computed twice, as in TFLite's reference.
 *
 * Returns PS_OK; PS_ERR_ARGUMENT for a NULL pointer or params out of the ranges above;
 * PS_ERR_SHAPE for a dimension below 1, a count above INT32_MAX or output dims that differ
 * from the input's; PS_ERR_UNSUPPORTED for a row whose sum of exponentials reaches
 * PS_SOFTMAX_SUM_OF_EXPS_LIMIT (rows before it are then already written).
 */
ps_status ps_softmax_s8(const ps_softmax_params *params,
                        const ps_dims *input_dims, const int8_t *input,
                        const ps_dims *output_dims, int8_t *output);

#endif /* PS_SOFTMAX_S8_H */
