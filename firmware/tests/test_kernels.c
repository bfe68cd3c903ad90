/*
 * test_kernels.c - the int8 kernels and the runner against the Java reference interpreter's
 * golden models, byte for byte, and their error returns.
 *
 * Usage: test_kernels <path to random_models.txt> [more golden model files, e.g. *_int8.txt]
 *
 * A golden file (format: the javadoc of dev.pawscope.quantize.golden.ModelGoldenWriter) holds
 * int8 models (random ones, or a trained model from `pawscope golden --model`) with every op's
 * integer parameters, constants, an input and every op's expected output. Every op of every
 * model runs two ways:
 *   (a) its kernel alone, on the golden input of that op (the model input or the expected
 *       output of the op that produced it), in exact-size heap buffers (so the sanitized build
 *       catches any read or write outside them);
 *   (b) the whole model through ps_run, in two arena layouts, every op's output compared from
 *       the hook: "separate" gives every tensor its own bytes (RESHAPE copies), "ping-pong"
 *       alternates two regions as a memory planner would (RESHAPE aliases its input, SOFTMAX
 *       runs in place). Bytes outside every tensor hold a canary that must survive.
 * Any differing byte fails with the model, the op, the first differing index and both values.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ps_conv_s8.h"
#include "ps_depthwise_conv_s8.h"
#include "ps_fully_connected_s8.h"
#include "ps_pool_s8.h"
#include "ps_runner.h"
#include "ps_softmax_s8.h"
#include "ps_test.h"

#define FORMAT_LINE "pawscope-golden-model 1"
#define NAME_CAPACITY 64
#define MAX_OP_INPUTS 3
#define WINDOW_FIELDS 13
#define CANARY 0x5A
#define GAP_BYTES 3 /* canary bytes around every tensor in the test arenas */

/* random_models.txt holds 40 models; far fewer means a truncated file. */
#define MIN_GOLDEN_MODELS 10

/* ------------------------------------------------------------------------------------------ */
/* The golden model, as parsed                                                                 */
/* ------------------------------------------------------------------------------------------ */

typedef struct {
    int is_int32;
    int rank;
    int32_t shape[4];
    int32_t count; /* product of shape */
    char name[NAME_CAPACITY];
    int8_t *i8;    /* constant data (int8 tensors), or NULL */
    int32_t *i32;  /* constant data (int32 tensors), or NULL */
} golden_tensor;

typedef struct {
    ps_op_type type;
    const char *type_name;
    int32_t output;
    int32_t n_inputs;
    int32_t inputs[MAX_OP_INPUTS];
    int has_window, has_fc, has_quant, has_range, has_softmax;
    /* IN_H IN_W IN_C FILTER_H FILTER_W STRIDE_H STRIDE_W DILATION_H DILATION_W PAD_H PAD_W
     * OUT_H OUT_W */
    int32_t window[WINDOW_FIELDS];
    int32_t depth_multiplier; /* 0 unless a depthwise line was seen */
    int32_t fc[3];            /* BATCHES DEPTH OUTPUTS */
    int32_t quant[5];         /* INPUT_OFFSET OUTPUT_ZERO_POINT ACT_MIN ACT_MAX CHANNELS */
    int32_t n_multipliers, n_shifts, n_scales;
    int32_t *multipliers;
    int32_t *shifts;
    ps_double_scale *scales;  /* FULLY_CONNECTED: the scales line */
    int32_t range[2];         /* ACT_MIN ACT_MAX */
    int32_t softmax[5];       /* ROWS DEPTH INPUT_MULTIPLIER INPUT_LEFT_SHIFT DIFF_MIN */
    int32_t expect_count;
    int8_t *expect;
} golden_op;

typedef struct {
    const char *path;
    long line; /* of the model line */
    char name[NAME_CAPACITY];
    int32_t n_tensors, n_ops, input, output;
    golden_tensor *tensors;
    golden_op *ops;
    int32_t input_count;
    int8_t *input_values;
} golden_model;

/* Running totals of one way of checking, for the summary lines. */
typedef struct {
    long models;
    long ops;
    long bytes;
    long mismatches; /* differing bytes */
} tally;

static void *checked_calloc(size_t count, size_t size)
{
    void *memory = calloc(count == 0 ? 1 : count, size == 0 ? 1 : size);
    if (memory == NULL) {
        fprintf(stderr, "FATAL: out of memory\n");
        exit(2);
    }
    return memory;
}

static void free_model(golden_model *model)
{
    int32_t i;
    for (i = 0; i < model->n_tensors && model->tensors != NULL; i++) {
        free(model->tensors[i].i8);
        free(model->tensors[i].i32);
    }
    for (i = 0; i < model->n_ops && model->ops != NULL; i++) {
        free(model->ops[i].multipliers);
        free(model->ops[i].shifts);
        free(model->ops[i].scales);
        free(model->ops[i].expect);
    }
    free(model->tensors);
    free(model->ops);
    free(model->input_values);
    memset(model, 0, sizeof *model);
}

/* ------------------------------------------------------------------------------------------ */
/* Parsing                                                                                     */
/* ------------------------------------------------------------------------------------------ */

static int parse_i32(char **cursor, int32_t *out)
{
    char *end;
    long value;
    errno = 0;
    value = strtol(*cursor, &end, 10);
    if (end == *cursor || errno != 0 || value < INT32_MIN || value > INT32_MAX) {
        return 0;
    }
    *cursor = end;
    *out = (int32_t)value;
    return 1;
}

static int parse_i32s(char **cursor, int32_t *out, int count)
{
    int i;
    for (i = 0; i < count; i++) {
        if (!parse_i32(cursor, &out[i])) {
            return 0;
        }
    }
    return 1;
}

/* A whitespace-delimited word of at most capacity - 1 characters. */
static int parse_word(char **cursor, char *out, size_t capacity)
{
    size_t length;
    *cursor += strspn(*cursor, " \t");
    length = strcspn(*cursor, " \t");
    if (length == 0 || length >= capacity) {
        return 0;
    }
    memcpy(out, *cursor, length);
    out[length] = '\0';
    *cursor += length;
    return 1;
}

static int rest_is_blank(const char *cursor)
{
    return strspn(cursor, " \t\r") == strlen(cursor);
}

/* "COUNT V..." into a new int32 array; COUNT must equal `expected` unless that is negative. */
static int parse_i32_list(char **cursor, int32_t expected, int32_t **values, int32_t *count)
{
    int32_t n, i;
    if (!parse_i32(cursor, &n) || n < 0 || (expected >= 0 && n != expected) || *values != NULL) {
        return 0;
    }
    *values = checked_calloc((size_t)n, sizeof **values);
    for (i = 0; i < n; i++) {
        if (!parse_i32(cursor, &(*values)[i])) {
            return 0;
        }
    }
    *count = n;
    return rest_is_blank(*cursor);
}

/* "COUNT V..." into a new int8 array. */
static int parse_i8_list(char **cursor, int32_t expected, int8_t **values, int32_t *count)
{
    int32_t *wide = NULL;
    int32_t n = 0, i;
    int ok = parse_i32_list(cursor, expected, &wide, &n) && *values == NULL;
    if (ok) {
        *values = checked_calloc((size_t)n, 1);
        for (i = 0; i < n; i++) {
            if (wide[i] < INT8_MIN || wide[i] > INT8_MAX) {
                ok = 0;
                break;
            }
            (*values)[i] = (int8_t)wide[i];
        }
        *count = n;
    }
    free(wide);
    return ok;
}

/* One decimal uint64 token (no sign; unsigned long long has at least 64 bits); advances
 * *cursor past it. */
static int parse_u64(char **cursor, uint64_t *out)
{
    char *end;
    unsigned long long value;
    *cursor += strspn(*cursor, " \t");
    if (**cursor < '0' || **cursor > '9') {
        return 0;
    }
    errno = 0;
    value = strtoull(*cursor, &end, 10);
    if (end == *cursor || errno != 0) {
        return 0;
    }
    *cursor = end;
    *out = (uint64_t)value;
    return 1;
}

/* "COUNT MANTISSA EXPONENT ..." into a new ps_double_scale array; COUNT must equal `expected`. */
static int parse_scale_list(char **cursor, int32_t expected, ps_double_scale **scales, int32_t *count)
{
    int32_t n, i;
    if (!parse_i32(cursor, &n) || n < 1 || n != expected || *scales != NULL) {
        return 0;
    }
    *scales = checked_calloc((size_t)n, sizeof **scales);
    for (i = 0; i < n; i++) {
        if (!parse_u64(cursor, &(*scales)[i].mantissa) || !parse_i32(cursor, &(*scales)[i].exponent)) {
            return 0;
        }
    }
    *count = n;
    return rest_is_blank(*cursor);
}

static int op_type_from_name(const char *name, ps_op_type *type, const char **canonical)
{
    static const struct {
        const char *name;
        ps_op_type type;
    } types[] = {
        {"AVERAGE_POOL_2D", PS_OP_AVERAGE_POOL_2D}, {"CONV_2D", PS_OP_CONV_2D},
        {"DEPTHWISE_CONV_2D", PS_OP_DEPTHWISE_CONV_2D}, {"FULLY_CONNECTED", PS_OP_FULLY_CONNECTED},
        {"MAX_POOL_2D", PS_OP_MAX_POOL_2D}, {"RESHAPE", PS_OP_RESHAPE}, {"SOFTMAX", PS_OP_SOFTMAX}};
    size_t i;
    for (i = 0; i < sizeof types / sizeof types[0]; i++) {
        if (strcmp(name, types[i].name) == 0) {
            *type = types[i].type;
            *canonical = types[i].name;
            return 1;
        }
    }
    return 0;
}

static int parse_model_line(char *cursor, golden_model *model)
{
    char keyword[16];
    const char *names[4] = {"tensors", "ops", "input", "output"};
    int32_t *fields[4];
    int i;
    fields[0] = &model->n_tensors;
    fields[1] = &model->n_ops;
    fields[2] = &model->input;
    fields[3] = &model->output;
    if (!parse_word(&cursor, model->name, sizeof model->name)) {
        return 0;
    }
    for (i = 0; i < 4; i++) {
        if (!parse_word(&cursor, keyword, sizeof keyword) || strcmp(keyword, names[i]) != 0 ||
            !parse_i32(&cursor, fields[i])) {
            return 0;
        }
    }
    if (!rest_is_blank(cursor) || model->n_tensors < 1 || model->n_ops < 1 || model->input < 0 ||
        model->input >= model->n_tensors || model->output < 0 || model->output >= model->n_tensors) {
        return 0;
    }
    model->tensors = checked_calloc((size_t)model->n_tensors, sizeof *model->tensors);
    model->ops = checked_calloc((size_t)model->n_ops, sizeof *model->ops);
    for (i = 0; i < model->n_ops; i++) {
        model->ops[i].output = -1;
    }
    return 1;
}

/* tensor INDEX TYPE RANK D0..D(RANK-1) SCALE ZERO_POINT NAME */
static int parse_tensor_line(char *cursor, golden_model *model)
{
    char type[16], scale[32];
    int32_t index, rank, i;
    golden_tensor *t;
    if (!parse_i32(&cursor, &index) || index < 0 || index >= model->n_tensors ||
        !parse_word(&cursor, type, sizeof type) || !parse_i32(&cursor, &rank) || rank < 1 ||
        rank > 4) {
        return 0;
    }
    t = &model->tensors[index];
    if (strcmp(type, "int8") != 0 && strcmp(type, "int32") != 0) {
        return 0;
    }
    t->is_int32 = strcmp(type, "int32") == 0;
    t->rank = rank;
    t->count = 1;
    for (i = 0; i < rank; i++) {
        if (!parse_i32(&cursor, &t->shape[i]) || t->shape[i] < 1 || t->count > INT32_MAX / t->shape[i]) {
            return 0;
        }
        t->count *= t->shape[i];
    }
    /* the float scale is not needed: every integer parameter is on the op lines */
    return parse_word(&cursor, scale, sizeof scale) && parse_i32(&cursor, &i) &&
           parse_word(&cursor, t->name, sizeof t->name) && rest_is_blank(cursor);
}

/* op INDEX TYPE OUTPUT_TENSOR N_INPUTS INPUT_TENSORS... */
static int parse_op_line(char *cursor, golden_model *model, int32_t *current_op)
{
    char type[32];
    int32_t index, i;
    golden_op *op;
    if (!parse_i32(&cursor, &index) || index < 0 || index >= model->n_ops ||
        model->ops[index].type_name != NULL || !parse_word(&cursor, type, sizeof type)) {
        return 0;
    }
    op = &model->ops[index];
    if (!op_type_from_name(type, &op->type, &op->type_name)) {
        return 0;
    }
    if (!parse_i32(&cursor, &op->output) || op->output < 0 || op->output >= model->n_tensors ||
        !parse_i32(&cursor, &op->n_inputs) || op->n_inputs < 1 || op->n_inputs > MAX_OP_INPUTS) {
        return 0;
    }
    for (i = 0; i < op->n_inputs; i++) {
        /* -1 marks an absent optional input (a bias) */
        if (!parse_i32(&cursor, &op->inputs[i]) || op->inputs[i] < -1 ||
            op->inputs[i] >= model->n_tensors || (i == 0 && op->inputs[i] < 0)) {
            return 0;
        }
    }
    *current_op = index;
    return rest_is_blank(cursor);
}

/* The parameter lines that follow an op line. */
static int parse_op_parameter_line(const char *keyword, char *cursor, golden_op *op)
{
    if (strcmp(keyword, "window") == 0 && !op->has_window) {
        op->has_window = 1;
        return parse_i32s(&cursor, op->window, WINDOW_FIELDS) && rest_is_blank(cursor);
    }
    if (strcmp(keyword, "depthwise") == 0 && op->depth_multiplier == 0) {
        return parse_i32(&cursor, &op->depth_multiplier) && op->depth_multiplier >= 1 &&
               rest_is_blank(cursor);
    }
    if (strcmp(keyword, "fc") == 0 && !op->has_fc) {
        op->has_fc = 1;
        return parse_i32s(&cursor, op->fc, 3) && rest_is_blank(cursor);
    }
    if (strcmp(keyword, "quant") == 0 && !op->has_quant) {
        op->has_quant = 1;
        return parse_i32s(&cursor, op->quant, 5) && rest_is_blank(cursor);
    }
    if (strcmp(keyword, "multipliers") == 0 && op->has_quant) {
        return parse_i32_list(&cursor, op->quant[4], &op->multipliers, &op->n_multipliers);
    }
    if (strcmp(keyword, "shifts") == 0 && op->has_quant) {
        return parse_i32_list(&cursor, op->quant[4], &op->shifts, &op->n_shifts);
    }
    if (strcmp(keyword, "scales") == 0 && op->has_quant) {
        return parse_scale_list(&cursor, op->quant[4], &op->scales, &op->n_scales);
    }
    if (strcmp(keyword, "range") == 0 && !op->has_range) {
        op->has_range = 1;
        return parse_i32s(&cursor, op->range, 2) && rest_is_blank(cursor);
    }
    if (strcmp(keyword, "softmax") == 0 && !op->has_softmax) {
        op->has_softmax = 1;
        return parse_i32s(&cursor, op->softmax, 5) && rest_is_blank(cursor);
    }
    return 0;
}

/* data TENSOR COUNT V... */
static int parse_data_line(char *cursor, golden_model *model)
{
    int32_t index, count = 0;
    golden_tensor *t;
    if (!parse_i32(&cursor, &index) || index < 0 || index >= model->n_tensors) {
        return 0;
    }
    t = &model->tensors[index];
    if (t->i8 != NULL || t->i32 != NULL) {
        return 0;
    }
    return t->is_int32 ? parse_i32_list(&cursor, t->count, &t->i32, &count)
                       : parse_i8_list(&cursor, t->count, &t->i8, &count);
}

/* expect OP COUNT V... */
static int parse_expect_line(char *cursor, golden_model *model)
{
    int32_t index;
    golden_op *op;
    if (!parse_i32(&cursor, &index) || index < 0 || index >= model->n_ops) {
        return 0;
    }
    op = &model->ops[index];
    if (op->type_name == NULL) {
        return 0;
    }
    return parse_i8_list(&cursor, model->tensors[op->output].count, &op->expect, &op->expect_count);
}

/* ------------------------------------------------------------------------------------------ */
/* From the golden model to ps_model.h structures                                             */
/* ------------------------------------------------------------------------------------------ */

/* NHWC dims of a rank-4 tensor; a rank-2 [batches, n] tensor is {batches, 1, 1, n}. */
static int dims_of(const golden_tensor *t, ps_dims *dims)
{
    if (t->rank == 4) {
        dims->n = t->shape[0];
        dims->h = t->shape[1];
        dims->w = t->shape[2];
        dims->c = t->shape[3];
        return 1;
    }
    if (t->rank == 2) {
        dims->n = t->shape[0];
        dims->h = 1;
        dims->w = 1;
        dims->c = t->shape[1];
        return 1;
    }
    return 0;
}

/* Whether a tensor lives in the arena: an int8 tensor without constant data. */
static int is_activation(const golden_tensor *t)
{
    return !t->is_int32 && t->i8 == NULL;
}

/* Fails the test with `detail` about op `index`; returns 0 for chaining. */
static int op_problem(const golden_model *model, int32_t index, const char *detail)
{
    ps_test_fail(__FILE__, __LINE__, "%s: model %s op %ld (%s): %s", model->path, model->name,
                 (long)index, model->ops[index].type_name, detail);
    return 0;
}

static ps_window window_of(const golden_op *op)
{
    ps_window w;
    w.stride_h = op->window[5];
    w.stride_w = op->window[6];
    w.dilation_h = op->window[7];
    w.dilation_w = op->window[8];
    w.pad_h = op->window[9];
    w.pad_w = op->window[10];
    return w;
}

static ps_requant requant_of(const golden_op *op)
{
    ps_requant q;
    q.input_offset = op->quant[0];
    q.output_offset = op->quant[1];
    q.act_min = op->quant[2];
    q.act_max = op->quant[3];
    q.channels = op->quant[4];
    q.multipliers = op->multipliers;
    q.shifts = op->shifts;
    return q;
}

/* The window line must describe the op's input and output tensors. */
static int window_matches_tensors(const golden_model *model, int32_t index, const ps_dims *in,
                                  const ps_dims *out)
{
    const golden_op *op = &model->ops[index];
    if (!op->has_window) {
        return op_problem(model, index, "has no window line");
    }
    if (op->window[0] != in->h || op->window[1] != in->w || op->window[2] != in->c ||
        op->window[11] != out->h || op->window[12] != out->w) {
        return op_problem(model, index, "window line disagrees with the input/output tensor shapes");
    }
    return 1;
}

/* Builds the ps_op of golden op `index` (tensor indices as in the golden file); 0 if the golden
 * op is incomplete or inconsistent, after reporting why. */
static int build_op(const golden_model *model, int32_t index, ps_op *out)
{
    const golden_op *op = &model->ops[index];
    const golden_tensor *input = &model->tensors[op->inputs[0]];
    const golden_tensor *output = &model->tensors[op->output];
    ps_dims in_dims, out_dims;

    memset(out, 0, sizeof *out);
    out->type = op->type;
    out->input = (int16_t)op->inputs[0];
    out->output = (int16_t)op->output;
    if (!is_activation(input) || !is_activation(output) || !dims_of(input, &in_dims) ||
        !dims_of(output, &out_dims)) {
        return op_problem(model, index, "input and output must be int8 activations of rank 2 or 4");
    }
    if (op->expect == NULL) {
        return op_problem(model, index, "has no expect line");
    }
    switch (op->type) {
    case PS_OP_CONV_2D:
    case PS_OP_DEPTHWISE_CONV_2D: {
        const int depthwise = op->type == PS_OP_DEPTHWISE_CONV_2D;
        const golden_tensor *filter;
        const golden_tensor *bias;
        ps_conv_params *p = &out->params.conv;
        if (op->n_inputs != 3 || op->inputs[1] < 0 || !op->has_quant || op->multipliers == NULL ||
            op->shifts == NULL || (depthwise && op->depth_multiplier == 0)) {
            return op_problem(model, index, "needs filter and bias inputs, quant, multipliers, "
                                            "shifts (and depthwise) lines");
        }
        filter = &model->tensors[op->inputs[1]];
        bias = op->inputs[2] >= 0 ? &model->tensors[op->inputs[2]] : NULL;
        if (filter->i8 == NULL || filter->rank != 4 || (bias != NULL && bias->i32 == NULL)) {
            return op_problem(model, index, "filter must be constant int8 [4 dims], bias int32");
        }
        if (!window_matches_tensors(model, index, &in_dims, &out_dims) ||
            op->window[3] != filter->shape[1] || op->window[4] != filter->shape[2]) {
            return op_problem(model, index, "window filter size disagrees with the filter tensor");
        }
        p->window = window_of(op);
        p->filter_dims.n = filter->shape[0];
        p->filter_dims.h = filter->shape[1];
        p->filter_dims.w = filter->shape[2];
        p->filter_dims.c = filter->shape[3];
        p->depth_multiplier = depthwise ? op->depth_multiplier : 1;
        p->requant = requant_of(op);
        p->filter = filter->i8;
        p->bias = bias != NULL ? bias->i32 : NULL;
        return 1;
    }
    case PS_OP_MAX_POOL_2D:
    case PS_OP_AVERAGE_POOL_2D: {
        ps_pool_params *p = &out->params.pool;
        if (!op->has_range || !window_matches_tensors(model, index, &in_dims, &out_dims)) {
            return op_problem(model, index, "needs window and range lines");
        }
        p->window = window_of(op);
        p->filter_h = op->window[3];
        p->filter_w = op->window[4];
        p->act_min = op->range[0];
        p->act_max = op->range[1];
        return 1;
    }
    case PS_OP_FULLY_CONNECTED: {
        const golden_tensor *weights;
        const golden_tensor *bias;
        ps_fc_params *p = &out->params.fc;
        if (op->n_inputs != 3 || op->inputs[1] < 0 || !op->has_fc || !op->has_quant ||
            op->scales == NULL) {
            return op_problem(model, index, "needs weights and bias inputs, fc, quant and scales "
                                            "lines (regenerate a golden file with multipliers and "
                                            "shifts for FULLY_CONNECTED)");
        }
        weights = &model->tensors[op->inputs[1]];
        bias = op->inputs[2] >= 0 ? &model->tensors[op->inputs[2]] : NULL;
        if (weights->i8 == NULL || weights->rank != 2 || (bias != NULL && bias->i32 == NULL) ||
            weights->shape[0] != op->fc[2] || weights->shape[1] != op->fc[1] ||
            (int64_t)op->fc[0] * op->fc[1] != input->count) {
            return op_problem(model, index, "fc line disagrees with the weights or input tensor");
        }
        p->depth = op->fc[1];
        p->outputs = op->fc[2];
        p->requant = requant_of(op); /* multipliers and shifts stay NULL */
        p->scales = op->scales;
        p->weights = weights->i8;
        p->bias = bias != NULL ? bias->i32 : NULL;
        return 1;
    }
    case PS_OP_SOFTMAX: {
        ps_softmax_params *p = &out->params.softmax;
        if (!op->has_softmax || (int64_t)op->softmax[0] * op->softmax[1] != input->count ||
            op->softmax[1] != in_dims.c) {
            return op_problem(model, index, "softmax line missing or disagrees with the input");
        }
        p->input_multiplier = op->softmax[2];
        p->input_left_shift = op->softmax[3];
        p->diff_min = op->softmax[4];
        return 1;
    }
    case PS_OP_RESHAPE:
        return 1;
    }
    return op_problem(model, index, "unknown op type");
}

/* ------------------------------------------------------------------------------------------ */
/* Comparing                                                                                   */
/* ------------------------------------------------------------------------------------------ */

/* Compares one op's output with its expect line; counts into `totals`. */
static void compare_output(const golden_model *model, int32_t index, const char *how,
                           const int8_t *found, int32_t count, tally *totals)
{
    const golden_op *op = &model->ops[index];
    int32_t i, first = -1, differing = 0;
    totals->ops++;
    totals->bytes += count;
    if (count != op->expect_count) {
        ps_test_fail(__FILE__, __LINE__, "model %s op %ld (%s, %s): %ld output bytes, expected %ld",
                     model->name, (long)index, op->type_name, how, (long)count,
                     (long)op->expect_count);
        totals->mismatches += count > op->expect_count ? count : op->expect_count;
        return;
    }
    for (i = 0; i < count; i++) {
        if (found[i] != op->expect[i]) {
            if (first < 0) {
                first = i;
            }
            differing++;
        }
    }
    if (differing == 0) {
        ps_test_pass();
        return;
    }
    totals->mismatches += differing;
    ps_test_fail(__FILE__, __LINE__,
                 "model %s op %ld (%s, %s): output differs at index %ld of %ld: expected %d, "
                 "found %d (%ld bytes differ)",
                 model->name, (long)index, op->type_name, how, (long)first, (long)count,
                 op->expect[first], found[first], (long)differing);
}

/* The golden bytes tensor `tensor` holds when its consumers run: the model input, or the
 * expected output of the op that wrote it; NULL if neither. */
static const int8_t *golden_values_of(const golden_model *model, int32_t tensor)
{
    int32_t i;
    if (tensor == model->input) {
        return model->input_values;
    }
    for (i = 0; i < model->n_ops; i++) {
        if (model->ops[i].output == tensor) {
            return model->ops[i].expect;
        }
    }
    return NULL;
}

/* One kernel, called directly (the runner's dispatch is not involved). */
static ps_status run_kernel(const ps_op *op, const ps_dims *in_dims, const int8_t *in,
                            const ps_dims *out_dims, int8_t *out, int32_t out_count)
{
    switch (op->type) {
    case PS_OP_CONV_2D:
        return ps_conv_s8(&op->params.conv, in_dims, in, out_dims, out);
    case PS_OP_DEPTHWISE_CONV_2D:
        return ps_depthwise_conv_s8(&op->params.conv, in_dims, in, out_dims, out);
    case PS_OP_MAX_POOL_2D:
        return ps_max_pool_s8(&op->params.pool, in_dims, in, out_dims, out);
    case PS_OP_AVERAGE_POOL_2D:
        return ps_avg_pool_s8(&op->params.pool, in_dims, in, out_dims, out);
    case PS_OP_FULLY_CONNECTED:
        return ps_fully_connected_s8(&op->params.fc, in_dims, in, out_dims, out);
    case PS_OP_SOFTMAX:
        return ps_softmax_s8(&op->params.softmax, in_dims, in, out_dims, out);
    case PS_OP_RESHAPE:
        memcpy(out, in, (size_t)out_count);
        return PS_OK;
    }
    return PS_ERR_UNSUPPORTED;
}

/* (a) every op's kernel alone on its golden input. */
static void check_kernels_alone(const golden_model *model, const ps_op *ops, tally *totals)
{
    int32_t i;
    for (i = 0; i < model->n_ops; i++) {
        const golden_tensor *input = &model->tensors[ops[i].input];
        const golden_tensor *output = &model->tensors[ops[i].output];
        const int8_t *golden_input = golden_values_of(model, ops[i].input);
        ps_dims in_dims, out_dims;
        int8_t *in;
        int8_t *out;
        ps_status status;
        if (golden_input == NULL) {
            op_problem(model, i, "its input is neither the model input nor an op's output");
            continue;
        }
        dims_of(input, &in_dims);
        dims_of(output, &out_dims);
        in = checked_calloc((size_t)input->count, 1);
        out = checked_calloc((size_t)output->count, 1);
        memcpy(in, golden_input, (size_t)input->count);
        memset(out, CANARY, (size_t)output->count);
        status = run_kernel(&ops[i], &in_dims, in, &out_dims, out, output->count);
        if (status != PS_OK) {
            ps_test_fail(__FILE__, __LINE__, "model %s op %ld (%s, kernel alone): status %d",
                         model->name, (long)i, model->ops[i].type_name, (int)status);
            totals->mismatches += output->count;
        } else {
            compare_output(model, i, "kernel alone", out, output->count, totals);
        }
        PS_EXPECT_TRUE("a kernel leaves its input unchanged",
                       memcmp(in, golden_input, (size_t)input->count) == 0);
        free(in);
        free(out);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* (b) the whole model through ps_run                                                          */
/* ------------------------------------------------------------------------------------------ */

typedef struct {
    const golden_model *golden;
    const ps_model *model;
    int8_t *arena;
    const char *how;
    int32_t next_op;
    tally *totals;
} hook_context;

static void compare_from_hook(void *context, int32_t op_index, const ps_tensor *output,
                              const int8_t *data)
{
    hook_context *h = (hook_context *)context;
    const ps_op *op;
    if (op_index != h->next_op || op_index < 0 || op_index >= h->model->n_ops) {
        ps_test_fail(__FILE__, __LINE__, "model %s (%s): hook called for op %ld, expected op %ld",
                     h->golden->name, h->how, (long)op_index, (long)h->next_op);
        return;
    }
    h->next_op++;
    op = &h->model->ops[op_index];
    PS_EXPECT_TRUE("the hook gets the op's output tensor", output == &h->model->tensors[op->output]);
    PS_EXPECT_TRUE("the hook gets the output tensor's arena bytes",
                   data == ps_tensor_data(h->model, h->arena, op->output));
    compare_output(h->golden, op_index, h->how, data, (int32_t)output->bytes, h->totals);
}

typedef enum { LAYOUT_SEPARATE, LAYOUT_PING_PONG } arena_layout;

/* Places the activation tensors: offsets and the arena size. For ping-pong the model must be a
 * chain (each op reads the previous op's output); returns 0 (after reporting) otherwise. */
static int lay_out(const golden_model *golden, const ps_op *ops, ps_tensor *tensors,
                   int32_t n_tensors, arena_layout layout, uint32_t *arena_bytes)
{
    int32_t i;
    uint32_t offset = GAP_BYTES, largest = 0;
    if (layout == LAYOUT_SEPARATE) {
        for (i = 0; i < n_tensors; i++) {
            tensors[i].arena_offset = offset;
            offset += tensors[i].bytes + GAP_BYTES;
        }
        *arena_bytes = offset;
        return 1;
    }
    for (i = 0; i < n_tensors; i++) {
        largest = tensors[i].bytes > largest ? tensors[i].bytes : largest;
    }
    tensors[ops[0].input].arena_offset = GAP_BYTES;
    for (i = 0; i < golden->n_ops; i++) {
        const uint32_t in_offset = tensors[ops[i].input].arena_offset;
        if (i > 0 && ops[i].input != ops[i - 1].output) {
            return op_problem(golden, i, "does not read the previous op's output; the ping-pong "
                                         "layout needs a chain");
        }
        if (ops[i].type == PS_OP_RESHAPE || ops[i].type == PS_OP_SOFTMAX) {
            tensors[ops[i].output].arena_offset = in_offset; /* alias / in place */
        } else {
            tensors[ops[i].output].arena_offset =
                in_offset == GAP_BYTES ? 2 * GAP_BYTES + largest : GAP_BYTES;
        }
    }
    *arena_bytes = 3 * GAP_BYTES + 2 * largest;
    return 1;
}

static void run_whole_model(const golden_model *golden, const ps_op *golden_ops,
                            arena_layout layout, tally *totals)
{
    const char *how = layout == LAYOUT_SEPARATE ? "ps_run, separate tensors"
                                                : "ps_run, ping-pong arena";
    int32_t *ps_index = checked_calloc((size_t)golden->n_tensors, sizeof *ps_index);
    ps_tensor *tensors = checked_calloc((size_t)golden->n_tensors, sizeof *tensors);
    ps_op *ops = checked_calloc((size_t)golden->n_ops, sizeof *ops);
    unsigned char *covered = NULL;
    int8_t *arena = NULL;
    int32_t n_tensors = 0, i;
    uint32_t arena_bytes, b;
    ps_model model;
    hook_context context;
    ps_status status;

    /* the arena holds the activation tensors only, renumbered as the code generator would */
    for (i = 0; i < golden->n_tensors; i++) {
        const golden_tensor *t = &golden->tensors[i];
        ps_index[i] = -1;
        if (is_activation(t) && dims_of(t, &tensors[n_tensors].dims)) {
            tensors[n_tensors].bytes = (uint32_t)t->count;
            tensors[n_tensors].zero_point = 0;
            tensors[n_tensors].name = t->name;
            ps_index[i] = n_tensors++;
        }
    }
    for (i = 0; i < golden->n_ops; i++) {
        ops[i] = golden_ops[i];
        ops[i].input = (int16_t)ps_index[golden_ops[i].input];
        ops[i].output = (int16_t)ps_index[golden_ops[i].output];
    }
    if (!lay_out(golden, ops, tensors, n_tensors, layout, &arena_bytes)) {
        totals->mismatches++;
        goto done;
    }

    memset(&model, 0, sizeof model);
    model.name = golden->name;
    model.n_tensors = n_tensors;
    model.tensors = tensors;
    model.n_ops = golden->n_ops;
    model.ops = ops;
    model.input_tensor = (int16_t)ps_index[golden->input];
    model.output_tensor = (int16_t)ps_index[golden->output];
    model.arena_bytes = arena_bytes;

    /* exactly arena_bytes on the heap: the sanitized build catches a write past the end */
    arena = checked_calloc(arena_bytes, 1);
    covered = checked_calloc(arena_bytes, 1);
    memset(arena, CANARY, arena_bytes);
    for (i = 0; i < n_tensors; i++) {
        memset(covered + tensors[i].arena_offset, 1, tensors[i].bytes);
    }
    memcpy(ps_tensor_data(&model, arena, model.input_tensor), golden->input_values,
           (size_t)golden->input_count);

    context.golden = golden;
    context.model = &model;
    context.arena = arena;
    context.how = how;
    context.next_op = 0;
    context.totals = totals;
    status = ps_run(&model, arena, arena_bytes, compare_from_hook, &context);
    if (status != PS_OK) {
        ps_test_fail(__FILE__, __LINE__, "model %s (%s): ps_run returned status %d after %ld ops",
                     golden->name, how, (int)status, (long)context.next_op);
        totals->mismatches++;
    }
    PS_EXPECT_EQ_I32("the hook ran once per op", model.n_ops, context.next_op);
    for (b = 0; b < arena_bytes; b++) {
        if (!covered[b] && (unsigned char)arena[b] != CANARY) {
            ps_test_fail(__FILE__, __LINE__, "model %s (%s): arena byte %lu outside every tensor "
                         "was overwritten", golden->name, how, (unsigned long)b);
            break;
        }
    }
    if (layout == LAYOUT_SEPARATE) {
        PS_EXPECT_TRUE("ps_run leaves the model input unchanged",
                       memcmp(ps_tensor_data(&model, arena, model.input_tensor),
                              golden->input_values, (size_t)golden->input_count) == 0);
    }
done:
    free(covered);
    free(arena);
    free(ops);
    free(tensors);
    free(ps_index);
}

/* ------------------------------------------------------------------------------------------ */
/* The golden file                                                                             */
/* ------------------------------------------------------------------------------------------ */

typedef struct {
    tally alone;
    tally whole;
    long ops_of_type[32]; /* indexed by ps_op_type */
} golden_totals;

/* Both ways of checking, once the model's "end" line is read. */
static void check_model(golden_model *model, golden_totals *totals)
{
    ps_op *ops = checked_calloc((size_t)model->n_ops, sizeof *ops);
    int32_t i;
    int complete = model->input_values != NULL &&
                   model->input_count == model->tensors[model->input].count;
    if (!complete) {
        ps_test_fail(__FILE__, __LINE__, "%s: model %s has no input line of %ld values",
                     model->path, model->name, (long)model->tensors[model->input].count);
    }
    for (i = 0; i < model->n_ops && complete; i++) {
        if (model->ops[i].type_name == NULL) {
            ps_test_fail(__FILE__, __LINE__, "%s: model %s has no op %ld", model->path,
                         model->name, (long)i);
            complete = 0;
        } else {
            complete = build_op(model, i, &ops[i]);
            totals->ops_of_type[model->ops[i].type]++;
        }
    }
    if (complete) {
        totals->alone.models++;
        totals->whole.models++;
        check_kernels_alone(model, ops, &totals->alone);
        run_whole_model(model, ops, LAYOUT_SEPARATE, &totals->whole);
        run_whole_model(model, ops, LAYOUT_PING_PONG, &totals->whole);
    } else {
        totals->alone.mismatches++;
    }
    free(ops);
}

static char *read_file(const char *path)
{
    FILE *file = fopen(path, "rb");
    char *text;
    long size;
    if (file == NULL) {
        ps_test_fail(__FILE__, __LINE__, "cannot open golden models %s: %s", path, strerror(errno));
        return NULL;
    }
    if (fseek(file, 0, SEEK_END) != 0 || (size = ftell(file)) < 0 || fseek(file, 0, SEEK_SET) != 0) {
        fclose(file);
        ps_test_fail(__FILE__, __LINE__, "cannot read %s", path);
        return NULL;
    }
    text = checked_calloc((size_t)size + 1, 1);
    if (fread(text, 1, (size_t)size, file) != (size_t)size) {
        fclose(file);
        free(text);
        ps_test_fail(__FILE__, __LINE__, "cannot read %s", path);
        return NULL;
    }
    fclose(file);
    return text;
}

static int header_is_well_formed(const char *line)
{
    const char *prefix = "# generated by: ";
    const char *suffix = "; do not edit";
    size_t length = strlen(line);
    return length > strlen(prefix) + strlen(suffix) && strncmp(line, prefix, strlen(prefix)) == 0 &&
           strcmp(line + length - strlen(suffix), suffix) == 0;
}

/* Parses one line inside a model; 0 if it is malformed. Sets *ended on "end". */
static int parse_model_body_line(char *line, golden_model *model, int32_t *current_op, int *ended)
{
    char keyword[16];
    char *cursor = line;
    if (!parse_word(&cursor, keyword, sizeof keyword)) {
        return 0;
    }
    if (strcmp(keyword, "model") == 0) {
        return model->tensors == NULL && parse_model_line(cursor, model);
    }
    if (model->tensors == NULL) {
        return 0; /* everything else needs the model line first */
    }
    if (strcmp(keyword, "tensor") == 0) {
        return parse_tensor_line(cursor, model);
    }
    if (strcmp(keyword, "op") == 0) {
        return parse_op_line(cursor, model, current_op);
    }
    if (strcmp(keyword, "data") == 0) {
        *current_op = -1;
        return parse_data_line(cursor, model);
    }
    if (strcmp(keyword, "input") == 0) {
        *current_op = -1;
        return model->input_values == NULL &&
               parse_i8_list(&cursor, model->tensors[model->input].count, &model->input_values,
                             &model->input_count);
    }
    if (strcmp(keyword, "expect") == 0) {
        *current_op = -1;
        return parse_expect_line(cursor, model);
    }
    if (strcmp(keyword, "end") == 0) {
        *ended = 1;
        return rest_is_blank(cursor);
    }
    return *current_op >= 0 && parse_op_parameter_line(keyword, cursor, &model->ops[*current_op]);
}

static void add_tally(tally *sum, const tally *part)
{
    sum->models += part->models;
    sum->ops += part->ops;
    sum->bytes += part->bytes;
    sum->mismatches += part->mismatches;
}

/* Every model of one golden file, both ways; adds the file's counts to *all. */
static void every_model_in_file_matches_byte_for_byte(const char *path, golden_totals *all)
{
    char *text = read_file(path);
    char *line;
    const char *file_name = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
    long line_number = 0;
    int in_model = 0;
    int32_t current_op = -1;
    golden_model model;
    golden_totals totals;
    size_t t;

    if (text == NULL) {
        return;
    }
    memset(&model, 0, sizeof model);
    memset(&totals, 0, sizeof totals);
    line = text;
    while (line != NULL && *line != '\0') {
        char *newline = strchr(line, '\n');
        char *next = newline != NULL ? newline + 1 : NULL;
        if (newline != NULL) {
            *newline = '\0';
        }
        line_number++;
        line[strcspn(line, "\r")] = '\0';
        if (line_number == 1) {
            PS_EXPECT_TRUE("golden file starts with '# generated by: <command>; do not edit'",
                           header_is_well_formed(line));
        } else if (line[0] == '#' || rest_is_blank(line)) {
            /* a comment */
        } else if (!in_model) {
            if (strcmp(line, FORMAT_LINE) != 0) {
                ps_test_fail(__FILE__, __LINE__, "%s:%ld: expected '%s', found '%.60s'", path,
                             line_number, FORMAT_LINE, line);
                break;
            }
            in_model = 1;
            current_op = -1;
            model.path = path;
            model.line = line_number;
        } else {
            int ended = 0;
            if (!parse_model_body_line(line, &model, &current_op, &ended)) {
                ps_test_fail(__FILE__, __LINE__,
                             "%s:%ld: malformed or unexpected line '%.80s' (format: the javadoc "
                             "of ModelGoldenWriter)", path, line_number, line);
                break;
            }
            if (ended) {
                check_model(&model, &totals);
                free_model(&model);
                in_model = 0;
            }
        }
        line = next;
    }
    if (in_model) {
        ps_test_fail(__FILE__, __LINE__, "%s: model starting at line %ld has no 'end' line", path,
                     model.line);
    }
    free_model(&model);
    free(text);

    PS_EXPECT_TRUE("a golden file holds at least one model", totals.alone.models > 0);
    PS_EXPECT_TRUE("every op was checked by ps_run in both layouts",
                   totals.whole.ops == 2 * totals.alone.ops);
    printf("kernels: %ld models, %ld ops, %ld bytes, %ld mismatches (%s, each kernel alone)\n",
           totals.alone.models, totals.alone.ops, totals.alone.bytes, totals.alone.mismatches,
           file_name);
    printf("ps_run:  %ld models x 2 arena layouts, %ld ops, %ld bytes, %ld mismatches (%s)\n",
           totals.whole.models, totals.whole.ops, totals.whole.bytes, totals.whole.mismatches,
           file_name);
    add_tally(&all->alone, &totals.alone);
    add_tally(&all->whole, &totals.whole);
    for (t = 0; t < sizeof totals.ops_of_type / sizeof totals.ops_of_type[0]; t++) {
        all->ops_of_type[t] += totals.ops_of_type[t];
    }
}

/* The golden files together must not be truncated and must reach every kernel. */
static void golden_models_cover_every_op_family(const golden_totals *all)
{
    static const struct {
        ps_op_type type;
        const char *name;
    } families[] = {{PS_OP_CONV_2D, "CONV_2D"}, {PS_OP_DEPTHWISE_CONV_2D, "DEPTHWISE_CONV_2D"},
                    {PS_OP_MAX_POOL_2D, "MAX_POOL_2D"}, {PS_OP_AVERAGE_POOL_2D, "AVERAGE_POOL_2D"},
                    {PS_OP_FULLY_CONNECTED, "FULLY_CONNECTED"}, {PS_OP_RESHAPE, "RESHAPE"},
                    {PS_OP_SOFTMAX, "SOFTMAX"}};
    size_t f;
    PS_EXPECT_TRUE("the golden files are not truncated", all->alone.models >= MIN_GOLDEN_MODELS);
    for (f = 0; f < sizeof families / sizeof families[0]; f++) {
        char what[96];
        sprintf(what, "the golden models exercise %s", families[f].name);
        PS_EXPECT_TRUE(what, all->ops_of_type[families[f].type] > 0);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Hand-written cases: semantics worth stating, and every error return                         */
/* ------------------------------------------------------------------------------------------ */

static const int32_t ONE_MULTIPLIER = 1 << 30; /* 0.5 in Q0.31; with shift 1: a real 1.0 */
static const int32_t ONE_SHIFT = 1;

#define EXPECT_STATUS(what, expected, actual) PS_EXPECT_EQ_I32((what), (int32_t)(expected), (int32_t)(actual))

static ps_dims dims4(int32_t n, int32_t h, int32_t w, int32_t c)
{
    ps_dims d;
    d.n = n;
    d.h = h;
    d.w = w;
    d.c = c;
    return d;
}

static ps_window unit_window(void)
{
    ps_window w;
    w.stride_h = 1;
    w.stride_w = 1;
    w.dilation_h = 1;
    w.dilation_w = 1;
    w.pad_h = 0;
    w.pad_w = 0;
    return w;
}

/* Requantization by exactly 1.0, zero points 0, no clamp beyond int8. */
static ps_requant identity_requant(void)
{
    ps_requant q;
    q.input_offset = 0;
    q.output_offset = 0;
    q.act_min = -128;
    q.act_max = 127;
    q.channels = 1;
    q.multipliers = &ONE_MULTIPLIER;
    q.shifts = &ONE_SHIFT;
    return q;
}

static void average_pool_rounds_half_away_from_zero_and_ignores_padding(void)
{
    /* input [1, 1, 4, 1]: {1, 2, -1, -2}; 2-wide windows, stride 2, plus one window starting
     * in the left padding that sees only the first element */
    const int8_t input[4] = {1, 2, -1, -2};
    int8_t output[3] = {0, 0, 0};
    const ps_dims in_dims = dims4(1, 1, 4, 1);
    const ps_dims out_dims = dims4(1, 1, 2, 1);
    ps_pool_params p;
    p.window = unit_window();
    p.window.stride_w = 2;
    p.filter_h = 1;
    p.filter_w = 2;
    p.act_min = -128;
    p.act_max = 127;
    EXPECT_STATUS("average pool runs", PS_OK, ps_avg_pool_s8(&p, &in_dims, input, &out_dims, output));
    PS_EXPECT_EQ_I32("(1 + 2) / 2 = 1.5 rounds to 2", 2, output[0]);
    PS_EXPECT_EQ_I32("(-1 - 2) / 2 = -1.5 rounds to -2", -2, output[1]);
    p.window.pad_w = 1;
    {
        const ps_dims padded_out = dims4(1, 1, 3, 1);
        EXPECT_STATUS("average pool with padding runs", PS_OK,
                      ps_avg_pool_s8(&p, &in_dims, input, &padded_out, output));
        PS_EXPECT_EQ_I32("a window half in the padding averages only the input it covers", 1, output[0]);
        PS_EXPECT_EQ_I32("the next window averages 2 and -1 (0.5 rounds to 1)", 1, output[1]);
        PS_EXPECT_EQ_I32("the last window sees -2 alone", -2, output[2]);
    }
}

static void max_pool_clamps_to_the_fused_activation(void)
{
    const int8_t input[4] = {-5, -3, 7, 100};
    int8_t output[2] = {0, 0};
    const ps_dims in_dims = dims4(1, 1, 4, 1);
    const ps_dims out_dims = dims4(1, 1, 2, 1);
    ps_pool_params p;
    p.window = unit_window();
    p.window.stride_w = 2;
    p.filter_h = 1;
    p.filter_w = 2;
    p.act_min = -1; /* a RELU with zero point -1 */
    p.act_max = 50;
    EXPECT_STATUS("max pool runs", PS_OK, ps_max_pool_s8(&p, &in_dims, input, &out_dims, output));
    PS_EXPECT_EQ_I32("max(-5, -3) clamps up to act_min", -1, output[0]);
    PS_EXPECT_EQ_I32("max(7, 100) clamps down to act_max", 50, output[1]);
}

static void conv_applies_offsets_bias_and_per_channel_shifts(void)
{
    /* 1x1 conv, C_in 2, C_out 2: out[c] = requant(sum(f[c][i] * (x[i] + input_offset)) + bias[c]) */
    const int8_t input[2] = {3, -4};
    const int8_t filter[4] = {1, 2, -1, 1};
    const int32_t bias[2] = {10, -10};
    const int32_t multipliers[2] = {1 << 30, 1 << 30};
    const int32_t shifts[2] = {1, 0}; /* channel 0 by 1.0, channel 1 by 0.5 */
    int8_t output[2] = {0, 0};
    const ps_dims in_dims = dims4(1, 1, 1, 2);
    const ps_dims out_dims = dims4(1, 1, 1, 2);
    ps_conv_params p;
    p.window = unit_window();
    p.filter_dims = dims4(2, 1, 1, 2);
    p.depth_multiplier = 1;
    p.requant = identity_requant();
    p.requant.input_offset = 1;   /* input zero point -1 */
    p.requant.output_offset = -3; /* output zero point -3 */
    p.requant.channels = 2;
    p.requant.multipliers = multipliers;
    p.requant.shifts = shifts;
    p.filter = filter;
    p.bias = bias;
    EXPECT_STATUS("conv runs", PS_OK, ps_conv_s8(&p, &in_dims, input, &out_dims, output));
    /* channel 0: 1*4 + 2*(-3) + 10 = 8, * 1.0 = 8, - 3 = 5;
     * channel 1: -1*4 + 1*(-3) - 10 = -17, * 0.5 = -8.5, which the doubling high multiply
     * rounds toward +infinity (not away from zero) to -8, - 3 = -11 */
    PS_EXPECT_EQ_I32("channel 0: offsets, bias and a multiplier of 1.0", 5, output[0]);
    PS_EXPECT_EQ_I32("channel 1: a multiplier of 0.5 rounds the tie -8.5 up to -8", -11, output[1]);
}

static void conv_reports_bad_arguments_before_writing(void)
{
    const int8_t input[4] = {1, 2, 3, 4};
    const int8_t filter[4] = {1, 1, 1, 1};
    const int32_t bad_shift = 31;
    const int32_t negative_multiplier = -1;
    int8_t output[4] = {9, 9, 9, 9};
    const ps_dims in_dims = dims4(1, 2, 2, 1);
    const ps_dims out_dims = dims4(1, 1, 1, 1);
    ps_dims dims;
    ps_conv_params good, p;
    good.window = unit_window();
    good.filter_dims = dims4(1, 2, 2, 1);
    good.depth_multiplier = 1;
    good.requant = identity_requant();
    good.filter = filter;
    good.bias = NULL;

    EXPECT_STATUS("conv: a valid 2x2 filter without bias", PS_OK,
                  ps_conv_s8(&good, &in_dims, input, &out_dims, output));
    PS_EXPECT_EQ_I32("conv: 1 + 2 + 3 + 4", 10, output[0]);
    output[0] = 9;
    EXPECT_STATUS("conv: NULL params", PS_ERR_ARGUMENT, ps_conv_s8(NULL, &in_dims, input, &out_dims, output));
    EXPECT_STATUS("conv: NULL input dims", PS_ERR_ARGUMENT, ps_conv_s8(&good, NULL, input, &out_dims, output));
    EXPECT_STATUS("conv: NULL input", PS_ERR_ARGUMENT, ps_conv_s8(&good, &in_dims, NULL, &out_dims, output));
    EXPECT_STATUS("conv: NULL output dims", PS_ERR_ARGUMENT, ps_conv_s8(&good, &in_dims, input, NULL, output));
    EXPECT_STATUS("conv: NULL output", PS_ERR_ARGUMENT, ps_conv_s8(&good, &in_dims, input, &out_dims, NULL));
    p = good;
    p.filter = NULL;
    EXPECT_STATUS("conv: NULL filter", PS_ERR_ARGUMENT, ps_conv_s8(&p, &in_dims, input, &out_dims, output));
    p = good;
    p.requant.multipliers = NULL;
    EXPECT_STATUS("conv: NULL multipliers", PS_ERR_ARGUMENT, ps_conv_s8(&p, &in_dims, input, &out_dims, output));
    p = good;
    p.requant.shifts = &bad_shift;
    EXPECT_STATUS("conv: shift 31 (TFLite's range is [-31, 30])", PS_ERR_ARGUMENT,
                  ps_conv_s8(&p, &in_dims, input, &out_dims, output));
    p = good;
    p.requant.multipliers = &negative_multiplier;
    EXPECT_STATUS("conv: a negative multiplier", PS_ERR_ARGUMENT,
                  ps_conv_s8(&p, &in_dims, input, &out_dims, output));
    p = good;
    p.requant.channels = 2;
    EXPECT_STATUS("conv: 2 requant channels for 1 output channel", PS_ERR_ARGUMENT,
                  ps_conv_s8(&p, &in_dims, input, &out_dims, output));
    p = good;
    p.requant.input_offset = 129;
    EXPECT_STATUS("conv: input offset 129 (zero point -129 is not int8)", PS_ERR_ARGUMENT,
                  ps_conv_s8(&p, &in_dims, input, &out_dims, output));
    p = good;
    p.requant.act_min = 10;
    p.requant.act_max = 5;
    EXPECT_STATUS("conv: an empty activation range", PS_ERR_ARGUMENT,
                  ps_conv_s8(&p, &in_dims, input, &out_dims, output));
    p = good;
    p.window.stride_h = 0;
    EXPECT_STATUS("conv: stride 0", PS_ERR_ARGUMENT, ps_conv_s8(&p, &in_dims, input, &out_dims, output));
    p = good;
    p.window.dilation_w = 0;
    EXPECT_STATUS("conv: dilation 0", PS_ERR_ARGUMENT, ps_conv_s8(&p, &in_dims, input, &out_dims, output));
    p = good;
    p.window.pad_w = -1;
    EXPECT_STATUS("conv: negative padding", PS_ERR_ARGUMENT, ps_conv_s8(&p, &in_dims, input, &out_dims, output));
    dims = dims4(1, 2, 0, 1);
    EXPECT_STATUS("conv: an input dimension of 0", PS_ERR_SHAPE, ps_conv_s8(&good, &dims, input, &out_dims, output));
    dims = dims4(65536, 65536, 1, 1);
    EXPECT_STATUS("conv: an output count above INT32_MAX", PS_ERR_SHAPE,
                  ps_conv_s8(&good, &in_dims, input, &dims, output));
    dims = dims4(1, 1, 1, 2);
    EXPECT_STATUS("conv: output channels differ from the filter's C_out", PS_ERR_SHAPE,
                  ps_conv_s8(&good, &in_dims, input, &dims, output));
    dims = dims4(2, 1, 1, 1);
    EXPECT_STATUS("conv: output batches differ from the input's", PS_ERR_SHAPE,
                  ps_conv_s8(&good, &in_dims, input, &dims, output));
    p = good;
    p.filter_dims = dims4(1, 2, 2, 3);
    EXPECT_STATUS("conv: filter C_in differs from the input's channels", PS_ERR_SHAPE,
                  ps_conv_s8(&p, &in_dims, input, &out_dims, output));
    p = good;
    p.window.stride_h = INT32_MAX;
    dims = dims4(1, 3, 1, 1);
    EXPECT_STATUS("conv: window coordinates beyond int32", PS_ERR_SHAPE,
                  ps_conv_s8(&p, &in_dims, input, &dims, output));
    /* validation runs before any access, so the oversized dims below are never dereferenced */
    p = good;
    p.filter_dims = dims4(1, 256, 257, 1);
    dims = dims4(1, 256, 257, 1);
    EXPECT_STATUS("conv: more than PS_MAX_ACCUMULATION_DEPTH products per output", PS_ERR_UNSUPPORTED,
                  ps_conv_s8(&p, &dims, input, &out_dims, output));
    PS_EXPECT_EQ_I32("conv: a failed call writes nothing", 9, output[0]);
}

static void depthwise_conv_reports_bad_arguments(void)
{
    const int8_t input[2] = {1, 2};
    const int8_t filter[4] = {1, 2, 3, 4};
    int8_t output[4] = {0, 0, 0, 0};
    const ps_dims in_dims = dims4(1, 1, 1, 2);
    const ps_dims out_dims = dims4(1, 1, 1, 4);
    ps_dims dims;
    ps_conv_params good, p;
    good.window = unit_window();
    good.filter_dims = dims4(1, 1, 1, 4);
    good.depth_multiplier = 2;
    good.requant = identity_requant();
    good.filter = filter;
    good.bias = NULL;

    EXPECT_STATUS("depthwise: multiplier 2", PS_OK,
                  ps_depthwise_conv_s8(&good, &in_dims, input, &out_dims, output));
    PS_EXPECT_EQ_I32("depthwise: output channel 1 sees input channel 0", 2, output[1]);
    PS_EXPECT_EQ_I32("depthwise: output channel 2 sees input channel 1", 6, output[2]);
    EXPECT_STATUS("depthwise: NULL input", PS_ERR_ARGUMENT,
                  ps_depthwise_conv_s8(&good, &in_dims, NULL, &out_dims, output));
    p = good;
    p.depth_multiplier = 0;
    EXPECT_STATUS("depthwise: depth multiplier 0", PS_ERR_ARGUMENT,
                  ps_depthwise_conv_s8(&p, &in_dims, input, &out_dims, output));
    p = good;
    p.depth_multiplier = 3;
    EXPECT_STATUS("depthwise: C_out is not C_in * depth_multiplier", PS_ERR_SHAPE,
                  ps_depthwise_conv_s8(&p, &in_dims, input, &out_dims, output));
    p = good;
    p.filter_dims = dims4(2, 1, 1, 2);
    EXPECT_STATUS("depthwise: filter dimension 0 is not 1", PS_ERR_SHAPE,
                  ps_depthwise_conv_s8(&p, &in_dims, input, &out_dims, output));
    dims = dims4(1, 1, 1, 2);
    EXPECT_STATUS("depthwise: output channels differ from C_out", PS_ERR_SHAPE,
                  ps_depthwise_conv_s8(&good, &in_dims, input, &dims, output));
}

static void pools_report_bad_arguments(void)
{
    const int8_t input[4] = {1, 2, 3, 4};
    int8_t output[4] = {0, 0, 0, 0};
    const ps_dims in_dims = dims4(1, 2, 2, 1);
    const ps_dims out_dims = dims4(1, 1, 1, 1);
    ps_dims dims;
    ps_pool_params good, p;
    good.window = unit_window();
    good.filter_h = 2;
    good.filter_w = 2;
    good.act_min = -128;
    good.act_max = 127;

    EXPECT_STATUS("pool: a valid 2x2 max pool", PS_OK, ps_max_pool_s8(&good, &in_dims, input, &out_dims, output));
    PS_EXPECT_EQ_I32("pool: max of 1..4", 4, output[0]);
    EXPECT_STATUS("pool: NULL params", PS_ERR_ARGUMENT, ps_max_pool_s8(NULL, &in_dims, input, &out_dims, output));
    EXPECT_STATUS("pool: NULL output", PS_ERR_ARGUMENT, ps_avg_pool_s8(&good, &in_dims, input, &out_dims, NULL));
    p = good;
    p.filter_w = 0;
    EXPECT_STATUS("pool: window width 0", PS_ERR_SHAPE, ps_avg_pool_s8(&p, &in_dims, input, &out_dims, output));
    p = good;
    p.act_max = 128;
    EXPECT_STATUS("pool: act_max beyond int8", PS_ERR_ARGUMENT,
                  ps_max_pool_s8(&p, &in_dims, input, &out_dims, output));
    p = good;
    p.window.dilation_h = 2;
    EXPECT_STATUS("pool: dilation 2 (pools have none)", PS_ERR_UNSUPPORTED,
                  ps_max_pool_s8(&p, &in_dims, input, &out_dims, output));
    dims = dims4(1, 1, 1, 2);
    EXPECT_STATUS("pool: output channels differ from the input's", PS_ERR_SHAPE,
                  ps_max_pool_s8(&good, &in_dims, input, &dims, output));
    p = good;
    p.window.pad_h = 2;
    EXPECT_STATUS("average pool: a window entirely in the padding", PS_ERR_SHAPE,
                  ps_avg_pool_s8(&p, &in_dims, input, &out_dims, output));
    p = good;
    p.window.stride_w = 2;
    dims = dims4(1, 1, 2, 1);
    p.filter_w = 1;
    EXPECT_STATUS("average pool: a window starting past the input", PS_ERR_SHAPE,
                  ps_avg_pool_s8(&p, &in_dims, input, &dims, output));
    p = good;
    p.filter_h = 257;
    p.filter_w = 256;
    EXPECT_STATUS("average pool: more than PS_MAX_ACCUMULATION_DEPTH taps", PS_ERR_UNSUPPORTED,
                  ps_avg_pool_s8(&p, &in_dims, input, &out_dims, output));
}

static void fully_connected_reports_bad_arguments(void)
{
    const int8_t input[4] = {1, 2, 3, 4};
    const int8_t weights[6] = {1, 1, 0, 0, 1, -1};
    int8_t output[6] = {0, 0, 0, 0, 0, 0};
    const ps_dims in_dims = dims4(2, 1, 1, 2); /* 2 batches of depth 2 */
    const ps_dims out_dims = dims4(2, 1, 1, 3);
    const ps_double_scale one = {(uint64_t)1 << 52, -52}; /* 1.0 */
    const ps_double_scale subnormal = {(uint64_t)1 << 52, -1075};
    const ps_double_scale unnormalized = {((uint64_t)1 << 52) - 1, -52};
    const ps_double_scale per_output[3] = {{(uint64_t)1 << 52, -53}, {(uint64_t)1 << 52, -52},
                                           {(uint64_t)3 << 51, -52}}; /* 0.5, 1.0, 1.5 */
    ps_dims dims;
    ps_fc_params good, p;
    good.depth = 2;
    good.outputs = 3;
    good.requant = identity_requant();
    good.requant.multipliers = NULL; /* FULLY_CONNECTED requantizes with scales */
    good.requant.shifts = NULL;
    good.scales = &one;
    good.weights = weights;
    good.bias = NULL;

    EXPECT_STATUS("fully connected: 2 batches", PS_OK,
                  ps_fully_connected_s8(&good, &in_dims, input, &out_dims, output));
    PS_EXPECT_EQ_I32("fully connected: batch 1, output 0 is 3 + 4", 7, output[3]);
    PS_EXPECT_EQ_I32("fully connected: batch 1, output 2 is 3 - 4", -1, output[5]);
    p = good;
    p.requant.channels = 3;
    p.scales = per_output;
    EXPECT_STATUS("fully connected: one scale per output", PS_OK,
                  ps_fully_connected_s8(&p, &in_dims, input, &out_dims, output));
    PS_EXPECT_EQ_I32("fully connected: batch 0, output 0 is 3 * 0.5 = 1.5, rounded away from 0", 2,
                     output[0]);
    PS_EXPECT_EQ_I32("fully connected: batch 1, output 0 is 7 * 0.5 = 3.5, rounded away from 0", 4,
                     output[3]);
    PS_EXPECT_EQ_I32("fully connected: batch 1, output 1 is 0 * 1.0", 0, output[4]);
    PS_EXPECT_EQ_I32("fully connected: batch 0, output 2 is -1 * 1.5, rounded away from 0", -2,
                     output[2]);
    p = good;
    p.scales = NULL;
    EXPECT_STATUS("fully connected: NULL scales", PS_ERR_ARGUMENT,
                  ps_fully_connected_s8(&p, &in_dims, input, &out_dims, output));
    p = good;
    p.scales = &subnormal;
    EXPECT_STATUS("fully connected: a subnormal scale", PS_ERR_ARGUMENT,
                  ps_fully_connected_s8(&p, &in_dims, input, &out_dims, output));
    p = good;
    p.scales = &unnormalized;
    EXPECT_STATUS("fully connected: a mantissa below 2^52", PS_ERR_ARGUMENT,
                  ps_fully_connected_s8(&p, &in_dims, input, &out_dims, output));
    p = good;
    p.requant.output_offset = 128;
    EXPECT_STATUS("fully connected: output offset beyond int8", PS_ERR_ARGUMENT,
                  ps_fully_connected_s8(&p, &in_dims, input, &out_dims, output));
    p = good;
    p.weights = NULL;
    EXPECT_STATUS("fully connected: NULL weights", PS_ERR_ARGUMENT,
                  ps_fully_connected_s8(&p, &in_dims, input, &out_dims, output));
    p = good;
    p.depth = 3;
    EXPECT_STATUS("fully connected: 4 inputs are not a multiple of depth 3", PS_ERR_SHAPE,
                  ps_fully_connected_s8(&p, &in_dims, input, &out_dims, output));
    p = good;
    p.outputs = 0;
    EXPECT_STATUS("fully connected: 0 outputs", PS_ERR_SHAPE,
                  ps_fully_connected_s8(&p, &in_dims, input, &out_dims, output));
    dims = dims4(1, 1, 1, 3);
    EXPECT_STATUS("fully connected: output is not [batches, outputs]", PS_ERR_SHAPE,
                  ps_fully_connected_s8(&good, &in_dims, input, &dims, output));
    p = good;
    p.requant.channels = 2;
    EXPECT_STATUS("fully connected: 2 requant channels for 3 outputs", PS_ERR_ARGUMENT,
                  ps_fully_connected_s8(&p, &in_dims, input, &out_dims, output));
    /* validation runs before any access, so the oversized dims below are never dereferenced */
    p = good;
    p.depth = PS_MAX_ACCUMULATION_DEPTH + 1;
    dims = dims4(1, 1, 1, PS_MAX_ACCUMULATION_DEPTH + 1);
    {
        const ps_dims one_batch = dims4(1, 1, 1, 3);
        EXPECT_STATUS("fully connected: depth above PS_MAX_ACCUMULATION_DEPTH", PS_ERR_UNSUPPORTED,
                      ps_fully_connected_s8(&p, &dims, input, &one_batch, output));
    }
}

static void softmax_reports_bad_arguments_and_rows_tflite_rejects(void)
{
    enum { WIDE = 600 };
    static int8_t wide_in[WIDE];
    static int8_t wide_out[WIDE];
    const int8_t input[4] = {5, 5, 5, 5};
    int8_t output[4] = {0, 0, 0, 0};
    const ps_dims in_dims = dims4(1, 1, 1, 4);
    ps_dims dims;
    ps_softmax_params good, p;
    /* TFLite's prepare for beta 1 and input scale 0.1 */
    good.input_multiplier = 1717986944;
    good.input_left_shift = 23;
    good.diff_min = -248;

    EXPECT_STATUS("softmax: four equal logits", PS_OK, ps_softmax_s8(&good, &in_dims, input, &in_dims, output));
    PS_EXPECT_EQ_I32("softmax: 1/4 is stored as 64 - 128", -64, output[0]);
    EXPECT_STATUS("softmax: NULL params", PS_ERR_ARGUMENT, ps_softmax_s8(NULL, &in_dims, input, &in_dims, output));
    p = good;
    p.diff_min = 1;
    EXPECT_STATUS("softmax: diff_min above 0", PS_ERR_ARGUMENT, ps_softmax_s8(&p, &in_dims, input, &in_dims, output));
    p = good;
    p.input_left_shift = 32;
    EXPECT_STATUS("softmax: left shift 32", PS_ERR_ARGUMENT, ps_softmax_s8(&p, &in_dims, input, &in_dims, output));
    p = good;
    p.diff_min = -256;
    EXPECT_STATUS("softmax: diff_min too negative for the left shift (would wrap)", PS_ERR_ARGUMENT,
                  ps_softmax_s8(&p, &in_dims, input, &in_dims, output));
    p = good;
    p.input_multiplier = -1;
    EXPECT_STATUS("softmax: a negative multiplier", PS_ERR_ARGUMENT,
                  ps_softmax_s8(&p, &in_dims, input, &in_dims, output));
    dims = dims4(1, 1, 2, 2);
    EXPECT_STATUS("softmax: output dims differ from the input's", PS_ERR_SHAPE,
                  ps_softmax_s8(&good, &in_dims, input, &dims, output));
    dims = dims4(1, 1, 1, WIDE);
    memset(wide_in, 7, sizeof wide_in);
    EXPECT_STATUS("softmax: 600 equal logits sum to 600 >= 512, which TFLite rejects", PS_ERR_UNSUPPORTED,
                  ps_softmax_s8(&good, &dims, wide_in, &dims, wide_out));
}

/* A two-op model (CONV_2D 1x1 then RESHAPE) for the runner's error paths. */
typedef struct {
    ps_tensor tensors[3];
    ps_op ops[2];
    ps_model model;
    int8_t filter[1];
    int8_t arena[16];
    int hook_calls;
} tiny_model;

static void count_hook_calls(void *context, int32_t op_index, const ps_tensor *output,
                             const int8_t *data)
{
    (void)op_index;
    (void)output;
    (void)data;
    ((tiny_model *)context)->hook_calls++;
}

static void tiny_model_init(tiny_model *t)
{
    memset(t, 0, sizeof *t);
    t->filter[0] = 2;
    t->tensors[0].dims = dims4(1, 2, 2, 1);
    t->tensors[0].bytes = 4;
    t->tensors[0].arena_offset = 0;
    t->tensors[1].dims = dims4(1, 2, 2, 1);
    t->tensors[1].bytes = 4;
    t->tensors[1].arena_offset = 4;
    t->tensors[2].dims = dims4(1, 1, 1, 4);
    t->tensors[2].bytes = 4;
    t->tensors[2].arena_offset = 8;
    t->ops[0].type = PS_OP_CONV_2D;
    t->ops[0].input = 0;
    t->ops[0].output = 1;
    t->ops[0].params.conv.window = unit_window();
    t->ops[0].params.conv.filter_dims = dims4(1, 1, 1, 1);
    t->ops[0].params.conv.depth_multiplier = 1;
    t->ops[0].params.conv.requant = identity_requant();
    t->ops[0].params.conv.filter = t->filter;
    t->ops[1].type = PS_OP_RESHAPE;
    t->ops[1].input = 1;
    t->ops[1].output = 2;
    t->model.name = "tiny";
    t->model.n_tensors = 3;
    t->model.tensors = t->tensors;
    t->model.n_ops = 2;
    t->model.ops = t->ops;
    t->model.input_tensor = 0;
    t->model.output_tensor = 2;
    t->model.arena_bytes = 12;
    t->arena[0] = 1;
    t->arena[1] = -2;
    t->arena[2] = 3;
    t->arena[3] = -4;
}

static ps_status run_tiny(tiny_model *t)
{
    t->hook_calls = 0;
    return ps_run(&t->model, t->arena, sizeof t->arena, count_hook_calls, t);
}

static void runner_runs_a_tiny_model_and_reports_bad_models(void)
{
    tiny_model t;

    tiny_model_init(&t);
    EXPECT_STATUS("runner: the tiny model runs", PS_OK, run_tiny(&t));
    PS_EXPECT_EQ_I32("runner: the hook ran after both ops", 2, t.hook_calls);
    PS_EXPECT_EQ_I32("runner: conv doubled the input, reshape copied it", -8, t.arena[8 + 3]);
    EXPECT_STATUS("runner: no hook is fine", PS_OK, ps_run(&t.model, t.arena, sizeof t.arena, NULL, NULL));

    EXPECT_STATUS("runner: NULL model", PS_ERR_ARGUMENT, ps_run(NULL, t.arena, sizeof t.arena, NULL, NULL));
    EXPECT_STATUS("runner: NULL arena", PS_ERR_ARGUMENT, ps_run(&t.model, NULL, sizeof t.arena, NULL, NULL));
    EXPECT_STATUS("runner: an arena smaller than the model needs", PS_ERR_ARENA,
                  ps_run(&t.model, t.arena, 11, NULL, NULL));

    tiny_model_init(&t);
    t.tensors[2].arena_offset = 9;
    EXPECT_STATUS("runner: a tensor reaching past model->arena_bytes", PS_ERR_ARENA, run_tiny(&t));
    tiny_model_init(&t);
    t.tensors[2].arena_offset = 0xFFFFFFFEu;
    EXPECT_STATUS("runner: a tensor offset that would wrap", PS_ERR_ARENA, run_tiny(&t));
    tiny_model_init(&t);
    t.tensors[1].arena_offset = 2;
    EXPECT_STATUS("runner: a conv output overlapping its input", PS_ERR_ARENA, run_tiny(&t));
    tiny_model_init(&t);
    t.tensors[1].bytes = 5;
    EXPECT_STATUS("runner: tensor bytes that differ from its dims", PS_ERR_SHAPE, run_tiny(&t));
    tiny_model_init(&t);
    t.tensors[2].dims = dims4(1, 1, 1, 0);
    t.tensors[2].bytes = 0;
    EXPECT_STATUS("runner: a tensor dimension of 0", PS_ERR_SHAPE, run_tiny(&t));
    tiny_model_init(&t);
    t.tensors[2].dims = dims4(1, 1, 1, 3);
    t.tensors[2].bytes = 3;
    EXPECT_STATUS("runner: a RESHAPE that changes the byte count", PS_ERR_SHAPE, run_tiny(&t));
    tiny_model_init(&t);
    t.ops[1].output = 3;
    EXPECT_STATUS("runner: an op output index past n_tensors", PS_ERR_ARGUMENT, run_tiny(&t));
    tiny_model_init(&t);
    t.ops[0].input = -1;
    EXPECT_STATUS("runner: a negative op input index", PS_ERR_ARGUMENT, run_tiny(&t));
    tiny_model_init(&t);
    t.model.output_tensor = 7;
    EXPECT_STATUS("runner: a model output index past n_tensors", PS_ERR_ARGUMENT, run_tiny(&t));
    tiny_model_init(&t);
    t.model.tensors = NULL;
    EXPECT_STATUS("runner: NULL tensors", PS_ERR_ARGUMENT, run_tiny(&t));
    tiny_model_init(&t);
    t.model.n_ops = -1;
    EXPECT_STATUS("runner: a negative op count", PS_ERR_ARGUMENT, run_tiny(&t));
    tiny_model_init(&t);
    t.ops[1].type = (ps_op_type)99;
    EXPECT_STATUS("runner: an op type it does not implement", PS_ERR_UNSUPPORTED, run_tiny(&t));
    PS_EXPECT_EQ_I32("runner: a model that fails its checks runs no op", 0, t.hook_calls);
    tiny_model_init(&t);
    t.ops[1].type = PS_OP_SOFTMAX;
    t.tensors[2].arena_offset = 6;
    EXPECT_STATUS("runner: a softmax output partly over its input", PS_ERR_ARENA, run_tiny(&t));

    tiny_model_init(&t);
    t.ops[1].type = PS_OP_SOFTMAX;
    t.tensors[2].dims = t.tensors[1].dims;
    t.ops[1].params.softmax.input_multiplier = -1;
    EXPECT_STATUS("runner: a kernel's error stops the run", PS_ERR_ARGUMENT, run_tiny(&t));
    PS_EXPECT_EQ_I32("runner: the hook ran for the ops before the failing one", 1, t.hook_calls);

    tiny_model_init(&t);
    t.tensors[2].arena_offset = 4; /* RESHAPE onto its input: nothing to move */
    EXPECT_STATUS("runner: a RESHAPE that aliases its input", PS_OK, run_tiny(&t));
    PS_EXPECT_EQ_I32("runner: the aliased reshape output is the conv output", 6, t.arena[4 + 2]);
}

static void tensor_data_checks_its_arguments(void)
{
    tiny_model t;
    tiny_model_init(&t);
    PS_EXPECT_TRUE("tensor data: tensor 2 is at offset 8", ps_tensor_data(&t.model, t.arena, 2) == t.arena + 8);
    PS_EXPECT_TRUE("tensor data: NULL model", ps_tensor_data(NULL, t.arena, 0) == NULL);
    PS_EXPECT_TRUE("tensor data: NULL arena", ps_tensor_data(&t.model, NULL, 0) == NULL);
    PS_EXPECT_TRUE("tensor data: index -1", ps_tensor_data(&t.model, t.arena, -1) == NULL);
    PS_EXPECT_TRUE("tensor data: index n_tensors", ps_tensor_data(&t.model, t.arena, 3) == NULL);
    t.tensors[2].arena_offset = 10;
    PS_EXPECT_TRUE("tensor data: a tensor outside the model's arena",
                   ps_tensor_data(&t.model, t.arena, 2) == NULL);
}

int main(int argc, char **argv)
{
    golden_totals all;
    int i;
    if (argc < 2) {
        fprintf(stderr, "usage: %s <random_models.txt> [more golden model files]\n",
                argc > 0 ? argv[0] : "test_kernels");
        return 2;
    }
    average_pool_rounds_half_away_from_zero_and_ignores_padding();
    max_pool_clamps_to_the_fused_activation();
    conv_applies_offsets_bias_and_per_channel_shifts();
    conv_reports_bad_arguments_before_writing();
    depthwise_conv_reports_bad_arguments();
    pools_report_bad_arguments();
    fully_connected_reports_bad_arguments();
    softmax_reports_bad_arguments_and_rows_tflite_rejects();
    runner_runs_a_tiny_model_and_reports_bad_models();
    tensor_data_checks_its_arguments();
    memset(&all, 0, sizeof all);
    for (i = 1; i < argc; i++) {
        every_model_in_file_matches_byte_for_byte(argv[i], &all);
    }
    golden_models_cover_every_op_family(&all);
    return ps_test_summary();
}
