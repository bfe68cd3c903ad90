/*
 * tflite_oracle: runs one .tflite model through TensorFlow Lite's kernels and dumps every graph
 * output tensor. pawscope's bit-exactness oracle for its Java int8 interpreter.
 *
 *   tflite_oracle MODE MODEL.tflite INPUT.bin OUTDIR
 *
 * MODE      reference  TFLite's reference kernels (tflite::ops::builtin::Register_*_REF), the
 *                      arithmetic pawscope's interpreter and C kernels must match byte for byte
 *           default    TFLite's ordinary builtin kernels (optimized; no XNNPACK delegate); these
 *                      may differ from the reference kernels by +-1 LSB
 * MODEL     the flatbuffer; ops: AVERAGE_POOL_2D, CONV_2D, DEPTHWISE_CONV_2D, DEQUANTIZE,
 *           FULLY_CONNECTED, MAX_POOL_2D, RESHAPE, SOFTMAX, QUANTIZE (any op version)
 * INPUT     raw little-endian bytes of input tensor 0; must be exactly its byte size
 * OUTDIR    an existing directory; graph output i is written to OUTDIR/output_<i>.bin
 *
 * stdout: one line per graph output, tab-separated:
 *   output <index> <type> <bytes> <dims, comma-separated> <tensor name>
 * stderr: diagnostics, including TFLite's own error messages prefixed "tflite: ".
 *
 * Exit codes: 0 ok, 2 usage, 3 I/O error, 4 model not loadable, 5 interpreter not created (e.g.
 * an op without a registered kernel), 6 tensor allocation failed, 7 input mismatch, 8 invoke
 * failed.
 *
 * Links against libjnitensorflowlite.so from org.bytedeco:tensorflow-lite (linux-x86_64), which
 * exports TFLite's C API and the C++ kernel registration functions. This file is plain C99: the
 * C API prototypes are declared here (opaque types), and the C++ registration functions are
 * called through their mangled names, which are valid C identifiers. Built and cached by
 * dev.pawscope.quantize.oracle.TfLiteOracle.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- TFLite C API (tensorflow/lite/core/c/c_api.h, c_api_experimental.h) ---------------- */

typedef struct TfLiteModel TfLiteModel;
typedef struct TfLiteInterpreterOptions TfLiteInterpreterOptions;
typedef struct TfLiteInterpreter TfLiteInterpreter;
typedef struct TfLiteTensor TfLiteTensor;
typedef struct TfLiteRegistration TfLiteRegistration;
typedef int TfLiteStatus; /* enum; kTfLiteOk == 0 */
typedef int TfLiteType;   /* enum */
typedef void (*TfLiteReporter)(void *user_data, const char *format, va_list args);

enum { kTfLiteOk = 0 };

extern const char *TfLiteVersion(void);
extern const char *TfLiteTypeGetName(TfLiteType type);
extern TfLiteModel *TfLiteModelCreateWithErrorReporter(const void *model_data, size_t model_size,
        TfLiteReporter reporter, void *user_data);
extern void TfLiteModelDelete(TfLiteModel *model);
extern TfLiteInterpreterOptions *TfLiteInterpreterOptionsCreate(void);
extern void TfLiteInterpreterOptionsDelete(TfLiteInterpreterOptions *options);
extern void TfLiteInterpreterOptionsSetNumThreads(TfLiteInterpreterOptions *options, int32_t num_threads);
extern void TfLiteInterpreterOptionsSetErrorReporter(TfLiteInterpreterOptions *options,
        TfLiteReporter reporter, void *user_data);
extern void TfLiteInterpreterOptionsAddBuiltinOp(TfLiteInterpreterOptions *options, int op,
        const TfLiteRegistration *registration, int32_t min_version, int32_t max_version);
extern TfLiteInterpreter *TfLiteInterpreterCreateWithSelectedOps(const TfLiteModel *model,
        const TfLiteInterpreterOptions *optional_options);
extern void TfLiteInterpreterDelete(TfLiteInterpreter *interpreter);
extern int32_t TfLiteInterpreterGetInputTensorCount(const TfLiteInterpreter *interpreter);
extern TfLiteTensor *TfLiteInterpreterGetInputTensor(const TfLiteInterpreter *interpreter, int32_t input_index);
extern TfLiteStatus TfLiteInterpreterAllocateTensors(TfLiteInterpreter *interpreter);
extern TfLiteStatus TfLiteInterpreterInvoke(TfLiteInterpreter *interpreter);
extern int32_t TfLiteInterpreterGetOutputTensorCount(const TfLiteInterpreter *interpreter);
extern const TfLiteTensor *TfLiteInterpreterGetOutputTensor(const TfLiteInterpreter *interpreter,
        int32_t output_index);
extern TfLiteType TfLiteTensorType(const TfLiteTensor *tensor);
extern int32_t TfLiteTensorNumDims(const TfLiteTensor *tensor);
extern int32_t TfLiteTensorDim(const TfLiteTensor *tensor, int32_t dim_index);
extern size_t TfLiteTensorByteSize(const TfLiteTensor *tensor);
extern void *TfLiteTensorData(const TfLiteTensor *tensor);
extern const char *TfLiteTensorName(const TfLiteTensor *tensor);

/* ---- C++ kernel registrations: TfLiteRegistration* tflite::ops::builtin::Register_X() ------- */

/* reference kernels */
extern const TfLiteRegistration *_ZN6tflite3ops7builtin25Register_AVERAGE_POOL_REFEv(void);
extern const TfLiteRegistration *_ZN6tflite3ops7builtin24Register_CONVOLUTION_REFEv(void);
extern const TfLiteRegistration *_ZN6tflite3ops7builtin34Register_DEPTHWISE_CONVOLUTION_REFEv(void);
extern const TfLiteRegistration *_ZN6tflite3ops7builtin23Register_DEQUANTIZE_REFEv(void);
extern const TfLiteRegistration *_ZN6tflite3ops7builtin28Register_FULLY_CONNECTED_REFEv(void);
extern const TfLiteRegistration *_ZN6tflite3ops7builtin21Register_MAX_POOL_REFEv(void);
extern const TfLiteRegistration *_ZN6tflite3ops7builtin20Register_SOFTMAX_REFEv(void);
extern const TfLiteRegistration *_ZN6tflite3ops7builtin21Register_QUANTIZE_REFEv(void);
/* default (optimized) kernels; RESHAPE has only this one */
extern const TfLiteRegistration *_ZN6tflite3ops7builtin24Register_AVERAGE_POOL_2DEv(void);
extern const TfLiteRegistration *_ZN6tflite3ops7builtin16Register_CONV_2DEv(void);
extern const TfLiteRegistration *_ZN6tflite3ops7builtin26Register_DEPTHWISE_CONV_2DEv(void);
extern const TfLiteRegistration *_ZN6tflite3ops7builtin19Register_DEQUANTIZEEv(void);
extern const TfLiteRegistration *_ZN6tflite3ops7builtin24Register_FULLY_CONNECTEDEv(void);
extern const TfLiteRegistration *_ZN6tflite3ops7builtin20Register_MAX_POOL_2DEv(void);
extern const TfLiteRegistration *_ZN6tflite3ops7builtin16Register_SOFTMAXEv(void);
extern const TfLiteRegistration *_ZN6tflite3ops7builtin17Register_QUANTIZEEv(void);
extern const TfLiteRegistration *_ZN6tflite3ops7builtin16Register_RESHAPEEv(void);

/* schema BuiltinOperator codes */
enum {
    OP_AVERAGE_POOL_2D = 1,
    OP_CONV_2D = 3,
    OP_DEPTHWISE_CONV_2D = 4,
    OP_DEQUANTIZE = 6,
    OP_FULLY_CONNECTED = 9,
    OP_MAX_POOL_2D = 17,
    OP_RESHAPE = 22,
    OP_SOFTMAX = 25,
    OP_QUANTIZE = 114
};

enum {
    EXIT_USAGE = 2,
    EXIT_IO = 3,
    EXIT_MODEL = 4,
    EXIT_INTERPRETER = 5,
    EXIT_ALLOCATE = 6,
    EXIT_INPUT = 7,
    EXIT_INVOKE = 8
};

/* every op version resolves to the same kernel; the kernel checks what it supports */
#define MIN_VERSION 1
#define MAX_VERSION 1000

static void report(void *user_data, const char *format, va_list args) {
    (void) user_data;
    fputs("tflite: ", stderr);
    vfprintf(stderr, format, args);
    fputc('\n', stderr);
}

static void add(TfLiteInterpreterOptions *options, int op, const TfLiteRegistration *registration) {
    TfLiteInterpreterOptionsAddBuiltinOp(options, op, registration, MIN_VERSION, MAX_VERSION);
}

static void add_reference_kernels(TfLiteInterpreterOptions *options) {
    add(options, OP_AVERAGE_POOL_2D, _ZN6tflite3ops7builtin25Register_AVERAGE_POOL_REFEv());
    add(options, OP_CONV_2D, _ZN6tflite3ops7builtin24Register_CONVOLUTION_REFEv());
    add(options, OP_DEPTHWISE_CONV_2D, _ZN6tflite3ops7builtin34Register_DEPTHWISE_CONVOLUTION_REFEv());
    add(options, OP_DEQUANTIZE, _ZN6tflite3ops7builtin23Register_DEQUANTIZE_REFEv());
    add(options, OP_FULLY_CONNECTED, _ZN6tflite3ops7builtin28Register_FULLY_CONNECTED_REFEv());
    add(options, OP_MAX_POOL_2D, _ZN6tflite3ops7builtin21Register_MAX_POOL_REFEv());
    add(options, OP_RESHAPE, _ZN6tflite3ops7builtin16Register_RESHAPEEv());
    add(options, OP_SOFTMAX, _ZN6tflite3ops7builtin20Register_SOFTMAX_REFEv());
    add(options, OP_QUANTIZE, _ZN6tflite3ops7builtin21Register_QUANTIZE_REFEv());
}

static void add_default_kernels(TfLiteInterpreterOptions *options) {
    add(options, OP_AVERAGE_POOL_2D, _ZN6tflite3ops7builtin24Register_AVERAGE_POOL_2DEv());
    add(options, OP_CONV_2D, _ZN6tflite3ops7builtin16Register_CONV_2DEv());
    add(options, OP_DEPTHWISE_CONV_2D, _ZN6tflite3ops7builtin26Register_DEPTHWISE_CONV_2DEv());
    add(options, OP_DEQUANTIZE, _ZN6tflite3ops7builtin19Register_DEQUANTIZEEv());
    add(options, OP_FULLY_CONNECTED, _ZN6tflite3ops7builtin24Register_FULLY_CONNECTEDEv());
    add(options, OP_MAX_POOL_2D, _ZN6tflite3ops7builtin20Register_MAX_POOL_2DEv());
    add(options, OP_RESHAPE, _ZN6tflite3ops7builtin16Register_RESHAPEEv());
    add(options, OP_SOFTMAX, _ZN6tflite3ops7builtin16Register_SOFTMAXEv());
    add(options, OP_QUANTIZE, _ZN6tflite3ops7builtin17Register_QUANTIZEEv());
}

/* Reads a whole file; returns NULL (message printed) on failure. *size gets its length. */
static unsigned char *read_file(const char *what, const char *path, size_t *size) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fprintf(stderr, "tflite_oracle: cannot open %s '%s': %s\n", what, path, strerror(errno));
        return NULL;
    }
    size_t capacity = 1 << 16;
    size_t length = 0;
    unsigned char *data = malloc(capacity);
    while (data != NULL) {
        size_t n = fread(data + length, 1, capacity - length, f);
        length += n;
        if (length < capacity) {
            break;
        }
        capacity *= 2;
        unsigned char *bigger = realloc(data, capacity);
        if (bigger == NULL) {
            free(data);
        }
        data = bigger;
    }
    if (data == NULL) {
        fprintf(stderr, "tflite_oracle: out of memory reading %s '%s'\n", what, path);
        fclose(f);
        return NULL;
    }
    if (ferror(f)) {
        fprintf(stderr, "tflite_oracle: cannot read %s '%s': %s\n", what, path, strerror(errno));
        free(data);
        fclose(f);
        return NULL;
    }
    fclose(f);
    *size = length;
    return data;
}

static int write_file(const char *path, const void *data, size_t size) {
    FILE *f = fopen(path, "wb");
    if (f == NULL) {
        fprintf(stderr, "tflite_oracle: cannot create '%s': %s\n", path, strerror(errno));
        return 0;
    }
    if (size > 0 && fwrite(data, 1, size, f) != size) {
        fprintf(stderr, "tflite_oracle: cannot write '%s': %s\n", path, strerror(errno));
        fclose(f);
        return 0;
    }
    if (fclose(f) != 0) {
        fprintf(stderr, "tflite_oracle: cannot write '%s': %s\n", path, strerror(errno));
        return 0;
    }
    return 1;
}

static const char *type_name(TfLiteType type) {
    const char *name = TfLiteTypeGetName(type);
    return name != NULL ? name : "UNKNOWN";
}

static void print_dims(FILE *out, const TfLiteTensor *tensor) {
    int32_t rank = TfLiteTensorNumDims(tensor);
    for (int32_t d = 0; d < rank; d++) {
        fprintf(out, d == 0 ? "%d" : ",%d", (int) TfLiteTensorDim(tensor, d));
    }
}

int main(int argc, char **argv) {
    if (argc != 5 || (strcmp(argv[1], "reference") != 0 && strcmp(argv[1], "default") != 0)) {
        fprintf(stderr, "usage: %s reference|default MODEL.tflite INPUT.bin OUTDIR\n",
                argc > 0 ? argv[0] : "tflite_oracle");
        return EXIT_USAGE;
    }
    const int reference = strcmp(argv[1], "reference") == 0;
    const char *model_path = argv[2];
    const char *input_path = argv[3];
    const char *out_dir = argv[4];

    size_t model_size = 0;
    unsigned char *model_data = read_file("model", model_path, &model_size);
    if (model_data == NULL) {
        return EXIT_IO;
    }
    size_t input_size = 0;
    unsigned char *input_data = read_file("input", input_path, &input_size);
    if (input_data == NULL) {
        free(model_data);
        return EXIT_IO;
    }

    int status = 0;
    TfLiteInterpreterOptions *options = NULL;
    TfLiteInterpreter *interpreter = NULL;
    /* the model keeps pointing into model_data: free it only after the model */
    TfLiteModel *model = TfLiteModelCreateWithErrorReporter(model_data, model_size, report, NULL);
    if (model == NULL) {
        fprintf(stderr, "tflite_oracle: TensorFlow Lite %s cannot load the model '%s' (%lu bytes): "
                "not a valid .tflite flatbuffer\n", TfLiteVersion(), model_path, (unsigned long) model_size);
        status = EXIT_MODEL;
        goto done;
    }

    options = TfLiteInterpreterOptionsCreate();
    TfLiteInterpreterOptionsSetNumThreads(options, 1);
    TfLiteInterpreterOptionsSetErrorReporter(options, report, NULL);
    if (reference) {
        add_reference_kernels(options);
    } else {
        add_default_kernels(options);
    }
    interpreter = TfLiteInterpreterCreateWithSelectedOps(model, options);
    if (interpreter == NULL) {
        fprintf(stderr, "tflite_oracle: cannot build an interpreter for '%s' with the %s kernels "
                "(see the tflite: lines above; an op without a kernel here is not supported: the harness "
                "registers AVERAGE_POOL_2D, CONV_2D, DEPTHWISE_CONV_2D, DEQUANTIZE, FULLY_CONNECTED, "
                "MAX_POOL_2D, RESHAPE, SOFTMAX, QUANTIZE)\n", model_path, argv[1]);
        status = EXIT_INTERPRETER;
        goto done;
    }
    if (TfLiteInterpreterAllocateTensors(interpreter) != kTfLiteOk) {
        fprintf(stderr, "tflite_oracle: cannot allocate the tensors of '%s' (see the tflite: lines above)\n",
                model_path);
        status = EXIT_ALLOCATE;
        goto done;
    }

    if (TfLiteInterpreterGetInputTensorCount(interpreter) < 1) {
        fprintf(stderr, "tflite_oracle: the model '%s' has no input tensor\n", model_path);
        status = EXIT_INPUT;
        goto done;
    }
    TfLiteTensor *input = TfLiteInterpreterGetInputTensor(interpreter, 0);
    size_t expected = TfLiteTensorByteSize(input);
    if (input_size != expected) {
        fprintf(stderr, "tflite_oracle: input '%s' has %lu bytes, but input tensor 0 ('%s', %s [",
                input_path, (unsigned long) input_size, TfLiteTensorName(input),
                type_name(TfLiteTensorType(input)));
        print_dims(stderr, input);
        fprintf(stderr, "]) needs exactly %lu bytes\n", (unsigned long) expected);
        status = EXIT_INPUT;
        goto done;
    }
    if (expected > 0) {
        memcpy(TfLiteTensorData(input), input_data, expected);
    }

    if (TfLiteInterpreterInvoke(interpreter) != kTfLiteOk) {
        fprintf(stderr, "tflite_oracle: invoking '%s' with the %s kernels failed (see the tflite: lines above)\n",
                model_path, argv[1]);
        status = EXIT_INVOKE;
        goto done;
    }

    int32_t outputs = TfLiteInterpreterGetOutputTensorCount(interpreter);
    for (int32_t i = 0; i < outputs; i++) {
        const TfLiteTensor *output = TfLiteInterpreterGetOutputTensor(interpreter, i);
        size_t bytes = TfLiteTensorByteSize(output);
        const void *data = TfLiteTensorData(output);
        if (data == NULL && bytes > 0) {
            fprintf(stderr, "tflite_oracle: output %d ('%s') has no data after invoke\n", (int) i,
                    TfLiteTensorName(output));
            status = EXIT_INVOKE;
            goto done;
        }
        char path[4096];
        int n = snprintf(path, sizeof path, "%s/output_%d.bin", out_dir, (int) i);
        if (n < 0 || (size_t) n >= sizeof path) {
            fprintf(stderr, "tflite_oracle: output directory path too long: '%s'\n", out_dir);
            status = EXIT_IO;
            goto done;
        }
        if (!write_file(path, data, bytes)) {
            status = EXIT_IO;
            goto done;
        }
        const char *name = TfLiteTensorName(output);
        printf("output\t%d\t%s\t%lu\t", (int) i, type_name(TfLiteTensorType(output)), (unsigned long) bytes);
        print_dims(stdout, output);
        printf("\t%s\n", name != NULL ? name : "");
    }
    if (fflush(stdout) != 0) {
        fprintf(stderr, "tflite_oracle: cannot write to stdout: %s\n", strerror(errno));
        status = EXIT_IO;
    }

done:
    if (interpreter != NULL) {
        TfLiteInterpreterDelete(interpreter);
    }
    if (options != NULL) {
        TfLiteInterpreterOptionsDelete(options);
    }
    if (model != NULL) {
        TfLiteModelDelete(model);
    }
    free(input_data);
    free(model_data);
    return status;
}
