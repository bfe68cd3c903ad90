/*
 * test_dsp_kernels.c - CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED and MAX_POOL_2D against plain reference
 * loops written here, on thousands of random layers: every C_in modulo 4, paddings, strides,
 * dilations, depth multipliers, batches, per-tensor and per-channel requantization (shifts of
 * both signs), biases or none, the extreme int8 values and offsets, and depths at and beyond
 * PS_DSP_MAX_DEPTH (where the DSP path hands over to the portable loop); for CONV_2D also more
 * than 64 output channels, requantizations at and past the bounds of the DSP path's fast one,
 * and short filter rows (KW * C_in <= 4, which the DSP path pads to one group each). Built twice by arm.mk:
 * with the DSP kernels (ps_dsp.h) it shows they give the portable bytes; with
 * -DPS_PORTABLE_KERNELS it checks the reference loops themselves against the portable kernels.
 *
 * Usage: test_dsp_kernels (no arguments; the layers come from a fixed seed).
 */
#include <stdlib.h>
#include <string.h>

#include "ps_conv_s8.h"
#include "ps_depthwise_conv_s8.h"
#include "ps_dsp.h"
#include "ps_fixedpoint.h"
#include "ps_fully_connected_s8.h"
#include "ps_pool_s8.h"
#include "ps_test.h"

#define CANARY 0x5A
#define GUARD 8 /* canary bytes after every output */
#define MAX_CHANNELS 160

static uint32_t rng_state = 0x2545F491u;

static uint32_t rng_next(void)
{
    /* xorshift32 */
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 17;
    rng_state ^= rng_state << 5;
    return rng_state;
}

/* An integer in [lo, hi]. */
static int32_t rng_range(int32_t lo, int32_t hi)
{
    return lo + (int32_t)(rng_next() % (uint32_t)(hi - lo + 1));
}

/* An int8 value; one in `extreme_one_in` is -128 or 127. */
static int8_t rng_i8(uint32_t extreme_one_in)
{
    if (rng_next() % extreme_one_in == 0) {
        return (int8_t)(rng_next() & 1 ? 127 : -128);
    }
    return (int8_t)(rng_next() & 0xFF);
}

static void fill_i8(int8_t *values, int32_t count, uint32_t extreme_one_in)
{
    int32_t i;
    for (i = 0; i < count; i++) {
        values[i] = rng_i8(extreme_one_in);
    }
}

static void *checked_malloc(size_t bytes)
{
    void *p = malloc(bytes > 0 ? bytes : 1);
    if (p == NULL) {
        fprintf(stderr, "FATAL: out of memory (%lu bytes)\n", (unsigned long)bytes);
        exit(2);
    }
    return p;
}

/* ------------------------------------------------------------------ requantization */

typedef struct {
    ps_requant requant;
    int32_t multipliers[MAX_CHANNELS];
    int32_t shifts[MAX_CHANNELS];
    ps_double_scale scales[MAX_CHANNELS];
    int32_t bias[MAX_CHANNELS];
    int has_bias;
} random_requant;

/* Offsets (extremes included), an activation range, 1 or `channels` multipliers whose real
 * value maps about +-`typical` accumulators onto the int8 range (shifts mostly negative, some
 * positive), their double-scale twins for FULLY_CONNECTED, and a bias or none. */
static void make_requant(random_requant *q, int32_t channels, double typical)
{
    int32_t c;
    int32_t count;
    switch (rng_next() % 4) {
    case 0: q->requant.input_offset = -127; break;
    case 1: q->requant.input_offset = 128; break;
    default: q->requant.input_offset = rng_range(-127, 128); break;
    }
    q->requant.output_offset = rng_range(-128, 127);
    q->requant.act_min = rng_next() % 3 == 0 ? rng_range(-128, 0) : -128;
    q->requant.act_max = rng_next() % 3 == 0 ? rng_range(q->requant.act_min, 127) : 127;
    count = rng_next() % 2 == 0 ? 1 : channels;
    q->requant.channels = count;
    for (c = 0; c < count; c++) {
        /* real multiplier ~ 128 / typical, times 2^[-2, 2] */
        double real = 128.0 / (typical > 1.0 ? typical : 1.0) * (double)(1 << rng_range(0, 4)) / 4.0;
        int shift = 0;
        double m;
        if (rng_next() % 8 == 0) {
            real *= 64.0; /* sometimes >= 1: a positive shift */
        }
        m = real;
        while (m >= 1.0) {
            m /= 2.0;
            shift++;
        }
        while (m < 0.5) {
            m *= 2.0;
            shift--;
        }
        if (shift < -31) {
            shift = -31;
        }
        if (shift > 30) {
            shift = 30;
        }
        q->multipliers[c] = (int32_t)(m * 2147483648.0);
        if (q->multipliers[c] < (1 << 30)) {
            q->multipliers[c] = 1 << 30;
        }
        q->shifts[c] = shift;
        /* the same real value as a double scale: (multiplier << 22) * 2^(shift - 53) */
        q->scales[c].mantissa = (uint64_t)q->multipliers[c] << 22;
        q->scales[c].exponent = shift - 53;
    }
    q->requant.multipliers = q->multipliers;
    q->requant.shifts = q->shifts;
    q->has_bias = rng_next() % 4 != 0;
    for (c = 0; c < channels; c++) {
        q->bias[c] = rng_range(-(int32_t)(typical * 2), (int32_t)(typical * 2));
    }
}

static int8_t clamp8(int32_t v, const ps_requant *r)
{
    return (int8_t)(v < r->act_min ? r->act_min : (v > r->act_max ? r->act_max : v));
}

/* TFLite's conv epilogue, written out: bias, MultiplyByQuantizedMultiplier, offset, clamp. */
static int8_t reference_requantize(int32_t acc, const random_requant *q, int32_t channel)
{
    const int32_t c = q->requant.channels == 1 ? 0 : channel;
    int32_t v = q->has_bias ? ps_fixedpoint_add_wrap_i32_(acc, q->bias[channel]) : acc;
    v = ps_multiply_by_quantized_multiplier(v, q->multipliers[c], (int)q->shifts[c]);
    return clamp8(ps_fixedpoint_add_wrap_i32_(v, q->requant.output_offset), &q->requant);
}

/* TFLite's FULLY_CONNECTED epilogue: round((double) (acc + bias) * scale), offset, clamp. */
static int8_t reference_requantize_double(int32_t acc, const random_requant *q, int32_t channel)
{
    const int32_t c = q->requant.channels == 1 ? 0 : channel;
    int32_t v = q->has_bias ? ps_fixedpoint_add_wrap_i32_(acc, q->bias[channel]) : acc;
    v = ps_multiply_by_double_scale(v, &q->scales[c]);
    return clamp8(ps_fixedpoint_add_wrap_i32_(v, q->requant.output_offset), &q->requant);
}

/* ------------------------------------------------------------------ comparing */

typedef struct {
    const char *kernel;
    long layers;
    long bytes;
    long mismatches;
} tally;

static void compare(tally *t, const char *shape, const int8_t *expected, const int8_t *actual, int32_t count)
{
    int32_t i;
    t->layers++;
    t->bytes += count;
    for (i = 0; i < count; i++) {
        if (expected[i] != actual[i]) {
            t->mismatches++;
            ps_test_fail(__FILE__, __LINE__, "%s %s: output[%ld] is %d, the reference gives %d", t->kernel, shape,
                         (long)i, actual[i], expected[i]);
            return;
        }
    }
    for (i = count; i < count + GUARD; i++) {
        if ((uint8_t)actual[i] != CANARY) {
            t->mismatches++;
            ps_test_fail(__FILE__, __LINE__, "%s %s: wrote byte %ld past its output", t->kernel, shape, (long)i);
            return;
        }
    }
    ps_test_pass();
}

/* ------------------------------------------------------------------ CONV_2D and DEPTHWISE */

typedef struct {
    int32_t n, h, w, c_in, c_out, kh, kw, depth_multiplier, oh, ow;
    ps_window window;
} conv_case;

/* When set, changes the requantization run_conv_case made (for the edge cases below). */
static void (*requant_override)(random_requant *q, int32_t channels);

/* A window whose strides, dilations and padding the kernels accept, and any output size >= 1. */
static void random_window(conv_case *k)
{
    k->window.stride_h = rng_range(1, 3);
    k->window.stride_w = rng_range(1, 3);
    k->window.dilation_h = rng_next() % 4 == 0 ? 2 : 1;
    k->window.dilation_w = rng_next() % 4 == 0 ? 2 : 1;
    k->window.pad_h = rng_range(0, k->kh - 1);
    k->window.pad_w = rng_range(0, k->kw - 1);
    k->oh = rng_range(1, (k->h + 2 * k->window.pad_h) / k->window.stride_h + 1);
    k->ow = rng_range(1, (k->w + 2 * k->window.pad_w) / k->window.stride_w + 1);
}

/* The portable loops of ps_conv_s8 / ps_depthwise_conv_s8, written plainly. */
static void reference_conv(const conv_case *k, int depthwise, const int8_t *input, const int8_t *filter,
                           const random_requant *q, int8_t *output)
{
    int32_t b, oy, ox, oc, fy, fx, ic;
    for (b = 0; b < k->n; b++) {
        for (oy = 0; oy < k->oh; oy++) {
            for (ox = 0; ox < k->ow; ox++) {
                for (oc = 0; oc < k->c_out; oc++) {
                    int32_t acc = 0;
                    for (fy = 0; fy < k->kh; fy++) {
                        const int32_t y = oy * k->window.stride_h - k->window.pad_h + fy * k->window.dilation_h;
                        for (fx = 0; fx < k->kw; fx++) {
                            const int32_t x = ox * k->window.stride_w - k->window.pad_w + fx * k->window.dilation_w;
                            if (y < 0 || y >= k->h || x < 0 || x >= k->w) {
                                continue;
                            }
                            if (depthwise) {
                                ic = oc / k->depth_multiplier;
                                acc += filter[(fy * k->kw + fx) * k->c_out + oc] *
                                       (input[((b * k->h + y) * k->w + x) * k->c_in + ic] + q->requant.input_offset);
                            } else {
                                for (ic = 0; ic < k->c_in; ic++) {
                                    acc += filter[((oc * k->kh + fy) * k->kw + fx) * k->c_in + ic] *
                                           (input[((b * k->h + y) * k->w + x) * k->c_in + ic] +
                                            q->requant.input_offset);
                                }
                            }
                        }
                    }
                    output[((b * k->oh + oy) * k->ow + ox) * k->c_out + oc] = reference_requantize(acc, q, oc);
                }
            }
        }
    }
}

static void run_conv_case(tally *t, conv_case *k, int depthwise, uint32_t extreme_one_in)
{
    const int32_t in_count = k->n * k->h * k->w * k->c_in;
    const int32_t filter_count = depthwise ? k->kh * k->kw * k->c_out : k->c_out * k->kh * k->kw * k->c_in;
    const int32_t out_count = k->n * k->oh * k->ow * k->c_out;
    const int32_t depth = depthwise ? k->kh * k->kw : k->kh * k->kw * k->c_in;
    int8_t *input = checked_malloc((size_t)in_count);
    int8_t *filter = checked_malloc((size_t)filter_count);
    int8_t *expected = checked_malloc((size_t)out_count);
    int8_t *actual = checked_malloc((size_t)out_count + GUARD);
    random_requant q;
    ps_conv_params p;
    ps_dims in_dims = {0, 0, 0, 0};
    ps_dims out_dims = {0, 0, 0, 0};
    ps_status status;
    char shape[160];

    fill_i8(input, in_count, extreme_one_in);
    fill_i8(filter, filter_count, extreme_one_in);
    /* typical |accumulator|: depth products of about 74 * 74 */
    make_requant(&q, k->c_out, 5500.0 * (depth < 4 ? 2.0 : (double)depth) / 2.0);
    if (requant_override != NULL) {
        requant_override(&q, k->c_out);
    }
    memset(&p, 0, sizeof p);
    p.window = k->window;
    p.filter_dims.n = depthwise ? 1 : k->c_out;
    p.filter_dims.h = k->kh;
    p.filter_dims.w = k->kw;
    p.filter_dims.c = depthwise ? k->c_out : k->c_in;
    p.depth_multiplier = depthwise ? k->depth_multiplier : 1;
    p.requant = q.requant;
    p.filter = filter;
    p.bias = q.has_bias ? q.bias : NULL;
    in_dims.n = k->n;
    in_dims.h = k->h;
    in_dims.w = k->w;
    in_dims.c = k->c_in;
    out_dims.n = k->n;
    out_dims.h = k->oh;
    out_dims.w = k->ow;
    out_dims.c = k->c_out;
    snprintf(shape, sizeof shape,
             "in [%ld,%ld,%ld,%ld] out [%ld,%ld,%ld,%ld] filter %ldx%ld stride %ld,%ld dilation %ld,%ld pad %ld,%ld"
             " dm %ld offset %ld",
             (long)k->n, (long)k->h, (long)k->w, (long)k->c_in, (long)k->n, (long)k->oh, (long)k->ow,
             (long)k->c_out, (long)k->kh, (long)k->kw, (long)k->window.stride_h, (long)k->window.stride_w,
             (long)k->window.dilation_h, (long)k->window.dilation_w, (long)k->window.pad_h,
             (long)k->window.pad_w, (long)p.depth_multiplier, (long)q.requant.input_offset);

    reference_conv(k, depthwise, input, filter, &q, expected);
    memset(actual, CANARY, (size_t)out_count + GUARD);
    status = depthwise ? ps_depthwise_conv_s8(&p, &in_dims, input, &out_dims, actual)
                       : ps_conv_s8(&p, &in_dims, input, &out_dims, actual);
    if (status != PS_OK) {
        ps_test_fail(__FILE__, __LINE__, "%s %s: status %d", t->kernel, shape, (int)status);
    } else {
        compare(t, shape, expected, actual, out_count);
    }
    free(input);
    free(filter);
    free(expected);
    free(actual);
}

static void random_conv_layers_match_the_reference(tally *t, int32_t cases)
{
    int32_t i;
    for (i = 0; i < cases; i++) {
        conv_case k;
        k.n = rng_next() % 5 == 0 ? 2 : 1;
        k.h = rng_range(1, 9);
        k.w = rng_range(1, 9);
        k.c_in = rng_range(1, 13);
        k.c_out = rng_range(1, 9);
        k.kh = rng_range(1, 4);
        k.kw = rng_range(1, 4);
        k.depth_multiplier = 1;
        random_window(&k);
        run_conv_case(t, &k, 0, i % 3 == 0 ? 2 : 16);
    }
}

/* The deepest layers the DSP path takes (depth PS_DSP_MAX_DEPTH) and the first it hands over
 * (one more), with every product at its largest magnitude, 128 * 255: (-128) * (-128 - 127). */
static void the_deepest_conv_layers_match_the_reference(tally *t)
{
    /* {C_in, KH = KW}: depth C_in * K * K */
    static const int32_t layers[][2] = {
        {PS_DSP_MAX_DEPTH, 1}, {PS_DSP_MAX_DEPTH + 1, 1}, {PS_DSP_MAX_DEPTH / 9 / 4 * 4, 3},
        {PS_DSP_MAX_DEPTH / 9 / 4 * 4 - 1, 3}, {PS_DSP_MAX_DEPTH / 9 + 1, 3}};
    size_t i;
    for (i = 0; i < sizeof layers / sizeof layers[0]; i++) {
        conv_case k;
        memset(&k, 0, sizeof k);
        k.n = 1;
        k.h = 5;
        k.w = 6;
        k.c_in = layers[i][0];
        k.c_out = 5;
        k.kh = k.kw = layers[i][1];
        k.depth_multiplier = 1;
        k.window.stride_h = k.window.stride_w = 1;
        k.window.dilation_h = k.window.dilation_w = 1;
        k.window.pad_h = k.window.pad_w = layers[i][1] / 2;
        k.oh = 5;
        k.ow = 6;
        run_conv_case(t, &k, 0, 1); /* every value extreme */
        run_conv_case(t, &k, 0, 16);
    }
}

/* A layer of oh x ow positions (a multiple of the DSP path's 6-position tiles when ow * oh is),
 * 3x3, stride 1, padding 1 ("same"). */
static void same_conv_case(conv_case *k, int32_t h, int32_t w, int32_t c_in, int32_t c_out)
{
    memset(k, 0, sizeof *k);
    k->n = 1;
    k->h = k->oh = h;
    k->w = k->ow = w;
    k->c_in = c_in;
    k->c_out = c_out;
    k->kh = k->kw = 3;
    k->depth_multiplier = 1;
    k->window.stride_h = k->window.stride_w = 1;
    k->window.dilation_h = k->window.dilation_w = 1;
    k->window.pad_h = k->window.pad_w = 1;
}

/* More output channels than the DSP path prepares requantizations for at a time (64). */
static void conv_layers_wider_than_a_requantization_chunk_match_the_reference(tally *t)
{
    static const int32_t c_outs[] = {63, 64, 65, 130};
    size_t i;
    for (i = 0; i < sizeof c_outs / sizeof c_outs[0]; i++) {
        conv_case k;
        same_conv_case(&k, 6, 4, i % 2 == 0 ? 4 : 8, c_outs[i]);
        run_conv_case(t, &k, 0, 16);
    }
}

/* Requantizations at the bounds of the DSP path's fast one (right shift 1..21, |bias| <= 2^29)
 * and just past them: every channel a different case, so a layer mixes them. */
static void requantization_edges(random_requant *q, int32_t channels)
{
    static const int32_t shifts[] = {-1, -21, -22, 0, 1, -31, -8, -2};
    static const int32_t biases[] = {1 << 29, -(1 << 29), (1 << 29) + 1, -(1 << 29) - 1, INT32_MAX, INT32_MIN, 0, -7};
    static const int32_t multipliers[] = {INT32_MAX, 0, 1 << 30, 1, 1518500250, INT32_MAX - 1};
    int32_t c;
    q->requant.channels = channels;
    q->has_bias = 1;
    for (c = 0; c < channels; c++) {
        q->shifts[c] = shifts[rng_next() % (sizeof shifts / sizeof shifts[0])];
        q->bias[c] = biases[rng_next() % (sizeof biases / sizeof biases[0])];
        q->multipliers[c] = multipliers[rng_next() % (sizeof multipliers / sizeof multipliers[0])];
    }
}

/* The same, within the fast bounds only, so that whole layers take it. */
static void fast_requantization_edges(random_requant *q, int32_t channels)
{
    static const int32_t shifts[] = {-1, -21, -2, -12};
    static const int32_t biases[] = {1 << 29, -(1 << 29), 0, 12345, -1};
    static const int32_t multipliers[] = {INT32_MAX, 0, 1 << 30, 1, 1518500250};
    int32_t c;
    q->requant.channels = channels;
    q->has_bias = 1;
    for (c = 0; c < channels; c++) {
        q->shifts[c] = shifts[rng_next() % (sizeof shifts / sizeof shifts[0])];
        q->bias[c] = biases[rng_next() % (sizeof biases / sizeof biases[0])];
        q->multipliers[c] = multipliers[rng_next() % (sizeof multipliers / sizeof multipliers[0])];
    }
}

static void conv_requantization_edges_match_the_reference(tally *t)
{
    int32_t i;
    for (i = 0; i < 60; i++) {
        conv_case k;
        same_conv_case(&k, 3 + (int32_t)(rng_next() % 4), 6, i % 3 == 0 ? 1 : 4 * rng_range(1, 3), rng_range(1, 9));
        requant_override = i % 2 == 0 ? requantization_edges : fast_requantization_edges;
        run_conv_case(t, &k, 0, i % 4 == 0 ? 1 : 16);
    }
    requant_override = NULL;
}

/* Layers whose filter rows are at most 4 bytes (KW * C_in <= 4: the DSP path pads each to one
 * group), with every tile size, position at the input's edges, stride, row dilation and depth
 * from 1 to 9 filter rows. */
static void short_filter_row_layers_match_the_reference(tally *t)
{
    int32_t i;
    for (i = 0; i < 120; i++) {
        conv_case k;
        k.n = rng_next() % 5 == 0 ? 2 : 1;
        k.c_in = rng_range(1, 3);
        k.kw = rng_range(1, 4 / k.c_in);
        k.kh = rng_range(1, 9);
        k.h = rng_range(k.kh, 14);
        k.w = rng_range(1, 14);
        k.c_out = rng_range(1, 12);
        k.depth_multiplier = 1;
        k.window.stride_h = rng_range(1, 2);
        k.window.stride_w = rng_range(1, 2);
        k.window.dilation_h = rng_next() % 4 == 0 ? 2 : 1;
        k.window.dilation_w = 1;
        k.window.pad_h = rng_range(0, k.kh - 1);
        k.window.pad_w = rng_range(0, k.kw - 1);
        k.oh = rng_range(1, (k.h + 2 * k.window.pad_h) / k.window.stride_h + 1);
        k.ow = rng_range(1, (k.w + 2 * k.window.pad_w) / k.window.stride_w + 1);
        run_conv_case(t, &k, 0, i % 3 == 0 ? 2 : 16);
    }
}

static void random_depthwise_layers_match_the_reference(tally *t, int32_t cases)
{
    int32_t i;
    for (i = 0; i < cases; i++) {
        conv_case k;
        k.n = rng_next() % 5 == 0 ? 2 : 1;
        k.h = rng_range(1, 9);
        k.w = rng_range(1, 9);
        k.c_in = rng_range(1, 13);
        k.depth_multiplier = rng_next() % 4 == 0 ? rng_range(2, 3) : 1;
        k.c_out = k.c_in * k.depth_multiplier;
        k.kh = rng_range(1, 5);
        k.kw = rng_range(1, 5);
        random_window(&k);
        run_conv_case(t, &k, 1, i % 3 == 0 ? 2 : 16);
    }
}

/* ------------------------------------------------------------------ FULLY_CONNECTED */

static void run_fc_case(tally *t, int32_t batches, int32_t depth, int32_t outputs, uint32_t extreme_one_in)
{
    int8_t *input = checked_malloc((size_t)(batches * depth));
    int8_t *weights = checked_malloc((size_t)(outputs * depth));
    int8_t *expected = checked_malloc((size_t)(batches * outputs));
    int8_t *actual = checked_malloc((size_t)(batches * outputs) + GUARD);
    random_requant q;
    ps_fc_params p;
    ps_dims in_dims = {1, 1, 1, 1};
    ps_dims out_dims = {1, 1, 1, 1};
    ps_status status;
    int32_t b, o, d;
    char shape[96];

    fill_i8(input, batches * depth, extreme_one_in);
    fill_i8(weights, outputs * depth, extreme_one_in);
    make_requant(&q, outputs, 5500.0 * (double)depth / 2.0);
    memset(&p, 0, sizeof p);
    p.depth = depth;
    p.outputs = outputs;
    p.requant = q.requant;
    p.requant.multipliers = NULL;
    p.requant.shifts = NULL;
    p.scales = q.scales;
    p.weights = weights;
    p.bias = q.has_bias ? q.bias : NULL;
    in_dims.n = batches;
    in_dims.c = depth;
    out_dims.n = batches;
    out_dims.c = outputs;
    snprintf(shape, sizeof shape, "batches %ld depth %ld outputs %ld offset %ld", (long)batches, (long)depth,
             (long)outputs, (long)q.requant.input_offset);
    for (b = 0; b < batches; b++) {
        for (o = 0; o < outputs; o++) {
            int32_t acc = 0;
            for (d = 0; d < depth; d++) {
                acc += weights[o * depth + d] * (input[b * depth + d] + q.requant.input_offset);
            }
            expected[b * outputs + o] = reference_requantize_double(acc, &q, o);
        }
    }
    memset(actual, CANARY, (size_t)(batches * outputs) + GUARD);
    status = ps_fully_connected_s8(&p, &in_dims, input, &out_dims, actual);
    if (status != PS_OK) {
        ps_test_fail(__FILE__, __LINE__, "%s %s: status %d", t->kernel, shape, (int)status);
    } else {
        compare(t, shape, expected, actual, batches * outputs);
    }
    free(input);
    free(weights);
    free(expected);
    free(actual);
}

static void random_fully_connected_layers_match_the_reference(tally *t, int32_t cases)
{
    int32_t i;
    for (i = 0; i < cases; i++) {
        run_fc_case(t, rng_range(1, 3), rng_range(1, 70), rng_range(1, 9), i % 3 == 0 ? 2 : 16);
    }
    run_fc_case(t, 1, PS_DSP_MAX_DEPTH, 3, 1);
    run_fc_case(t, 2, PS_DSP_MAX_DEPTH, 3, 16);
    run_fc_case(t, 1, PS_DSP_MAX_DEPTH + 1, 3, 1);
    run_fc_case(t, 1, PS_DSP_MAX_DEPTH + 3, 2, 16);
}

/* ------------------------------------------------------------------ MAX_POOL_2D */

/* Random max pools (every C modulo 4, windows over the edges and past them, activation ranges)
 * against a plain loop: the maximum of the taps inside the input, from INT8_MIN, clamped. */
static void random_max_pools_match_the_reference(tally *t, int32_t cases)
{
    int32_t i;
    for (i = 0; i < cases; i++) {
        ps_pool_params p;
        ps_dims in_dims, out_dims;
        int32_t n = rng_next() % 5 == 0 ? 2 : 1;
        int32_t h = rng_range(1, 9), w = rng_range(1, 9), c = rng_range(1, 13);
        int32_t in_count, out_count, b, oy, ox, ch, y, x;
        int8_t *input, *expected, *actual;
        ps_status status;
        char shape[120];
        memset(&p, 0, sizeof p);
        p.filter_h = rng_range(1, 4);
        p.filter_w = rng_range(1, 4);
        p.window.stride_h = rng_range(1, 3);
        p.window.stride_w = rng_range(1, 3);
        p.window.dilation_h = p.window.dilation_w = 1;
        p.window.pad_h = rng_range(0, p.filter_h - 1);
        p.window.pad_w = rng_range(0, p.filter_w - 1);
        p.act_min = rng_next() % 3 == 0 ? rng_range(-128, 0) : -128;
        p.act_max = rng_next() % 3 == 0 ? rng_range(p.act_min, 127) : 127;
        in_dims.n = out_dims.n = n;
        in_dims.h = h;
        in_dims.w = w;
        in_dims.c = out_dims.c = c;
        out_dims.h = rng_range(1, (h + 2 * p.window.pad_h) / p.window.stride_h + 1);
        out_dims.w = rng_range(1, (w + 2 * p.window.pad_w) / p.window.stride_w + 1);
        in_count = n * h * w * c;
        out_count = n * out_dims.h * out_dims.w * c;
        input = checked_malloc((size_t)in_count);
        expected = checked_malloc((size_t)out_count);
        actual = checked_malloc((size_t)out_count + GUARD);
        fill_i8(input, in_count, i % 3 == 0 ? 2 : 16);
        for (b = 0; b < n; b++) {
            for (oy = 0; oy < out_dims.h; oy++) {
                for (ox = 0; ox < out_dims.w; ox++) {
                    for (ch = 0; ch < c; ch++) {
                        int32_t best = INT8_MIN;
                        for (y = oy * p.window.stride_h - p.window.pad_h;
                             y < oy * p.window.stride_h - p.window.pad_h + p.filter_h; y++) {
                            for (x = ox * p.window.stride_w - p.window.pad_w;
                                 x < ox * p.window.stride_w - p.window.pad_w + p.filter_w; x++) {
                                if (y >= 0 && y < h && x >= 0 && x < w && input[((b * h + y) * w + x) * c + ch] > best) {
                                    best = input[((b * h + y) * w + x) * c + ch];
                                }
                            }
                        }
                        best = best < p.act_min ? p.act_min : (best > p.act_max ? p.act_max : best);
                        expected[((b * out_dims.h + oy) * out_dims.w + ox) * c + ch] = (int8_t)best;
                    }
                }
            }
        }
        snprintf(shape, sizeof shape, "in [%ld,%ld,%ld,%ld] out %ldx%ld filter %ldx%ld stride %ld,%ld pad %ld,%ld",
                 (long)n, (long)h, (long)w, (long)c, (long)out_dims.h, (long)out_dims.w, (long)p.filter_h,
                 (long)p.filter_w, (long)p.window.stride_h, (long)p.window.stride_w, (long)p.window.pad_h,
                 (long)p.window.pad_w);
        memset(actual, CANARY, (size_t)out_count + GUARD);
        status = ps_max_pool_s8(&p, &in_dims, input, &out_dims, actual);
        if (status != PS_OK) {
            ps_test_fail(__FILE__, __LINE__, "MAX_POOL_2D %s: status %d", shape, (int)status);
        } else {
            compare(t, shape, expected, actual, out_count);
        }
        free(input);
        free(expected);
        free(actual);
    }
}

int main(int argc, char **argv)
{
    tally conv = {"CONV_2D", 0, 0, 0};
    tally depthwise = {"DEPTHWISE_CONV_2D", 0, 0, 0};
    tally fc = {"FULLY_CONNECTED", 0, 0, 0};
    tally pool = {"MAX_POOL_2D", 0, 0, 0};
    (void)argc;
    (void)argv;
    random_conv_layers_match_the_reference(&conv, 600);
    the_deepest_conv_layers_match_the_reference(&conv);
    conv_layers_wider_than_a_requantization_chunk_match_the_reference(&conv);
    conv_requantization_edges_match_the_reference(&conv);
    short_filter_row_layers_match_the_reference(&conv);
    random_depthwise_layers_match_the_reference(&depthwise, 400);
    random_fully_connected_layers_match_the_reference(&fc, 300);
    random_max_pools_match_the_reference(&pool, 300);
    PS_EXPECT_EQ_I32("every CONV_2D layer matched", 0, (int32_t)conv.mismatches);
    PS_EXPECT_EQ_I32("every DEPTHWISE_CONV_2D layer matched", 0, (int32_t)depthwise.mismatches);
    PS_EXPECT_EQ_I32("every FULLY_CONNECTED layer matched", 0, (int32_t)fc.mismatches);
    PS_EXPECT_EQ_I32("every MAX_POOL_2D layer matched", 0, (int32_t)pool.mismatches);
    printf("%s kernels against the reference loops:\n", PS_DSP_KERNELS ? "DSP" : "portable");
    printf("  CONV_2D: %ld layers, %ld bytes, %ld mismatches\n", conv.layers, conv.bytes, conv.mismatches);
    printf("  DEPTHWISE_CONV_2D: %ld layers, %ld bytes, %ld mismatches\n", depthwise.layers, depthwise.bytes,
           depthwise.mismatches);
    printf("  FULLY_CONNECTED: %ld layers, %ld bytes, %ld mismatches\n", fc.layers, fc.bytes, fc.mismatches);
    printf("  MAX_POOL_2D: %ld layers, %ld bytes, %ld mismatches\n", pool.layers, pool.bytes, pool.mismatches);
    return ps_test_summary();
}
