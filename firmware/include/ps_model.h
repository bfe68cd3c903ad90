/*
 * ps_model.h - an int8 model as the firmware runs it: tensors placed in one activation arena,
 * ops in execution order with every integer parameter precomputed by the host
 * (`pawscope export c`), so the firmware needs no floating point and no malloc.
 *
 * Layout is NHWC throughout, as in TensorFlow Lite. Op type values are TFLite's BuiltinOperator
 * codes. The generated model file defines one `const ps_model` in flash.
 */
#ifndef PS_MODEL_H
#define PS_MODEL_H

#include <stdint.h>

typedef enum {
    PS_OK = 0,
    PS_ERR_ARGUMENT = 1,     /* a null pointer or an index out of range */
    PS_ERR_SHAPE = 2,        /* dimensions that do not fit together */
    PS_ERR_UNSUPPORTED = 3,  /* an op type or option this firmware does not implement */
    PS_ERR_ARENA = 4         /* the arena is smaller than the model needs */
} ps_status;

/* TFLite BuiltinOperator codes. */
typedef enum {
    PS_OP_AVERAGE_POOL_2D = 1,
    PS_OP_CONV_2D = 3,
    PS_OP_DEPTHWISE_CONV_2D = 4,
    PS_OP_FULLY_CONNECTED = 9,
    PS_OP_MAX_POOL_2D = 17,
    PS_OP_RESHAPE = 22,
    PS_OP_SOFTMAX = 25
} ps_op_type;

/* NHWC dimensions; a flat [batches, n] tensor is {batches, 1, 1, n}. */
typedef struct {
    int32_t n;
    int32_t h;
    int32_t w;
    int32_t c;
} ps_dims;

/* Where a sliding window visits its input. pad_* is the implicit padding before the first
 * row/column (TFLite's ComputePaddingHeightWidth; SAME puts any odd extra at the end). */
typedef struct {
    int32_t stride_h;
    int32_t stride_w;
    int32_t dilation_h;
    int32_t dilation_w;
    int32_t pad_h;
    int32_t pad_w;
} ps_window;

/* Requantization of int32 accumulators to int8. Sign conventions are stated once, here:
 *   input_offset  = -(input zero point), ADDED to every input value;
 *   output_offset = +(output zero point), added after the multiply;
 *   shifts[c] > 0 shifts left before the multiply, < 0 is a rounding right shift after it
 *   (TFLite's MultiplyByQuantizedMultiplier; see ps_fixedpoint.h). */
typedef struct {
    int32_t input_offset;
    int32_t output_offset;
    int32_t act_min;             /* fused activation clamp, within [-128, 127] */
    int32_t act_max;
    int32_t channels;            /* length of multipliers/shifts (or of FC's scales): output
                                  * channels, or 1 */
    const int32_t *multipliers;  /* Q0.31, one per output channel (or one for all) */
    const int32_t *shifts;
} ps_requant;

/* CONV_2D: filter [C_out, KH, KW, C_in]. DEPTHWISE_CONV_2D: filter [1, KH, KW, C_out] with
 * C_out = C_in * depth_multiplier. Bias int32 [C_out], may be NULL. */
typedef struct {
    ps_window window;
    ps_dims filter_dims;
    int32_t depth_multiplier;    /* depthwise only; 1 for CONV_2D */
    ps_requant requant;
    const int8_t *filter;
    const int32_t *bias;
} ps_conv_params;

/* MAX_POOL_2D and AVERAGE_POOL_2D; output shares the input's scale and zero point. */
typedef struct {
    ps_window window;
    int32_t filter_h;
    int32_t filter_w;
    int32_t act_min;
    int32_t act_max;
} ps_pool_params;

/* A double-precision scale as an exact significand and power of two:
 * value = mantissa * 2^exponent, with 2^52 <= mantissa < 2^53 (or mantissa 0 for zero). */
typedef struct {
    uint64_t mantissa;
    int32_t exponent;
} ps_double_scale;

/* FULLY_CONNECTED: weights [outputs, depth], bias int32 [outputs] or NULL; the input is read
 * as [batches, depth]. TFLite's reference kernel requantizes FULLY_CONNECTED in double
 * precision, round((double)acc * scale), not with the fixed-point multiplier: `scales` holds
 * requant.channels such scales (one, or one per output) and requant.multipliers/shifts are
 * NULL. ps_multiply_by_double_scale (ps_fixedpoint.h) reproduces the double product exactly
 * with integer arithmetic. */
typedef struct {
    int32_t depth;
    int32_t outputs;
    ps_requant requant;
    const ps_double_scale *scales;
    const int8_t *weights;
    const int32_t *bias;
} ps_fc_params;

/* SOFTMAX over the last dimension: TFLite's reference int8 kernel; output scale 1/256, zero
 * point -128. */
typedef struct {
    int32_t input_multiplier;
    int32_t input_left_shift;
    int32_t diff_min;
} ps_softmax_params;

typedef struct {
    ps_op_type type;
    int16_t input;               /* tensor indices into ps_model.tensors */
    int16_t output;
    union {
        ps_conv_params conv;     /* CONV_2D, DEPTHWISE_CONV_2D */
        ps_pool_params pool;     /* MAX_POOL_2D, AVERAGE_POOL_2D */
        ps_fc_params fc;         /* FULLY_CONNECTED */
        ps_softmax_params softmax;
    } params;                    /* RESHAPE has none */
} ps_op;

/* An int8 activation tensor in the arena. scale_bits is the IEEE-754 float32 bit pattern of the
 * scale: the firmware only forwards it to the host (HELLO), never computes with it. */
typedef struct {
    ps_dims dims;
    uint32_t arena_offset;
    uint32_t bytes;
    int32_t zero_point;
    uint32_t scale_bits;
    const char *name;
} ps_tensor;

typedef struct {
    const char *name;
    uint8_t hash[32];            /* SHA-256 of the int8 .tflite the code was generated from */
    int32_t n_tensors;
    const ps_tensor *tensors;
    int32_t n_ops;
    const ps_op *ops;
    int16_t input_tensor;
    int16_t output_tensor;
    uint32_t arena_bytes;        /* the activation arena this model needs */
    int32_t n_labels;
    const char *const *labels;
    const int8_t *pixel_to_input; /* 256 entries: grayscale pixel -> int8 input value */
} ps_model;

/* Called after each op with its output, e.g. to stream a layer's feature maps or time it. */
typedef void (*ps_op_hook)(void *context, int32_t op_index, const ps_tensor *output, const int8_t *data);

#endif /* PS_MODEL_H */
