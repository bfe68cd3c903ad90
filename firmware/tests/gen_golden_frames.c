/*
 * gen_golden_frames.c - writes the golden protocol packets and their README.
 *
 * Usage: gen_golden_frames <output directory>     (make golden-frames)
 *
 * One packet per message type (two for MAP: RLE and RAW) with fixed content, each file the
 * exact wire bytes; stream.bin, a byte stream mixing valid packets with garbage, truncation,
 * a bit flip and an oversized run; README.md, which lists every field of every packet with
 * its offset, generated from the same content so the two cannot disagree.
 *
 * tests/test_protocol.c includes this file (with GOLDEN_FRAMES_NO_MAIN defined) to check the
 * committed files against the encoder and the decoder. Host-only test code: uses stdio.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ps_cobs.h"
#include "ps_crc32.h"
#include "ps_protocol.h"

/* ---------------------------------------------------------------- the fixed content */

enum { GOLDEN_FRAME_COUNT = 15 };

typedef struct {
    const char *name;    /* file stem */
    const char *summary; /* one line for the README */
    uint8_t type;
    ps_proto_envelope envelope;
    union {
        ps_proto_ping ping;
        ps_proto_hello_request hello_request;
        ps_proto_config config;
        ps_proto_image_chunk set_input;
        ps_proto_frame_ack frame_ack;
        ps_proto_pong pong;
        ps_proto_hello hello;
        ps_proto_config_ack config_ack;
        ps_proto_input_ack input_ack;
        ps_proto_frame frame;
        ps_proto_map map;
        ps_proto_image image;
        ps_proto_log log;
        ps_proto_error error;
    } msg;
} golden_frame;

/* Pixel and map data behind the pointers in the messages (filled by golden_frames_build). */
static uint8_t golden_set_input_pixels[2 * 96];
static uint8_t golden_image_pixels[3 * 96];
static int8_t golden_map_rle_values[3 * 96];
static int8_t golden_map_raw_values[1 * 96];

static const char *const golden_labels[] = {"sit", "stand", "lie_down", "no_dog"};

/* The streamed layer in this imagined session: conv 0's output, 96 x 96 x 8, post-ReLU. */
static ps_proto_layer golden_layer(void)
{
    ps_proto_layer layer;
    layer.layer_index = 0;
    layer.height = 96;
    layer.width = 96;
    layer.channels = 8;
    layer.scale_bits = 0x3D4CCCCDu; /* 0.05f */
    layer.zero_point = -128;
    return layer;
}

static ps_proto_config golden_config(void)
{
    ps_proto_config config;
    config.layer_index = 0;
    config.decimation = 2;
    config.window = 4;
    config.options = PS_PROTO_OPTION_SEND_INPUT;
    config.map_encoding = PS_PROTO_ENCODING_RLE;
    config.channel_mask = 0xA5u; /* channels 0, 2, 5, 7 */
    return config;
}

static ps_proto_envelope golden_envelope(uint16_t seq, int reply, uint16_t ref_seq)
{
    ps_proto_envelope envelope;
    envelope.seq = seq;
    envelope.flags = reply ? PS_PROTO_FLAG_REPLY : 0;
    envelope.ref_seq = reply ? ref_seq : 0;
    return envelope;
}

/* One imagined session: the host's packets carry seq 1..5, the board's 0..10. */
static void golden_frames_build(golden_frame frames[GOLDEN_FRAME_COUNT])
{
    size_t i;
    golden_frame *g;

    for (i = 0; i < sizeof golden_set_input_pixels; i++) {
        golden_set_input_pixels[i] = (uint8_t)(i * 8u); /* 0x00, 0x08, ..., 0xF8, 0x00, ... */
    }
    for (i = 0; i < sizeof golden_image_pixels; i++) {
        golden_image_pixels[i] = (uint8_t)(1u + i % 255u); /* no zero byte: long COBS blocks */
    }
    for (i = 0; i < sizeof golden_map_rle_values; i++) {
        golden_map_rle_values[i] = -128; /* the zero point, i.e. ReLU's zero */
    }
    golden_map_rle_values[0] = 17;
    golden_map_rle_values[2] = 3;
    golden_map_rle_values[287] = 127;
    for (i = 0; i < sizeof golden_map_raw_values; i++) {
        golden_map_raw_values[i] = (int8_t)((int)((i * 37u) % 256u) - 128);
    }
    memset(frames, 0, sizeof(golden_frame) * GOLDEN_FRAME_COUNT);

    g = &frames[0];
    g->name = "ping";
    g->summary = "The host checks the link";
    g->type = PS_PROTO_MSG_PING;
    g->envelope = golden_envelope(1, 0, 0);
    g->msg.ping.token = 0xDEADBEEFu;

    g = &frames[1];
    g->name = "hello_request";
    g->summary = "The host asks who the board is";
    g->type = PS_PROTO_MSG_HELLO_REQUEST;
    g->envelope = golden_envelope(2, 0, 0);
    g->msg.hello_request.protocol_major = 1;
    g->msg.hello_request.protocol_minor = 0;

    g = &frames[2];
    g->name = "config";
    g->summary = "Stream layer 0, channels 0, 2, 5, 7, every 2nd inference, RLE, with the input";
    g->type = PS_PROTO_MSG_CONFIG;
    g->envelope = golden_envelope(3, 0, 0);
    g->msg.config = golden_config();

    g = &frames[3];
    g->name = "set_input";
    g->summary = "Rows 0-1 of a 96 x 96 grayscale image for the model input";
    g->type = PS_PROTO_MSG_SET_INPUT;
    g->envelope = golden_envelope(4, 0, 0);
    g->msg.set_input.pixel_format = PS_PROTO_PIXEL_GRAY8;
    g->msg.set_input.channels = 1;
    g->msg.set_input.height = 96;
    g->msg.set_input.width = 96;
    g->msg.set_input.row0 = 0;
    g->msg.set_input.rows = 2;
    g->msg.set_input.data = golden_set_input_pixels;

    g = &frames[4];
    g->name = "frame_ack";
    g->summary = "The host has consumed FRAMEs up to 7";
    g->type = PS_PROTO_MSG_FRAME_ACK;
    g->envelope = golden_envelope(5, 0, 0);
    g->msg.frame_ack.frame_number = 7;

    g = &frames[5];
    g->name = "pong";
    g->summary = "The board answers ping.bin";
    g->type = PS_PROTO_MSG_PONG;
    g->envelope = golden_envelope(1, 1, 1);
    g->msg.pong.token = 0xDEADBEEFu;
    g->msg.pong.uptime_ms = 123456;
    g->msg.pong.tx_dropped = 3;
    g->msg.pong.rx_dropped = 1;

    g = &frames[6];
    g->name = "hello";
    g->summary = "Sent at boot (not a reply), before any CONFIG";
    g->type = PS_PROTO_MSG_HELLO;
    g->envelope = golden_envelope(0, 0, 0);
    g->msg.hello.protocol_major = PS_PROTO_VERSION_MAJOR;
    g->msg.hello.protocol_minor = PS_PROTO_VERSION_MINOR;
    g->msg.hello.firmware_major = 0;
    g->msg.hello.firmware_minor = 3;
    g->msg.hello.firmware_patch = 17;
    g->msg.hello.layer_count = 9;
    g->msg.hello.capabilities = PS_PROTO_CAP_SET_INPUT | PS_PROTO_CAP_MAP_RLE |
                                PS_PROTO_CAP_SEND_INPUT | PS_PROTO_CAP_CAMERA;
    for (i = 0; i < PS_PROTO_MODEL_HASH_SIZE; i++) {
        g->msg.hello.model_hash[i] = (uint8_t)i; /* 00 01 .. 1F, a stand-in for a SHA-256 */
    }
    g->msg.hello.input_height = 96;
    g->msg.hello.input_width = 96;
    g->msg.hello.input_channels = 1;
    g->msg.hello.rx_payload_max = PS_PROTO_MAX_PAYLOAD;
    g->msg.hello.layer = golden_layer();
    g->msg.hello.board_id = ps_proto_text_of("sim-golden");
    g->msg.hello.label_count = 4;
    for (i = 0; i < 4; i++) {
        g->msg.hello.labels[i] = ps_proto_text_of(golden_labels[i]);
    }

    g = &frames[7];
    g->name = "config_ack";
    g->summary = "The board applied config.bin";
    g->type = PS_PROTO_MSG_CONFIG_ACK;
    g->envelope = golden_envelope(2, 1, 3);
    g->msg.config_ack.config = golden_config();
    g->msg.config_ack.layer = golden_layer();

    g = &frames[8];
    g->name = "input_ack";
    g->summary = "The board has rows 0-1 of set_input.bin's image";
    g->type = PS_PROTO_MSG_INPUT_ACK;
    g->envelope = golden_envelope(3, 1, 4);
    g->msg.input_ack.rows_received = 2;
    g->msg.input_ack.height = 96;

    g = &frames[9];
    g->name = "map_rle";
    g->summary = "Rows 40-42 of channel 5 of frame 7, RLE (288 values in 9 bytes)";
    g->type = PS_PROTO_MSG_MAP;
    g->envelope = golden_envelope(4, 0, 0);
    g->msg.map.frame_number = 7;
    g->msg.map.layer_index = 0;
    g->msg.map.channel = 5;
    g->msg.map.height = 96;
    g->msg.map.width = 96;
    g->msg.map.row0 = 40;
    g->msg.map.rows = 3;
    g->msg.map.encoding = PS_PROTO_ENCODING_RLE;
    g->msg.map.fill = -128;
    g->msg.map.values = golden_map_rle_values;
    g->msg.map.value_stride = 1;

    g = &frames[10];
    g->name = "map_raw";
    g->summary = "Row 95 of channel 7 of frame 7, RAW";
    g->type = PS_PROTO_MSG_MAP;
    g->envelope = golden_envelope(5, 0, 0);
    g->msg.map.frame_number = 7;
    g->msg.map.layer_index = 0;
    g->msg.map.channel = 7;
    g->msg.map.height = 96;
    g->msg.map.width = 96;
    g->msg.map.row0 = 95;
    g->msg.map.rows = 1;
    g->msg.map.encoding = PS_PROTO_ENCODING_RAW;
    g->msg.map.fill = -128;
    g->msg.map.values = golden_map_raw_values;
    g->msg.map.value_stride = 1;

    g = &frames[11];
    g->name = "image";
    g->summary = "Rows 0-2 of frame 7's 96 x 96 grayscale input";
    g->type = PS_PROTO_MSG_IMAGE;
    g->envelope = golden_envelope(6, 0, 0);
    g->msg.image.frame_number = 7;
    g->msg.image.chunk.pixel_format = PS_PROTO_PIXEL_GRAY8;
    g->msg.image.chunk.channels = 1;
    g->msg.image.chunk.height = 96;
    g->msg.image.chunk.width = 96;
    g->msg.image.chunk.row0 = 0;
    g->msg.image.chunk.rows = 3;
    g->msg.image.chunk.data = golden_image_pixels;

    g = &frames[12];
    g->name = "frame";
    g->summary = "Camera inference 7, after its 3 parts (map_rle, map_raw, image)";
    g->type = PS_PROTO_MSG_FRAME;
    g->envelope = golden_envelope(7, 0, 0);
    g->msg.frame.frame_number = 7;
    g->msg.frame.inference_time = 48213;
    g->msg.frame.frames_skipped = 2;
    g->msg.frame.output_scale_bits = 0x3B800000u; /* 1/256, softmax output */
    g->msg.frame.output_zero_point = -128;
    g->msg.frame.layer_index = 0;
    g->msg.frame.parts_sent = 3;
    g->msg.frame.parts_dropped = 0;
    g->msg.frame.time_unit = PS_PROTO_TIME_MICROSECONDS;
    g->msg.frame.score_count = 4;
    g->msg.frame.scores[0] = 64;   /* sit      0.75   */
    g->msg.frame.scores[1] = -96;  /* stand    0.125  */
    g->msg.frame.scores[2] = -112; /* lie_down 0.0625 */
    g->msg.frame.scores[3] = -112; /* no_dog   0.0625 */

    g = &frames[13];
    g->name = "log";
    g->summary = "An INFO line";
    g->type = PS_PROTO_MSG_LOG;
    g->envelope = golden_envelope(8, 0, 0);
    g->msg.log.level = PS_PROTO_LOG_INFO;
    g->msg.log.text = ps_proto_text_of("camera 96x96 gray, 30 fps");

    g = &frames[14];
    g->name = "error";
    g->summary = "The board refuses a CONFIG (seq 6) that names layer 12";
    g->type = PS_PROTO_MSG_ERROR;
    g->envelope = golden_envelope(9, 1, 6);
    g->msg.error.code = PS_PROTO_ERROR_BAD_LAYER;
    g->msg.error.text = ps_proto_text_of("layer 12 >= layer_count 9");
}

/* Encodes any golden frame; the wire length or a negative ps_proto_status. */
static int32_t golden_encode(const golden_frame *g, uint8_t *out, size_t capacity)
{
    const ps_proto_envelope *e = &g->envelope;
    switch (g->type) {
    case PS_PROTO_MSG_PING: return ps_proto_encode_ping(e, &g->msg.ping, out, capacity);
    case PS_PROTO_MSG_HELLO_REQUEST:
        return ps_proto_encode_hello_request(e, &g->msg.hello_request, out, capacity);
    case PS_PROTO_MSG_CONFIG: return ps_proto_encode_config(e, &g->msg.config, out, capacity);
    case PS_PROTO_MSG_SET_INPUT:
        return ps_proto_encode_set_input(e, &g->msg.set_input, out, capacity);
    case PS_PROTO_MSG_FRAME_ACK:
        return ps_proto_encode_frame_ack(e, &g->msg.frame_ack, out, capacity);
    case PS_PROTO_MSG_PONG: return ps_proto_encode_pong(e, &g->msg.pong, out, capacity);
    case PS_PROTO_MSG_HELLO: return ps_proto_encode_hello(e, &g->msg.hello, out, capacity);
    case PS_PROTO_MSG_CONFIG_ACK:
        return ps_proto_encode_config_ack(e, &g->msg.config_ack, out, capacity);
    case PS_PROTO_MSG_INPUT_ACK:
        return ps_proto_encode_input_ack(e, &g->msg.input_ack, out, capacity);
    case PS_PROTO_MSG_FRAME: return ps_proto_encode_frame(e, &g->msg.frame, out, capacity);
    case PS_PROTO_MSG_MAP: return ps_proto_encode_map(e, &g->msg.map, out, capacity);
    case PS_PROTO_MSG_IMAGE: return ps_proto_encode_image(e, &g->msg.image, out, capacity);
    case PS_PROTO_MSG_LOG: return ps_proto_encode_log(e, &g->msg.log, out, capacity);
    case PS_PROTO_MSG_ERROR: return ps_proto_encode_error(e, &g->msg.error, out, capacity);
    default: return PS_PROTO_E_ARGUMENT;
    }
}

/* ---------------------------------------------------------------- stream.bin */

/* The garbage that opens stream.bin after its leading delimiter. */
static const uint8_t golden_stream_garbage[] = {'G', 'A', 'R', 'B', 'A', 'G', 'E', '!'};

/* Bytes of config.bin kept when stream.bin truncates it (no delimiter follows). */
#define GOLDEN_STREAM_TRUNCATED 10u

/* Non-zero bytes in stream.bin's oversized run: more than any packet decodes to. */
#define GOLDEN_STREAM_OVERSIZED 1200u

/* The byte of hello_request.bin that stream.bin flips bit 0 of: a CRC byte (a flipped COBS
 * code byte would instead change how the packet splits). */
#define GOLDEN_STREAM_FLIPPED_BYTE 12u

/* What a decoder with a PS_PROTO_MAX_PACKET_SIZE buffer makes of stream.bin. */
static const char *const golden_stream_delivered[] = {"ping", "pong", "hello"};
enum { GOLDEN_STREAM_DELIVERED = 3 };

typedef struct {
    uint32_t oversized;
    uint32_t cobs;
    uint32_t too_short;
    uint32_t bad_crc;
    uint32_t bad_length;
} golden_stream_drops;

/* The drop counts that stream.bin must produce (checked by the generator and the test). */
static const golden_stream_drops golden_stream_expected_drops = {1, 1, 0, 2, 0};

/* Appends bytes to a growing buffer; 0 if it would overflow. */
static int append_bytes(uint8_t *out, size_t capacity, size_t *length, const uint8_t *bytes,
                        size_t count)
{
    if (count > capacity - *length) {
        return 0;
    }
    memcpy(out + *length, bytes, count);
    *length += count;
    return 1;
}

static int append_byte(uint8_t *out, size_t capacity, size_t *length, uint8_t byte)
{
    return append_bytes(out, capacity, length, &byte, 1);
}

/* Builds stream.bin; returns its length, 0 on failure. */
static size_t golden_stream_build(const golden_frame frames[GOLDEN_FRAME_COUNT], uint8_t *out,
                                  size_t capacity)
{
    uint8_t wire[PS_PROTO_MAX_WIRE_SIZE];
    size_t length = 0;
    size_t i;
    int32_t n;
    int ok = 1;

    ok &= append_byte(out, capacity, &length, PS_PROTO_DELIMITER);
    ok &= append_bytes(out, capacity, &length, golden_stream_garbage, sizeof golden_stream_garbage);
    ok &= append_byte(out, capacity, &length, PS_PROTO_DELIMITER);
    n = golden_encode(&frames[0], wire, sizeof wire); /* ping: delivered */
    ok &= n > 0 && append_bytes(out, capacity, &length, wire, (size_t)n);
    n = golden_encode(&frames[1], wire, sizeof wire); /* hello_request, one bit flipped */
    ok &= n > (int32_t)GOLDEN_STREAM_FLIPPED_BYTE;
    if (ok) {
        wire[GOLDEN_STREAM_FLIPPED_BYTE] ^= 0x01u;
        ok &= append_bytes(out, capacity, &length, wire, (size_t)n);
    }
    n = golden_encode(&frames[2], wire, sizeof wire); /* config, cut short: no delimiter */
    ok &= n > (int32_t)GOLDEN_STREAM_TRUNCATED &&
          append_bytes(out, capacity, &length, wire, GOLDEN_STREAM_TRUNCATED);
    n = golden_encode(&frames[4], wire, sizeof wire); /* frame_ack: lost, merged with it */
    ok &= n > 0 && append_bytes(out, capacity, &length, wire, (size_t)n);
    n = golden_encode(&frames[5], wire, sizeof wire); /* pong: delivered */
    ok &= n > 0 && append_bytes(out, capacity, &length, wire, (size_t)n);
    ok &= append_byte(out, capacity, &length, PS_PROTO_DELIMITER); /* an empty packet */
    for (i = 0; i < GOLDEN_STREAM_OVERSIZED; i++) {
        ok &= append_byte(out, capacity, &length, 0xFFu);
    }
    ok &= append_byte(out, capacity, &length, PS_PROTO_DELIMITER);
    n = golden_encode(&frames[6], wire, sizeof wire); /* hello: delivered */
    ok &= n > 0 && append_bytes(out, capacity, &length, wire, (size_t)n);
    return ok ? length : 0;
}

#ifndef GOLDEN_FRAMES_NO_MAIN

/* ---------------------------------------------------------------- README writer */

/* Prints one packet's field table, tracking offsets into the decoded packet. */
typedef struct {
    FILE *out;
    size_t offset;
} doc_table;

static void doc_row(doc_table *t, size_t size, const char *field, const char *type,
                    const char *fmt, ...)
{
    va_list args;
    if (size == 0) {
        fprintf(t->out, "| - | %s | %s | ", field, type);
    } else {
        fprintf(t->out, "| %zu | %s | %s | ", t->offset, field, type);
    }
    va_start(args, fmt);
    vfprintf(t->out, fmt, args);
    va_end(args);
    fprintf(t->out, " |\n");
    t->offset += size;
}

static double doc_float(uint32_t bits)
{
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

static const char *doc_type_name(uint8_t type)
{
    switch (type) {
    case PS_PROTO_MSG_PING: return "PING";
    case PS_PROTO_MSG_HELLO_REQUEST: return "HELLO_REQUEST";
    case PS_PROTO_MSG_CONFIG: return "CONFIG";
    case PS_PROTO_MSG_SET_INPUT: return "SET_INPUT";
    case PS_PROTO_MSG_FRAME_ACK: return "FRAME_ACK";
    case PS_PROTO_MSG_PONG: return "PONG";
    case PS_PROTO_MSG_HELLO: return "HELLO";
    case PS_PROTO_MSG_CONFIG_ACK: return "CONFIG_ACK";
    case PS_PROTO_MSG_INPUT_ACK: return "INPUT_ACK";
    case PS_PROTO_MSG_FRAME: return "FRAME";
    case PS_PROTO_MSG_MAP: return "MAP";
    case PS_PROTO_MSG_IMAGE: return "IMAGE";
    case PS_PROTO_MSG_LOG: return "LOG";
    case PS_PROTO_MSG_ERROR: return "ERROR";
    default: return "?";
    }
}

static void doc_text(doc_table *t, const char *field, const ps_proto_text *text)
{
    char name[48];
    char type[32];
    snprintf(name, sizeof name, "%s (length)", field);
    doc_row(t, 1, name, "u8", "%u", (unsigned)text->length);
    snprintf(name, sizeof name, "%s (bytes)", field);
    snprintf(type, sizeof type, "utf-8[%u]", (unsigned)text->length);
    doc_row(t, text->length, name, type, "\"%.*s\"", (int)text->length, text->chars);
}

static void doc_bytes_preview(FILE *out, const uint8_t *bytes, size_t count)
{
    size_t i;
    const size_t shown = count < 8 ? count : 8;
    for (i = 0; i < shown; i++) {
        fprintf(out, "%s%02X", i > 0 ? " " : "", bytes[i]);
    }
    if (shown < count) {
        fprintf(out, " ...");
    }
}

static void doc_layer(doc_table *t, const char *prefix, const ps_proto_layer *layer)
{
    char name[64];
    snprintf(name, sizeof name, "%s.layer_index", prefix);
    doc_row(t, 2, name, "u16", "%u", (unsigned)layer->layer_index);
    snprintf(name, sizeof name, "%s.height", prefix);
    doc_row(t, 2, name, "u16", "%u", (unsigned)layer->height);
    snprintf(name, sizeof name, "%s.width", prefix);
    doc_row(t, 2, name, "u16", "%u", (unsigned)layer->width);
    snprintf(name, sizeof name, "%s.channels", prefix);
    doc_row(t, 2, name, "u16", "%u", (unsigned)layer->channels);
    snprintf(name, sizeof name, "%s.scale_bits", prefix);
    doc_row(t, 4, name, "u32", "0x%08" PRIX32 " (%.9g)", layer->scale_bits,
            doc_float(layer->scale_bits));
    snprintf(name, sizeof name, "%s.zero_point", prefix);
    doc_row(t, 4, name, "i32", "%" PRId32, layer->zero_point);
}

static void doc_config(doc_table *t, const char *prefix, const ps_proto_config *c)
{
    char name[64];
    snprintf(name, sizeof name, "%slayer_index", prefix);
    doc_row(t, 2, name, "u16", "%u", (unsigned)c->layer_index);
    snprintf(name, sizeof name, "%sdecimation", prefix);
    doc_row(t, 2, name, "u16", "%u", (unsigned)c->decimation);
    snprintf(name, sizeof name, "%swindow", prefix);
    doc_row(t, 2, name, "u16", "%u", (unsigned)c->window);
    snprintf(name, sizeof name, "%soptions", prefix);
    doc_row(t, 1, name, "u8", "0x%02X (SEND_INPUT)", (unsigned)c->options);
    snprintf(name, sizeof name, "%smap_encoding", prefix);
    doc_row(t, 1, name, "u8", "%u (%s)", (unsigned)c->map_encoding,
            c->map_encoding == PS_PROTO_ENCODING_RLE ? "RLE" : "RAW");
    snprintf(name, sizeof name, "%schannel_mask", prefix);
    doc_row(t, 8, name, "u64", "0x%016" PRIX64 " (channels 0, 2, 5, 7)", c->channel_mask);
}

static void doc_image_chunk(doc_table *t, const ps_proto_image_chunk *c)
{
    const size_t bytes = (size_t)c->rows * c->width * c->channels;
    doc_row(t, 1, "pixel_format", "u8", "%u (%s)", (unsigned)c->pixel_format,
            c->pixel_format == PS_PROTO_PIXEL_GRAY8 ? "GRAY8" : "INPUT_S8");
    doc_row(t, 1, "channels", "u8", "%u", (unsigned)c->channels);
    doc_row(t, 2, "height", "u16", "%u", (unsigned)c->height);
    doc_row(t, 2, "width", "u16", "%u", (unsigned)c->width);
    doc_row(t, 2, "row0", "u16", "%u", (unsigned)c->row0);
    doc_row(t, 2, "rows", "u16", "%u", (unsigned)c->rows);
    fprintf(t->out, "| %zu | data | u8[%zu] | ", t->offset, bytes);
    doc_bytes_preview(t->out, c->data, bytes);
    fprintf(t->out, " (see below) |\n");
    t->offset += bytes;
}

/* The payload rows of one golden frame; returns the payload length they cover. */
static size_t doc_payload(doc_table *t, const golden_frame *g, const uint8_t *packet)
{
    const size_t start = t->offset;
    size_t i;
    switch (g->type) {
    case PS_PROTO_MSG_PING:
        doc_row(t, 4, "token", "u32", "0x%08" PRIX32, g->msg.ping.token);
        break;
    case PS_PROTO_MSG_HELLO_REQUEST:
        doc_row(t, 1, "protocol_major", "u8", "%u", (unsigned)g->msg.hello_request.protocol_major);
        doc_row(t, 1, "protocol_minor", "u8", "%u", (unsigned)g->msg.hello_request.protocol_minor);
        break;
    case PS_PROTO_MSG_CONFIG:
        doc_config(t, "", &g->msg.config);
        break;
    case PS_PROTO_MSG_SET_INPUT:
        doc_image_chunk(t, &g->msg.set_input);
        break;
    case PS_PROTO_MSG_FRAME_ACK:
        doc_row(t, 4, "frame_number", "u32", "%" PRIu32, g->msg.frame_ack.frame_number);
        break;
    case PS_PROTO_MSG_PONG:
        doc_row(t, 4, "token", "u32", "0x%08" PRIX32, g->msg.pong.token);
        doc_row(t, 4, "uptime_ms", "u32", "%" PRIu32, g->msg.pong.uptime_ms);
        doc_row(t, 4, "tx_dropped", "u32", "%" PRIu32, g->msg.pong.tx_dropped);
        doc_row(t, 4, "rx_dropped", "u32", "%" PRIu32, g->msg.pong.rx_dropped);
        break;
    case PS_PROTO_MSG_HELLO: {
        const ps_proto_hello *h = &g->msg.hello;
        doc_row(t, 1, "protocol_major", "u8", "%u", (unsigned)h->protocol_major);
        doc_row(t, 1, "protocol_minor", "u8", "%u", (unsigned)h->protocol_minor);
        doc_row(t, 1, "firmware_major", "u8", "%u", (unsigned)h->firmware_major);
        doc_row(t, 1, "firmware_minor", "u8", "%u", (unsigned)h->firmware_minor);
        doc_row(t, 2, "firmware_patch", "u16", "%u", (unsigned)h->firmware_patch);
        doc_row(t, 2, "layer_count", "u16", "%u", (unsigned)h->layer_count);
        doc_row(t, 4, "capabilities", "u32",
                "0x%08" PRIX32 " (SET_INPUT, MAP_RLE, SEND_INPUT, CAMERA)", h->capabilities);
        doc_row(t, PS_PROTO_MODEL_HASH_SIZE, "model_hash", "u8[32]",
                "00 01 02 ... 1F (byte i is i)");
        doc_row(t, 2, "input_height", "u16", "%u", (unsigned)h->input_height);
        doc_row(t, 2, "input_width", "u16", "%u", (unsigned)h->input_width);
        doc_row(t, 2, "input_channels", "u16", "%u", (unsigned)h->input_channels);
        doc_row(t, 2, "rx_payload_max", "u16", "%u", (unsigned)h->rx_payload_max);
        doc_layer(t, "layer", &h->layer);
        doc_text(t, "board_id", &h->board_id);
        doc_row(t, 1, "label_count", "u8", "%u", (unsigned)h->label_count);
        for (i = 0; i < h->label_count; i++) {
            char name[32];
            snprintf(name, sizeof name, "labels[%zu]", i);
            doc_text(t, name, &h->labels[i]);
        }
        break;
    }
    case PS_PROTO_MSG_CONFIG_ACK:
        doc_config(t, "config.", &g->msg.config_ack.config);
        doc_layer(t, "layer", &g->msg.config_ack.layer);
        break;
    case PS_PROTO_MSG_INPUT_ACK:
        doc_row(t, 2, "rows_received", "u16", "%u", (unsigned)g->msg.input_ack.rows_received);
        doc_row(t, 2, "height", "u16", "%u", (unsigned)g->msg.input_ack.height);
        break;
    case PS_PROTO_MSG_FRAME: {
        const ps_proto_frame *f = &g->msg.frame;
        doc_row(t, 4, "frame_number", "u32", "%" PRIu32, f->frame_number);
        doc_row(t, 4, "inference_time", "u32", "%" PRIu32, f->inference_time);
        doc_row(t, 4, "frames_skipped", "u32", "%" PRIu32, f->frames_skipped);
        doc_row(t, 4, "output_scale_bits", "u32", "0x%08" PRIX32 " (%.9g)", f->output_scale_bits,
                doc_float(f->output_scale_bits));
        doc_row(t, 4, "output_zero_point", "i32", "%" PRId32, f->output_zero_point);
        doc_row(t, 2, "layer_index", "u16", "%u", (unsigned)f->layer_index);
        doc_row(t, 2, "parts_sent", "u16", "%u", (unsigned)f->parts_sent);
        doc_row(t, 2, "parts_dropped", "u16", "%u", (unsigned)f->parts_dropped);
        doc_row(t, 1, "time_unit", "u8", "%u (MICROSECONDS)", (unsigned)f->time_unit);
        doc_row(t, 1, "score_count", "u8", "%u", (unsigned)f->score_count);
        for (i = 0; i < f->score_count; i++) {
            char name[32];
            snprintf(name, sizeof name, "scores[%zu]", i);
            doc_row(t, 1, name, "i8", "%d (%s, %.4g)", f->scores[i], golden_labels[i],
                    (f->scores[i] - f->output_zero_point) * doc_float(f->output_scale_bits));
        }
        break;
    }
    case PS_PROTO_MSG_MAP: {
        const ps_proto_map *m = &g->msg.map;
        /* The data as sent: read back from the packet (RLE is what the encoder chose). */
        const uint8_t *payload = packet + PS_PROTO_HEADER_SIZE;
        const uint8_t encoding = payload[16];
        const size_t data_length = (size_t)payload[18] | ((size_t)payload[19] << 8);
        doc_row(t, 4, "frame_number", "u32", "%" PRIu32, m->frame_number);
        doc_row(t, 2, "layer_index", "u16", "%u", (unsigned)m->layer_index);
        doc_row(t, 2, "channel", "u16", "%u", (unsigned)m->channel);
        doc_row(t, 2, "height", "u16", "%u", (unsigned)m->height);
        doc_row(t, 2, "width", "u16", "%u", (unsigned)m->width);
        doc_row(t, 2, "row0", "u16", "%u", (unsigned)m->row0);
        doc_row(t, 2, "rows", "u16", "%u", (unsigned)m->rows);
        doc_row(t, 1, "encoding", "u8", "%u (%s)", (unsigned)encoding,
                encoding == PS_PROTO_ENCODING_RLE ? "RLE" : "RAW");
        doc_row(t, 1, "fill", "i8", "%d (0x%02X)", m->fill, (unsigned)(uint8_t)m->fill);
        doc_row(t, 2, "data_length", "u16", "%zu", data_length);
        fprintf(t->out, "| %zu | data | u8[%zu] | ", t->offset, data_length);
        if (encoding == PS_PROTO_ENCODING_RLE) {
            for (i = 0; i < data_length; i++) {
                fprintf(t->out, "%s%02X", i > 0 ? " " : "", payload[20 + i]);
            }
        } else {
            doc_bytes_preview(t->out, payload + 20, data_length);
            fprintf(t->out, " (see below)");
        }
        fprintf(t->out, " |\n");
        t->offset += data_length;
        break;
    }
    case PS_PROTO_MSG_IMAGE:
        doc_row(t, 4, "frame_number", "u32", "%" PRIu32, g->msg.image.frame_number);
        doc_image_chunk(t, &g->msg.image.chunk);
        break;
    case PS_PROTO_MSG_LOG:
        doc_row(t, 1, "level", "u8", "%u (INFO)", (unsigned)g->msg.log.level);
        doc_text(t, "text", &g->msg.log.text);
        break;
    case PS_PROTO_MSG_ERROR:
        doc_row(t, 2, "code", "u16", "0x%04X (BAD_LAYER)", (unsigned)g->msg.error.code);
        doc_text(t, "text", &g->msg.error.text);
        break;
    default:
        break;
    }
    return t->offset - start;
}

/* Where the values behind a data field come from, for the README. */
static const char *doc_data_rule(const golden_frame *g)
{
    if (strcmp(g->name, "set_input") == 0) {
        return "pixel i (row-major, i = 0..191) = (8 * i) mod 256: 00 08 10 ... F8 00 08 ... (six "
               "times over)";
    }
    if (strcmp(g->name, "image") == 0) {
        return "pixel i (i = 0..287) = 1 + i mod 255: 01 02 ... FF 01 02 ... 21 (no zero byte, so "
               "COBS needs a full 0xFF block)";
    }
    if (strcmp(g->name, "map_rle") == 0) {
        return "the 288 values (3 rows x 96): value 0 = 17, value 2 = 3, value 287 = 127, every "
               "other value -128 (the fill). RLE tokens: `11` (17), `80 00` (one -128), `03` (3), "
               "`80 FF` (256 x -128), `80 1B` (28 x -128), `7F` (127)";
    }
    if (strcmp(g->name, "map_raw") == 0) {
        return "value i (i = 0..95) = ((37 * i) mod 256) - 128, as its two's complement byte";
    }
    return NULL;
}

static void doc_hex(FILE *out, const uint8_t *bytes, size_t count)
{
    size_t i;
    fprintf(out, "```\n");
    for (i = 0; i < count; i++) {
        if (i % 16 == 0) {
            fprintf(out, "%s%04zx:", i > 0 ? "\n" : "", i);
        }
        fprintf(out, " %02x", bytes[i]);
    }
    fprintf(out, "\n```\n");
}

static const char doc_intro[] =
    "# Golden protocol packets\n"
    "\n"
    "Generated by `make golden-frames` (`firmware/tests/gen_golden_frames.c`) for protocol\n"
    "version %u.%u; do not edit. `make test` checks that the C encoder reproduces every `.bin`\n"
    "byte for byte and that the C decoder parses each back to the fields listed here. The Java\n"
    "codec in `host/` reads the same files. The format is specified in `firmware/PROTOCOL.md`.\n"
    "\n"
    "Each `<name>.bin` holds exactly one packet as it travels on the wire: COBS-encoded and\n"
    "ending with its `0x00` delimiter. The tables give offsets into the *decoded* packet\n"
    "(header at 0, payload at 8, CRC-32 in the last 4 bytes); integers are little-endian, `i`\n"
    "types two's complement, and `u8` length rows introduce the text that follows them.\n"
    "Below each table: the decoded packet, then the wire bytes (the file's content).\n"
    "\n"
    "The packets tell one imagined session: the host (seq 1-5) pings, asks for HELLO,\n"
    "configures streaming of layer 0 (96 x 96 x 8, post-ReLU, zero point -128), sends part of\n"
    "an image and acknowledges frame 7; the board (seq 0-9) boots with HELLO, replies, and\n"
    "streams frame 7 as two MAP packets and an IMAGE packet, then the FRAME that closes it.\n"
    "\n"
    "| file | message | direction | what |\n"
    "|---|---|---|---|\n";

static int write_readme(const char *path, const golden_frame frames[GOLDEN_FRAME_COUNT],
                        const golden_stream_drops *drops)
{
    FILE *out = fopen(path, "w");
    size_t i;
    if (out == NULL) {
        fprintf(stderr, "cannot write %s\n", path);
        return 0;
    }
    fprintf(out, doc_intro, (unsigned)PS_PROTO_VERSION_MAJOR, (unsigned)PS_PROTO_VERSION_MINOR);
    for (i = 0; i < GOLDEN_FRAME_COUNT; i++) {
        const golden_frame *g = &frames[i];
        fprintf(out, "| `%s.bin` | %s (0x%02X) | %s | %s |\n", g->name, doc_type_name(g->type),
                (unsigned)g->type, g->type < PS_PROTO_MSG_BOARD_FIRST ? "host -> board" : "board -> host",
                g->summary);
    }
    fprintf(out, "| `stream.bin` | (several) | either | garbage, damage and valid packets: see the end |\n");

    for (i = 0; i < GOLDEN_FRAME_COUNT; i++) {
        const golden_frame *g = &frames[i];
        uint8_t wire[PS_PROTO_MAX_WIRE_SIZE];
        uint8_t packet[PS_PROTO_MAX_PACKET_SIZE];
        const int32_t wire_length = golden_encode(g, wire, sizeof wire);
        int32_t packet_length;
        doc_table t;
        size_t payload_length;
        const char *rule;

        if (wire_length <= 0) {
            fclose(out);
            return 0;
        }
        packet_length = ps_cobs_decode(wire, (size_t)wire_length - 1u, packet, sizeof packet);
        if (packet_length < (int32_t)(PS_PROTO_HEADER_SIZE + PS_PROTO_CRC_SIZE)) {
            fclose(out);
            return 0;
        }
        payload_length = (size_t)packet_length - PS_PROTO_HEADER_SIZE - PS_PROTO_CRC_SIZE;
        fprintf(out, "\n## `%s.bin`: %s\n\n%s.\n\n", g->name, doc_type_name(g->type), g->summary);
        fprintf(out, "| offset | field | type | value |\n|---|---|---|---|\n");
        t.out = out;
        t.offset = 0;
        doc_row(&t, 1, "type", "u8", "0x%02X (%s)", (unsigned)g->type, doc_type_name(g->type));
        doc_row(&t, 1, "flags", "u8", "0x%02X%s", (unsigned)g->envelope.flags,
                (g->envelope.flags & PS_PROTO_FLAG_REPLY) ? " (REPLY)" : "");
        doc_row(&t, 2, "seq", "u16", "%u", (unsigned)g->envelope.seq);
        doc_row(&t, 2, "ref_seq", "u16", "%u", (unsigned)g->envelope.ref_seq);
        doc_row(&t, 2, "length", "u16", "%zu (payload bytes)", payload_length);
        if (doc_payload(&t, g, packet) != payload_length) {
            fprintf(stderr, "%s: the README rows do not cover the payload\n", g->name);
            fclose(out);
            return 0;
        }
        doc_row(&t, 4, "crc", "u32", "0x%08" PRIX32 " (CRC-32 of bytes 0..%zu)",
                ps_crc32(packet, (size_t)packet_length - PS_PROTO_CRC_SIZE),
                (size_t)packet_length - PS_PROTO_CRC_SIZE - 1u);
        rule = doc_data_rule(g);
        if (rule != NULL) {
            fprintf(out, "\nData: %s.\n", rule);
        }
        fprintf(out, "\nDecoded packet (%" PRId32 " bytes):\n\n", packet_length);
        doc_hex(out, packet, (size_t)packet_length);
        fprintf(out, "\nWire, i.e. the file (%" PRId32 " bytes):\n\n", wire_length);
        doc_hex(out, wire, (size_t)wire_length);
    }

    fprintf(out,
            "\n## `stream.bin`: resynchronisation\n\n"
            "A byte stream for decoder tests, in this order:\n\n"
            "1. one `00` (a sender's leading delimiter);\n"
            "2. the garbage `47 41 52 42 41 47 45 21` (\"GARBAGE!\") and a `00`: a COBS block cut\n"
            "   short, dropped (counted as `cobs`);\n"
            "3. `ping.bin`: delivered;\n"
            "4. `hello_request.bin` with bit 0 of wire byte %u flipped: dropped (`bad_crc`);\n"
            "5. the first %u bytes of `config.bin` (truncated, no delimiter), then `frame_ack.bin`:\n"
            "   the two run together into one packet, dropped (`bad_crc`); `frame_ack.bin` is the\n"
            "   one packet lost to garbage that did not end with a delimiter;\n"
            "6. `pong.bin`: delivered;\n"
            "7. one `00`: an empty packet, ignored (not counted);\n"
            "8. %u bytes `FF` and a `00`: more than any packet decodes to, dropped (`oversized`);\n"
            "9. `hello.bin`: delivered.\n\n"
            "A decoder with a buffer of PS_PROTO_MAX_PACKET_SIZE bytes delivers exactly",
            (unsigned)GOLDEN_STREAM_FLIPPED_BYTE, (unsigned)GOLDEN_STREAM_TRUNCATED,
            (unsigned)GOLDEN_STREAM_OVERSIZED);
    for (i = 0; i < GOLDEN_STREAM_DELIVERED; i++) {
        fprintf(out, "%s `%s.bin`", i == 0 ? "" : (i + 1 == GOLDEN_STREAM_DELIVERED ? " and" : ","),
                golden_stream_delivered[i]);
    }
    fprintf(out,
            ", each equal to its file, and counts these drops: oversized %" PRIu32 ", cobs %" PRIu32
            ", too_short %" PRIu32 ", bad_crc %" PRIu32 ", bad_length %" PRIu32 ".\n",
            drops->oversized, drops->cobs, drops->too_short, drops->bad_crc, drops->bad_length);
    return fclose(out) == 0;
}

static int write_file(const char *path, const uint8_t *bytes, size_t length)
{
    FILE *out = fopen(path, "wb");
    int ok;
    if (out == NULL) {
        fprintf(stderr, "cannot write %s\n", path);
        return 0;
    }
    ok = fwrite(bytes, 1, length, out) == length;
    return (fclose(out) == 0) && ok;
}

/* Runs stream.bin through the decoder; returns 1 if it behaves as documented. */
static int check_stream(const golden_frame frames[GOLDEN_FRAME_COUNT], const uint8_t *stream,
                        size_t length, golden_stream_drops *drops)
{
    uint8_t buffer[PS_PROTO_MAX_PACKET_SIZE];
    ps_proto_decoder decoder;
    ps_proto_packet packet;
    size_t delivered = 0;
    size_t used;
    (void)frames;
    ps_proto_decoder_init(&decoder, buffer, sizeof buffer);
    while (length > 0) {
        if (ps_proto_decoder_feed(&decoder, stream, length, &used, &packet) ==
            PS_PROTO_PACKET_READY) {
            delivered++;
        }
        stream += used;
        length -= used;
    }
    drops->oversized = decoder.stats.oversized;
    drops->cobs = decoder.stats.cobs;
    drops->too_short = decoder.stats.too_short;
    drops->bad_crc = decoder.stats.bad_crc;
    drops->bad_length = decoder.stats.bad_length;
    return delivered == GOLDEN_STREAM_DELIVERED &&
           memcmp(drops, &golden_stream_expected_drops, sizeof *drops) == 0;
}

int main(int argc, char **argv)
{
    static golden_frame frames[GOLDEN_FRAME_COUNT];
    static uint8_t stream[16384];
    char path[1024];
    size_t i;
    size_t stream_length;
    golden_stream_drops drops;

    if (argc != 2) {
        fprintf(stderr, "usage: %s <output directory>\n", argv[0]);
        return 2;
    }
    golden_frames_build(frames);
    for (i = 0; i < GOLDEN_FRAME_COUNT; i++) {
        uint8_t wire[PS_PROTO_MAX_WIRE_SIZE];
        const int32_t n = golden_encode(&frames[i], wire, sizeof wire);
        if (n <= 0) {
            fprintf(stderr, "%s: encoder returned %" PRId32 "\n", frames[i].name, n);
            return 1;
        }
        snprintf(path, sizeof path, "%s/%s.bin", argv[1], frames[i].name);
        if (!write_file(path, wire, (size_t)n)) {
            return 1;
        }
    }
    stream_length = golden_stream_build(frames, stream, sizeof stream);
    if (stream_length == 0 || !check_stream(frames, stream, stream_length, &drops)) {
        fprintf(stderr, "stream.bin does not decode as documented\n");
        return 1;
    }
    snprintf(path, sizeof path, "%s/stream.bin", argv[1]);
    if (!write_file(path, stream, stream_length)) {
        return 1;
    }
    snprintf(path, sizeof path, "%s/README.md", argv[1]);
    if (!write_readme(path, frames, &drops)) {
        return 1;
    }
    printf("wrote %d packets, stream.bin and README.md to %s\n", GOLDEN_FRAME_COUNT + 1, argv[1]);
    return 0;
}

#endif /* GOLDEN_FRAMES_NO_MAIN */
