/*
 * ps_runner.c - the model runner (see ps_runner.h).
 */
#include "ps_runner.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ps_conv_s8.h"
#include "ps_depthwise_conv_s8.h"
#include "ps_fully_connected_s8.h"
#include "ps_kernel_util.h"
#include "ps_pool_s8.h"
#include "ps_softmax_s8.h"

static int tensor_index_is_valid(const ps_model *model, int32_t tensor)
{
    return tensor >= 0 && tensor < model->n_tensors;
}

/* Whether the tensor's bytes lie within the model's arena (no overflow: both sides are
 * compared without adding). */
static int tensor_is_within_arena(const ps_model *model, const ps_tensor *tensor)
{
    return tensor->bytes <= model->arena_bytes &&
           tensor->arena_offset <= model->arena_bytes - tensor->bytes;
}

static int op_type_is_supported(ps_op_type type)
{
    switch (type) {
    case PS_OP_AVERAGE_POOL_2D:
    case PS_OP_CONV_2D:
    case PS_OP_DEPTHWISE_CONV_2D:
    case PS_OP_FULLY_CONNECTED:
    case PS_OP_MAX_POOL_2D:
    case PS_OP_RESHAPE:
    case PS_OP_SOFTMAX:
        return 1;
    default:
        return 0;
    }
}

/* Whether the arena ranges of two tensors share a byte. Both were checked by check_tensor, so
 * offset + bytes cannot wrap. */
static int tensors_overlap(const ps_tensor *a, const ps_tensor *b)
{
    return a->arena_offset < b->arena_offset + b->bytes &&
           b->arena_offset < a->arena_offset + a->bytes;
}

static ps_status check_tensor(const ps_model *model, const ps_tensor *tensor)
{
    const int32_t count = ps_dims_count_(&tensor->dims);
    if (count < 0 || (uint32_t)count != tensor->bytes) {
        return PS_ERR_SHAPE;
    }
    return tensor_is_within_arena(model, tensor) ? PS_OK : PS_ERR_ARENA;
}

static ps_status check_op(const ps_model *model, const ps_op *op)
{
    const ps_tensor *input;
    const ps_tensor *output;
    if (!tensor_index_is_valid(model, op->input) || !tensor_index_is_valid(model, op->output)) {
        return PS_ERR_ARGUMENT;
    }
    if (!op_type_is_supported(op->type)) {
        return PS_ERR_UNSUPPORTED;
    }
    input = &model->tensors[op->input];
    output = &model->tensors[op->output];
    switch (op->type) {
    case PS_OP_RESHAPE:
        return input->bytes == output->bytes ? PS_OK : PS_ERR_SHAPE;
    case PS_OP_SOFTMAX:
        /* in place, or apart: the kernel reads each element before writing it */
        return input->arena_offset == output->arena_offset || !tensors_overlap(input, output)
                   ? PS_OK
                   : PS_ERR_ARENA;
    default:
        return tensors_overlap(input, output) ? PS_ERR_ARENA : PS_OK;
    }
}

/* Every check of ps_run that needs no op to run. */
static ps_status check_model(const ps_model *model, const int8_t *arena, uint32_t arena_bytes)
{
    int32_t i;
    ps_status status;
    if (model == NULL || arena == NULL || model->n_tensors < 0 || model->n_ops < 0 ||
        (model->n_tensors > 0 && model->tensors == NULL) ||
        (model->n_ops > 0 && model->ops == NULL) ||
        !tensor_index_is_valid(model, model->input_tensor) ||
        !tensor_index_is_valid(model, model->output_tensor)) {
        return PS_ERR_ARGUMENT;
    }
    if (arena_bytes < model->arena_bytes) {
        return PS_ERR_ARENA;
    }
    for (i = 0; i < model->n_tensors; i++) {
        status = check_tensor(model, &model->tensors[i]);
        if (status != PS_OK) {
            return status;
        }
    }
    for (i = 0; i < model->n_ops; i++) {
        status = check_op(model, &model->ops[i]);
        if (status != PS_OK) {
            return status;
        }
    }
    return PS_OK;
}

/* One op, checked by check_op: tensor indices in range, tensors within the arena. */
static ps_status run_op(const ps_op *op, const ps_tensor *input, const int8_t *input_data,
                        const ps_tensor *output, int8_t *output_data)
{
    switch (op->type) {
    case PS_OP_CONV_2D:
        return ps_conv_s8(&op->params.conv, &input->dims, input_data, &output->dims, output_data);
    case PS_OP_DEPTHWISE_CONV_2D:
        return ps_depthwise_conv_s8(&op->params.conv, &input->dims, input_data, &output->dims,
                                    output_data);
    case PS_OP_MAX_POOL_2D:
        return ps_max_pool_s8(&op->params.pool, &input->dims, input_data, &output->dims,
                              output_data);
    case PS_OP_AVERAGE_POOL_2D:
        return ps_avg_pool_s8(&op->params.pool, &input->dims, input_data, &output->dims,
                              output_data);
    case PS_OP_FULLY_CONNECTED:
        return ps_fully_connected_s8(&op->params.fc, &input->dims, input_data, &output->dims,
                                     output_data);
    case PS_OP_SOFTMAX:
        return ps_softmax_s8(&op->params.softmax, &input->dims, input_data, &output->dims,
                             output_data);
    case PS_OP_RESHAPE:
        if (output_data != input_data) {
            memmove(output_data, input_data, output->bytes);
        }
        return PS_OK;
    default:
        return PS_ERR_UNSUPPORTED;
    }
}

ps_status ps_run(const ps_model *model, int8_t *arena, uint32_t arena_bytes, ps_op_hook hook,
                 void *context)
{
    int32_t i;
    const ps_status status = check_model(model, arena, arena_bytes);
    if (status != PS_OK) {
        return status;
    }
    for (i = 0; i < model->n_ops; i++) {
        const ps_op *op = &model->ops[i];
        const ps_tensor *input = &model->tensors[op->input];
        const ps_tensor *output = &model->tensors[op->output];
        int8_t *output_data = arena + output->arena_offset;
        const ps_status op_status =
            run_op(op, input, arena + input->arena_offset, output, output_data);
        if (op_status != PS_OK) {
            return op_status;
        }
        if (hook != NULL) {
            hook(context, i, output, output_data);
        }
    }
    return PS_OK;
}

int8_t *ps_tensor_data(const ps_model *model, int8_t *arena, int32_t tensor)
{
    if (model == NULL || arena == NULL || model->tensors == NULL ||
        !tensor_index_is_valid(model, tensor) ||
        !tensor_is_within_arena(model, &model->tensors[tensor])) {
        return NULL;
    }
    return arena + model->tensors[tensor].arena_offset;
}
