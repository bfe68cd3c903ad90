/*
 * Test driver for generated model code: reads the model input (int8 values) from argv[1], runs
 * ps_generated_model with ps_run and prints every op's output as "op INDEX HEX" lines.
 */
#include <stdio.h>
#include <stdlib.h>

#include "ps_generated_model.h"
#include "ps_runner.h"

static void print_output(void *context, int32_t op_index, const ps_tensor *output, const int8_t *data)
{
    uint32_t i;
    (void)context;
    printf("op %ld ", (long)op_index);
    for (i = 0; i < output->bytes; i++) {
        printf("%02x", (unsigned)(uint8_t)data[i]);
    }
    printf("\n");
}

int main(int argc, char **argv)
{
    static int8_t arena[PS_MODEL_ARENA_BYTES];
    const ps_model *model = &ps_generated_model;
    int8_t *input = ps_tensor_data(model, arena, model->input_tensor);
    size_t expected = model->tensors[model->input_tensor].bytes;
    FILE *f;
    ps_status status;
    if (argc != 2 || input == NULL) {
        fprintf(stderr, "usage: run_generated_model INPUT.bin\n");
        return 2;
    }
    f = fopen(argv[1], "rb");
    if (f == NULL || fread(input, 1, expected, f) != expected) {
        fprintf(stderr, "cannot read %lu input bytes from %s\n", (unsigned long)expected, argv[1]);
        return 3;
    }
    fclose(f);
    status = ps_run(model, arena, sizeof arena, print_output, NULL);
    if (status != PS_OK) {
        fprintf(stderr, "ps_run failed with status %d\n", (int)status);
        return 4;
    }
    return 0;
}
