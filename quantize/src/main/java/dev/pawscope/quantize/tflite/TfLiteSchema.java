package dev.pawscope.quantize.tflite;

/**
 * The facts of TensorFlow Lite's {@code schema.fbs} (schema version 3, up to revision 3c) that the
 * reader and the writer share, in one place so the two cannot disagree.
 *
 * <p>A flatbuffer field's id is its position in the table's declaration (a union field takes two:
 * its {@code _type} byte, then the value). The ids here follow the declaration order in
 * {@code tensorflow/lite/schema/schema.fbs}; union member numbers follow the order of the
 * {@code BuiltinOptions} union (NONE is 0). The test resource {@code tflite_subset.fbs} restates
 * them with explicit {@code (id: N)} attributes, and a test has the real {@code flatc} decode what
 * the writer wrote, so a wrong id here fails a test.
 */
final class TfLiteSchema {

    /** {@code file_identifier "TFL3"}: bytes 4..7 of every .tflite file. */
    static final String FILE_IDENTIFIER = "TFL3";
    /** {@code Model.version}: TFLite refuses any other schema version. */
    static final int SCHEMA_VERSION = 3;

    // table Model
    static final int MODEL_VERSION = 0;
    static final int MODEL_OPERATOR_CODES = 1;
    static final int MODEL_SUBGRAPHS = 2;
    static final int MODEL_DESCRIPTION = 3;
    static final int MODEL_BUFFERS = 4;

    // table SubGraph
    static final int SUBGRAPH_TENSORS = 0;
    static final int SUBGRAPH_INPUTS = 1;
    static final int SUBGRAPH_OUTPUTS = 2;
    static final int SUBGRAPH_OPERATORS = 3;
    static final int SUBGRAPH_NAME = 4;

    // table Tensor
    static final int TENSOR_SHAPE = 0;
    static final int TENSOR_TYPE = 1;
    static final int TENSOR_BUFFER = 2;
    static final int TENSOR_NAME = 3;
    static final int TENSOR_QUANTIZATION = 4;
    static final int TENSOR_SPARSITY = 6;

    // table QuantizationParameters
    static final int QUANT_SCALE = 2;
    static final int QUANT_ZERO_POINT = 3;
    /** The {@code details} union's type byte; the union's value is id 5. */
    static final int QUANT_DETAILS_TYPE = 4;
    static final int QUANT_QUANTIZED_DIMENSION = 6;

    // table OperatorCode
    static final int OPCODE_DEPRECATED_BUILTIN_CODE = 0;
    static final int OPCODE_CUSTOM_CODE = 1;
    static final int OPCODE_VERSION = 2;
    static final int OPCODE_BUILTIN_CODE = 3;
    /**
     * {@code BuiltinOperator.PLACEHOLDER_FOR_GREATER_OP_CODES}: the largest code the old byte field
     * can hold; newer codes are written there as 127.
     */
    static final int PLACEHOLDER_FOR_GREATER_OP_CODES = 127;
    /** {@code BuiltinOperator.CUSTOM}. */
    static final int BUILTIN_CUSTOM = 32;

    // table Operator
    static final int OPERATOR_OPCODE_INDEX = 0;
    static final int OPERATOR_INPUTS = 1;
    static final int OPERATOR_OUTPUTS = 2;
    static final int OPERATOR_BUILTIN_OPTIONS_TYPE = 3;
    static final int OPERATOR_BUILTIN_OPTIONS = 4;

    // table Buffer
    static final int BUFFER_DATA = 0;
    /** Revision 3c: data outside the flatbuffer at this file offset; only valid when > 1. */
    static final int BUFFER_OFFSET = 1;
    static final int BUFFER_SIZE = 2;
    /** {@code Buffer.data} is declared {@code (force_align: 16)}. */
    static final int BUFFER_ALIGNMENT = 16;

    // union BuiltinOptions: member numbers
    static final int OPTIONS_NONE = 0;
    static final int OPTIONS_CONV_2D = 1;
    static final int OPTIONS_DEPTHWISE_CONV_2D = 2;
    static final int OPTIONS_POOL_2D = 5;
    static final int OPTIONS_FULLY_CONNECTED = 8;
    static final int OPTIONS_SOFTMAX = 9;
    static final int OPTIONS_RESHAPE = 17;
    static final int OPTIONS_DEQUANTIZE = 38;
    static final int OPTIONS_QUANTIZE = 89;

    // table Conv2DOptions
    static final int CONV_PADDING = 0;
    static final int CONV_STRIDE_W = 1;
    static final int CONV_STRIDE_H = 2;
    static final int CONV_ACTIVATION = 3;
    static final int CONV_DILATION_W = 4;
    static final int CONV_DILATION_H = 5;

    // table DepthwiseConv2DOptions
    static final int DW_PADDING = 0;
    static final int DW_STRIDE_W = 1;
    static final int DW_STRIDE_H = 2;
    static final int DW_DEPTH_MULTIPLIER = 3;
    static final int DW_ACTIVATION = 4;
    static final int DW_DILATION_W = 5;
    static final int DW_DILATION_H = 6;

    // table Pool2DOptions
    static final int POOL_PADDING = 0;
    static final int POOL_STRIDE_W = 1;
    static final int POOL_STRIDE_H = 2;
    static final int POOL_FILTER_W = 3;
    static final int POOL_FILTER_H = 4;
    static final int POOL_ACTIVATION = 5;

    // table FullyConnectedOptions
    static final int FC_ACTIVATION = 0;
    /** {@code FullyConnectedOptionsWeightsFormat}: 0 DEFAULT, 1 SHUFFLED4x16INT8. */
    static final int FC_WEIGHTS_FORMAT = 1;
    static final int FC_KEEP_NUM_DIMS = 2;

    // table SoftmaxOptions
    static final int SOFTMAX_BETA = 0;

    // table ReshapeOptions
    static final int RESHAPE_NEW_SHAPE = 0;

    /** The default of {@code dilation_*_factor}: fields equal to it are left out of the file. */
    static final int DEFAULT_DILATION = 1;
    /** The default of {@code OperatorCode.version}. */
    static final int DEFAULT_OP_VERSION = 1;

    private TfLiteSchema() {}
}
