/*
 * bench_ops.c - instructions per op of a generated model on the Cortex-M4F in QEMU (mps2-an386,
 * `-icount shift=0`: one instruction per virtual nanosecond, counted by SysTick as the qemu-m4
 * board counts them, to 40 instructions). Linked with the semihosting harness (arm_test_main.c),
 * the model's generated C and boards/qemu-m4/qemu_m4_clock.c; `make bench-arm GEN=<folder>` builds
 * it twice, with the DSP kernels and with -DPS_PORTABLE_KERNELS, and runs both.
 *
 * Prints one line per op (index, type, MACs, instructions, MACs per instruction), the totals (the
 * sum of the ops: the hook's CRC is left out), and a CRC-32 of every op's output, which must be
 * the same for both builds (the kernels are bit-exact); the input is a fixed pseudo-random image
 * through the model's pixel_to_input table.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ps_crc32.h"
#include "ps_dsp.h"
#include "ps_generated_model.h"
#include "ps_runner.h"
#include "qemu_m4_clock.h"

#define MAX_OPS 64

static uint32_t op_instructions[MAX_OPS];
static uint32_t op_crc[MAX_OPS];
static uint32_t mark;

static void on_op(void *context, int32_t op_index, const ps_tensor *output, const int8_t *data)
{
    uint32_t now = qemu_m4_instructions(NULL);
    (void)context;
    if (op_index >= 0 && op_index < MAX_OPS) {
        op_instructions[op_index] = now - mark;
        op_crc[op_index] = ps_crc32((const uint8_t *)data, output->bytes);
    }
    mark = qemu_m4_instructions(NULL); /* the CRC above is not the next op's */
}

static const char *op_name(ps_op_type type)
{
    switch (type) {
    case PS_OP_AVERAGE_POOL_2D: return "AVERAGE_POOL_2D";
    case PS_OP_CONV_2D: return "CONV_2D";
    case PS_OP_DEPTHWISE_CONV_2D: return "DEPTHWISE_CONV_2D";
    case PS_OP_FULLY_CONNECTED: return "FULLY_CONNECTED";
    case PS_OP_MAX_POOL_2D: return "MAX_POOL_2D";
    case PS_OP_RESHAPE: return "RESHAPE";
    case PS_OP_SOFTMAX: return "SOFTMAX";
    }
    return "?";
}

/* Multiply-accumulates of an op as the graph defines them (0 for ops without any). */
static uint64_t op_macs(const ps_model *m, const ps_op *op)
{
    const ps_dims *out = &m->tensors[op->output].dims;
    const uint64_t positions = (uint64_t)out->n * (uint64_t)out->h * (uint64_t)out->w * (uint64_t)out->c;
    const ps_dims *f = &op->params.conv.filter_dims;
    switch (op->type) {
    case PS_OP_CONV_2D:
        return positions * (uint64_t)f->h * (uint64_t)f->w * (uint64_t)f->c;
    case PS_OP_DEPTHWISE_CONV_2D:
        return positions * (uint64_t)f->h * (uint64_t)f->w;
    case PS_OP_FULLY_CONNECTED:
        return positions * (uint64_t)op->params.fc.depth;
    default:
        return 0;
    }
}

int main(int argc, char **argv)
{
    static int8_t arena[PS_MODEL_ARENA_BYTES];
    const ps_model *m = &ps_generated_model;
    const ps_tensor *in = &m->tensors[m->input_tensor];
    int8_t *input = ps_tensor_data(m, arena, m->input_tensor);
    uint32_t seed = 12345u;
    uint32_t total = 0;
    uint32_t i;
    uint32_t crc = 0;
    uint64_t macs = 0;
    uint64_t conv_macs = 0;
    uint64_t conv_instructions = 0;
    ps_status status;
    (void)argc;
    (void)argv;
    if (input == NULL || m->n_ops > MAX_OPS) {
        fprintf(stderr, "the model does not fit the bench (arena, or more than %d ops)\n", MAX_OPS);
        return 1;
    }
    for (i = 0; i < in->bytes; i++) {
        seed = seed * 1664525u + 1013904223u;
        input[i] = m->pixel_to_input[seed >> 24];
    }
    qemu_m4_clock_init();
    mark = qemu_m4_instructions(NULL);
    status = ps_run(m, arena, sizeof arena, on_op, NULL);
    if (status != PS_OK) {
        fprintf(stderr, "ps_run failed with status %d\n", (int)status);
        return 1;
    }
    printf("model %s, %s kernels\n", m->name, PS_DSP_KERNELS ? "DSP (Cortex-M4 SIMD)" : "portable C");
    printf("%3s  %-18s %10s %12s %8s  %s\n", "op", "type", "MACs", "instructions", "MAC/ins", "output CRC-32");
    for (i = 0; i < (uint32_t)m->n_ops; i++) {
        const ps_op *op = &m->ops[i];
        const uint64_t op_mac = op_macs(m, op);
        macs += op_mac;
        if (op->type == PS_OP_CONV_2D) {
            conv_macs += op_mac;
            conv_instructions += op_instructions[i];
        }
        total += op_instructions[i];
        crc = ps_crc32_update(crc, (const uint8_t *)&op_crc[i], sizeof op_crc[i]);
        printf("%3lu  %-18s %10lu %12lu %8.3f  %08lx\n", (unsigned long)i, op_name(op->type),
               (unsigned long)op_mac, (unsigned long)op_instructions[i],
               op_instructions[i] != 0 ? (double)op_mac / op_instructions[i] : 0.0, (unsigned long)op_crc[i]);
    }
    printf("inference: %lu instructions, %lu MACs (%.3f MAC/instruction); CONV_2D: %.3f MAC/instruction\n",
           (unsigned long)total, (unsigned long)macs, total != 0 ? (double)macs / total : 0.0,
           conv_instructions != 0 ? (double)conv_macs / (double)conv_instructions : 0.0);
    printf("outputs CRC-32: %08lx\n", (unsigned long)crc);
    return 0;
}
