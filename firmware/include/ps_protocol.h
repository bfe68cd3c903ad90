/*
 * ps_protocol.h - the pawscope serial protocol: wire constants, message structs, encoders,
 * parsers and the streaming packet decoder.
 *
 * firmware/PROTOCOL.md is the specification; this header is the source of truth for every
 * constant the specification names (the document names them, it does not repeat their
 * values in prose). Spec name FOO is PS_PROTO_MSG_FOO, PS_PROTO_ERROR_FOO, ... here.
 *
 * Layering (PROTOCOL.md, "Framing"):
 *   message fields --encode--> packet = header | payload | CRC-32 --COBS--> wire bytes | 0x00
 * Every encoder produces wire bytes ready to send; the decoder consumes wire bytes and yields
 * CRC-checked packets, which the parsers turn back into message structs. The board's side of
 * flow control (TX queue, credit window) is in ps_protocol_flow.h.
 *
 * Wire layout is little-endian and packed. The codec never overlays C structs on wire bytes
 * (C99 has no portable packing); it writes and reads every field at its documented offset,
 * and the payload size constants below are checked against their field lists with
 * PS_PROTO_STATIC_ASSERT in ps_protocol.c.
 *
 * Portable C99: no malloc, no floating point (float fields travel as their IEEE-754 bit
 * patterns in uint32_t), no platform headers, no static state (every function works on
 * caller-owned memory and is reentrant).
 *
 * Results: encoders return the number of wire bytes written (> 0) or a negative
 * ps_proto_status; parsers and the other functions return a ps_proto_status.
 */
#ifndef PS_PROTOCOL_H
#define PS_PROTOCOL_H

#include <stddef.h>
#include <stdint.h>

/* A compile-time check usable in C99 (C11's _Static_assert is not): a negative array size
 * fails the build. `name` must be an identifier unique within the translation unit. */
#define PS_PROTO_STATIC_ASSERT(condition, name) \
    typedef char ps_proto_static_assert_##name[(condition) ? 1 : -1]

/* ---------------------------------------------------------------- versions */

/* The protocol version, independent of the firmware version. A major bump breaks
 * compatibility; a minor bump only appends fields to payloads or adds message types. */
#define PS_PROTO_VERSION_MAJOR 1u
#define PS_PROTO_VERSION_MINOR 0u

/* ---------------------------------------------------------------- packet */

#define PS_PROTO_DELIMITER 0x00u    /* ends every COBS-encoded packet on the wire */
#define PS_PROTO_HEADER_SIZE 8u     /* type, flags, seq, ref_seq, length */
#define PS_PROTO_CRC_SIZE 4u        /* CRC-32/ISO-HDLC (ps_crc32.h) of header and payload */
#define PS_PROTO_MAX_PAYLOAD 1024u  /* no packet carries a longer payload */
#define PS_PROTO_MIN_RX_PAYLOAD 256u /* the smallest HELLO.rx_payload_max a board may declare */

/* A decoded packet (header + payload + CRC) at most; the decoder's buffer size. */
#define PS_PROTO_MAX_PACKET_SIZE (PS_PROTO_HEADER_SIZE + PS_PROTO_MAX_PAYLOAD + PS_PROTO_CRC_SIZE)

/* COBS code bytes for a packet of PS_PROTO_MAX_PACKET_SIZE at most (ps_cobs.h), plus the
 * delimiter: what the wire form adds to a packet. */
#define PS_PROTO_WIRE_OVERHEAD 6u

/* The output capacity an encoder needs for a payload of `payload_length` bytes (it stages the
 * packet inside the output buffer and COBS-encodes it in place). */
#define PS_PROTO_WIRE_CAPACITY(payload_length) \
    (PS_PROTO_HEADER_SIZE + (payload_length) + PS_PROTO_CRC_SIZE + PS_PROTO_WIRE_OVERHEAD)

/* One encoded packet on the wire at most (delimiter included): size TX buffers with this. */
#define PS_PROTO_MAX_WIRE_SIZE PS_PROTO_WIRE_CAPACITY(PS_PROTO_MAX_PAYLOAD)

/* Header flag bits. Unassigned bits are reserved: senders clear them, receivers ignore them. */
#define PS_PROTO_FLAG_REPLY 0x01u /* this packet answers the request whose seq is ref_seq */

/* ---------------------------------------------------------------- message types */

/* Message types (header byte 0). Host-to-board types have bit 6 clear, board-to-host types
 * have it set. Values not listed are reserved (see the ranges below). */
typedef enum {
    /* host -> board */
    PS_PROTO_MSG_PING = 0x01,
    PS_PROTO_MSG_HELLO_REQUEST = 0x02,
    PS_PROTO_MSG_CONFIG = 0x03,
    PS_PROTO_MSG_SET_INPUT = 0x04,
    PS_PROTO_MSG_FRAME_ACK = 0x05,
    /* board -> host */
    PS_PROTO_MSG_PONG = 0x41,
    PS_PROTO_MSG_HELLO = 0x42,
    PS_PROTO_MSG_CONFIG_ACK = 0x43,
    PS_PROTO_MSG_INPUT_ACK = 0x44,
    PS_PROTO_MSG_FRAME = 0x45,
    PS_PROTO_MSG_MAP = 0x46,
    PS_PROTO_MSG_IMAGE = 0x47,
    PS_PROTO_MSG_LOG = 0x48,
    PS_PROTO_MSG_ERROR = 0x49
} ps_proto_msg_type;

#define PS_PROTO_MSG_HOST_FIRST 0x01u   /* host -> board types: this range, inclusive */
#define PS_PROTO_MSG_HOST_LAST 0x3Fu
#define PS_PROTO_MSG_BOARD_FIRST 0x41u  /* board -> host types */
#define PS_PROTO_MSG_BOARD_LAST 0x7Fu
#define PS_PROTO_MSG_VENDOR_FIRST 0xF0u /* never assigned by the spec: local experiments */
#define PS_PROTO_MSG_VENDOR_LAST 0xFFu
/* 0x00, 0x40 and 0x80..0xEF are reserved for future versions. */

/* ---------------------------------------------------------------- field values */

/* HELLO.capabilities bits; unassigned bits are reserved (0). */
#define PS_PROTO_CAP_SET_INPUT 0x00000001u  /* accepts SET_INPUT */
#define PS_PROTO_CAP_MAP_RLE 0x00000002u    /* can send MAP data as PS_PROTO_ENCODING_RLE */
#define PS_PROTO_CAP_SEND_INPUT 0x00000004u /* can send IMAGE (the input it ran on) */
#define PS_PROTO_CAP_CAMERA 0x00000008u     /* has a camera: streams FRAMEs on its own */

/* CONFIG.options bits; unassigned bits are reserved (0). */
#define PS_PROTO_OPTION_SEND_INPUT 0x01u  /* send each streamed frame's input as IMAGE */
#define PS_PROTO_OPTION_LAYER_TIMES 0x02u /* LOG each op's time before each FRAME (PROTOCOL.md, "Layer times") */

/* CONFIG.map_encoding and MAP.encoding. */
typedef enum {
    PS_PROTO_ENCODING_RAW = 0, /* rows x width int8 values, row-major */
    PS_PROTO_ENCODING_RLE = 1  /* runs of MAP.fill compressed (PROTOCOL.md, "RLE") */
} ps_proto_encoding;

/* SET_INPUT.pixel_format and IMAGE.pixel_format. */
typedef enum {
    PS_PROTO_PIXEL_GRAY8 = 1,   /* uint8 luminance; the board maps it with pixel_to_input */
    PS_PROTO_PIXEL_INPUT_S8 = 2 /* int8 model input values, used as they are */
} ps_proto_pixel_format;

/* FRAME.time_unit: what FRAME.inference_time counts. */
typedef enum {
    PS_PROTO_TIME_NONE = 0, /* not measured; inference_time is 0 */
    PS_PROTO_TIME_MICROSECONDS = 1,
    PS_PROTO_TIME_CYCLES = 2,      /* CPU clock cycles (e.g. the DWT cycle counter) */
    PS_PROTO_TIME_INSTRUCTIONS = 3 /* retired instructions (e.g. QEMU -icount) */
} ps_proto_time_unit;

/* LOG.level (syslog order: lower is more severe). */
typedef enum {
    PS_PROTO_LOG_ERROR = 1,
    PS_PROTO_LOG_WARNING = 2,
    PS_PROTO_LOG_INFO = 3,
    PS_PROTO_LOG_DEBUG = 4
} ps_proto_log_level;

/* ERROR.code. Ranges: 0x0001-0x00FF protocol, 0x0100-0x01FF request arguments,
 * 0x0200-0x02FF runtime, 0x8000-0xFFFF board-specific; 0x0000 and the rest are reserved. */
typedef enum {
    PS_PROTO_ERROR_UNKNOWN_TYPE = 0x0001, /* the board does not handle this message type */
    PS_PROTO_ERROR_MALFORMED = 0x0002,    /* the payload is shorter than its fields */
    PS_PROTO_ERROR_VERSION = 0x0003,      /* HELLO_REQUEST from another protocol major */
    PS_PROTO_ERROR_CORRUPT = 0x0004,      /* a packet was dropped: bad CRC, length or framing */
    PS_PROTO_ERROR_BAD_LAYER = 0x0101,    /* CONFIG.layer_index >= HELLO.layer_count */
    PS_PROTO_ERROR_BAD_CHANNELS = 0x0102, /* channel_mask selects a channel the layer lacks */
    PS_PROTO_ERROR_BAD_DECIMATION = 0x0103, /* CONFIG.decimation is 0 */
    PS_PROTO_ERROR_BAD_ENCODING = 0x0104, /* an encoding or option the board cannot do */
    PS_PROTO_ERROR_BAD_IMAGE = 0x0105,    /* SET_INPUT format or shape differs from the input */
    PS_PROTO_ERROR_IMAGE_ORDER = 0x0106,  /* SET_INPUT rows not contiguous; image discarded */
    PS_PROTO_ERROR_UNSUPPORTED = 0x0107,  /* a request for a capability the board lacks */
    PS_PROTO_ERROR_INFERENCE = 0x0201,    /* the runner failed; the text says how */
    PS_PROTO_ERROR_CAMERA = 0x0202        /* the camera failed; the text says how */
} ps_proto_error_code;

#define PS_PROTO_ERROR_BOARD_FIRST 0x8000u /* board-specific codes: 0x8000..0xFFFF */

/* ---------------------------------------------------------------- limits and payload sizes */

#define PS_PROTO_MODEL_HASH_SIZE 32u /* SHA-256 */
#define PS_PROTO_MAX_TEXT 255u       /* bytes in one text field (a u8 length prefix) */
#define PS_PROTO_MAX_LABELS 64u      /* HELLO.label_count and FRAME.score_count at most */
#define PS_PROTO_MAX_CHANNELS 64u    /* bits in CONFIG.channel_mask: channels 0..63 */

/* Payload sizes: fixed messages, or the fixed part before variable fields. */
#define PS_PROTO_PING_SIZE 4u
#define PS_PROTO_HELLO_REQUEST_SIZE 2u
#define PS_PROTO_CONFIG_SIZE 16u
#define PS_PROTO_IMAGE_CHUNK_SIZE 10u /* SET_INPUT before its pixel data */
#define PS_PROTO_FRAME_ACK_SIZE 4u
#define PS_PROTO_PONG_SIZE 16u
#define PS_PROTO_LAYER_SIZE 16u       /* the LAYER block inside HELLO and CONFIG_ACK */
#define PS_PROTO_HELLO_FIXED_SIZE 68u /* HELLO before board_id */
#define PS_PROTO_CONFIG_ACK_SIZE (PS_PROTO_CONFIG_SIZE + PS_PROTO_LAYER_SIZE)
#define PS_PROTO_INPUT_ACK_SIZE 4u
#define PS_PROTO_FRAME_FIXED_SIZE 28u /* FRAME before its scores */
#define PS_PROTO_MAP_FIXED_SIZE 20u   /* MAP before its data */
#define PS_PROTO_IMAGE_FIXED_SIZE (4u + PS_PROTO_IMAGE_CHUNK_SIZE) /* IMAGE before its pixels */
#define PS_PROTO_LOG_FIXED_SIZE 2u    /* level, text length */
#define PS_PROTO_ERROR_FIXED_SIZE 3u  /* code, text length */

/* The most data bytes one MAP or IMAGE packet can carry. */
#define PS_PROTO_MAP_MAX_DATA (PS_PROTO_MAX_PAYLOAD - PS_PROTO_MAP_FIXED_SIZE)
#define PS_PROTO_IMAGE_MAX_DATA (PS_PROTO_MAX_PAYLOAD - PS_PROTO_IMAGE_FIXED_SIZE)

/* ---------------------------------------------------------------- status */

typedef enum {
    PS_PROTO_PACKET_READY = 1,    /* decoder: a packet is complete and valid */
    PS_PROTO_OK = 0,
    PS_PROTO_E_ARGUMENT = -1,     /* a NULL pointer, or a field outside its documented range */
    PS_PROTO_E_CAPACITY = -2,     /* the caller's output buffer is too small */
    PS_PROTO_E_TOO_LONG = -3,     /* the payload would exceed PS_PROTO_MAX_PAYLOAD */
    PS_PROTO_E_TYPE = -4,         /* parse: the packet is another message type */
    PS_PROTO_E_MALFORMED = -5,    /* parse/expand: fields disagree with the payload */
    PS_PROTO_E_UNSUPPORTED = -6,  /* expand: an encoding this codec does not know */
    PS_PROTO_E_QUEUE_FULL = -7    /* TX queue: no room (ps_protocol_flow.h) */
} ps_proto_status;

/* ---------------------------------------------------------------- structs */

/* Text: UTF-8 bytes, not NUL-terminated, at most PS_PROTO_MAX_TEXT of them. Parsed texts point
 * into the decoder's buffer. */
typedef struct {
    const char *chars;
    uint16_t length;
} ps_proto_text;

/* What the sender chooses for a packet's header; the encoder adds type and length. */
typedef struct {
    uint16_t seq;     /* the sender's packet counter (PROTOCOL.md, "Sequence numbers") */
    uint16_t ref_seq; /* with PS_PROTO_FLAG_REPLY: the seq of the request answered; else 0 */
    uint8_t flags;    /* PS_PROTO_FLAG_* */
} ps_proto_envelope;

/* A packet header as received. */
typedef struct {
    uint8_t type;    /* ps_proto_msg_type, or a value this codec does not know */
    uint8_t flags;
    uint16_t seq;
    uint16_t ref_seq;
    uint16_t length; /* payload bytes */
} ps_proto_header;

/* One CRC-checked packet from the decoder. `payload` points into the decoder's buffer and is
 * valid until the next byte is fed. */
typedef struct {
    ps_proto_header header;
    const uint8_t *payload;
} ps_proto_packet;

/* LAYER: the streamed layer, i.e. the output tensor of op `layer_index` (execution order). */
typedef struct {
    uint16_t layer_index;
    uint16_t height;
    uint16_t width;
    uint16_t channels;
    uint32_t scale_bits;  /* IEEE-754 float32 bits of the tensor's scale */
    int32_t zero_point;   /* real = scale * (q - zero_point) */
} ps_proto_layer;

/* PING and its reply PONG. */
typedef struct {
    uint32_t token; /* echoed by PONG */
} ps_proto_ping;

typedef struct {
    uint32_t token;      /* PING.token */
    uint32_t uptime_ms;  /* milliseconds since boot, wrapping */
    uint32_t tx_dropped; /* packets the board's TX queue refused since boot */
    uint32_t rx_dropped; /* packets the board's decoder discarded since boot */
} ps_proto_pong;

/* HELLO_REQUEST: the host's protocol version. */
typedef struct {
    uint8_t protocol_major;
    uint8_t protocol_minor;
} ps_proto_hello_request;

/* HELLO: who the board is and what it runs. */
typedef struct {
    uint8_t protocol_major;  /* PS_PROTO_VERSION_MAJOR of the board's codec */
    uint8_t protocol_minor;
    uint8_t firmware_major;  /* the firmware's own version */
    uint8_t firmware_minor;
    uint16_t firmware_patch;
    uint16_t layer_count;    /* ops in the model: valid layer indices are 0..layer_count-1 */
    uint32_t capabilities;   /* PS_PROTO_CAP_* */
    uint8_t model_hash[PS_PROTO_MODEL_HASH_SIZE]; /* SHA-256 of the int8 .tflite */
    uint16_t input_height;   /* the model input [1, H, W, C] */
    uint16_t input_width;
    uint16_t input_channels;
    uint16_t rx_payload_max; /* the longest payload the board accepts, in
                              * [PS_PROTO_MIN_RX_PAYLOAD, PS_PROTO_MAX_PAYLOAD] */
    ps_proto_layer layer;    /* the layer streamed now (the boot default until CONFIG) */
    ps_proto_text board_id;  /* e.g. "nano33ble" or a serial number */
    uint8_t label_count;     /* <= PS_PROTO_MAX_LABELS; FRAME.score_count equals it */
    ps_proto_text labels[PS_PROTO_MAX_LABELS];
} ps_proto_hello;

/* CONFIG: what to stream; CONFIG_ACK: what the board applied and the layer it selected. */
typedef struct {
    uint16_t layer_index;   /* whose output MAP carries */
    uint16_t decimation;    /* stream every Nth camera inference, N >= 1 */
    uint16_t window;        /* FRAMEs the board may send beyond the last FRAME_ACK; 0 pauses */
    uint8_t options;        /* PS_PROTO_OPTION_* */
    uint8_t map_encoding;   /* ps_proto_encoding the board may use for MAP data */
    uint64_t channel_mask;  /* bit c streams channel c; 0 sends no MAP */
} ps_proto_config;

typedef struct {
    ps_proto_config config;
    ps_proto_layer layer;
} ps_proto_config_ack;

/* An image chunk: whole rows of an H x W x C image, row-major, C bytes per pixel. SET_INPUT
 * is one chunk; IMAGE is a chunk with the frame number it belongs to. */
typedef struct {
    uint8_t pixel_format; /* ps_proto_pixel_format */
    uint8_t channels;     /* C */
    uint16_t height;      /* H: of the whole image */
    uint16_t width;       /* W */
    uint16_t row0;        /* the first row in this chunk */
    uint16_t rows;        /* rows in this chunk, >= 1; row0 + rows <= height */
    const uint8_t *data;  /* rows * width * channels bytes */
} ps_proto_image_chunk;

/* INPUT_ACK: the reply to a SET_INPUT chunk that is not the image's last. */
typedef struct {
    uint16_t rows_received; /* rows 0..rows_received-1 of the image are on the board */
    uint16_t height;
} ps_proto_input_ack;

/* FRAME_ACK: the host has consumed every FRAME up to frame_number (cumulative). */
typedef struct {
    uint32_t frame_number;
} ps_proto_frame_ack;

/* FRAME: one inference, sent after its MAP and IMAGE packets. */
typedef struct {
    uint32_t frame_number;      /* 1, 2, ... since boot, one per FRAME sent */
    uint32_t inference_time;    /* in time_unit */
    uint32_t frames_skipped;    /* camera inferences not streamed since boot (no credit or
                                 * no queue room; decimation does not count) */
    uint32_t output_scale_bits; /* float32 bits of the scores' scale */
    int32_t output_zero_point;
    uint16_t layer_index;       /* the layer the MAP packets of this frame carry */
    uint16_t parts_sent;        /* MAP and IMAGE packets queued for this frame */
    uint16_t parts_dropped;     /* MAP and IMAGE packets of this frame the TX queue refused */
    uint8_t time_unit;          /* ps_proto_time_unit */
    uint8_t score_count;        /* <= PS_PROTO_MAX_LABELS */
    int8_t scores[PS_PROTO_MAX_LABELS]; /* quantized outputs, in label order */
} ps_proto_frame;

/* MAP: whole rows of one channel of the streamed layer. */
typedef struct {
    uint32_t frame_number;
    uint16_t layer_index;
    uint16_t channel;
    uint16_t height;    /* of the layer */
    uint16_t width;
    uint16_t row0;
    uint16_t rows;      /* >= 1; row0 + rows <= height; rows * width <= PS_PROTO_MAP_MAX_DATA */
    uint8_t encoding;   /* encoder: the wish (RLE falls back to RAW unless strictly shorter);
                         * parser: as sent */
    int8_t fill;        /* the value RLE runs repeat: the layer's zero point */
    /* Encoder input: value i (row-major over rows x width) is values[i * value_stride], so an
     * NHWC tensor's channel c is values = data + (row0 * width) * C + c, value_stride = C. */
    const int8_t *values;
    uint32_t value_stride;
    /* Parser output: the data bytes as sent; expand them with ps_proto_map_expand. */
    const uint8_t *data;
    uint16_t data_length;
} ps_proto_map;

typedef struct {
    uint32_t frame_number;
    ps_proto_image_chunk chunk;
} ps_proto_image;

typedef struct {
    uint8_t level; /* ps_proto_log_level */
    ps_proto_text text;
} ps_proto_log;

typedef struct {
    uint16_t code; /* ps_proto_error_code */
    ps_proto_text text;
} ps_proto_error;

/* ---------------------------------------------------------------- helpers */

/* A text view of a NUL-terminated string; strings longer than PS_PROTO_MAX_TEXT get a length
 * above it, which the encoders refuse. NULL gives the empty text. */
ps_proto_text ps_proto_text_of(const char *cstr);

/* Whole rows that fit in one MAP, IMAGE or SET_INPUT packet whose payload may be at most
 * `max_payload` bytes (PS_PROTO_MAX_PAYLOAD, or for SET_INPUT the board's
 * HELLO.rx_payload_max); 0 if not even one row fits. */
uint16_t ps_proto_map_rows_per_packet(uint16_t width, uint16_t max_payload);
uint16_t ps_proto_image_rows_per_packet(uint16_t width, uint8_t channels, uint16_t max_payload);
uint16_t ps_proto_set_input_rows_per_packet(uint16_t width, uint8_t channels,
                                            uint16_t max_payload);

/* ---------------------------------------------------------------- encoders */

/*
 * Each encoder writes one complete wire packet (COBS-encoded, delimiter included) into
 * out[0..capacity) and returns its length, or a negative ps_proto_status:
 * PS_PROTO_E_ARGUMENT for NULL pointers or out-of-range fields, PS_PROTO_E_TOO_LONG when the
 * payload would exceed PS_PROTO_MAX_PAYLOAD, PS_PROTO_E_CAPACITY when capacity is below
 * PS_PROTO_WIRE_CAPACITY(payload length). Nothing is written beyond out[capacity - 1]; on
 * error the contents of `out` are unspecified.
 */
int32_t ps_proto_encode_ping(const ps_proto_envelope *envelope, const ps_proto_ping *msg,
                             uint8_t *out, size_t capacity);
int32_t ps_proto_encode_hello_request(const ps_proto_envelope *envelope,
                                      const ps_proto_hello_request *msg, uint8_t *out,
                                      size_t capacity);
int32_t ps_proto_encode_config(const ps_proto_envelope *envelope, const ps_proto_config *msg,
                               uint8_t *out, size_t capacity);
int32_t ps_proto_encode_set_input(const ps_proto_envelope *envelope,
                                  const ps_proto_image_chunk *msg, uint8_t *out,
                                  size_t capacity);
int32_t ps_proto_encode_frame_ack(const ps_proto_envelope *envelope,
                                  const ps_proto_frame_ack *msg, uint8_t *out, size_t capacity);
int32_t ps_proto_encode_pong(const ps_proto_envelope *envelope, const ps_proto_pong *msg,
                             uint8_t *out, size_t capacity);
int32_t ps_proto_encode_hello(const ps_proto_envelope *envelope, const ps_proto_hello *msg,
                              uint8_t *out, size_t capacity);
int32_t ps_proto_encode_config_ack(const ps_proto_envelope *envelope,
                                   const ps_proto_config_ack *msg, uint8_t *out,
                                   size_t capacity);
int32_t ps_proto_encode_input_ack(const ps_proto_envelope *envelope,
                                  const ps_proto_input_ack *msg, uint8_t *out, size_t capacity);
int32_t ps_proto_encode_frame(const ps_proto_envelope *envelope, const ps_proto_frame *msg,
                              uint8_t *out, size_t capacity);
int32_t ps_proto_encode_map(const ps_proto_envelope *envelope, const ps_proto_map *msg,
                            uint8_t *out, size_t capacity);
int32_t ps_proto_encode_image(const ps_proto_envelope *envelope, const ps_proto_image *msg,
                              uint8_t *out, size_t capacity);
int32_t ps_proto_encode_log(const ps_proto_envelope *envelope, const ps_proto_log *msg,
                            uint8_t *out, size_t capacity);
int32_t ps_proto_encode_error(const ps_proto_envelope *envelope, const ps_proto_error *msg,
                              uint8_t *out, size_t capacity);

/* ---------------------------------------------------------------- parsers */

/*
 * Each parser reads a packet from the decoder into a message struct. PS_PROTO_E_TYPE if the
 * packet is another type; PS_PROTO_E_MALFORMED if the payload is shorter than the fields it
 * announces, a count exceeds its limit, or a field is outside its range. Bytes after the
 * last known field are ignored (a later minor version may have appended fields). Text,
 * data and pixel pointers in the result point into the packet's payload.
 */
ps_proto_status ps_proto_parse_ping(const ps_proto_packet *packet, ps_proto_ping *msg);
ps_proto_status ps_proto_parse_hello_request(const ps_proto_packet *packet,
                                             ps_proto_hello_request *msg);
ps_proto_status ps_proto_parse_config(const ps_proto_packet *packet, ps_proto_config *msg);
ps_proto_status ps_proto_parse_set_input(const ps_proto_packet *packet,
                                         ps_proto_image_chunk *msg);
ps_proto_status ps_proto_parse_frame_ack(const ps_proto_packet *packet, ps_proto_frame_ack *msg);
ps_proto_status ps_proto_parse_pong(const ps_proto_packet *packet, ps_proto_pong *msg);
ps_proto_status ps_proto_parse_hello(const ps_proto_packet *packet, ps_proto_hello *msg);
ps_proto_status ps_proto_parse_config_ack(const ps_proto_packet *packet,
                                          ps_proto_config_ack *msg);
ps_proto_status ps_proto_parse_input_ack(const ps_proto_packet *packet, ps_proto_input_ack *msg);
ps_proto_status ps_proto_parse_frame(const ps_proto_packet *packet, ps_proto_frame *msg);
ps_proto_status ps_proto_parse_map(const ps_proto_packet *packet, ps_proto_map *msg);
ps_proto_status ps_proto_parse_image(const ps_proto_packet *packet, ps_proto_image *msg);
ps_proto_status ps_proto_parse_log(const ps_proto_packet *packet, ps_proto_log *msg);
ps_proto_status ps_proto_parse_error(const ps_proto_packet *packet, ps_proto_error *msg);

/* ---------------------------------------------------------------- RLE */

/*
 * RLE of `fill` (PROTOCOL.md, "RLE"): a byte other than fill stands for itself; fill is
 * followed by a count byte k and stands for k + 1 copies of fill (runs longer than 256 are
 * split greedily into runs of 256 and a remainder).
 *
 * ps_proto_rle_encode encodes `count` values, value i being values[i * stride]; returns the
 * encoded length, or PS_PROTO_E_CAPACITY as soon as the encoding would exceed `capacity`.
 * With out == NULL it only measures: returns the encoded length, capacity ignored.
 * ps_proto_rle_decode expands `length` encoded bytes into exactly `count` values; returns
 * PS_PROTO_OK, or PS_PROTO_E_MALFORMED if they expand to more or fewer values or end between a
 * fill byte and its count.
 */
int32_t ps_proto_rle_encode(const int8_t *values, uint32_t stride, size_t count, int8_t fill,
                            uint8_t *out, size_t capacity);
ps_proto_status ps_proto_rle_decode(const uint8_t *data, size_t length, int8_t fill,
                                    int8_t *out, size_t count);

/* The rows x width values of a parsed MAP, whatever its encoding, into out[0..capacity).
 * PS_PROTO_E_CAPACITY if capacity < rows * width, PS_PROTO_E_UNSUPPORTED for an unknown
 * encoding, PS_PROTO_E_MALFORMED for RLE data that does not expand to exactly that many. */
ps_proto_status ps_proto_map_expand(const ps_proto_map *msg, int8_t *out, size_t capacity);

/* ---------------------------------------------------------------- streaming decoder */

/* Why packets were dropped, counted since ps_proto_decoder_init. */
typedef struct {
    uint32_t packets;    /* valid packets delivered */
    uint32_t oversized;  /* decoded to more bytes than the buffer holds */
    uint32_t cobs;       /* a delimiter inside a COBS block (truncated or garbage) */
    uint32_t too_short;  /* fewer bytes than header + CRC */
    uint32_t bad_crc;
    uint32_t bad_length; /* header length disagrees with the packet's size */
} ps_proto_decoder_stats;

/* Decoder state; treat as opaque and use the functions below. */
typedef struct {
    uint8_t *buffer;
    size_t capacity;
    size_t length;       /* decoded bytes of the current packet */
    uint8_t block_left;  /* data bytes still due in the current COBS block */
    uint8_t block_code;  /* the current block's code byte; 0 before the first */
    uint8_t discarding;  /* 1 after an overflow: skip to the next delimiter */
    ps_proto_decoder_stats stats;
} ps_proto_decoder;

/* Prepares a decoder over a caller-owned buffer; PS_PROTO_MAX_PACKET_SIZE bytes hold every
 * packet, a board may give less (packets that do not fit are dropped as oversized). */
ps_proto_status ps_proto_decoder_init(ps_proto_decoder *decoder, uint8_t *buffer,
                                      size_t capacity);

/* Forgets a partial packet (e.g. after the port reopened); the counters stay. */
void ps_proto_decoder_reset(ps_proto_decoder *decoder);

/*
 * Feeds up to `length` wire bytes. Stops after the first byte that completes a valid packet:
 * returns PS_PROTO_PACKET_READY with *packet filled and *consumed counting the bytes used
 * (the rest still to be fed). Otherwise consumes everything and returns PS_PROTO_OK.
 * Invalid packets are dropped and counted in the stats; decoding resumes after the next
 * delimiter. PS_PROTO_E_ARGUMENT for NULL pointers.
 */
ps_proto_status ps_proto_decoder_feed(ps_proto_decoder *decoder, const uint8_t *data,
                                      size_t length, size_t *consumed, ps_proto_packet *packet);

/* Packets dropped so far, for any reason. */
uint32_t ps_proto_decoder_dropped(const ps_proto_decoder *decoder);

#endif /* PS_PROTOCOL_H */
