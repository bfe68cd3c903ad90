package dev.pawscope.quantize.tflite;

/**
 * Names of the TFLite schema's enum values that pawscope does not model, so that an error can say
 * "TANH" or "FLOAT16" instead of a bare number. Copied from {@code schema.fbs}; codes past the end
 * of a table are printed as numbers.
 */
final class SchemaNames {

    /** {@code enum BuiltinOperator}, indexed by code (0..161; the StableHLO ops after that are left out). */
    private static final String[] BUILTIN_OPERATORS = {
        /* 0 */ "ADD", "AVERAGE_POOL_2D", "CONCATENATION", "CONV_2D", "DEPTHWISE_CONV_2D", "DEPTH_TO_SPACE",
        "DEQUANTIZE", "EMBEDDING_LOOKUP", "FLOOR", "FULLY_CONNECTED",
        /* 10 */ "HASHTABLE_LOOKUP", "L2_NORMALIZATION", "L2_POOL_2D", "LOCAL_RESPONSE_NORMALIZATION",
        "LOGISTIC", "LSH_PROJECTION", "LSTM", "MAX_POOL_2D", "MUL", "RELU",
        /* 20 */ "RELU_N1_TO_1", "RELU6", "RESHAPE", "RESIZE_BILINEAR", "RNN", "SOFTMAX", "SPACE_TO_DEPTH",
        "SVDF", "TANH", "CONCAT_EMBEDDINGS",
        /* 30 */ "SKIP_GRAM", "CALL", "CUSTOM", "EMBEDDING_LOOKUP_SPARSE", "PAD", "UNIDIRECTIONAL_SEQUENCE_RNN",
        "GATHER", "BATCH_TO_SPACE_ND", "SPACE_TO_BATCH_ND", "TRANSPOSE",
        /* 40 */ "MEAN", "SUB", "DIV", "SQUEEZE", "UNIDIRECTIONAL_SEQUENCE_LSTM", "STRIDED_SLICE",
        "BIDIRECTIONAL_SEQUENCE_RNN", "EXP", "TOPK_V2", "SPLIT",
        /* 50 */ "LOG_SOFTMAX", "DELEGATE", "BIDIRECTIONAL_SEQUENCE_LSTM", "CAST", "PRELU", "MAXIMUM", "ARG_MAX",
        "MINIMUM", "LESS", "NEG",
        /* 60 */ "PADV2", "GREATER", "GREATER_EQUAL", "LESS_EQUAL", "SELECT", "SLICE", "SIN", "TRANSPOSE_CONV",
        "SPARSE_TO_DENSE", "TILE",
        /* 70 */ "EXPAND_DIMS", "EQUAL", "NOT_EQUAL", "LOG", "SUM", "SQRT", "RSQRT", "SHAPE", "POW", "ARG_MIN",
        /* 80 */ "FAKE_QUANT", "REDUCE_PROD", "REDUCE_MAX", "PACK", "LOGICAL_OR", "ONE_HOT", "LOGICAL_AND",
        "LOGICAL_NOT", "UNPACK", "REDUCE_MIN",
        /* 90 */ "FLOOR_DIV", "REDUCE_ANY", "SQUARE", "ZEROS_LIKE", "FILL", "FLOOR_MOD", "RANGE",
        "RESIZE_NEAREST_NEIGHBOR", "LEAKY_RELU", "SQUARED_DIFFERENCE",
        /* 100 */ "MIRROR_PAD", "ABS", "SPLIT_V", "UNIQUE", "CEIL", "REVERSE_V2", "ADD_N", "GATHER_ND", "COS",
        "WHERE",
        /* 110 */ "RANK", "ELU", "REVERSE_SEQUENCE", "MATRIX_DIAG", "QUANTIZE", "MATRIX_SET_DIAG", "ROUND",
        "HARD_SWISH", "IF", "WHILE",
        /* 120 */ "NON_MAX_SUPPRESSION_V4", "NON_MAX_SUPPRESSION_V5", "SCATTER_ND", "SELECT_V2", "DENSIFY",
        "SEGMENT_SUM", "BATCH_MATMUL", "PLACEHOLDER_FOR_GREATER_OP_CODES", "CUMSUM", "CALL_ONCE",
        /* 130 */ "BROADCAST_TO", "RFFT2D", "CONV_3D", "IMAG", "REAL", "COMPLEX_ABS", "HASHTABLE",
        "HASHTABLE_FIND", "HASHTABLE_IMPORT", "HASHTABLE_SIZE",
        /* 140 */ "REDUCE_ALL", "CONV_3D_TRANSPOSE", "VAR_HANDLE", "READ_VARIABLE", "ASSIGN_VARIABLE",
        "BROADCAST_ARGS", "RANDOM_STANDARD_NORMAL", "BUCKETIZE", "RANDOM_UNIFORM", "MULTINOMIAL",
        /* 150 */ "GELU", "DYNAMIC_UPDATE_SLICE", "RELU_0_TO_1", "UNSORTED_SEGMENT_PROD", "UNSORTED_SEGMENT_MAX",
        "UNSORTED_SEGMENT_SUM", "ATAN2", "UNSORTED_SEGMENT_MIN", "SIGN", "BITCAST",
        /* 160 */ "BITWISE_XOR", "RIGHT_SHIFT",
    };

    /** {@code enum TensorType}, indexed by code. */
    private static final String[] TENSOR_TYPES = {
        "FLOAT32", "FLOAT16", "INT32", "UINT8", "INT64", "STRING", "BOOL", "INT16", "COMPLEX64", "INT8",
        "FLOAT64", "COMPLEX128", "UINT64", "RESOURCE", "VARIANT", "UINT32", "UINT16", "INT4",
    };

    /** {@code enum ActivationFunctionType}, indexed by code. */
    private static final String[] ACTIVATIONS = {"NONE", "RELU", "RELU_N1_TO_1", "RELU6", "TANH", "SIGN_BIT"};

    private SchemaNames() {}

    /** "TANH", or "an unknown op" for a code this table does not know. */
    static String builtinOperator(int code) {
        return name(BUILTIN_OPERATORS, code, "an unknown op");
    }

    /** "FLOAT16", or "unknown" for a code this table does not know. */
    static String tensorType(int code) {
        return name(TENSOR_TYPES, code, "unknown");
    }

    /** "TANH", or "unknown" for a code this table does not know. */
    static String activation(int code) {
        return name(ACTIVATIONS, code, "unknown");
    }

    private static String name(String[] names, int code, String unknown) {
        return code >= 0 && code < names.length ? names[code] : unknown;
    }
}
