/*
 * ps_runner.h - runs a ps_model: its ops in order, every tensor at its offset in one
 * caller-owned activation arena. No malloc, no floating point.
 *
 * Typical use on a board:
 *
 *     static int8_t arena[MODEL_ARENA_BYTES];
 *     int8_t *input = ps_tensor_data(&model, arena, model.input_tensor);
 *     ... write the input (model.tensors[model.input_tensor].bytes int8 values) ...
 *     status = ps_run(&model, arena, sizeof arena, stream_layer, &link);
 *     ... read ps_tensor_data(&model, arena, model.output_tensor) ...
 */
#ifndef PS_RUNNER_H
#define PS_RUNNER_H

#include <stdint.h>

#include "ps_model.h"

/*
 * Executes model->ops in order. Each op reads tensor `input` and writes tensor `output` at
 * their arena offsets; RESHAPE copies the bytes (memmove) when the two offsets differ and does
 * nothing when they are equal. After each op, `hook` (if not NULL) is called with `context`,
 * the op's index, its output tensor and that tensor's data in the arena.
 *
 * Before any op runs, the whole model is checked; the statuses:
 *   PS_ERR_ARGUMENT     model or arena NULL, tensors/ops NULL while counted, a negative count,
 *                       a tensor index (an op's input or output, the model's input or output)
 *                       outside [0, n_tensors)
 *   PS_ERR_ARENA        arena_bytes < model->arena_bytes; a tensor that does not lie within
 *                       model->arena_bytes; an op whose output overlaps its input (only
 *                       RESHAPE may overlap in any way, SOFTMAX only exactly, in place)
 *   PS_ERR_SHAPE        a tensor whose bytes differ from its dims' element count, or whose
 *                       dims are not all >= 1; a RESHAPE that changes the byte count
 *   PS_ERR_UNSUPPORTED  an op type other than those of ps_op_type
 * While running, the first kernel that fails stops the run and its status is returned (see
 * the kernel headers); the hook has then been called for the ops before it only.
 */
ps_status ps_run(const ps_model *model, int8_t *arena, uint32_t arena_bytes, ps_op_hook hook,
                 void *context);

/*
 * Where tensor `tensor` lives in `arena`: arena + its arena_offset. NULL if model or arena is
 * NULL, the index is outside [0, n_tensors), or the tensor does not lie within
 * model->arena_bytes.
 */
int8_t *ps_tensor_data(const ps_model *model, int8_t *arena, int32_t tensor);

#endif /* PS_RUNNER_H */
