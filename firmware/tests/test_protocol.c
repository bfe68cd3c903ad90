/*
 * test_protocol.c - the protocol codec: CRC, COBS, every message's encoder and parser, RLE,
 * the streaming decoder, and the committed golden packets.
 *
 * Usage: test_protocol <golden packets directory> <PROTOCOL.md>
 *        (make: tests/golden/frames PROTOCOL.md)
 * The golden content comes from gen_golden_frames.c, included below, so the generator and
 * this test cannot disagree about what the files hold; the files themselves are what the
 * Java codec reads.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define GOLDEN_FRAMES_NO_MAIN
#include "gen_golden_frames.c"

#include "ps_cobs.h"
#include "ps_crc32.h"
#include "ps_protocol.h"
#include "ps_protocol_flow.h"
#include "ps_test.h"

/* ---------------------------------------------------------------- helpers */

static void expect_eq_i64(const char *file, int line, const char *what, int64_t expected,
                          int64_t actual)
{
    if (expected == actual) {
        ps_test_pass();
    } else {
        ps_test_fail(file, line, "%s: expected %" PRId64 ", found %" PRId64, what, expected,
                     actual);
    }
}

static void expect_eq_u64(const char *file, int line, const char *what, uint64_t expected,
                          uint64_t actual)
{
    if (expected == actual) {
        ps_test_pass();
    } else {
        ps_test_fail(file, line, "%s: expected 0x%" PRIX64 ", found 0x%" PRIX64, what, expected,
                     actual);
    }
}

static void expect_bytes(const char *file, int line, const char *what, const void *expected,
                         const void *actual, size_t length)
{
    size_t i;
    const uint8_t *e = expected;
    const uint8_t *a = actual;
    for (i = 0; i < length; i++) {
        if (e[i] != a[i]) {
            ps_test_fail(file, line, "%s: byte %zu of %zu: expected 0x%02X, found 0x%02X", what,
                         i, length, e[i], a[i]);
            return;
        }
    }
    ps_test_pass();
}

#define EXPECT_EQ(what, expected, actual) \
    expect_eq_i64(__FILE__, __LINE__, (what), (int64_t)(expected), (int64_t)(actual))
#define EXPECT_EQ_U64(what, expected, actual) \
    expect_eq_u64(__FILE__, __LINE__, (what), (uint64_t)(expected), (uint64_t)(actual))
#define EXPECT_BYTES(what, expected, actual, length) \
    expect_bytes(__FILE__, __LINE__, (what), (expected), (actual), (length))

/* xorshift32: deterministic test data. */
static uint32_t rng_state = 0x2545F491u;

static uint32_t rng_next(void)
{
    uint32_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    rng_state = x;
    return x;
}

static uint32_t rng_below(uint32_t bound)
{
    return bound == 0 ? 0 : rng_next() % bound;
}

static int8_t s8_of(uint32_t x)
{
    return (int8_t)((int)(x & 0xFFu) - 128);
}

/* Runs wire bytes through a fresh decoder; returns 1 if exactly one packet came out, using
 * all the bytes. `chunked` feeds random-sized chunks instead of everything at once. */
static int decode_one(const uint8_t *wire, size_t length, uint8_t *buffer, size_t capacity,
                      ps_proto_packet *packet, int chunked)
{
    ps_proto_decoder decoder;
    size_t offset = 0;
    int packets = 0;
    if (ps_proto_decoder_init(&decoder, buffer, capacity) != PS_PROTO_OK) {
        return 0;
    }
    while (offset < length) {
        size_t chunk = chunked ? 1u + rng_below(7) : length - offset;
        size_t used = 0;
        ps_proto_status status;
        if (chunk > length - offset) {
            chunk = length - offset;
        }
        status = ps_proto_decoder_feed(&decoder, wire + offset, chunk, &used, packet);
        if (status == PS_PROTO_PACKET_READY) {
            packets++;
            if (offset + used != length) {
                return 0; /* a packet must end with the last byte */
            }
        } else if (status != PS_PROTO_OK || used != chunk) {
            return 0;
        }
        offset += used;
    }
    return packets == 1 && ps_proto_decoder_dropped(&decoder) == 0;
}

static void expect_text(const char *what, const ps_proto_text *expected,
                        const ps_proto_text *actual)
{
    EXPECT_EQ(what, expected->length, actual->length);
    if (expected->length == actual->length) {
        EXPECT_BYTES(what, expected->chars, actual->chars, expected->length);
    }
}

/* ---------------------------------------------------------------- message comparisons */

static void expect_layer(const ps_proto_layer *e, const ps_proto_layer *a)
{
    EXPECT_EQ("layer.layer_index", e->layer_index, a->layer_index);
    EXPECT_EQ("layer.height", e->height, a->height);
    EXPECT_EQ("layer.width", e->width, a->width);
    EXPECT_EQ("layer.channels", e->channels, a->channels);
    EXPECT_EQ("layer.scale_bits", e->scale_bits, a->scale_bits);
    EXPECT_EQ("layer.zero_point", e->zero_point, a->zero_point);
}

static void expect_config(const ps_proto_config *e, const ps_proto_config *a)
{
    EXPECT_EQ("config.layer_index", e->layer_index, a->layer_index);
    EXPECT_EQ("config.decimation", e->decimation, a->decimation);
    EXPECT_EQ("config.window", e->window, a->window);
    EXPECT_EQ("config.options", e->options, a->options);
    EXPECT_EQ("config.map_encoding", e->map_encoding, a->map_encoding);
    EXPECT_EQ_U64("config.channel_mask", e->channel_mask, a->channel_mask);
}

static void expect_image_chunk(const ps_proto_image_chunk *e, const ps_proto_image_chunk *a)
{
    EXPECT_EQ("chunk.pixel_format", e->pixel_format, a->pixel_format);
    EXPECT_EQ("chunk.channels", e->channels, a->channels);
    EXPECT_EQ("chunk.height", e->height, a->height);
    EXPECT_EQ("chunk.width", e->width, a->width);
    EXPECT_EQ("chunk.row0", e->row0, a->row0);
    EXPECT_EQ("chunk.rows", e->rows, a->rows);
    PS_EXPECT_TRUE("chunk.data parsed", a->data != NULL);
    if (a->data != NULL) {
        EXPECT_BYTES("chunk.data", e->data, a->data, (size_t)e->rows * e->width * e->channels);
    }
}

static void expect_hello(const ps_proto_hello *e, const ps_proto_hello *a)
{
    size_t i;
    EXPECT_EQ("hello.protocol_major", e->protocol_major, a->protocol_major);
    EXPECT_EQ("hello.protocol_minor", e->protocol_minor, a->protocol_minor);
    EXPECT_EQ("hello.firmware_major", e->firmware_major, a->firmware_major);
    EXPECT_EQ("hello.firmware_minor", e->firmware_minor, a->firmware_minor);
    EXPECT_EQ("hello.firmware_patch", e->firmware_patch, a->firmware_patch);
    EXPECT_EQ("hello.layer_count", e->layer_count, a->layer_count);
    EXPECT_EQ("hello.capabilities", e->capabilities, a->capabilities);
    EXPECT_BYTES("hello.model_hash", e->model_hash, a->model_hash, PS_PROTO_MODEL_HASH_SIZE);
    EXPECT_EQ("hello.input_height", e->input_height, a->input_height);
    EXPECT_EQ("hello.input_width", e->input_width, a->input_width);
    EXPECT_EQ("hello.input_channels", e->input_channels, a->input_channels);
    EXPECT_EQ("hello.rx_payload_max", e->rx_payload_max, a->rx_payload_max);
    expect_layer(&e->layer, &a->layer);
    expect_text("hello.board_id", &e->board_id, &a->board_id);
    EXPECT_EQ("hello.label_count", e->label_count, a->label_count);
    for (i = 0; i < e->label_count && i < a->label_count; i++) {
        expect_text("hello.labels[i]", &e->labels[i], &a->labels[i]);
    }
}

static void expect_frame(const ps_proto_frame *e, const ps_proto_frame *a)
{
    size_t i;
    EXPECT_EQ("frame.frame_number", e->frame_number, a->frame_number);
    EXPECT_EQ("frame.inference_time", e->inference_time, a->inference_time);
    EXPECT_EQ("frame.frames_skipped", e->frames_skipped, a->frames_skipped);
    EXPECT_EQ("frame.output_scale_bits", e->output_scale_bits, a->output_scale_bits);
    EXPECT_EQ("frame.output_zero_point", e->output_zero_point, a->output_zero_point);
    EXPECT_EQ("frame.layer_index", e->layer_index, a->layer_index);
    EXPECT_EQ("frame.parts_sent", e->parts_sent, a->parts_sent);
    EXPECT_EQ("frame.parts_dropped", e->parts_dropped, a->parts_dropped);
    EXPECT_EQ("frame.time_unit", e->time_unit, a->time_unit);
    EXPECT_EQ("frame.score_count", e->score_count, a->score_count);
    for (i = 0; i < e->score_count && i < a->score_count; i++) {
        EXPECT_EQ("frame.scores[i]", e->scores[i], a->scores[i]);
    }
}

/* The MAP's header fields, and its values after expansion; the encoding the encoder should
 * have chosen is RLE exactly when RLE was asked for and is strictly shorter. */
static void expect_map(const ps_proto_map *e, const ps_proto_map *a)
{
    static int8_t values[PS_PROTO_MAP_MAX_DATA];
    const size_t count = (size_t)e->rows * e->width;
    uint8_t expected_encoding = PS_PROTO_ENCODING_RAW;
    size_t i;
    if (e->encoding == PS_PROTO_ENCODING_RLE) {
        const int32_t rle = ps_proto_rle_encode(e->values, e->value_stride, count, e->fill, NULL, 0);
        if (rle >= 0 && (size_t)rle < count) {
            expected_encoding = PS_PROTO_ENCODING_RLE;
        }
    }
    EXPECT_EQ("map.frame_number", e->frame_number, a->frame_number);
    EXPECT_EQ("map.layer_index", e->layer_index, a->layer_index);
    EXPECT_EQ("map.channel", e->channel, a->channel);
    EXPECT_EQ("map.height", e->height, a->height);
    EXPECT_EQ("map.width", e->width, a->width);
    EXPECT_EQ("map.row0", e->row0, a->row0);
    EXPECT_EQ("map.rows", e->rows, a->rows);
    EXPECT_EQ("map.encoding (RLE only when shorter)", expected_encoding, a->encoding);
    EXPECT_EQ("map.fill", e->fill, a->fill);
    EXPECT_EQ("map expands", PS_PROTO_OK, ps_proto_map_expand(a, values, sizeof values));
    for (i = 0; i < count; i++) {
        if (values[i] != e->values[i * e->value_stride]) {
            EXPECT_EQ("map value", e->values[i * e->value_stride], values[i]);
            return;
        }
    }
    ps_test_pass();
}

/* Parses `packet` as golden frame g's type and compares every field with g's content. */
static void expect_golden_fields(const golden_frame *g, const ps_proto_packet *packet)
{
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
    } m;
    EXPECT_EQ("header.type", g->type, packet->header.type);
    EXPECT_EQ("header.flags", g->envelope.flags, packet->header.flags);
    EXPECT_EQ("header.seq", g->envelope.seq, packet->header.seq);
    EXPECT_EQ("header.ref_seq", g->envelope.ref_seq, packet->header.ref_seq);
    switch (g->type) {
    case PS_PROTO_MSG_PING:
        EXPECT_EQ("parse ping", PS_PROTO_OK, ps_proto_parse_ping(packet, &m.ping));
        EXPECT_EQ("ping.token", g->msg.ping.token, m.ping.token);
        break;
    case PS_PROTO_MSG_HELLO_REQUEST:
        EXPECT_EQ("parse hello_request", PS_PROTO_OK,
                  ps_proto_parse_hello_request(packet, &m.hello_request));
        EXPECT_EQ("protocol_major", g->msg.hello_request.protocol_major,
                  m.hello_request.protocol_major);
        EXPECT_EQ("protocol_minor", g->msg.hello_request.protocol_minor,
                  m.hello_request.protocol_minor);
        break;
    case PS_PROTO_MSG_CONFIG:
        EXPECT_EQ("parse config", PS_PROTO_OK, ps_proto_parse_config(packet, &m.config));
        expect_config(&g->msg.config, &m.config);
        break;
    case PS_PROTO_MSG_SET_INPUT:
        EXPECT_EQ("parse set_input", PS_PROTO_OK, ps_proto_parse_set_input(packet, &m.set_input));
        expect_image_chunk(&g->msg.set_input, &m.set_input);
        break;
    case PS_PROTO_MSG_FRAME_ACK:
        EXPECT_EQ("parse frame_ack", PS_PROTO_OK, ps_proto_parse_frame_ack(packet, &m.frame_ack));
        EXPECT_EQ("frame_ack.frame_number", g->msg.frame_ack.frame_number,
                  m.frame_ack.frame_number);
        break;
    case PS_PROTO_MSG_PONG:
        EXPECT_EQ("parse pong", PS_PROTO_OK, ps_proto_parse_pong(packet, &m.pong));
        EXPECT_EQ("pong.token", g->msg.pong.token, m.pong.token);
        EXPECT_EQ("pong.uptime_ms", g->msg.pong.uptime_ms, m.pong.uptime_ms);
        EXPECT_EQ("pong.tx_dropped", g->msg.pong.tx_dropped, m.pong.tx_dropped);
        EXPECT_EQ("pong.rx_dropped", g->msg.pong.rx_dropped, m.pong.rx_dropped);
        break;
    case PS_PROTO_MSG_HELLO:
        EXPECT_EQ("parse hello", PS_PROTO_OK, ps_proto_parse_hello(packet, &m.hello));
        expect_hello(&g->msg.hello, &m.hello);
        break;
    case PS_PROTO_MSG_CONFIG_ACK:
        EXPECT_EQ("parse config_ack", PS_PROTO_OK,
                  ps_proto_parse_config_ack(packet, &m.config_ack));
        expect_config(&g->msg.config_ack.config, &m.config_ack.config);
        expect_layer(&g->msg.config_ack.layer, &m.config_ack.layer);
        break;
    case PS_PROTO_MSG_INPUT_ACK:
        EXPECT_EQ("parse input_ack", PS_PROTO_OK, ps_proto_parse_input_ack(packet, &m.input_ack));
        EXPECT_EQ("input_ack.rows_received", g->msg.input_ack.rows_received,
                  m.input_ack.rows_received);
        EXPECT_EQ("input_ack.height", g->msg.input_ack.height, m.input_ack.height);
        break;
    case PS_PROTO_MSG_FRAME:
        EXPECT_EQ("parse frame", PS_PROTO_OK, ps_proto_parse_frame(packet, &m.frame));
        expect_frame(&g->msg.frame, &m.frame);
        break;
    case PS_PROTO_MSG_MAP:
        EXPECT_EQ("parse map", PS_PROTO_OK, ps_proto_parse_map(packet, &m.map));
        expect_map(&g->msg.map, &m.map);
        break;
    case PS_PROTO_MSG_IMAGE:
        EXPECT_EQ("parse image", PS_PROTO_OK, ps_proto_parse_image(packet, &m.image));
        EXPECT_EQ("image.frame_number", g->msg.image.frame_number, m.image.frame_number);
        expect_image_chunk(&g->msg.image.chunk, &m.image.chunk);
        break;
    case PS_PROTO_MSG_LOG:
        EXPECT_EQ("parse log", PS_PROTO_OK, ps_proto_parse_log(packet, &m.log));
        EXPECT_EQ("log.level", g->msg.log.level, m.log.level);
        expect_text("log.text", &g->msg.log.text, &m.log.text);
        break;
    case PS_PROTO_MSG_ERROR:
        EXPECT_EQ("parse error", PS_PROTO_OK, ps_proto_parse_error(packet, &m.error));
        EXPECT_EQ("error.code", g->msg.error.code, m.error.code);
        expect_text("error.text", &g->msg.error.text, &m.error.text);
        break;
    default:
        ps_test_fail(__FILE__, __LINE__, "golden frame %s has unknown type", g->name);
    }
}

/* Parses a packet with the parser its type names; the status (unknown types: E_TYPE). */
static ps_proto_status parse_any(const ps_proto_packet *packet)
{
    static ps_proto_hello hello;
    union {
        ps_proto_ping ping;
        ps_proto_hello_request hello_request;
        ps_proto_config config;
        ps_proto_image_chunk set_input;
        ps_proto_frame_ack frame_ack;
        ps_proto_pong pong;
        ps_proto_config_ack config_ack;
        ps_proto_input_ack input_ack;
        ps_proto_frame frame;
        ps_proto_map map;
        ps_proto_image image;
        ps_proto_log log;
        ps_proto_error error;
    } m;
    switch (packet->header.type) {
    case PS_PROTO_MSG_PING: return ps_proto_parse_ping(packet, &m.ping);
    case PS_PROTO_MSG_HELLO_REQUEST: return ps_proto_parse_hello_request(packet, &m.hello_request);
    case PS_PROTO_MSG_CONFIG: return ps_proto_parse_config(packet, &m.config);
    case PS_PROTO_MSG_SET_INPUT: return ps_proto_parse_set_input(packet, &m.set_input);
    case PS_PROTO_MSG_FRAME_ACK: return ps_proto_parse_frame_ack(packet, &m.frame_ack);
    case PS_PROTO_MSG_PONG: return ps_proto_parse_pong(packet, &m.pong);
    case PS_PROTO_MSG_HELLO: return ps_proto_parse_hello(packet, &hello);
    case PS_PROTO_MSG_CONFIG_ACK: return ps_proto_parse_config_ack(packet, &m.config_ack);
    case PS_PROTO_MSG_INPUT_ACK: return ps_proto_parse_input_ack(packet, &m.input_ack);
    case PS_PROTO_MSG_FRAME: return ps_proto_parse_frame(packet, &m.frame);
    case PS_PROTO_MSG_MAP: return ps_proto_parse_map(packet, &m.map);
    case PS_PROTO_MSG_IMAGE: return ps_proto_parse_image(packet, &m.image);
    case PS_PROTO_MSG_LOG: return ps_proto_parse_log(packet, &m.log);
    case PS_PROTO_MSG_ERROR: return ps_proto_parse_error(packet, &m.error);
    default: return PS_PROTO_E_TYPE;
    }
}

/* ---------------------------------------------------------------- CRC */

static void test_crc32_matches_the_catalogue_check_value(void)
{
    static const uint8_t check[] = {'1', '2', '3', '4', '5', '6', '7', '8', '9'};
    static const uint8_t zeros[4] = {0, 0, 0, 0};
    uint32_t reg = PS_CRC32_INIT;
    EXPECT_EQ("crc32(\"123456789\")", PS_CRC32_CHECK, ps_crc32(check, sizeof check));
    EXPECT_EQ("crc32 of nothing", 0, ps_crc32(NULL, 0));
    /* zlib.crc32(b"\0\0\0\0") == 0x2144DF1C */
    EXPECT_EQ("crc32 of four zeros", 0x2144DF1Cu, ps_crc32(zeros, sizeof zeros));
    reg = ps_crc32_update(reg, check, 4);
    reg = ps_crc32_update(reg, check + 4, 5);
    EXPECT_EQ("crc32 in two steps", PS_CRC32_CHECK, ps_crc32_final(reg));
}

/* ---------------------------------------------------------------- COBS */

static void expect_cobs_vector(const char *what, const uint8_t *raw, size_t raw_length,
                               const uint8_t *encoded, size_t encoded_length)
{
    uint8_t out[600];
    int32_t n = ps_cobs_encode(raw, raw_length, out, sizeof out);
    EXPECT_EQ(what, (int32_t)encoded_length, n);
    if (n == (int32_t)encoded_length) {
        EXPECT_BYTES(what, encoded, out, encoded_length);
    }
    n = ps_cobs_decode(encoded, encoded_length, out, sizeof out);
    EXPECT_EQ(what, (int32_t)raw_length, n);
    if (n == (int32_t)raw_length) {
        EXPECT_BYTES(what, raw, out, raw_length);
    }
}

static void test_cobs_reproduces_the_reference_examples(void)
{
    /* The examples of the COBS article on Wikipedia (without the delimiter). */
    static uint8_t raw[600];
    static uint8_t encoded[600];
    size_t i;
    {
        static const uint8_t r[] = {0x00};
        static const uint8_t e[] = {0x01, 0x01};
        expect_cobs_vector("cobs 00", r, sizeof r, e, sizeof e);
    }
    {
        static const uint8_t r[] = {0x00, 0x00};
        static const uint8_t e[] = {0x01, 0x01, 0x01};
        expect_cobs_vector("cobs 00 00", r, sizeof r, e, sizeof e);
    }
    {
        static const uint8_t r[] = {0x00, 0x11, 0x00};
        static const uint8_t e[] = {0x01, 0x02, 0x11, 0x01};
        expect_cobs_vector("cobs 00 11 00", r, sizeof r, e, sizeof e);
    }
    {
        static const uint8_t r[] = {0x11, 0x22, 0x00, 0x33};
        static const uint8_t e[] = {0x03, 0x11, 0x22, 0x02, 0x33};
        expect_cobs_vector("cobs 11 22 00 33", r, sizeof r, e, sizeof e);
    }
    {
        static const uint8_t r[] = {0x11, 0x22, 0x33, 0x44};
        static const uint8_t e[] = {0x05, 0x11, 0x22, 0x33, 0x44};
        expect_cobs_vector("cobs 11 22 33 44", r, sizeof r, e, sizeof e);
    }
    {
        static const uint8_t r[] = {0x11, 0x00, 0x00, 0x00};
        static const uint8_t e[] = {0x02, 0x11, 0x01, 0x01, 0x01};
        expect_cobs_vector("cobs 11 00 00 00", r, sizeof r, e, sizeof e);
    }
    expect_cobs_vector("cobs of nothing", raw, 0, (const uint8_t *)"\x01", 1);

    /* 01 02 .. FE (254 bytes) -> FF 01 .. FE: no trailing empty block. */
    for (i = 0; i < 254; i++) {
        raw[i] = (uint8_t)(i + 1);
        encoded[i + 1] = (uint8_t)(i + 1);
    }
    encoded[0] = 0xFF;
    expect_cobs_vector("cobs 01..FE", raw, 254, encoded, 255);
    /* 00 01 .. FE (255 bytes) -> 01 FF 01 .. FE */
    raw[0] = 0;
    for (i = 0; i < 254; i++) {
        raw[i + 1] = (uint8_t)(i + 1);
        encoded[i + 2] = (uint8_t)(i + 1);
    }
    encoded[0] = 0x01;
    encoded[1] = 0xFF;
    expect_cobs_vector("cobs 00 01..FE", raw, 255, encoded, 256);
    /* 01 02 .. FF (255 bytes) -> FF 01 .. FE 02 FF */
    for (i = 0; i < 255; i++) {
        raw[i] = (uint8_t)(i + 1);
    }
    encoded[0] = 0xFF;
    for (i = 0; i < 254; i++) {
        encoded[i + 1] = (uint8_t)(i + 1);
    }
    encoded[255] = 0x02;
    encoded[256] = 0xFF;
    expect_cobs_vector("cobs 01..FF", raw, 255, encoded, 257);
    /* 02 03 .. FF 00 (255 bytes) -> FF 02 .. FF 01 01 */
    for (i = 0; i < 254; i++) {
        raw[i] = (uint8_t)(i + 2);
        encoded[i + 1] = (uint8_t)(i + 2);
    }
    raw[254] = 0;
    encoded[0] = 0xFF;
    encoded[255] = 0x01;
    encoded[256] = 0x01;
    expect_cobs_vector("cobs 02..FF 00", raw, 255, encoded, 257);
}

static void test_cobs_decoders_accept_a_trailing_empty_block(void)
{
    /* FF 01..FE 01: the longer form some encoders write for 254 non-zero bytes. */
    static uint8_t encoded[256];
    static uint8_t out[300];
    uint8_t buffer[PS_PROTO_MAX_PACKET_SIZE];
    size_t i;
    encoded[0] = 0xFF;
    for (i = 0; i < 254; i++) {
        encoded[i + 1] = (uint8_t)(i + 1);
    }
    encoded[255] = 0x01;
    EXPECT_EQ("decode FF 01..FE 01", 254, ps_cobs_decode(encoded, 256, out, sizeof out));
    EXPECT_EQ("last byte", 0xFE, out[253]);

    /* The streaming decoder agrees. A LOG with a 248-byte text has 254 non-zero bytes after
     * its last zero (the length's high byte) if its CRC has no zero byte, so its wire form
     * ends with a full block; the longer form with an empty block after it decodes alike. */
    {
        static char text[248];
        ps_proto_decoder decoder;
        ps_proto_packet packet;
        ps_proto_log log;
        ps_proto_envelope envelope = {0x0101, 0, 0};
        uint8_t wire[PS_PROTO_MAX_WIRE_SIZE + 1];
        size_t used;
        int32_t n = 0;
        memset(text, 'a', sizeof text);
        log.level = PS_PROTO_LOG_INFO;
        log.text.chars = text;
        log.text.length = sizeof text;
        for (envelope.seq = 0x0101; envelope.seq < 0x0200; envelope.seq++) {
            n = ps_proto_encode_log(&envelope, &log, wire, sizeof wire);
            if (n > 256 && wire[n - 256] == 0xFF) {
                break; /* the last block is full: 0xFF, 254 bytes, then the delimiter */
            }
        }
        PS_EXPECT_TRUE("found a LOG ending in a full block", envelope.seq < 0x0200);
        wire[n - 1] = 0x01;
        wire[n] = PS_PROTO_DELIMITER;
        ps_proto_decoder_init(&decoder, buffer, sizeof buffer);
        EXPECT_EQ("trailing empty block: still one packet", PS_PROTO_PACKET_READY,
                  ps_proto_decoder_feed(&decoder, wire, (size_t)n + 1u, &used, &packet));
        EXPECT_EQ("of the same length", 2 + 248, packet.header.length);
    }
}

static void test_cobs_round_trips_random_buffers_and_encodes_in_place(void)
{
    static uint8_t raw[1200];
    static uint8_t encoded[1300];
    static uint8_t decoded[1200];
    static uint8_t staged[1300];
    size_t length;
    for (length = 0; length <= 1100; length += 1 + length / 50) {
        size_t i;
        int32_t n;
        int32_t m;
        int32_t k;
        const uint32_t zero_every = 1 + rng_below(300);
        for (i = 0; i < length; i++) {
            raw[i] = rng_below(zero_every) == 0 ? 0 : (uint8_t)(1 + rng_below(255));
        }
        n = ps_cobs_encode(raw, length, encoded, sizeof encoded);
        PS_EXPECT_TRUE("encoded length within the bound",
                       n >= 1 && (size_t)n <= PS_COBS_MAX_ENCODED_SIZE(length));
        PS_EXPECT_TRUE("no zero in the encoding", n > 0 && memchr(encoded, 0, (size_t)n) == NULL);
        m = ps_cobs_decode(encoded, (size_t)n, decoded, sizeof decoded);
        EXPECT_EQ("decoded length", (int32_t)length, m);
        EXPECT_BYTES("decoded bytes", raw, decoded, length);
        /* In place: staged behind by the worst-case overhead. */
        memcpy(staged + PS_COBS_MAX_OVERHEAD(length), raw, length);
        k = ps_cobs_encode(staged + PS_COBS_MAX_OVERHEAD(length), length, staged, sizeof staged);
        EXPECT_EQ("in-place length", n, k);
        EXPECT_BYTES("in-place bytes", encoded, staged, (size_t)n);
    }
}

static void test_cobs_refuses_malformed_input_and_small_buffers(void)
{
    static const uint8_t with_zero[] = {0x03, 0x11, 0x00};
    static const uint8_t too_long[] = {0x05, 0x11, 0x22};
    static const uint8_t zero_code[] = {0x00};
    static const uint8_t raw[] = {0x11, 0x22, 0x00, 0x33};
    uint8_t out[8];
    EXPECT_EQ("zero inside a block", PS_COBS_E_MALFORMED, ps_cobs_decode(with_zero, 3, out, 8));
    EXPECT_EQ("block past the end", PS_COBS_E_MALFORMED, ps_cobs_decode(too_long, 3, out, 8));
    EXPECT_EQ("zero code byte", PS_COBS_E_MALFORMED, ps_cobs_decode(zero_code, 1, out, 8));
    EXPECT_EQ("encode into 4 of 5 bytes", PS_COBS_E_CAPACITY, ps_cobs_encode(raw, 4, out, 4));
    EXPECT_EQ("encode into nothing", PS_COBS_E_CAPACITY, ps_cobs_encode(raw, 0, out, 0));
    EXPECT_EQ("encode NULL", PS_COBS_E_ARGUMENT, ps_cobs_encode(NULL, 4, out, 8));
    {
        static const uint8_t e[] = {0x03, 0x11, 0x22, 0x02, 0x33};
        EXPECT_EQ("decode into 3 of 4 bytes", PS_COBS_E_CAPACITY, ps_cobs_decode(e, 5, out, 3));
    }
}

/* ---------------------------------------------------------------- random messages */

static char text_pool[PS_PROTO_MAX_LABELS + 4][PS_PROTO_MAX_TEXT + 1];

static ps_proto_text random_text(size_t slot, uint16_t max_length)
{
    ps_proto_text text;
    uint16_t i;
    const uint16_t length = (uint16_t)rng_below((uint32_t)max_length + 1u);
    for (i = 0; i < length; i++) {
        text_pool[slot][i] = (char)(0x20 + rng_below(0x5F)); /* printable ASCII */
    }
    text.chars = text_pool[slot];
    text.length = length;
    return text;
}

static ps_proto_layer random_layer(void)
{
    ps_proto_layer layer;
    layer.layer_index = (uint16_t)rng_next();
    layer.height = (uint16_t)rng_next();
    layer.width = (uint16_t)rng_next();
    layer.channels = (uint16_t)rng_next();
    layer.scale_bits = rng_next();
    layer.zero_point = (int32_t)(rng_next() % 65536u) - 32768;
    return layer;
}

static ps_proto_config random_config(void)
{
    ps_proto_config config;
    config.layer_index = (uint16_t)rng_next();
    config.decimation = (uint16_t)rng_next();
    config.window = (uint16_t)rng_next();
    config.options = (uint8_t)rng_next();
    config.map_encoding = (uint8_t)rng_next();
    config.channel_mask = ((uint64_t)rng_next() << 32) | rng_next();
    return config;
}

static uint8_t pixel_pool[PS_PROTO_MAX_PAYLOAD];
static int8_t value_pool[PS_PROTO_MAP_MAX_DATA * 4];

static ps_proto_image_chunk random_image_chunk(size_t max_bytes)
{
    ps_proto_image_chunk chunk;
    size_t i;
    size_t bytes;
    chunk.pixel_format = (uint8_t)(1 + rng_below(2));
    chunk.channels = (uint8_t)(1 + rng_below(3));
    chunk.width = (uint16_t)(1 + rng_below((uint32_t)(max_bytes / chunk.channels)));
    chunk.rows = (uint16_t)(1 + rng_below((uint32_t)(max_bytes / chunk.channels / chunk.width)));
    chunk.row0 = (uint16_t)rng_below(500);
    chunk.height = (uint16_t)(chunk.row0 + chunk.rows + rng_below(10));
    bytes = (size_t)chunk.rows * chunk.width * chunk.channels;
    for (i = 0; i < bytes; i++) {
        pixel_pool[i] = (uint8_t)rng_next();
    }
    chunk.data = pixel_pool;
    return chunk;
}

static ps_proto_envelope random_envelope(void)
{
    ps_proto_envelope envelope;
    envelope.seq = (uint16_t)rng_next();
    envelope.flags = (uint8_t)(rng_next() & 1u);
    envelope.ref_seq = envelope.flags ? (uint16_t)rng_next() : 0;
    return envelope;
}

/* A random golden_frame of the given type; data points into the pools above. */
static void random_message(uint8_t type, golden_frame *g)
{
    size_t i;
    memset(g, 0, sizeof *g);
    g->name = "random";
    g->type = type;
    g->envelope = random_envelope();
    switch (type) {
    case PS_PROTO_MSG_PING: g->msg.ping.token = rng_next(); break;
    case PS_PROTO_MSG_HELLO_REQUEST:
        g->msg.hello_request.protocol_major = (uint8_t)rng_next();
        g->msg.hello_request.protocol_minor = (uint8_t)rng_next();
        break;
    case PS_PROTO_MSG_CONFIG: g->msg.config = random_config(); break;
    case PS_PROTO_MSG_SET_INPUT:
        g->msg.set_input = random_image_chunk(PS_PROTO_MAX_PAYLOAD - PS_PROTO_IMAGE_CHUNK_SIZE);
        break;
    case PS_PROTO_MSG_FRAME_ACK: g->msg.frame_ack.frame_number = rng_next(); break;
    case PS_PROTO_MSG_PONG:
        g->msg.pong.token = rng_next();
        g->msg.pong.uptime_ms = rng_next();
        g->msg.pong.tx_dropped = rng_next();
        g->msg.pong.rx_dropped = rng_next();
        break;
    case PS_PROTO_MSG_HELLO: {
        ps_proto_hello *h = &g->msg.hello;
        h->protocol_major = (uint8_t)rng_next();
        h->protocol_minor = (uint8_t)rng_next();
        h->firmware_major = (uint8_t)rng_next();
        h->firmware_minor = (uint8_t)rng_next();
        h->firmware_patch = (uint16_t)rng_next();
        h->layer_count = (uint16_t)rng_next();
        h->capabilities = rng_next();
        for (i = 0; i < PS_PROTO_MODEL_HASH_SIZE; i++) {
            h->model_hash[i] = (uint8_t)rng_next();
        }
        h->input_height = (uint16_t)rng_next();
        h->input_width = (uint16_t)rng_next();
        h->input_channels = (uint16_t)rng_next();
        h->rx_payload_max = (uint16_t)rng_next();
        h->layer = random_layer();
        h->board_id = random_text(PS_PROTO_MAX_LABELS, 40);
        h->label_count = (uint8_t)rng_below(PS_PROTO_MAX_LABELS + 1u);
        for (i = 0; i < h->label_count; i++) {
            h->labels[i] = random_text(i, 12); /* 64 labels x 13 bytes still fit */
        }
        break;
    }
    case PS_PROTO_MSG_CONFIG_ACK:
        g->msg.config_ack.config = random_config();
        g->msg.config_ack.layer = random_layer();
        break;
    case PS_PROTO_MSG_INPUT_ACK:
        g->msg.input_ack.rows_received = (uint16_t)rng_next();
        g->msg.input_ack.height = (uint16_t)rng_next();
        break;
    case PS_PROTO_MSG_FRAME: {
        ps_proto_frame *f = &g->msg.frame;
        f->frame_number = rng_next();
        f->inference_time = rng_next();
        f->frames_skipped = rng_next();
        f->output_scale_bits = rng_next();
        f->output_zero_point = s8_of(rng_next());
        f->layer_index = (uint16_t)rng_next();
        f->parts_sent = (uint16_t)rng_next();
        f->parts_dropped = (uint16_t)rng_next();
        f->time_unit = (uint8_t)rng_below(4);
        f->score_count = (uint8_t)rng_below(PS_PROTO_MAX_LABELS + 1u);
        for (i = 0; i < f->score_count; i++) {
            f->scores[i] = s8_of(rng_next());
        }
        break;
    }
    case PS_PROTO_MSG_MAP: {
        ps_proto_map *m = &g->msg.map;
        const uint32_t fill_percent = rng_below(101);
        size_t count;
        m->frame_number = rng_next();
        m->layer_index = (uint16_t)rng_next();
        m->channel = (uint16_t)rng_below(64);
        m->width = (uint16_t)(1 + rng_below(PS_PROTO_MAP_MAX_DATA));
        m->rows = (uint16_t)(1 + rng_below(PS_PROTO_MAP_MAX_DATA / m->width));
        m->row0 = (uint16_t)rng_below(200);
        m->height = (uint16_t)(m->row0 + m->rows + rng_below(5));
        m->encoding = (uint8_t)rng_below(2);
        m->fill = s8_of(rng_next());
        m->value_stride = 1 + rng_below(4);
        count = (size_t)m->rows * m->width;
        for (i = 0; i < count * m->value_stride; i++) {
            value_pool[i] = rng_below(100) < fill_percent ? m->fill : s8_of(rng_next());
        }
        m->values = value_pool;
        break;
    }
    case PS_PROTO_MSG_IMAGE:
        g->msg.image.frame_number = rng_next();
        g->msg.image.chunk = random_image_chunk(PS_PROTO_IMAGE_MAX_DATA);
        break;
    case PS_PROTO_MSG_LOG:
        g->msg.log.level = (uint8_t)rng_below(5);
        g->msg.log.text = random_text(0, PS_PROTO_MAX_TEXT);
        break;
    case PS_PROTO_MSG_ERROR:
        g->msg.error.code = (uint16_t)rng_next();
        g->msg.error.text = random_text(0, PS_PROTO_MAX_TEXT);
        break;
    default: break;
    }
}

static const uint8_t all_types[] = {
    PS_PROTO_MSG_PING,     PS_PROTO_MSG_HELLO_REQUEST, PS_PROTO_MSG_CONFIG,
    PS_PROTO_MSG_SET_INPUT, PS_PROTO_MSG_FRAME_ACK,    PS_PROTO_MSG_PONG,
    PS_PROTO_MSG_HELLO,    PS_PROTO_MSG_CONFIG_ACK,    PS_PROTO_MSG_INPUT_ACK,
    PS_PROTO_MSG_FRAME,    PS_PROTO_MSG_MAP,           PS_PROTO_MSG_IMAGE,
    PS_PROTO_MSG_LOG,      PS_PROTO_MSG_ERROR,
};

/* ---------------------------------------------------------------- round trips */

static void test_every_message_round_trips_through_encoder_decoder_and_parser(void)
{
    static golden_frame g;
    uint8_t wire[PS_PROTO_MAX_WIRE_SIZE];
    uint8_t buffer[PS_PROTO_MAX_PACKET_SIZE];
    size_t t;
    int round;
    for (t = 0; t < sizeof all_types; t++) {
        for (round = 0; round < 60; round++) {
            ps_proto_packet packet;
            int32_t n;
            random_message(all_types[t], &g);
            n = golden_encode(&g, wire, sizeof wire);
            if (n <= 0) {
                EXPECT_EQ("encode a random message", 1, n > 0);
                continue;
            }
            PS_EXPECT_TRUE("wire length within PS_PROTO_MAX_WIRE_SIZE",
                           (size_t)n <= PS_PROTO_MAX_WIRE_SIZE);
            PS_EXPECT_TRUE("only the last byte is a delimiter",
                           memchr(wire, 0, (size_t)n - 1u) == NULL && wire[n - 1] == 0);
            PS_EXPECT_TRUE("decodes to one packet",
                           decode_one(wire, (size_t)n, buffer, sizeof buffer, &packet, round & 1));
            expect_golden_fields(&g, &packet);
        }
    }
}

static void test_encoders_need_exactly_the_documented_capacity(void)
{
    static golden_frame frames[GOLDEN_FRAME_COUNT];
    static uint8_t out[PS_PROTO_MAX_WIRE_SIZE + 16];
    size_t i;
    golden_frames_build(frames);
    for (i = 0; i < GOLDEN_FRAME_COUNT; i++) {
        const int32_t n = golden_encode(&frames[i], out, sizeof out);
        uint8_t packet[PS_PROTO_MAX_PACKET_SIZE];
        const int32_t packet_length = ps_cobs_decode(out, (size_t)n - 1u, packet, sizeof packet);
        const size_t payload = (size_t)packet_length - PS_PROTO_HEADER_SIZE - PS_PROTO_CRC_SIZE;
        const size_t needed = PS_PROTO_WIRE_CAPACITY(payload);
        size_t capacity;
        int all_refused = 1;
        int canary_intact = 1;
        for (capacity = 0; capacity < needed; capacity++) {
            memset(out, 0xA5, sizeof out);
            if (golden_encode(&frames[i], out, capacity) != PS_PROTO_E_CAPACITY) {
                all_refused = 0;
            }
            if (out[capacity] != 0xA5 || out[capacity + 1] != 0xA5) {
                canary_intact = 0;
            }
        }
        PS_EXPECT_TRUE("every capacity below PS_PROTO_WIRE_CAPACITY is refused", all_refused);
        PS_EXPECT_TRUE("nothing is written past the capacity", canary_intact);
        EXPECT_EQ("PS_PROTO_WIRE_CAPACITY suffices", n, golden_encode(&frames[i], out, needed));
    }
}

static void test_encoders_refuse_bad_arguments_and_long_payloads(void)
{
    static golden_frame frames[GOLDEN_FRAME_COUNT];
    static ps_proto_hello hello;
    static char long_text[PS_PROTO_MAX_TEXT + 2];
    static int8_t values[2048];
    uint8_t out[PS_PROTO_MAX_WIRE_SIZE];
    ps_proto_envelope envelope = {1, 0, 0};
    ps_proto_log log;
    ps_proto_map map;
    ps_proto_image_chunk chunk;
    ps_proto_frame frame;
    size_t i;

    golden_frames_build(frames);
    EXPECT_EQ("NULL envelope", PS_PROTO_E_ARGUMENT,
              ps_proto_encode_ping(NULL, &frames[0].msg.ping, out, sizeof out));
    EXPECT_EQ("NULL message", PS_PROTO_E_ARGUMENT, ps_proto_encode_ping(&envelope, NULL, out, sizeof out));
    EXPECT_EQ("NULL output", PS_PROTO_E_ARGUMENT,
              ps_proto_encode_ping(&envelope, &frames[0].msg.ping, NULL, sizeof out));

    memset(long_text, 'x', sizeof long_text - 1u);
    log.level = PS_PROTO_LOG_INFO;
    log.text = ps_proto_text_of(long_text);
    EXPECT_EQ("text_of stops counting past the limit", PS_PROTO_MAX_TEXT + 1, log.text.length);
    EXPECT_EQ("a 256-byte text", PS_PROTO_E_ARGUMENT, ps_proto_encode_log(&envelope, &log, out, sizeof out));
    log.text.length = PS_PROTO_MAX_TEXT;
    PS_EXPECT_TRUE("a 255-byte text", ps_proto_encode_log(&envelope, &log, out, sizeof out) > 0);
    log.text.chars = NULL;
    EXPECT_EQ("NULL text with a length", PS_PROTO_E_ARGUMENT,
              ps_proto_encode_log(&envelope, &log, out, sizeof out));

    hello = frames[6].msg.hello;
    hello.label_count = PS_PROTO_MAX_LABELS + 1u;
    EXPECT_EQ("65 labels", PS_PROTO_E_ARGUMENT, ps_proto_encode_hello(&envelope, &hello, out, sizeof out));
    hello.label_count = PS_PROTO_MAX_LABELS;
    for (i = 0; i < PS_PROTO_MAX_LABELS; i++) {
        hello.labels[i].chars = long_text;
        hello.labels[i].length = 20; /* 64 x 21 bytes > PS_PROTO_MAX_PAYLOAD */
    }
    EXPECT_EQ("labels beyond the payload limit", PS_PROTO_E_TOO_LONG,
              ps_proto_encode_hello(&envelope, &hello, out, sizeof out));

    frame = frames[12].msg.frame;
    frame.score_count = PS_PROTO_MAX_LABELS + 1u;
    EXPECT_EQ("65 scores", PS_PROTO_E_ARGUMENT, ps_proto_encode_frame(&envelope, &frame, out, sizeof out));

    chunk = frames[3].msg.set_input;
    chunk.rows = 0;
    EXPECT_EQ("zero rows", PS_PROTO_E_ARGUMENT, ps_proto_encode_set_input(&envelope, &chunk, out, sizeof out));
    chunk = frames[3].msg.set_input;
    chunk.row0 = 95; /* rows 95..96 of a 96-row image */
    EXPECT_EQ("rows past the height", PS_PROTO_E_ARGUMENT,
              ps_proto_encode_set_input(&envelope, &chunk, out, sizeof out));
    chunk = frames[3].msg.set_input;
    chunk.data = NULL;
    EXPECT_EQ("no pixels", PS_PROTO_E_ARGUMENT, ps_proto_encode_set_input(&envelope, &chunk, out, sizeof out));
    chunk = frames[3].msg.set_input;
    chunk.height = 200;
    chunk.width = 200;
    chunk.rows = 6; /* 1200 bytes */
    EXPECT_EQ("pixels beyond the payload limit", PS_PROTO_E_TOO_LONG,
              ps_proto_encode_set_input(&envelope, &chunk, out, sizeof out));

    map = frames[9].msg.map;
    map.value_stride = 0;
    EXPECT_EQ("stride 0", PS_PROTO_E_ARGUMENT, ps_proto_encode_map(&envelope, &map, out, sizeof out));
    map = frames[9].msg.map;
    map.encoding = 7;
    EXPECT_EQ("unknown encoding", PS_PROTO_E_ARGUMENT, ps_proto_encode_map(&envelope, &map, out, sizeof out));
    map = frames[9].msg.map;
    map.rows = 11; /* 11 x 96 = 1056 values > PS_PROTO_MAP_MAX_DATA, even all fill */
    memset(values, 0x80, sizeof values);
    map.values = values;
    EXPECT_EQ("a MAP whose RAW form would not fit", PS_PROTO_E_TOO_LONG,
              ps_proto_encode_map(&envelope, &map, out, sizeof out));
    map.rows = (uint16_t)(PS_PROTO_MAP_MAX_DATA / 96u);
    PS_EXPECT_TRUE("the most rows that fit", ps_proto_encode_map(&envelope, &map, out, sizeof out) > 0);
}

/* ---------------------------------------------------------------- parsers */

/* A packet over a payload copy, as the decoder would deliver it. */
static ps_proto_packet packet_of(uint8_t type, const uint8_t *payload, uint16_t length)
{
    ps_proto_packet packet;
    packet.header.type = type;
    packet.header.flags = 0;
    packet.header.seq = 0;
    packet.header.ref_seq = 0;
    packet.header.length = length;
    packet.payload = payload;
    return packet;
}

static void test_parsers_refuse_short_payloads_and_accept_longer_ones(void)
{
    static golden_frame frames[GOLDEN_FRAME_COUNT];
    uint8_t wire[PS_PROTO_MAX_WIRE_SIZE];
    uint8_t packet_bytes[PS_PROTO_MAX_PACKET_SIZE];
    static uint8_t payload[PS_PROTO_MAX_PAYLOAD + 8];
    size_t i;
    golden_frames_build(frames);
    for (i = 0; i < GOLDEN_FRAME_COUNT; i++) {
        const int32_t n = golden_encode(&frames[i], wire, sizeof wire);
        const int32_t m = ps_cobs_decode(wire, (size_t)n - 1u, packet_bytes, sizeof packet_bytes);
        const uint16_t length = (uint16_t)(m - (int32_t)(PS_PROTO_HEADER_SIZE + PS_PROTO_CRC_SIZE));
        uint16_t cut;
        int all_short_refused = 1;
        ps_proto_packet packet;
        memcpy(payload, packet_bytes + PS_PROTO_HEADER_SIZE, length);
        for (cut = 0; cut < length; cut++) {
            packet = packet_of(frames[i].type, payload, cut);
            if (parse_any(&packet) != PS_PROTO_E_MALFORMED) {
                all_short_refused = 0;
                ps_test_fail(__FILE__, __LINE__, "%s cut to %u of %u bytes parsed", frames[i].name,
                             (unsigned)cut, (unsigned)length);
            }
        }
        PS_EXPECT_TRUE("every truncated payload is refused", all_short_refused);
        /* A later minor version may append fields: trailing bytes are ignored. */
        memset(payload + length, 0xEE, 8);
        packet = packet_of(frames[i].type, payload, (uint16_t)(length + 8u));
        packet.header.flags = frames[i].envelope.flags;
        packet.header.seq = frames[i].envelope.seq;
        packet.header.ref_seq = frames[i].envelope.ref_seq;
        EXPECT_EQ("8 trailing bytes are ignored", PS_PROTO_OK, parse_any(&packet));
        expect_golden_fields(&frames[i], &packet);
        /* Another type's parser refuses it. */
        packet = packet_of(frames[i].type, payload, length);
        {
            ps_proto_ping ping;
            ps_proto_error error;
            ps_proto_status status = frames[i].type == PS_PROTO_MSG_PING
                                         ? ps_proto_parse_error(&packet, &error)
                                         : ps_proto_parse_ping(&packet, &ping);
            EXPECT_EQ("another type's parser", PS_PROTO_E_TYPE, status);
        }
    }
}

static void test_parsers_refuse_counts_and_shapes_the_spec_forbids(void)
{
    static uint8_t payload[PS_PROTO_MAX_PAYLOAD];
    static ps_proto_hello hello;
    ps_proto_packet packet;
    ps_proto_frame frame;
    ps_proto_map map;
    ps_proto_image_chunk chunk;

    memset(payload, 0, sizeof payload);
    payload[PS_PROTO_HELLO_FIXED_SIZE] = 0;                      /* board_id "" */
    payload[PS_PROTO_HELLO_FIXED_SIZE + 1] = PS_PROTO_MAX_LABELS + 1; /* label_count 65 */
    packet = packet_of(PS_PROTO_MSG_HELLO, payload, 1000);
    EXPECT_EQ("HELLO with 65 labels", PS_PROTO_E_MALFORMED, ps_proto_parse_hello(&packet, &hello));

    memset(payload, 0, sizeof payload);
    payload[PS_PROTO_FRAME_FIXED_SIZE - 1] = PS_PROTO_MAX_LABELS + 1; /* score_count 65 */
    packet = packet_of(PS_PROTO_MSG_FRAME, payload, 200);
    EXPECT_EQ("FRAME with 65 scores", PS_PROTO_E_MALFORMED, ps_proto_parse_frame(&packet, &frame));

    /* MAP: height 4, width 4, row0 0, rows 2, RAW, data_length 7 (should be 8). */
    memset(payload, 0, sizeof payload);
    payload[8] = 4;
    payload[10] = 4;
    payload[14] = 2;
    payload[16] = PS_PROTO_ENCODING_RAW;
    payload[18] = 7;
    packet = packet_of(PS_PROTO_MSG_MAP, payload, PS_PROTO_MAP_FIXED_SIZE + 7);
    EXPECT_EQ("RAW MAP with 7 of 8 values", PS_PROTO_E_MALFORMED, ps_proto_parse_map(&packet, &map));
    payload[18] = 8;
    packet = packet_of(PS_PROTO_MSG_MAP, payload, PS_PROTO_MAP_FIXED_SIZE + 8);
    EXPECT_EQ("RAW MAP with 8 of 8 values", PS_PROTO_OK, ps_proto_parse_map(&packet, &map));
    payload[14] = 5; /* rows 0..4 of 4 */
    EXPECT_EQ("MAP rows past the height", PS_PROTO_E_MALFORMED, ps_proto_parse_map(&packet, &map));
    payload[14] = 0;
    EXPECT_EQ("MAP with no rows", PS_PROTO_E_MALFORMED, ps_proto_parse_map(&packet, &map));
    /* RLE MAP expanding to more than a packet may carry: 20 x 96 values. */
    payload[8] = 20;
    payload[10] = 96;
    payload[14] = 20;
    payload[16] = PS_PROTO_ENCODING_RLE;
    payload[18] = 2;
    packet = packet_of(PS_PROTO_MSG_MAP, payload, PS_PROTO_MAP_FIXED_SIZE + 2);
    EXPECT_EQ("MAP beyond PS_PROTO_MAP_MAX_DATA values", PS_PROTO_E_MALFORMED,
              ps_proto_parse_map(&packet, &map));

    /* SET_INPUT: 2 x 3 x 2 = 12 bytes announced, 11 present. */
    memset(payload, 0, sizeof payload);
    payload[0] = PS_PROTO_PIXEL_GRAY8;
    payload[1] = 2;
    payload[2] = 2;
    payload[4] = 3;
    payload[8] = 2;
    packet = packet_of(PS_PROTO_MSG_SET_INPUT, payload, PS_PROTO_IMAGE_CHUNK_SIZE + 11);
    EXPECT_EQ("SET_INPUT one byte short", PS_PROTO_E_MALFORMED, ps_proto_parse_set_input(&packet, &chunk));
    packet = packet_of(PS_PROTO_MSG_SET_INPUT, payload, PS_PROTO_IMAGE_CHUNK_SIZE + 12);
    EXPECT_EQ("SET_INPUT complete", PS_PROTO_OK, ps_proto_parse_set_input(&packet, &chunk));
    payload[1] = 0;
    EXPECT_EQ("SET_INPUT with 0 channels", PS_PROTO_E_MALFORMED, ps_proto_parse_set_input(&packet, &chunk));

    packet = packet_of(PS_PROTO_MSG_PING, NULL, 4);
    EXPECT_EQ("NULL payload with a length", PS_PROTO_E_ARGUMENT, parse_any(&packet));
    EXPECT_EQ("NULL packet", PS_PROTO_E_ARGUMENT, ps_proto_parse_frame(NULL, &frame));
}

/* ---------------------------------------------------------------- RLE */

static void test_rle_encodes_runs_of_the_fill_value_exactly_as_specified(void)
{
    static int8_t values[1000];
    static int8_t back[1000];
    static uint8_t encoded[2100];
    static const int8_t example[] = {5, -128, -128, -128, 7, -128};
    static const uint8_t expected[] = {0x05, 0x80, 0x02, 0x07, 0x80, 0x00};
    int32_t n;
    size_t i;
    int round;

    n = ps_proto_rle_encode(example, 1, sizeof example, -128, encoded, sizeof encoded);
    EXPECT_EQ("example length", (int32_t)sizeof expected, n);
    EXPECT_BYTES("example bytes", expected, encoded, sizeof expected);
    EXPECT_EQ("measuring agrees", n, ps_proto_rle_encode(example, 1, sizeof example, -128, NULL, 0));

    /* 600 fills: runs of 256, 256 and 88. */
    for (i = 0; i < 600; i++) {
        values[i] = 0;
    }
    n = ps_proto_rle_encode(values, 1, 600, 0, encoded, sizeof encoded);
    EXPECT_EQ("600 fills in 3 tokens", 6, n);
    EXPECT_EQ("first run 256", 0xFF, encoded[1]);
    EXPECT_EQ("second run 256", 0xFF, encoded[3]);
    EXPECT_EQ("last run 88", 87, encoded[5]);
    EXPECT_EQ("600 fills decode", PS_PROTO_OK, ps_proto_rle_decode(encoded, 6, 0, back, 600));

    /* Isolated fills double in size; the encoder stops at the capacity. */
    for (i = 0; i < 10; i++) {
        values[i] = (int8_t)(i % 2 == 0 ? 3 : 9);
    }
    EXPECT_EQ("5 isolated fills take 15 bytes", 15, ps_proto_rle_encode(values, 1, 10, 3, NULL, 0));
    EXPECT_EQ("no room for 15", PS_PROTO_E_CAPACITY, ps_proto_rle_encode(values, 1, 10, 3, encoded, 14));

    for (round = 0; round < 300; round++) {
        const int8_t fill = s8_of(rng_next());
        const size_t count = 1 + rng_below(1000);
        const uint32_t stride = 1 + rng_below(3);
        const uint32_t fill_percent = rng_below(101);
        static int8_t strided[3000];
        int ok = 1;
        for (i = 0; i < count * stride; i++) {
            strided[i] = rng_below(100) < fill_percent ? fill : s8_of(rng_next());
        }
        n = ps_proto_rle_encode(strided, stride, count, fill, encoded, sizeof encoded);
        if (n < 0 || ps_proto_rle_decode(encoded, (size_t)n, fill, back, count) != PS_PROTO_OK) {
            ok = 0;
        } else {
            for (i = 0; i < count; i++) {
                ok &= back[i] == strided[i * stride];
            }
        }
        if (!ok) {
            ps_test_fail(__FILE__, __LINE__, "RLE round trip %d (count %zu, stride %u)", round,
                         count, (unsigned)stride);
        } else {
            ps_test_pass();
        }
    }
}

static void test_rle_decoder_refuses_data_of_the_wrong_length(void)
{
    static const uint8_t dangling[] = {0x05, 0x80};
    static const uint8_t overrun[] = {0x80, 0x09};
    static const uint8_t fine[] = {0x05, 0x80, 0x01};
    int8_t out[16];
    PS_EXPECT_EQ_I32("fill without a count", PS_PROTO_E_MALFORMED, ps_proto_rle_decode(dangling, 2, -128, out, 3));
    PS_EXPECT_EQ_I32("a run past the end", PS_PROTO_E_MALFORMED, ps_proto_rle_decode(overrun, 2, -128, out, 5));
    PS_EXPECT_EQ_I32("too few values", PS_PROTO_E_MALFORMED, ps_proto_rle_decode(fine, 3, -128, out, 4));
    PS_EXPECT_EQ_I32("too many values", PS_PROTO_E_MALFORMED, ps_proto_rle_decode(fine, 3, -128, out, 2));
    PS_EXPECT_EQ_I32("exactly right", PS_PROTO_OK, ps_proto_rle_decode(fine, 3, -128, out, 3));
    PS_EXPECT_EQ_I32("value 0", 5, out[0]);
    PS_EXPECT_EQ_I32("value 2", -128, out[2]);
}

static void test_map_falls_back_to_raw_unless_rle_is_strictly_shorter(void)
{
    static int8_t values[96];
    uint8_t wire[PS_PROTO_MAX_WIRE_SIZE];
    uint8_t buffer[PS_PROTO_MAX_PACKET_SIZE];
    ps_proto_envelope envelope = {1, 0, 0};
    ps_proto_packet packet;
    ps_proto_map map;
    ps_proto_map parsed;
    size_t i;
    int32_t n;
    memset(&map, 0, sizeof map);
    map.height = 1;
    map.width = 96;
    map.rows = 1;
    map.encoding = PS_PROTO_ENCODING_RLE;
    map.fill = -128;
    map.values = values;
    map.value_stride = 1;
    for (i = 0; i < 96; i++) {
        values[i] = (int8_t)(i % 3 == 0 ? -128 : 1); /* 32 isolated fills: RLE 128 bytes */
    }
    n = ps_proto_encode_map(&envelope, &map, wire, sizeof wire);
    PS_EXPECT_TRUE("incompressible map decodes", decode_one(wire, (size_t)n, buffer, sizeof buffer, &packet, 0));
    EXPECT_EQ("parses", PS_PROTO_OK, ps_proto_parse_map(&packet, &parsed));
    EXPECT_EQ("sent as RAW", PS_PROTO_ENCODING_RAW, parsed.encoding);
    EXPECT_EQ("96 data bytes", 96, parsed.data_length);
    for (i = 0; i < 96; i++) {
        values[i] = (int8_t)(i < 47 ? -128 : 1); /* RLE 2 + 49 = 51 bytes */
    }
    n = ps_proto_encode_map(&envelope, &map, wire, sizeof wire);
    PS_EXPECT_TRUE("sparse map decodes", decode_one(wire, (size_t)n, buffer, sizeof buffer, &packet, 0));
    EXPECT_EQ("parses", PS_PROTO_OK, ps_proto_parse_map(&packet, &parsed));
    EXPECT_EQ("sent as RLE", PS_PROTO_ENCODING_RLE, parsed.encoding);
    EXPECT_EQ("51 data bytes", 51, parsed.data_length);
    parsed.encoding = 9;
    EXPECT_EQ("an unknown encoding does not expand", PS_PROTO_E_UNSUPPORTED,
              ps_proto_map_expand(&parsed, values, sizeof values));
    parsed.encoding = PS_PROTO_ENCODING_RLE;
    EXPECT_EQ("expanding needs room for every value", PS_PROTO_E_CAPACITY,
              ps_proto_map_expand(&parsed, values, 95));
}

static void test_rows_per_packet_fill_a_payload_with_whole_rows(void)
{
    EXPECT_EQ("96-wide map rows", (PS_PROTO_MAX_PAYLOAD - PS_PROTO_MAP_FIXED_SIZE) / 96u,
              ps_proto_map_rows_per_packet(96, PS_PROTO_MAX_PAYLOAD));
    EXPECT_EQ("a larger max is clamped", ps_proto_map_rows_per_packet(96, PS_PROTO_MAX_PAYLOAD),
              ps_proto_map_rows_per_packet(96, 0xFFFF));
    EXPECT_EQ("a row too wide", 0, ps_proto_map_rows_per_packet(2000, PS_PROTO_MAX_PAYLOAD));
    EXPECT_EQ("width 0", 0, ps_proto_map_rows_per_packet(0, PS_PROTO_MAX_PAYLOAD));
    EXPECT_EQ("SET_INPUT rows of 96 x 1 for a board taking 256-byte payloads",
              (PS_PROTO_MIN_RX_PAYLOAD - PS_PROTO_IMAGE_CHUNK_SIZE) / 96u,
              ps_proto_set_input_rows_per_packet(96, 1, PS_PROTO_MIN_RX_PAYLOAD));
    EXPECT_EQ("IMAGE rows", (PS_PROTO_MAX_PAYLOAD - PS_PROTO_IMAGE_FIXED_SIZE) / (96u * 3u),
              ps_proto_image_rows_per_packet(96, 3, PS_PROTO_MAX_PAYLOAD));
}

/* ---------------------------------------------------------------- decoder */

static void test_decoder_drops_and_counts_each_kind_of_bad_packet(void)
{
    static golden_frame frames[GOLDEN_FRAME_COUNT];
    uint8_t wire[PS_PROTO_MAX_WIRE_SIZE];
    uint8_t packet_bytes[PS_PROTO_MAX_PACKET_SIZE + 8];
    uint8_t encoded[PS_PROTO_MAX_WIRE_SIZE + 16];
    uint8_t buffer[PS_PROTO_MAX_PACKET_SIZE];
    ps_proto_decoder decoder;
    ps_proto_packet packet;
    size_t used;
    int32_t n;
    int32_t m;
    int32_t k;

    golden_frames_build(frames);
    EXPECT_EQ("init with a tiny buffer", PS_PROTO_E_ARGUMENT,
              ps_proto_decoder_init(&decoder, buffer, PS_PROTO_HEADER_SIZE + PS_PROTO_CRC_SIZE - 1));
    EXPECT_EQ("init", PS_PROTO_OK, ps_proto_decoder_init(&decoder, buffer, sizeof buffer));
    EXPECT_EQ("feed NULL", PS_PROTO_E_ARGUMENT, ps_proto_decoder_feed(&decoder, NULL, 3, &used, &packet));

    /* Too short: a valid COBS encoding of 11 bytes. */
    memset(packet_bytes, 0x11, 11);
    k = ps_cobs_encode(packet_bytes, 11, encoded, sizeof encoded);
    encoded[k] = 0;
    ps_proto_decoder_feed(&decoder, encoded, (size_t)k + 1u, &used, &packet);
    EXPECT_EQ("too_short", 1, decoder.stats.too_short);

    /* Bad length: a PING packet whose header says 5 payload bytes, CRC recomputed. */
    n = golden_encode(&frames[0], wire, sizeof wire);
    m = ps_cobs_decode(wire, (size_t)n - 1u, packet_bytes, sizeof packet_bytes);
    packet_bytes[6] = 5;
    {
        const uint32_t crc = ps_crc32(packet_bytes, (size_t)m - 4u);
        packet_bytes[m - 4] = (uint8_t)crc;
        packet_bytes[m - 3] = (uint8_t)(crc >> 8);
        packet_bytes[m - 2] = (uint8_t)(crc >> 16);
        packet_bytes[m - 1] = (uint8_t)(crc >> 24);
    }
    k = ps_cobs_encode(packet_bytes, (size_t)m, encoded, sizeof encoded);
    encoded[k] = 0;
    EXPECT_EQ("bad length: no packet", PS_PROTO_OK,
              ps_proto_decoder_feed(&decoder, encoded, (size_t)k + 1u, &used, &packet));
    EXPECT_EQ("bad_length", 1, decoder.stats.bad_length);

    /* Bad CRC. */
    m = ps_cobs_decode(wire, (size_t)n - 1u, packet_bytes, sizeof packet_bytes);
    packet_bytes[9] ^= 0x40u;
    k = ps_cobs_encode(packet_bytes, (size_t)m, encoded, sizeof encoded);
    encoded[k] = 0;
    ps_proto_decoder_feed(&decoder, encoded, (size_t)k + 1u, &used, &packet);
    EXPECT_EQ("bad_crc", 1, decoder.stats.bad_crc);

    /* Truncated: half a packet, then a delimiter. */
    encoded[0] = wire[0];
    encoded[1] = wire[1];
    encoded[2] = 0x09; /* a block announcing 8 more bytes */
    encoded[3] = 0;
    ps_proto_decoder_feed(&decoder, encoded, 4, &used, &packet);
    EXPECT_EQ("cobs", 1, decoder.stats.cobs);

    /* Empty packets are not counted. */
    encoded[0] = 0;
    encoded[1] = 0;
    ps_proto_decoder_feed(&decoder, encoded, 2, &used, &packet);
    EXPECT_EQ("empty packets are not drops", 4, ps_proto_decoder_dropped(&decoder));

    /* A packet too large for a small buffer is dropped as oversized; the next one decodes. */
    {
        uint8_t small[64];
        uint8_t hello_wire[PS_PROTO_MAX_WIRE_SIZE];
        const int32_t hello_length = golden_encode(&frames[6], hello_wire, sizeof hello_wire);
        ps_proto_decoder_init(&decoder, small, sizeof small);
        EXPECT_EQ("HELLO into 64 bytes", PS_PROTO_OK,
                  ps_proto_decoder_feed(&decoder, hello_wire, (size_t)hello_length, &used, &packet));
        EXPECT_EQ("oversized", 1, decoder.stats.oversized);
        EXPECT_EQ("then a PING", PS_PROTO_PACKET_READY,
                  ps_proto_decoder_feed(&decoder, wire, (size_t)n, &used, &packet));
        EXPECT_EQ("the PING's type", PS_PROTO_MSG_PING, packet.header.type);
    }

    /* Reset forgets a partial packet. */
    ps_proto_decoder_init(&decoder, buffer, sizeof buffer);
    ps_proto_decoder_feed(&decoder, wire, 5, &used, &packet);
    ps_proto_decoder_reset(&decoder);
    EXPECT_EQ("after reset the next packet decodes", PS_PROTO_PACKET_READY,
              ps_proto_decoder_feed(&decoder, wire, (size_t)n, &used, &packet));
    EXPECT_EQ("and nothing was dropped", 0, ps_proto_decoder_dropped(&decoder));
}

static void test_decoder_stops_after_each_packet_and_resumes(void)
{
    static golden_frame frames[GOLDEN_FRAME_COUNT];
    static uint8_t stream[8192];
    uint8_t buffer[PS_PROTO_MAX_PACKET_SIZE];
    ps_proto_decoder decoder;
    ps_proto_packet packet;
    size_t length = 0;
    size_t offset = 0;
    size_t i;
    size_t delivered = 0;
    golden_frames_build(frames);
    for (i = 0; i < GOLDEN_FRAME_COUNT; i++) {
        const int32_t n = golden_encode(&frames[i], stream + length, sizeof stream - length);
        length += (size_t)n;
    }
    ps_proto_decoder_init(&decoder, buffer, sizeof buffer);
    while (offset < length) {
        size_t used;
        if (ps_proto_decoder_feed(&decoder, stream + offset, length - offset, &used, &packet) ==
            PS_PROTO_PACKET_READY) {
            PS_EXPECT_TRUE("a packet ends at a delimiter", stream[offset + used - 1] == 0);
            if (delivered < GOLDEN_FRAME_COUNT) {
                expect_golden_fields(&frames[delivered], &packet);
            }
            delivered++;
        }
        offset += used;
    }
    EXPECT_EQ("every packet of the back-to-back stream", GOLDEN_FRAME_COUNT, delivered);
}

/* ---------------------------------------------------------------- golden files */

static size_t read_file(const char *path, uint8_t *out, size_t capacity)
{
    FILE *in = fopen(path, "rb");
    size_t n;
    if (in == NULL) {
        return 0;
    }
    n = fread(out, 1, capacity, in);
    fclose(in);
    return n;
}

static void test_golden_packets_match_the_encoder_and_parse_back(const char *directory)
{
    static golden_frame frames[GOLDEN_FRAME_COUNT];
    char path[1024];
    size_t i;
    golden_frames_build(frames);
    for (i = 0; i < GOLDEN_FRAME_COUNT; i++) {
        uint8_t file[PS_PROTO_MAX_WIRE_SIZE + 1];
        uint8_t wire[PS_PROTO_MAX_WIRE_SIZE];
        uint8_t buffer[PS_PROTO_MAX_PACKET_SIZE];
        ps_proto_packet packet;
        size_t file_length;
        int32_t n;
        snprintf(path, sizeof path, "%s/%s.bin", directory, frames[i].name);
        file_length = read_file(path, file, sizeof file);
        if (file_length == 0) {
            ps_test_fail(__FILE__, __LINE__, "cannot read %s (run make golden-frames)", path);
            continue;
        }
        n = golden_encode(&frames[i], wire, sizeof wire);
        EXPECT_EQ(frames[i].name, (int32_t)file_length, n);
        if ((size_t)n == file_length) {
            EXPECT_BYTES(frames[i].name, wire, file, file_length);
        }
        PS_EXPECT_TRUE(frames[i].name, decode_one(file, file_length, buffer, sizeof buffer, &packet, 0));
        expect_golden_fields(&frames[i], &packet);
    }
}

static void test_golden_stream_resynchronises_as_documented(const char *directory)
{
    static golden_frame frames[GOLDEN_FRAME_COUNT];
    static uint8_t file[16384];
    static uint8_t built[16384];
    uint8_t buffer[PS_PROTO_MAX_PACKET_SIZE];
    char path[1024];
    ps_proto_decoder decoder;
    ps_proto_packet packet;
    size_t file_length;
    size_t built_length;
    size_t offset = 0;
    size_t delivered = 0;
    size_t f;

    golden_frames_build(frames);
    snprintf(path, sizeof path, "%s/stream.bin", directory);
    file_length = read_file(path, file, sizeof file);
    built_length = golden_stream_build(frames, built, sizeof built);
    EXPECT_EQ("stream.bin length", built_length, file_length);
    if (built_length == file_length) {
        EXPECT_BYTES("stream.bin", built, file, file_length);
    }
    ps_proto_decoder_init(&decoder, buffer, sizeof buffer);
    while (offset < file_length) {
        size_t used;
        if (ps_proto_decoder_feed(&decoder, file + offset, file_length - offset, &used, &packet) ==
            PS_PROTO_PACKET_READY) {
            if (delivered < GOLDEN_STREAM_DELIVERED) {
                for (f = 0; f < GOLDEN_FRAME_COUNT; f++) {
                    if (strcmp(frames[f].name, golden_stream_delivered[delivered]) == 0) {
                        expect_golden_fields(&frames[f], &packet);
                    }
                }
            }
            delivered++;
        }
        offset += used;
    }
    EXPECT_EQ("stream.bin packets delivered", GOLDEN_STREAM_DELIVERED, delivered);
    EXPECT_EQ("stream.bin oversized", golden_stream_expected_drops.oversized, decoder.stats.oversized);
    EXPECT_EQ("stream.bin cobs", golden_stream_expected_drops.cobs, decoder.stats.cobs);
    EXPECT_EQ("stream.bin too_short", golden_stream_expected_drops.too_short, decoder.stats.too_short);
    EXPECT_EQ("stream.bin bad_crc", golden_stream_expected_drops.bad_crc, decoder.stats.bad_crc);
    EXPECT_EQ("stream.bin bad_length", golden_stream_expected_drops.bad_length, decoder.stats.bad_length);
}

/* ---------------------------------------------------------------- the specification */

/* Every constant PROTOCOL.md lists with a value, as the headers define it. */
#define CONSTANT(name) {#name, (uint64_t)(name)}
static const struct {
    const char *name;
    uint64_t value;
} header_constants[] = {
    CONSTANT(PS_PROTO_VERSION_MAJOR), CONSTANT(PS_PROTO_VERSION_MINOR),
    CONSTANT(PS_PROTO_DELIMITER), CONSTANT(PS_PROTO_HEADER_SIZE), CONSTANT(PS_PROTO_CRC_SIZE),
    CONSTANT(PS_PROTO_MAX_PAYLOAD), CONSTANT(PS_PROTO_MIN_RX_PAYLOAD),
    CONSTANT(PS_PROTO_MAX_PACKET_SIZE), CONSTANT(PS_PROTO_WIRE_OVERHEAD),
    CONSTANT(PS_PROTO_MAX_WIRE_SIZE), CONSTANT(PS_PROTO_FLAG_REPLY), CONSTANT(PS_CRC32_INIT),
    CONSTANT(PS_CRC32_XOROUT), CONSTANT(PS_CRC32_CHECK), CONSTANT(PS_PROTO_MODEL_HASH_SIZE),
    CONSTANT(PS_PROTO_MAX_TEXT), CONSTANT(PS_PROTO_MAX_LABELS), CONSTANT(PS_PROTO_MAX_CHANNELS),
    CONSTANT(PS_PROTO_PING_SIZE), CONSTANT(PS_PROTO_HELLO_REQUEST_SIZE),
    CONSTANT(PS_PROTO_CONFIG_SIZE), CONSTANT(PS_PROTO_IMAGE_CHUNK_SIZE),
    CONSTANT(PS_PROTO_FRAME_ACK_SIZE), CONSTANT(PS_PROTO_PONG_SIZE), CONSTANT(PS_PROTO_LAYER_SIZE),
    CONSTANT(PS_PROTO_HELLO_FIXED_SIZE), CONSTANT(PS_PROTO_CONFIG_ACK_SIZE),
    CONSTANT(PS_PROTO_INPUT_ACK_SIZE), CONSTANT(PS_PROTO_FRAME_FIXED_SIZE),
    CONSTANT(PS_PROTO_MAP_FIXED_SIZE), CONSTANT(PS_PROTO_IMAGE_FIXED_SIZE),
    CONSTANT(PS_PROTO_LOG_FIXED_SIZE), CONSTANT(PS_PROTO_ERROR_FIXED_SIZE),
    CONSTANT(PS_PROTO_MAP_MAX_DATA), CONSTANT(PS_PROTO_IMAGE_MAX_DATA),
    CONSTANT(PS_PROTO_TXQ_REPLY_RESERVE), CONSTANT(PS_PROTO_TXQ_MIN_CAPACITY),
    CONSTANT(PS_PROTO_MSG_PING), CONSTANT(PS_PROTO_MSG_HELLO_REQUEST), CONSTANT(PS_PROTO_MSG_CONFIG),
    CONSTANT(PS_PROTO_MSG_SET_INPUT), CONSTANT(PS_PROTO_MSG_FRAME_ACK), CONSTANT(PS_PROTO_MSG_PONG),
    CONSTANT(PS_PROTO_MSG_HELLO), CONSTANT(PS_PROTO_MSG_CONFIG_ACK), CONSTANT(PS_PROTO_MSG_INPUT_ACK),
    CONSTANT(PS_PROTO_MSG_FRAME), CONSTANT(PS_PROTO_MSG_MAP), CONSTANT(PS_PROTO_MSG_IMAGE),
    CONSTANT(PS_PROTO_MSG_LOG), CONSTANT(PS_PROTO_MSG_ERROR), CONSTANT(PS_PROTO_MSG_HOST_FIRST),
    CONSTANT(PS_PROTO_MSG_HOST_LAST), CONSTANT(PS_PROTO_MSG_BOARD_FIRST),
    CONSTANT(PS_PROTO_MSG_BOARD_LAST), CONSTANT(PS_PROTO_MSG_VENDOR_FIRST),
    CONSTANT(PS_PROTO_MSG_VENDOR_LAST), CONSTANT(PS_PROTO_CAP_SET_INPUT),
    CONSTANT(PS_PROTO_CAP_MAP_RLE), CONSTANT(PS_PROTO_CAP_SEND_INPUT), CONSTANT(PS_PROTO_CAP_CAMERA),
    CONSTANT(PS_PROTO_OPTION_SEND_INPUT), CONSTANT(PS_PROTO_OPTION_LAYER_TIMES), CONSTANT(PS_PROTO_ENCODING_RAW),
    CONSTANT(PS_PROTO_ENCODING_RLE), CONSTANT(PS_PROTO_PIXEL_GRAY8), CONSTANT(PS_PROTO_PIXEL_INPUT_S8),
    CONSTANT(PS_PROTO_TIME_NONE), CONSTANT(PS_PROTO_TIME_MICROSECONDS), CONSTANT(PS_PROTO_TIME_CYCLES),
    CONSTANT(PS_PROTO_TIME_INSTRUCTIONS), CONSTANT(PS_PROTO_LOG_ERROR), CONSTANT(PS_PROTO_LOG_WARNING),
    CONSTANT(PS_PROTO_LOG_INFO), CONSTANT(PS_PROTO_LOG_DEBUG), CONSTANT(PS_PROTO_ERROR_UNKNOWN_TYPE),
    CONSTANT(PS_PROTO_ERROR_MALFORMED), CONSTANT(PS_PROTO_ERROR_VERSION), CONSTANT(PS_PROTO_ERROR_CORRUPT),
    CONSTANT(PS_PROTO_ERROR_BAD_LAYER), CONSTANT(PS_PROTO_ERROR_BAD_CHANNELS),
    CONSTANT(PS_PROTO_ERROR_BAD_DECIMATION), CONSTANT(PS_PROTO_ERROR_BAD_ENCODING),
    CONSTANT(PS_PROTO_ERROR_BAD_IMAGE), CONSTANT(PS_PROTO_ERROR_IMAGE_ORDER),
    CONSTANT(PS_PROTO_ERROR_UNSUPPORTED), CONSTANT(PS_PROTO_ERROR_INFERENCE),
    CONSTANT(PS_PROTO_ERROR_CAMERA), CONSTANT(PS_PROTO_ERROR_BOARD_FIRST),
};
enum { HEADER_CONSTANTS = sizeof header_constants / sizeof header_constants[0] };

/* Splits a markdown table row into at most `max` trimmed cells (in place). */
static size_t table_cells(char *line, char **cells, size_t max)
{
    size_t count = 0;
    char *cursor;
    if (line[0] != '|') {
        return 0;
    }
    cursor = line + 1;
    while (count < max) {
        char *end = strchr(cursor, '|');
        char *start = cursor;
        char *last;
        if (end == NULL) {
            break;
        }
        *end = '\0';
        while (isspace((unsigned char)*start)) {
            start++;
        }
        last = start + strlen(start);
        while (last > start && isspace((unsigned char)last[-1])) {
            *--last = '\0';
        }
        cells[count++] = start;
        cursor = end + 1;
    }
    return count;
}

/* A cell holding nothing but a number (decimal or 0x-hex). */
static int cell_number(const char *cell, uint64_t *value)
{
    char *end;
    if (!isdigit((unsigned char)cell[0])) {
        return 0;
    }
    *value = (uint64_t)strtoull(cell, &end, 0);
    return *end == '\0';
}

/* The constant named by a cell like `PS_PROTO_X`; -1 if it is not one. */
static int cell_constant(const char *cell, int *unknown)
{
    size_t length = strlen(cell);
    size_t i;
    *unknown = 0;
    if (length < 3 || cell[0] != '`' || cell[length - 1] != '`' || strncmp(cell + 1, "PS_", 3) != 0) {
        return -1;
    }
    for (i = 1; i + 1 < length; i++) {
        if (!isupper((unsigned char)cell[i]) && !isdigit((unsigned char)cell[i]) && cell[i] != '_') {
            return -1; /* more than one name in the cell */
        }
    }
    for (i = 0; i < HEADER_CONSTANTS; i++) {
        if (strlen(header_constants[i].name) == length - 2 &&
            strncmp(header_constants[i].name, cell + 1, length - 2) == 0) {
            return (int)i;
        }
    }
    *unknown = 1;
    return -1;
}

/* Every table row of PROTOCOL.md that pairs a constant with a value (`NAME` | value, or
 * hex value | ... `NAME`) must agree with the header; every header constant must be listed. */
static void test_the_specification_lists_the_header_constants(const char *path)
{
    static int listed[HEADER_CONSTANTS];
    char line[1024];
    long rows = 0;
    size_t i;
    FILE *in = fopen(path, "r");
    if (in == NULL) {
        ps_test_fail(__FILE__, __LINE__, "cannot read %s", path);
        return;
    }
    while (fgets(line, sizeof line, in) != NULL) {
        char *cells[8];
        const size_t count = table_cells(line, cells, 8);
        uint64_t value;
        int unknown;
        int index;
        size_t c;
        if (count >= 2 && (index = cell_constant(cells[0], &unknown)) >= 0 &&
            cell_number(cells[1], &value)) {
            rows++;
            listed[index] = 1;
            if (value != header_constants[index].value) {
                ps_test_fail(__FILE__, __LINE__, "%s: %s is %" PRIu64 " in the header, %" PRIu64 " in the text",
                             path, header_constants[index].name, header_constants[index].value, value);
            } else {
                ps_test_pass();
            }
            continue;
        }
        if (count >= 2 && strncmp(cells[0], "0x", 2) == 0 && cell_number(cells[0], &value)) {
            for (c = 1; c < count; c++) {
                index = cell_constant(cells[c], &unknown);
                if (index >= 0) {
                    rows++;
                    if (value != header_constants[index].value) {
                        ps_test_fail(__FILE__, __LINE__, "%s: %s is 0x%" PRIX64 " in the header, 0x%" PRIX64 " in the text",
                                     path, header_constants[index].name, header_constants[index].value, value);
                    } else {
                        ps_test_pass();
                    }
                    break;
                }
            }
        }
        for (c = 0; c < count; c++) {
            if (cell_constant(cells[c], &unknown) < 0 && unknown) {
                ps_test_fail(__FILE__, __LINE__, "%s names %s, which the headers do not define", path, cells[c]);
            }
        }
    }
    fclose(in);
    for (i = 0; i < HEADER_CONSTANTS; i++) {
        if (!listed[i]) {
            ps_test_fail(__FILE__, __LINE__, "%s does not list %s in its constant tables", path,
                         header_constants[i].name);
        }
    }
    PS_EXPECT_TRUE("the specification has constant tables", rows > (long)HEADER_CONSTANTS);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s <golden frames directory> <PROTOCOL.md>\n", argv[0]);
        return 2;
    }
    test_crc32_matches_the_catalogue_check_value();
    test_cobs_reproduces_the_reference_examples();
    test_cobs_decoders_accept_a_trailing_empty_block();
    test_cobs_round_trips_random_buffers_and_encodes_in_place();
    test_cobs_refuses_malformed_input_and_small_buffers();
    test_every_message_round_trips_through_encoder_decoder_and_parser();
    test_encoders_need_exactly_the_documented_capacity();
    test_encoders_refuse_bad_arguments_and_long_payloads();
    test_parsers_refuse_short_payloads_and_accept_longer_ones();
    test_parsers_refuse_counts_and_shapes_the_spec_forbids();
    test_rle_encodes_runs_of_the_fill_value_exactly_as_specified();
    test_rle_decoder_refuses_data_of_the_wrong_length();
    test_map_falls_back_to_raw_unless_rle_is_strictly_shorter();
    test_rows_per_packet_fill_a_payload_with_whole_rows();
    test_decoder_drops_and_counts_each_kind_of_bad_packet();
    test_decoder_stops_after_each_packet_and_resumes();
    test_golden_packets_match_the_encoder_and_parse_back(argv[1]);
    test_golden_stream_resynchronises_as_documented(argv[1]);
    test_the_specification_lists_the_header_constants(argv[2]);
    return ps_test_summary();
}
