/*
 * ps_protocol.c - message encoders and parsers, RLE (see ps_protocol.h; layouts in
 * firmware/PROTOCOL.md, one function pair per message, fields in wire order).
 *
 * An encoder stages the packet (header | payload | CRC) at out + PS_PROTO_STAGE_OFFSET, then
 * COBS-encodes it in place towards out[0] and appends the delimiter, so one caller buffer of
 * PS_PROTO_WIRE_CAPACITY(payload) bytes is all it needs.
 */
#include "ps_protocol.h"

#include "ps_cobs.h"
#include "ps_crc32.h"

/* Where the packet is staged: enough room behind it for every COBS code byte. */
#define PS_PROTO_STAGE_OFFSET (PS_PROTO_WIRE_OVERHEAD - 1u)

/* Layout checks: each size constant is the sum of its fields' widths in wire order. */
PS_PROTO_STATIC_ASSERT(PS_PROTO_HEADER_SIZE == 1 + 1 + 2 + 2 + 2, header_size);
PS_PROTO_STATIC_ASSERT(PS_PROTO_PING_SIZE == 4, ping_size);
PS_PROTO_STATIC_ASSERT(PS_PROTO_HELLO_REQUEST_SIZE == 1 + 1, hello_request_size);
PS_PROTO_STATIC_ASSERT(PS_PROTO_CONFIG_SIZE == 2 + 2 + 2 + 1 + 1 + 8, config_size);
PS_PROTO_STATIC_ASSERT(PS_PROTO_IMAGE_CHUNK_SIZE == 1 + 1 + 2 + 2 + 2 + 2, image_chunk_size);
PS_PROTO_STATIC_ASSERT(PS_PROTO_FRAME_ACK_SIZE == 4, frame_ack_size);
PS_PROTO_STATIC_ASSERT(PS_PROTO_PONG_SIZE == 4 + 4 + 4 + 4, pong_size);
PS_PROTO_STATIC_ASSERT(PS_PROTO_LAYER_SIZE == 2 + 2 + 2 + 2 + 4 + 4, layer_size);
PS_PROTO_STATIC_ASSERT(PS_PROTO_HELLO_FIXED_SIZE ==
                           1 + 1 + 1 + 1 + 2 + 2 + 4 + PS_PROTO_MODEL_HASH_SIZE + 2 + 2 + 2 + 2 +
                               PS_PROTO_LAYER_SIZE,
                       hello_fixed_size);
PS_PROTO_STATIC_ASSERT(PS_PROTO_INPUT_ACK_SIZE == 2 + 2, input_ack_size);
PS_PROTO_STATIC_ASSERT(PS_PROTO_FRAME_FIXED_SIZE == 4 + 4 + 4 + 4 + 4 + 2 + 2 + 2 + 1 + 1,
                       frame_fixed_size);
PS_PROTO_STATIC_ASSERT(PS_PROTO_MAP_FIXED_SIZE == 4 + 2 + 2 + 2 + 2 + 2 + 2 + 1 + 1 + 2,
                       map_fixed_size);
PS_PROTO_STATIC_ASSERT(PS_PROTO_LOG_FIXED_SIZE == 1 + 1, log_fixed_size);
PS_PROTO_STATIC_ASSERT(PS_PROTO_ERROR_FIXED_SIZE == 2 + 1, error_fixed_size);

/* The wire overhead covers the COBS code bytes of the longest packet plus the delimiter, and
 * every length fits the u16 header field. */
PS_PROTO_STATIC_ASSERT(PS_COBS_MAX_OVERHEAD(PS_PROTO_MAX_PACKET_SIZE) + 1u <=
                           PS_PROTO_WIRE_OVERHEAD,
                       wire_overhead);
PS_PROTO_STATIC_ASSERT(PS_PROTO_MAX_PAYLOAD <= 0xFFFFu, payload_fits_u16);
PS_PROTO_STATIC_ASSERT(PS_PROTO_MIN_RX_PAYLOAD <= PS_PROTO_MAX_PAYLOAD, min_rx_payload);
/* The largest fixed part plus its counted items must fit a payload. */
PS_PROTO_STATIC_ASSERT(PS_PROTO_FRAME_FIXED_SIZE + PS_PROTO_MAX_LABELS <= PS_PROTO_MAX_PAYLOAD,
                       frame_fits);
PS_PROTO_STATIC_ASSERT(PS_PROTO_MAX_CHANNELS == 64u, channel_mask_is_u64);

/* ---------------------------------------------------------------- byte writer */

/* Writes little-endian fields into base[0..room); keeps counting past the end so the
 * caller can tell "too long" from "too small a buffer". */
typedef struct {
    uint8_t *base;
    size_t room;
    size_t pos;
} ps_writer;

static void put_u8(ps_writer *w, uint8_t value)
{
    if (w->pos < w->room) {
        w->base[w->pos] = value;
    }
    w->pos++;
}

static void put_u16(ps_writer *w, uint16_t value)
{
    put_u8(w, (uint8_t)(value & 0xFFu));
    put_u8(w, (uint8_t)(value >> 8));
}

static void put_u32(ps_writer *w, uint32_t value)
{
    put_u16(w, (uint16_t)(value & 0xFFFFu));
    put_u16(w, (uint16_t)(value >> 16));
}

static void put_u64(ps_writer *w, uint64_t value)
{
    put_u32(w, (uint32_t)(value & 0xFFFFFFFFu));
    put_u32(w, (uint32_t)(value >> 32));
}

/* Two's complement bytes of a signed value; the conversion to unsigned is exact in C. */
static void put_i8(ps_writer *w, int8_t value)
{
    put_u8(w, (uint8_t)value);
}

static void put_i32(ps_writer *w, int32_t value)
{
    put_u32(w, (uint32_t)value);
}

static void put_bytes(ps_writer *w, const uint8_t *bytes, size_t length)
{
    size_t i;
    for (i = 0; i < length; i++) {
        put_u8(w, bytes[i]);
    }
}

/* A text: u8 length, then the bytes. The caller has checked length <= PS_PROTO_MAX_TEXT. */
static void put_text(ps_writer *w, const ps_proto_text *text)
{
    put_u8(w, (uint8_t)text->length);
    put_bytes(w, (const uint8_t *)text->chars, text->length);
}

static void put_layer(ps_writer *w, const ps_proto_layer *layer)
{
    put_u16(w, layer->layer_index);
    put_u16(w, layer->height);
    put_u16(w, layer->width);
    put_u16(w, layer->channels);
    put_u32(w, layer->scale_bits);
    put_i32(w, layer->zero_point);
}

static void put_config(ps_writer *w, const ps_proto_config *config)
{
    put_u16(w, config->layer_index);
    put_u16(w, config->decimation);
    put_u16(w, config->window);
    put_u8(w, config->options);
    put_u8(w, config->map_encoding);
    put_u64(w, config->channel_mask);
}

/* Pixel bytes of a chunk; compared with the payload limit before any is read. */
static size_t image_chunk_bytes(const ps_proto_image_chunk *chunk)
{
    return (size_t)chunk->rows * (size_t)chunk->width * (size_t)chunk->channels;
}

static void put_image_chunk(ps_writer *w, const ps_proto_image_chunk *chunk)
{
    put_u8(w, chunk->pixel_format);
    put_u8(w, chunk->channels);
    put_u16(w, chunk->height);
    put_u16(w, chunk->width);
    put_u16(w, chunk->row0);
    put_u16(w, chunk->rows);
    put_bytes(w, chunk->data, image_chunk_bytes(chunk));
}

/* ---------------------------------------------------------------- packet assembly */

/* Starts a packet: header with a length placeholder (patched by finish_packet). */
static int begin_packet(ps_writer *w, const ps_proto_envelope *envelope, uint8_t type,
                        uint8_t *out, size_t capacity)
{
    if (envelope == NULL || out == NULL) {
        return 0;
    }
    if (capacity > PS_PROTO_WIRE_OVERHEAD) {
        w->base = out + PS_PROTO_STAGE_OFFSET;
        w->room = capacity - PS_PROTO_WIRE_OVERHEAD; /* the packet; one byte for the delimiter */
    } else {
        w->base = out;
        w->room = 0;
    }
    w->pos = 0;
    put_u8(w, type);
    put_u8(w, envelope->flags);
    put_u16(w, envelope->seq);
    put_u16(w, envelope->ref_seq);
    put_u16(w, 0);
    return 1;
}

/* Checks the payload, patches its length, appends the CRC, COBS-encodes in place, appends
 * the delimiter. Returns the wire length or a negative status. */
static int32_t finish_packet(ps_writer *w, uint8_t *out, size_t capacity)
{
    const size_t payload = w->pos - PS_PROTO_HEADER_SIZE;
    uint32_t crc;
    int32_t encoded;

    if (payload > PS_PROTO_MAX_PAYLOAD) {
        return PS_PROTO_E_TOO_LONG;
    }
    if (capacity < PS_PROTO_WIRE_CAPACITY(payload)) {
        return PS_PROTO_E_CAPACITY;
    }
    w->base[6] = (uint8_t)(payload & 0xFFu);
    w->base[7] = (uint8_t)(payload >> 8);
    crc = ps_crc32(w->base, w->pos);
    put_u32(w, crc);
    /* The staged packet sits PS_PROTO_STAGE_OFFSET bytes after out, no fewer than its COBS
     * code bytes (static check wire_overhead), so the in-place encoding is safe. */
    encoded = ps_cobs_encode(w->base, w->pos, out, capacity - 1u);
    if (encoded < 0) {
        return PS_PROTO_E_CAPACITY; /* unreachable given the capacity check above */
    }
    out[encoded] = PS_PROTO_DELIMITER;
    return encoded + 1;
}

static int text_is_valid(const ps_proto_text *text)
{
    return text->length <= PS_PROTO_MAX_TEXT && (text->chars != NULL || text->length == 0);
}

/* Whole rows inside the image, at least one, and pixels to send. */
static int image_chunk_is_valid(const ps_proto_image_chunk *chunk)
{
    return chunk->rows >= 1 && chunk->width >= 1 && chunk->channels >= 1 &&
           (uint32_t)chunk->row0 + chunk->rows <= chunk->height && chunk->data != NULL;
}


/* ---------------------------------------------------------------- encoders */

int32_t ps_proto_encode_ping(const ps_proto_envelope *envelope, const ps_proto_ping *msg,
                             uint8_t *out, size_t capacity)
{
    ps_writer w;
    if (msg == NULL || !begin_packet(&w, envelope, PS_PROTO_MSG_PING, out, capacity)) {
        return PS_PROTO_E_ARGUMENT;
    }
    put_u32(&w, msg->token);
    return finish_packet(&w, out, capacity);
}

int32_t ps_proto_encode_hello_request(const ps_proto_envelope *envelope,
                                      const ps_proto_hello_request *msg, uint8_t *out,
                                      size_t capacity)
{
    ps_writer w;
    if (msg == NULL || !begin_packet(&w, envelope, PS_PROTO_MSG_HELLO_REQUEST, out, capacity)) {
        return PS_PROTO_E_ARGUMENT;
    }
    put_u8(&w, msg->protocol_major);
    put_u8(&w, msg->protocol_minor);
    return finish_packet(&w, out, capacity);
}

int32_t ps_proto_encode_config(const ps_proto_envelope *envelope, const ps_proto_config *msg,
                               uint8_t *out, size_t capacity)
{
    ps_writer w;
    if (msg == NULL || !begin_packet(&w, envelope, PS_PROTO_MSG_CONFIG, out, capacity)) {
        return PS_PROTO_E_ARGUMENT;
    }
    put_config(&w, msg);
    return finish_packet(&w, out, capacity);
}

int32_t ps_proto_encode_set_input(const ps_proto_envelope *envelope,
                                  const ps_proto_image_chunk *msg, uint8_t *out,
                                  size_t capacity)
{
    ps_writer w;
    if (msg == NULL || !image_chunk_is_valid(msg) ||
        !begin_packet(&w, envelope, PS_PROTO_MSG_SET_INPUT, out, capacity)) {
        return PS_PROTO_E_ARGUMENT;
    }
    if (image_chunk_bytes(msg) > PS_PROTO_MAX_PAYLOAD) {
        return PS_PROTO_E_TOO_LONG;
    }
    put_image_chunk(&w, msg);
    return finish_packet(&w, out, capacity);
}

int32_t ps_proto_encode_frame_ack(const ps_proto_envelope *envelope,
                                  const ps_proto_frame_ack *msg, uint8_t *out, size_t capacity)
{
    ps_writer w;
    if (msg == NULL || !begin_packet(&w, envelope, PS_PROTO_MSG_FRAME_ACK, out, capacity)) {
        return PS_PROTO_E_ARGUMENT;
    }
    put_u32(&w, msg->frame_number);
    return finish_packet(&w, out, capacity);
}

int32_t ps_proto_encode_pong(const ps_proto_envelope *envelope, const ps_proto_pong *msg,
                             uint8_t *out, size_t capacity)
{
    ps_writer w;
    if (msg == NULL || !begin_packet(&w, envelope, PS_PROTO_MSG_PONG, out, capacity)) {
        return PS_PROTO_E_ARGUMENT;
    }
    put_u32(&w, msg->token);
    put_u32(&w, msg->uptime_ms);
    put_u32(&w, msg->tx_dropped);
    put_u32(&w, msg->rx_dropped);
    return finish_packet(&w, out, capacity);
}

int32_t ps_proto_encode_hello(const ps_proto_envelope *envelope, const ps_proto_hello *msg,
                              uint8_t *out, size_t capacity)
{
    ps_writer w;
    uint8_t i;
    if (msg == NULL || msg->label_count > PS_PROTO_MAX_LABELS || !text_is_valid(&msg->board_id)) {
        return PS_PROTO_E_ARGUMENT;
    }
    for (i = 0; i < msg->label_count; i++) {
        if (!text_is_valid(&msg->labels[i])) {
            return PS_PROTO_E_ARGUMENT;
        }
    }
    if (!begin_packet(&w, envelope, PS_PROTO_MSG_HELLO, out, capacity)) {
        return PS_PROTO_E_ARGUMENT;
    }
    put_u8(&w, msg->protocol_major);
    put_u8(&w, msg->protocol_minor);
    put_u8(&w, msg->firmware_major);
    put_u8(&w, msg->firmware_minor);
    put_u16(&w, msg->firmware_patch);
    put_u16(&w, msg->layer_count);
    put_u32(&w, msg->capabilities);
    put_bytes(&w, msg->model_hash, PS_PROTO_MODEL_HASH_SIZE);
    put_u16(&w, msg->input_height);
    put_u16(&w, msg->input_width);
    put_u16(&w, msg->input_channels);
    put_u16(&w, msg->rx_payload_max);
    put_layer(&w, &msg->layer);
    put_text(&w, &msg->board_id);
    put_u8(&w, msg->label_count);
    for (i = 0; i < msg->label_count; i++) {
        put_text(&w, &msg->labels[i]);
    }
    return finish_packet(&w, out, capacity);
}

int32_t ps_proto_encode_config_ack(const ps_proto_envelope *envelope,
                                   const ps_proto_config_ack *msg, uint8_t *out,
                                   size_t capacity)
{
    ps_writer w;
    if (msg == NULL || !begin_packet(&w, envelope, PS_PROTO_MSG_CONFIG_ACK, out, capacity)) {
        return PS_PROTO_E_ARGUMENT;
    }
    put_config(&w, &msg->config);
    put_layer(&w, &msg->layer);
    return finish_packet(&w, out, capacity);
}

int32_t ps_proto_encode_input_ack(const ps_proto_envelope *envelope,
                                  const ps_proto_input_ack *msg, uint8_t *out, size_t capacity)
{
    ps_writer w;
    if (msg == NULL || !begin_packet(&w, envelope, PS_PROTO_MSG_INPUT_ACK, out, capacity)) {
        return PS_PROTO_E_ARGUMENT;
    }
    put_u16(&w, msg->rows_received);
    put_u16(&w, msg->height);
    return finish_packet(&w, out, capacity);
}

int32_t ps_proto_encode_frame(const ps_proto_envelope *envelope, const ps_proto_frame *msg,
                              uint8_t *out, size_t capacity)
{
    ps_writer w;
    uint8_t i;
    if (msg == NULL || msg->score_count > PS_PROTO_MAX_LABELS ||
        !begin_packet(&w, envelope, PS_PROTO_MSG_FRAME, out, capacity)) {
        return PS_PROTO_E_ARGUMENT;
    }
    put_u32(&w, msg->frame_number);
    put_u32(&w, msg->inference_time);
    put_u32(&w, msg->frames_skipped);
    put_u32(&w, msg->output_scale_bits);
    put_i32(&w, msg->output_zero_point);
    put_u16(&w, msg->layer_index);
    put_u16(&w, msg->parts_sent);
    put_u16(&w, msg->parts_dropped);
    put_u8(&w, msg->time_unit);
    put_u8(&w, msg->score_count);
    for (i = 0; i < msg->score_count; i++) {
        put_i8(&w, msg->scores[i]);
    }
    return finish_packet(&w, out, capacity);
}

int32_t ps_proto_encode_map(const ps_proto_envelope *envelope, const ps_proto_map *msg,
                            uint8_t *out, size_t capacity)
{
    ps_writer w;
    size_t count;
    size_t data_length;
    uint8_t encoding = PS_PROTO_ENCODING_RAW;
    size_t i;

    if (msg == NULL || msg->values == NULL || msg->value_stride == 0 || msg->rows == 0 ||
        msg->width == 0 || (uint32_t)msg->row0 + msg->rows > msg->height ||
        (msg->encoding != PS_PROTO_ENCODING_RAW && msg->encoding != PS_PROTO_ENCODING_RLE) ||
        !begin_packet(&w, envelope, PS_PROTO_MSG_MAP, out, capacity)) {
        return PS_PROTO_E_ARGUMENT;
    }
    count = (size_t)msg->rows * msg->width;
    if (count > PS_PROTO_MAP_MAX_DATA) {
        return PS_PROTO_E_TOO_LONG; /* the RAW form must fit, so RAW is always a fallback */
    }
    data_length = count;
    if (msg->encoding == PS_PROTO_ENCODING_RLE) {
        /* RLE only when strictly shorter than RAW (a sizing pass first). */
        const int32_t rle_length =
            ps_proto_rle_encode(msg->values, msg->value_stride, count, msg->fill, NULL, 0);
        if (rle_length >= 0 && (size_t)rle_length < count) {
            encoding = PS_PROTO_ENCODING_RLE;
            data_length = (size_t)rle_length;
        }
    }
    put_u32(&w, msg->frame_number);
    put_u16(&w, msg->layer_index);
    put_u16(&w, msg->channel);
    put_u16(&w, msg->height);
    put_u16(&w, msg->width);
    put_u16(&w, msg->row0);
    put_u16(&w, msg->rows);
    put_u8(&w, encoding);
    put_i8(&w, msg->fill);
    put_u16(&w, (uint16_t)data_length);
    if (encoding == PS_PROTO_ENCODING_RLE) {
        if (w.pos <= w.room && w.room - w.pos >= data_length) {
            (void)ps_proto_rle_encode(msg->values, msg->value_stride, count, msg->fill,
                                      w.base + w.pos, data_length);
        }
        w.pos += data_length; /* counted either way; finish_packet reports a short buffer */
    } else {
        for (i = 0; i < count; i++) {
            put_i8(&w, msg->values[i * msg->value_stride]);
        }
    }
    return finish_packet(&w, out, capacity);
}

int32_t ps_proto_encode_image(const ps_proto_envelope *envelope, const ps_proto_image *msg,
                              uint8_t *out, size_t capacity)
{
    ps_writer w;
    if (msg == NULL || !image_chunk_is_valid(&msg->chunk) ||
        !begin_packet(&w, envelope, PS_PROTO_MSG_IMAGE, out, capacity)) {
        return PS_PROTO_E_ARGUMENT;
    }
    if (image_chunk_bytes(&msg->chunk) > PS_PROTO_MAX_PAYLOAD) {
        return PS_PROTO_E_TOO_LONG;
    }
    put_u32(&w, msg->frame_number);
    put_image_chunk(&w, &msg->chunk);
    return finish_packet(&w, out, capacity);
}

int32_t ps_proto_encode_log(const ps_proto_envelope *envelope, const ps_proto_log *msg,
                            uint8_t *out, size_t capacity)
{
    ps_writer w;
    if (msg == NULL || !text_is_valid(&msg->text) ||
        !begin_packet(&w, envelope, PS_PROTO_MSG_LOG, out, capacity)) {
        return PS_PROTO_E_ARGUMENT;
    }
    put_u8(&w, msg->level);
    put_text(&w, &msg->text);
    return finish_packet(&w, out, capacity);
}

int32_t ps_proto_encode_error(const ps_proto_envelope *envelope, const ps_proto_error *msg,
                              uint8_t *out, size_t capacity)
{
    ps_writer w;
    if (msg == NULL || !text_is_valid(&msg->text) ||
        !begin_packet(&w, envelope, PS_PROTO_MSG_ERROR, out, capacity)) {
        return PS_PROTO_E_ARGUMENT;
    }
    put_u16(&w, msg->code);
    put_text(&w, &msg->text);
    return finish_packet(&w, out, capacity);
}

/* ---------------------------------------------------------------- byte reader */

/* Reads little-endian fields from a payload; reading past the end yields zeros and marks
 * the reader short, which the parser reports as PS_PROTO_E_MALFORMED. */
typedef struct {
    const uint8_t *bytes;
    size_t length;
    size_t pos;
    int short_read;
} ps_reader;

static uint8_t get_u8(ps_reader *r)
{
    if (r->pos >= r->length) {
        r->short_read = 1;
        return 0;
    }
    return r->bytes[r->pos++];
}

static uint16_t get_u16(ps_reader *r)
{
    const uint16_t low = get_u8(r);
    const uint16_t high = get_u8(r);
    return (uint16_t)(low | (uint16_t)(high << 8));
}

static uint32_t get_u32(ps_reader *r)
{
    const uint32_t low = get_u16(r);
    const uint32_t high = get_u16(r);
    return low | (high << 16);
}

static uint64_t get_u64(ps_reader *r)
{
    const uint64_t low = get_u32(r);
    const uint64_t high = get_u32(r);
    return low | (high << 32);
}

/* Two's complement without the implementation-defined conversion of an out-of-range value. */
static int8_t get_i8(ps_reader *r)
{
    const uint8_t u = get_u8(r);
    return u < 0x80u ? (int8_t)u : (int8_t)((int)u - 0x100);
}

static int32_t get_i32(ps_reader *r)
{
    const uint32_t u = get_u32(r);
    return u <= (uint32_t)INT32_MAX ? (int32_t)u : (int32_t)(u - 0x80000000u) + INT32_MIN;
}

/* A view of the next `length` bytes, or NULL (and short) if fewer remain. */
static const uint8_t *get_view(ps_reader *r, size_t length)
{
    const uint8_t *view;
    if (length > r->length - r->pos) {
        r->short_read = 1;
        r->pos = r->length;
        return NULL;
    }
    view = r->bytes + r->pos;
    r->pos += length;
    return view;
}

static void get_text(ps_reader *r, ps_proto_text *text)
{
    const uint8_t length = get_u8(r);
    const uint8_t *chars = get_view(r, length);
    text->chars = chars != NULL ? (const char *)chars : "";
    text->length = chars != NULL ? length : 0;
}

static void get_layer(ps_reader *r, ps_proto_layer *layer)
{
    layer->layer_index = get_u16(r);
    layer->height = get_u16(r);
    layer->width = get_u16(r);
    layer->channels = get_u16(r);
    layer->scale_bits = get_u32(r);
    layer->zero_point = get_i32(r);
}

static void get_config(ps_reader *r, ps_proto_config *config)
{
    config->layer_index = get_u16(r);
    config->decimation = get_u16(r);
    config->window = get_u16(r);
    config->options = get_u8(r);
    config->map_encoding = get_u8(r);
    config->channel_mask = get_u64(r);
}

/* The chunk's fields and a view of its pixels; 0 if they are inconsistent. */
static int get_image_chunk(ps_reader *r, ps_proto_image_chunk *chunk)
{
    chunk->pixel_format = get_u8(r);
    chunk->channels = get_u8(r);
    chunk->height = get_u16(r);
    chunk->width = get_u16(r);
    chunk->row0 = get_u16(r);
    chunk->rows = get_u16(r);
    chunk->data = NULL;
    if (r->short_read || chunk->rows == 0 || chunk->width == 0 || chunk->channels == 0 ||
        (uint32_t)chunk->row0 + chunk->rows > chunk->height) {
        return 0;
    }
    chunk->data =
        get_view(r, (size_t)chunk->rows * (size_t)chunk->width * (size_t)chunk->channels);
    return chunk->data != NULL;
}

/* Starts parsing a packet of the expected type. */
static ps_proto_status begin_parse(ps_reader *r, const ps_proto_packet *packet, uint8_t type,
                                   const void *msg)
{
    if (packet == NULL || msg == NULL || (packet->payload == NULL && packet->header.length > 0)) {
        return PS_PROTO_E_ARGUMENT;
    }
    if (packet->header.type != type) {
        return PS_PROTO_E_TYPE;
    }
    r->bytes = packet->payload;
    r->length = packet->header.length;
    r->pos = 0;
    r->short_read = 0;
    return PS_PROTO_OK;
}

static ps_proto_status end_parse(const ps_reader *r)
{
    return r->short_read ? PS_PROTO_E_MALFORMED : PS_PROTO_OK;
}

/* ---------------------------------------------------------------- parsers */

ps_proto_status ps_proto_parse_ping(const ps_proto_packet *packet, ps_proto_ping *msg)
{
    ps_reader r;
    ps_proto_status status = begin_parse(&r, packet, PS_PROTO_MSG_PING, msg);
    if (status != PS_PROTO_OK) {
        return status;
    }
    msg->token = get_u32(&r);
    return end_parse(&r);
}

ps_proto_status ps_proto_parse_hello_request(const ps_proto_packet *packet,
                                             ps_proto_hello_request *msg)
{
    ps_reader r;
    ps_proto_status status = begin_parse(&r, packet, PS_PROTO_MSG_HELLO_REQUEST, msg);
    if (status != PS_PROTO_OK) {
        return status;
    }
    msg->protocol_major = get_u8(&r);
    msg->protocol_minor = get_u8(&r);
    return end_parse(&r);
}

ps_proto_status ps_proto_parse_config(const ps_proto_packet *packet, ps_proto_config *msg)
{
    ps_reader r;
    ps_proto_status status = begin_parse(&r, packet, PS_PROTO_MSG_CONFIG, msg);
    if (status != PS_PROTO_OK) {
        return status;
    }
    get_config(&r, msg);
    return end_parse(&r);
}

ps_proto_status ps_proto_parse_set_input(const ps_proto_packet *packet,
                                         ps_proto_image_chunk *msg)
{
    ps_reader r;
    ps_proto_status status = begin_parse(&r, packet, PS_PROTO_MSG_SET_INPUT, msg);
    if (status != PS_PROTO_OK) {
        return status;
    }
    return get_image_chunk(&r, msg) ? end_parse(&r) : PS_PROTO_E_MALFORMED;
}

ps_proto_status ps_proto_parse_frame_ack(const ps_proto_packet *packet, ps_proto_frame_ack *msg)
{
    ps_reader r;
    ps_proto_status status = begin_parse(&r, packet, PS_PROTO_MSG_FRAME_ACK, msg);
    if (status != PS_PROTO_OK) {
        return status;
    }
    msg->frame_number = get_u32(&r);
    return end_parse(&r);
}

ps_proto_status ps_proto_parse_pong(const ps_proto_packet *packet, ps_proto_pong *msg)
{
    ps_reader r;
    ps_proto_status status = begin_parse(&r, packet, PS_PROTO_MSG_PONG, msg);
    if (status != PS_PROTO_OK) {
        return status;
    }
    msg->token = get_u32(&r);
    msg->uptime_ms = get_u32(&r);
    msg->tx_dropped = get_u32(&r);
    msg->rx_dropped = get_u32(&r);
    return end_parse(&r);
}

ps_proto_status ps_proto_parse_hello(const ps_proto_packet *packet, ps_proto_hello *msg)
{
    ps_reader r;
    size_t i;
    const uint8_t *hash;
    ps_proto_status status = begin_parse(&r, packet, PS_PROTO_MSG_HELLO, msg);
    if (status != PS_PROTO_OK) {
        return status;
    }
    msg->protocol_major = get_u8(&r);
    msg->protocol_minor = get_u8(&r);
    msg->firmware_major = get_u8(&r);
    msg->firmware_minor = get_u8(&r);
    msg->firmware_patch = get_u16(&r);
    msg->layer_count = get_u16(&r);
    msg->capabilities = get_u32(&r);
    hash = get_view(&r, PS_PROTO_MODEL_HASH_SIZE);
    for (i = 0; i < PS_PROTO_MODEL_HASH_SIZE; i++) {
        msg->model_hash[i] = hash != NULL ? hash[i] : 0;
    }
    msg->input_height = get_u16(&r);
    msg->input_width = get_u16(&r);
    msg->input_channels = get_u16(&r);
    msg->rx_payload_max = get_u16(&r);
    get_layer(&r, &msg->layer);
    get_text(&r, &msg->board_id);
    msg->label_count = get_u8(&r);
    if (msg->label_count > PS_PROTO_MAX_LABELS) {
        msg->label_count = 0;
        return PS_PROTO_E_MALFORMED;
    }
    for (i = 0; i < msg->label_count; i++) {
        get_text(&r, &msg->labels[i]);
    }
    return end_parse(&r);
}

ps_proto_status ps_proto_parse_config_ack(const ps_proto_packet *packet,
                                          ps_proto_config_ack *msg)
{
    ps_reader r;
    ps_proto_status status = begin_parse(&r, packet, PS_PROTO_MSG_CONFIG_ACK, msg);
    if (status != PS_PROTO_OK) {
        return status;
    }
    get_config(&r, &msg->config);
    get_layer(&r, &msg->layer);
    return end_parse(&r);
}

ps_proto_status ps_proto_parse_input_ack(const ps_proto_packet *packet, ps_proto_input_ack *msg)
{
    ps_reader r;
    ps_proto_status status = begin_parse(&r, packet, PS_PROTO_MSG_INPUT_ACK, msg);
    if (status != PS_PROTO_OK) {
        return status;
    }
    msg->rows_received = get_u16(&r);
    msg->height = get_u16(&r);
    return end_parse(&r);
}

ps_proto_status ps_proto_parse_frame(const ps_proto_packet *packet, ps_proto_frame *msg)
{
    ps_reader r;
    uint8_t i;
    ps_proto_status status = begin_parse(&r, packet, PS_PROTO_MSG_FRAME, msg);
    if (status != PS_PROTO_OK) {
        return status;
    }
    msg->frame_number = get_u32(&r);
    msg->inference_time = get_u32(&r);
    msg->frames_skipped = get_u32(&r);
    msg->output_scale_bits = get_u32(&r);
    msg->output_zero_point = get_i32(&r);
    msg->layer_index = get_u16(&r);
    msg->parts_sent = get_u16(&r);
    msg->parts_dropped = get_u16(&r);
    msg->time_unit = get_u8(&r);
    msg->score_count = get_u8(&r);
    if (msg->score_count > PS_PROTO_MAX_LABELS) {
        msg->score_count = 0;
        return PS_PROTO_E_MALFORMED;
    }
    for (i = 0; i < msg->score_count; i++) {
        msg->scores[i] = get_i8(&r);
    }
    return end_parse(&r);
}

ps_proto_status ps_proto_parse_map(const ps_proto_packet *packet, ps_proto_map *msg)
{
    ps_reader r;
    ps_proto_status status = begin_parse(&r, packet, PS_PROTO_MSG_MAP, msg);
    if (status != PS_PROTO_OK) {
        return status;
    }
    msg->frame_number = get_u32(&r);
    msg->layer_index = get_u16(&r);
    msg->channel = get_u16(&r);
    msg->height = get_u16(&r);
    msg->width = get_u16(&r);
    msg->row0 = get_u16(&r);
    msg->rows = get_u16(&r);
    msg->encoding = get_u8(&r);
    msg->fill = get_i8(&r);
    msg->data_length = get_u16(&r);
    msg->values = NULL;
    msg->value_stride = 0;
    msg->data = get_view(&r, msg->data_length);
    if (r.short_read || msg->rows == 0 || msg->width == 0 ||
        (uint32_t)msg->row0 + msg->rows > msg->height ||
        (uint32_t)msg->rows * msg->width > PS_PROTO_MAP_MAX_DATA ||
        (msg->encoding == PS_PROTO_ENCODING_RAW &&
         msg->data_length != (uint32_t)msg->rows * msg->width)) {
        return PS_PROTO_E_MALFORMED;
    }
    return PS_PROTO_OK;
}

ps_proto_status ps_proto_parse_image(const ps_proto_packet *packet, ps_proto_image *msg)
{
    ps_reader r;
    ps_proto_status status = begin_parse(&r, packet, PS_PROTO_MSG_IMAGE, msg);
    if (status != PS_PROTO_OK) {
        return status;
    }
    msg->frame_number = get_u32(&r);
    return get_image_chunk(&r, &msg->chunk) ? end_parse(&r) : PS_PROTO_E_MALFORMED;
}

ps_proto_status ps_proto_parse_log(const ps_proto_packet *packet, ps_proto_log *msg)
{
    ps_reader r;
    ps_proto_status status = begin_parse(&r, packet, PS_PROTO_MSG_LOG, msg);
    if (status != PS_PROTO_OK) {
        return status;
    }
    msg->level = get_u8(&r);
    get_text(&r, &msg->text);
    return end_parse(&r);
}

ps_proto_status ps_proto_parse_error(const ps_proto_packet *packet, ps_proto_error *msg)
{
    ps_reader r;
    ps_proto_status status = begin_parse(&r, packet, PS_PROTO_MSG_ERROR, msg);
    if (status != PS_PROTO_OK) {
        return status;
    }
    msg->code = get_u16(&r);
    get_text(&r, &msg->text);
    return end_parse(&r);
}

/* ---------------------------------------------------------------- RLE */

/* Bounds the encoded length (at most 2 * count) to what an int32_t result can report. */
#define PS_PROTO_RLE_MAX_COUNT 0x3FFFFFFFu

/* The longest run one token covers: a count byte k stands for k + 1 copies. */
#define PS_PROTO_RLE_MAX_RUN 256u

int32_t ps_proto_rle_encode(const int8_t *values, uint32_t stride, size_t count, int8_t fill,
                            uint8_t *out, size_t capacity)
{
    const int sizing = out == NULL;
    size_t i = 0;
    size_t n = 0;
    if ((values == NULL && count > 0) || stride == 0 || count > PS_PROTO_RLE_MAX_COUNT) {
        return PS_PROTO_E_ARGUMENT;
    }
    while (i < count) {
        const int8_t value = values[i * stride];
        if (value != fill) {
            if (!sizing) {
                if (n >= capacity) {
                    return PS_PROTO_E_CAPACITY;
                }
                out[n] = (uint8_t)value;
            }
            n++;
            i++;
        } else {
            size_t run = 1;
            while (run < PS_PROTO_RLE_MAX_RUN && i + run < count &&
                   values[(i + run) * stride] == fill) {
                run++;
            }
            if (!sizing) {
                if (capacity - n < 2u) {
                    return PS_PROTO_E_CAPACITY;
                }
                out[n] = (uint8_t)fill;
                out[n + 1u] = (uint8_t)(run - 1u);
            }
            n += 2u;
            i += run;
        }
    }
    return (int32_t)n;
}

ps_proto_status ps_proto_rle_decode(const uint8_t *data, size_t length, int8_t fill,
                                    int8_t *out, size_t count)
{
    const uint8_t fill_byte = (uint8_t)fill;
    size_t in = 0;
    size_t n = 0;
    if ((data == NULL && length > 0) || (out == NULL && count > 0)) {
        return PS_PROTO_E_ARGUMENT;
    }
    while (in < length) {
        const uint8_t byte = data[in++];
        if (byte != fill_byte) {
            if (n >= count) {
                return PS_PROTO_E_MALFORMED;
            }
            out[n++] = byte < 0x80u ? (int8_t)byte : (int8_t)((int)byte - 0x100);
        } else {
            size_t run;
            if (in >= length) {
                return PS_PROTO_E_MALFORMED; /* a fill byte without its count */
            }
            run = (size_t)data[in++] + 1u;
            if (run > count - n) {
                return PS_PROTO_E_MALFORMED;
            }
            while (run-- > 0) {
                out[n++] = fill;
            }
        }
    }
    return n == count ? PS_PROTO_OK : PS_PROTO_E_MALFORMED;
}

ps_proto_status ps_proto_map_expand(const ps_proto_map *msg, int8_t *out, size_t capacity)
{
    size_t count;
    size_t i;
    if (msg == NULL || out == NULL || (msg->data == NULL && msg->data_length > 0)) {
        return PS_PROTO_E_ARGUMENT;
    }
    count = (size_t)msg->rows * msg->width;
    if (capacity < count) {
        return PS_PROTO_E_CAPACITY;
    }
    if (msg->encoding == PS_PROTO_ENCODING_RAW) {
        if (msg->data_length != count) {
            return PS_PROTO_E_MALFORMED;
        }
        for (i = 0; i < count; i++) {
            const uint8_t byte = msg->data[i];
            out[i] = byte < 0x80u ? (int8_t)byte : (int8_t)((int)byte - 0x100);
        }
        return PS_PROTO_OK;
    }
    if (msg->encoding == PS_PROTO_ENCODING_RLE) {
        return ps_proto_rle_decode(msg->data, msg->data_length, msg->fill, out, count);
    }
    return PS_PROTO_E_UNSUPPORTED;
}

/* ---------------------------------------------------------------- helpers */

ps_proto_text ps_proto_text_of(const char *cstr)
{
    ps_proto_text text;
    uint16_t length = 0;
    if (cstr != NULL) {
        while (length <= PS_PROTO_MAX_TEXT && cstr[length] != '\0') {
            length++;
        }
    }
    text.chars = cstr != NULL ? cstr : "";
    text.length = length;
    return text;
}

static uint16_t rows_that_fit(uint32_t row_bytes, uint16_t max_payload, uint32_t fixed)
{
    uint32_t rows;
    if (max_payload > PS_PROTO_MAX_PAYLOAD) {
        max_payload = PS_PROTO_MAX_PAYLOAD;
    }
    if (row_bytes == 0 || max_payload <= fixed) {
        return 0;
    }
    rows = (max_payload - fixed) / row_bytes;
    return (uint16_t)(rows > 0xFFFFu ? 0xFFFFu : rows);
}

uint16_t ps_proto_map_rows_per_packet(uint16_t width, uint16_t max_payload)
{
    return rows_that_fit(width, max_payload, PS_PROTO_MAP_FIXED_SIZE);
}

uint16_t ps_proto_image_rows_per_packet(uint16_t width, uint8_t channels, uint16_t max_payload)
{
    return rows_that_fit((uint32_t)width * channels, max_payload, PS_PROTO_IMAGE_FIXED_SIZE);
}

uint16_t ps_proto_set_input_rows_per_packet(uint16_t width, uint8_t channels,
                                            uint16_t max_payload)
{
    return rows_that_fit((uint32_t)width * channels, max_payload, PS_PROTO_IMAGE_CHUNK_SIZE);
}
