/*
 * ps_app.c - the protocol application shared by every board (see ps_app.h).
 */
#include "ps_app.h"

#include <string.h>

#include "ps_runner.h"

/* ---------------------------------------------------------------- output */

static ps_proto_envelope envelope_for(ps_app *app, const ps_proto_packet *request)
{
    ps_proto_envelope e;
    e.seq = app->seq++;
    e.ref_seq = request != NULL ? request->header.seq : 0;
    e.flags = request != NULL ? PS_PROTO_FLAG_REPLY : 0;
    return e;
}

/* Queues an encoded packet; replies use the reserve, stream packets may be refused. */
static int queue(ps_app *app, int32_t length, ps_proto_priority priority)
{
    if (length <= 0) {
        return 0; /* an encoder refused its fields: a bug caught by the tests, never sent */
    }
    return ps_proto_txq_push(&app->txq, app->tx_packet, (size_t)length, priority) == PS_PROTO_OK;
}

static void drain(ps_app *app)
{
    const uint8_t *bytes;
    size_t length;
    while ((length = ps_proto_txq_peek(&app->txq, &bytes)) > 0) {
        size_t written = app->port->write(app->port->context, bytes, length);
        ps_proto_txq_consume(&app->txq, written);
        if (written < length) {
            return; /* the link is full: try again next poll */
        }
    }
}

static void send_error(ps_app *app, const ps_proto_packet *request, uint16_t code, const char *text)
{
    ps_proto_error msg;
    ps_proto_envelope e = envelope_for(app, request);
    msg.code = code;
    msg.text = ps_proto_text_of(text);
    queue(app, ps_proto_encode_error(&e, &msg, app->tx_packet, sizeof app->tx_packet),
          request != NULL ? PS_PROTO_PRIORITY_REPLY : PS_PROTO_PRIORITY_STREAM);
}

/* Room a camera FRAME needs: its parts must never crowd it out, or the host would hold maps whose
 * frame never comes. */
#define PS_APP_FRAME_RESERVE PS_PROTO_WIRE_CAPACITY(PS_PROTO_FRAME_FIXED_SIZE + PS_PROTO_MAX_LABELS)

/* Queues a MAP or IMAGE part only while the closing FRAME keeps its room; counts the outcome. */
static void queue_part(ps_app *app, int32_t length)
{
    if (length > 0 && ps_proto_txq_stream_room(&app->txq) >= (size_t)length + PS_APP_FRAME_RESERVE
        && queue(app, length, PS_PROTO_PRIORITY_STREAM)) {
        app->parts_sent++;
    } else {
        app->parts_dropped++;
    }
}

/* ---------------------------------------------------------------- model facts */

static const ps_tensor *layer_tensor(const ps_app *app, uint16_t layer_index)
{
    return &app->model->tensors[app->model->ops[layer_index].output];
}

static ps_proto_layer describe_layer(const ps_app *app, uint16_t layer_index)
{
    const ps_tensor *t = layer_tensor(app, layer_index);
    ps_proto_layer layer;
    layer.layer_index = layer_index;
    layer.height = (uint16_t)t->dims.h;
    layer.width = (uint16_t)t->dims.w;
    layer.channels = (uint16_t)t->dims.c;
    layer.scale_bits = t->scale_bits;
    layer.zero_point = t->zero_point;
    return layer;
}

static uint32_t channel_count(const ps_app *app, uint16_t layer_index)
{
    return (uint32_t)layer_tensor(app, layer_index)->dims.c;
}

/* ---------------------------------------------------------------- inference */

static void send_maps(ps_app *app, const ps_tensor *t, const int8_t *data)
{
    uint16_t width = (uint16_t)t->dims.w;
    uint16_t height = (uint16_t)t->dims.h;
    uint16_t per_packet = ps_proto_map_rows_per_packet(width, PS_PROTO_MAX_PAYLOAD);
    int32_t channel;
    for (channel = 0; channel < t->dims.c && channel < (int32_t)PS_PROTO_MAX_CHANNELS; channel++) {
        uint16_t row0;
        if ((app->channel_mask >> channel & 1u) == 0) {
            continue;
        }
        for (row0 = 0; per_packet > 0 && row0 < height; row0 = (uint16_t)(row0 + per_packet)) {
            ps_proto_map map;
            ps_proto_envelope e = envelope_for(app, NULL);
            map.frame_number = app->frame_number;
            map.layer_index = app->layer_index;
            map.channel = (uint16_t)channel;
            map.height = height;
            map.width = width;
            map.row0 = row0;
            map.rows = (uint16_t)(height - row0 < per_packet ? height - row0 : per_packet);
            map.encoding = app->map_encoding;
            map.fill = (int8_t)t->zero_point;
            map.values = data + ((size_t)row0 * width) * (size_t)t->dims.c + (size_t)channel;
            map.value_stride = (uint32_t)t->dims.c;
            map.data = NULL;
            map.data_length = 0;
            drain(app); /* make room as we go: the queue holds only a few packets */
            queue_part(app, ps_proto_encode_map(&e, &map, app->tx_packet, sizeof app->tx_packet));
        }
    }
}

/* ---------------------------------------------------------------- layer times */

/* Ops whose times one inference reports (CONFIG option LAYER_TIMES); later ops are not timed. */
#define PS_APP_TIMED_OPS 64

/* What the runner's hook needs during one inference: the app and, with LAYER_TIMES, the time
 * each op took. */
typedef struct {
    ps_app *app;
    int timing;
    uint32_t mark; /* when the op now running started */
    uint32_t times[PS_APP_TIMED_OPS];
} ps_app_run;

/* The FRAME's clock: instructions where the port counts them, else microseconds. */
static uint32_t clock_now(const ps_app *app)
{
    return app->port->instructions != NULL ? app->port->instructions(app->port->context)
                                           : app->port->now_us(app->port->context);
}

static const char *op_type_name(ps_op_type type)
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
    return "UNKNOWN";
}

/* Appends a string / an unsigned decimal to text[*length], keeping room for the NUL. */
static void append_text(char *text, size_t capacity, size_t *length, const char *s)
{
    while (*s != '\0' && *length + 1 < capacity) {
        text[(*length)++] = *s++;
    }
    text[*length] = '\0';
}

static void append_u32(char *text, size_t capacity, size_t *length, uint32_t value)
{
    char digits[11];
    size_t n = sizeof digits - 1;
    digits[n] = '\0';
    do {
        digits[--n] = (char)('0' + value % 10u);
        value /= 10u;
    } while (value != 0);
    append_text(text, capacity, length, digits + n);
}

/*
 * One LOG per timed op (PROTOCOL.md, "Layer times"):
 *   layer_time op=<index> type=<TFLite op name> time=<count> unit=<instructions|microseconds>
 * queued as stream packets while the FRAME keeps its room, before the FRAME they belong to.
 */
static void send_layer_times(ps_app *app, const ps_app_run *run, uint8_t time_unit)
{
    const char *unit = time_unit == PS_PROTO_TIME_INSTRUCTIONS ? "instructions" : "microseconds";
    int32_t i;
    for (i = 0; i < app->model->n_ops && i < PS_APP_TIMED_OPS; i++) {
        char text[96];
        size_t length = 0;
        ps_proto_log line;
        ps_proto_envelope e;
        int32_t encoded;
        append_text(text, sizeof text, &length, "layer_time op=");
        append_u32(text, sizeof text, &length, (uint32_t)i);
        append_text(text, sizeof text, &length, " type=");
        append_text(text, sizeof text, &length, op_type_name(app->model->ops[i].type));
        append_text(text, sizeof text, &length, " time=");
        append_u32(text, sizeof text, &length, run->times[i]);
        append_text(text, sizeof text, &length, " unit=");
        append_text(text, sizeof text, &length, unit);
        line.level = PS_PROTO_LOG_INFO;
        line.text = ps_proto_text_of(text);
        e = envelope_for(app, NULL);
        drain(app);
        encoded = ps_proto_encode_log(&e, &line, app->tx_packet, sizeof app->tx_packet);
        if (encoded > 0 && ps_proto_txq_stream_room(&app->txq) >= (size_t)encoded + PS_APP_FRAME_RESERVE) {
            queue(app, encoded, PS_PROTO_PRIORITY_STREAM);
        }
    }
}

/* The runner calls this after every op: the streamed layer's maps go out as soon as it exists.
 * With LAYER_TIMES it also ends the op's time, and starts the next op's after the streaming. */
static void on_op_done(void *context, int32_t op_index, const ps_tensor *output, const int8_t *data)
{
    ps_app_run *run = context;
    ps_app *app = run->app;
    if (run->timing && op_index >= 0 && op_index < PS_APP_TIMED_OPS) {
        run->times[op_index] = clock_now(app) - run->mark;
    }
    if (app->streaming && op_index == (int32_t)app->layer_index) {
        send_maps(app, output, data);
    }
    if (run->timing) {
        run->mark = clock_now(app);
    }
}

static void send_image(ps_app *app)
{
    const ps_tensor *t = &app->model->tensors[app->model->input_tensor];
    uint16_t width = (uint16_t)t->dims.w;
    uint16_t height = (uint16_t)t->dims.h;
    uint8_t channels = (uint8_t)t->dims.c;
    uint16_t per_packet = ps_proto_image_rows_per_packet(width, channels, PS_PROTO_MAX_PAYLOAD);
    uint16_t row0;
    for (row0 = 0; per_packet > 0 && row0 < height; row0 = (uint16_t)(row0 + per_packet)) {
        ps_proto_image image;
        ps_proto_envelope e = envelope_for(app, NULL);
        size_t offset = (size_t)row0 * width * channels;
        image.frame_number = app->frame_number;
        image.chunk.pixel_format = app->input_format;
        image.chunk.channels = channels;
        image.chunk.height = height;
        image.chunk.width = width;
        image.chunk.row0 = row0;
        image.chunk.rows = (uint16_t)(height - row0 < per_packet ? height - row0 : per_packet);
        image.chunk.data = app->input_format == PS_PROTO_PIXEL_GRAY8 ? app->pixels + offset
                                                                      : (const uint8_t *)app->input + offset;
        drain(app);
        queue_part(app, ps_proto_encode_image(&e, &image, app->tx_packet, sizeof app->tx_packet));
    }
}

/*
 * Runs the model on the input already in the arena. With `request` (a SET_INPUT) the FRAME is
 * its reply; otherwise it is a camera frame the credit window allowed (`streaming`).
 */
static void infer_and_report(ps_app *app, const ps_proto_packet *request)
{
    const ps_model *m = app->model;
    const ps_tensor *out = &m->tensors[m->output_tensor];
    const int8_t *scores;
    uint32_t start_us = app->port->now_us(app->port->context);
    uint32_t start_instructions = app->port->instructions != NULL ? app->port->instructions(app->port->context) : 0;
    ps_status status;
    ps_proto_frame frame;
    ps_proto_envelope e;
    ps_app_run run;
    int32_t i;

    app->parts_sent = 0;
    app->parts_dropped = 0;
    if (app->streaming && (app->options & PS_PROTO_OPTION_SEND_INPUT) != 0) {
        send_image(app);
    }
    run.app = app;
    run.timing = (app->options & PS_PROTO_OPTION_LAYER_TIMES) != 0;
    run.mark = run.timing ? clock_now(app) : 0; /* op 0's time includes the runner's model check */
    status = ps_run(m, app->arena, app->arena_bytes, on_op_done, &run);
    if (status != PS_OK) {
        char text[] = "the runner failed with ps_status 0";
        text[sizeof text - 2] = (char)('0' + (int)status % 10); /* ps_status values are 0..9 */
        send_error(app, request, PS_PROTO_ERROR_INFERENCE, text);
        return;
    }
    memset(&frame, 0, sizeof frame);
    if (app->port->instructions != NULL) {
        frame.inference_time = app->port->instructions(app->port->context) - start_instructions;
        frame.time_unit = PS_PROTO_TIME_INSTRUCTIONS;
    } else {
        frame.inference_time = app->port->now_us(app->port->context) - start_us;
        frame.time_unit = PS_PROTO_TIME_MICROSECONDS;
    }
    frame.frame_number = app->frame_number;
    frame.frames_skipped = app->credit.skipped;
    frame.output_scale_bits = out->scale_bits;
    frame.output_zero_point = out->zero_point;
    frame.layer_index = app->layer_index;
    frame.parts_sent = app->parts_sent;
    frame.parts_dropped = app->parts_dropped;
    frame.score_count = (uint8_t)out->bytes;
    scores = ps_tensor_data(m, app->arena, m->output_tensor);
    for (i = 0; i < (int32_t)out->bytes; i++) {
        frame.scores[i] = scores[i];
    }
    if (run.timing) {
        send_layer_times(app, &run, frame.time_unit);
    }
    e = envelope_for(app, request);
    queue(app, ps_proto_encode_frame(&e, &frame, app->tx_packet, sizeof app->tx_packet),
          request != NULL ? PS_PROTO_PRIORITY_REPLY : PS_PROTO_PRIORITY_STREAM);
}

static void run_camera(ps_app *app)
{
    const ps_tensor *in = &app->model->tensors[app->model->input_tensor];
    uint32_t i;
    ps_proto_stream_decision decision;
    if (app->port->camera_grab == NULL || app->input_rows != 0) {
        return; /* no camera, or a host image is half received: it owns the input */
    }
    if (!app->port->camera_grab(app->port->context, app->pixels, in->dims.w, in->dims.h)) {
        return;
    }
    /* Stream a camera frame only onto an empty queue: its parts then meet the whole queue, so a
     * frame is skipped (and counted) rather than sent with holes while the link is still busy. */
    decision = ps_proto_credit_camera_frame(&app->credit, ps_proto_txq_pending(&app->txq) == 0,
                                            &app->frame_number);
    if (decision != PS_PROTO_STREAM_SEND) {
        return; /* paused, decimated or no credit: nothing to show, so nothing to compute */
    }
    for (i = 0; i < app->pixel_count; i++) {
        app->input[i] = app->model->pixel_to_input[app->pixels[i]];
    }
    app->input_format = PS_PROTO_PIXEL_GRAY8;
    app->streaming = 1;
    infer_and_report(app, NULL);
    app->streaming = 0;
}

/* ---------------------------------------------------------------- requests */

static void handle_hello_request(ps_app *app, const ps_proto_packet *packet)
{
    ps_proto_hello_request request;
    ps_proto_hello hello;
    ps_proto_envelope e;
    const ps_tensor *in = &app->model->tensors[app->model->input_tensor];
    int32_t i;
    if (ps_proto_parse_hello_request(packet, &request) != PS_PROTO_OK) {
        send_error(app, packet, PS_PROTO_ERROR_MALFORMED, "HELLO_REQUEST is malformed: shorter than its fields or inconsistent");
        return;
    }
    if (request.protocol_major != PS_PROTO_VERSION_MAJOR) {
        send_error(app, packet, PS_PROTO_ERROR_VERSION, "this board speaks another protocol major version");
        return;
    }
    memset(&hello, 0, sizeof hello);
    hello.protocol_major = PS_PROTO_VERSION_MAJOR;
    hello.protocol_minor = PS_PROTO_VERSION_MINOR;
    hello.firmware_major = PS_FIRMWARE_VERSION_MAJOR;
    hello.firmware_minor = PS_FIRMWARE_VERSION_MINOR;
    hello.firmware_patch = PS_FIRMWARE_VERSION_PATCH;
    hello.layer_count = (uint16_t)app->model->n_ops;
    hello.capabilities = PS_PROTO_CAP_SET_INPUT | PS_PROTO_CAP_MAP_RLE | PS_PROTO_CAP_SEND_INPUT
                         | (app->port->camera_grab != NULL ? PS_PROTO_CAP_CAMERA : 0u);
    memcpy(hello.model_hash, app->model->hash, PS_PROTO_MODEL_HASH_SIZE);
    hello.input_height = (uint16_t)in->dims.h;
    hello.input_width = (uint16_t)in->dims.w;
    hello.input_channels = (uint16_t)in->dims.c;
    hello.rx_payload_max = PS_PROTO_MAX_PAYLOAD;
    hello.layer = describe_layer(app, app->layer_index);
    hello.board_id = ps_proto_text_of(app->port->board_id);
    hello.label_count = (uint8_t)app->model->n_labels;
    for (i = 0; i < app->model->n_labels; i++) {
        hello.labels[i] = ps_proto_text_of(app->model->labels[i]);
    }
    e = envelope_for(app, packet);
    queue(app, ps_proto_encode_hello(&e, &hello, app->tx_packet, sizeof app->tx_packet), PS_PROTO_PRIORITY_REPLY);
}

static void handle_config(ps_app *app, const ps_proto_packet *packet)
{
    ps_proto_config config;
    ps_proto_config_ack ack;
    ps_proto_envelope e;
    uint32_t channels;
    if (ps_proto_parse_config(packet, &config) != PS_PROTO_OK) {
        send_error(app, packet, PS_PROTO_ERROR_MALFORMED, "CONFIG is malformed: shorter than its fields or inconsistent");
        return;
    }
    if (config.layer_index >= (uint16_t)app->model->n_ops) {
        send_error(app, packet, PS_PROTO_ERROR_BAD_LAYER, "layer_index is beyond the model's last op");
        return;
    }
    channels = channel_count(app, config.layer_index);
    if (channels < 64u && (config.channel_mask >> channels) != 0) {
        send_error(app, packet, PS_PROTO_ERROR_BAD_CHANNELS, "channel_mask selects a channel the layer lacks");
        return;
    }
    if (config.decimation == 0) {
        send_error(app, packet, PS_PROTO_ERROR_BAD_DECIMATION, "decimation must be at least 1");
        return;
    }
    if (config.map_encoding > PS_PROTO_ENCODING_RLE
        || (config.options & ~(PS_PROTO_OPTION_SEND_INPUT | PS_PROTO_OPTION_LAYER_TIMES)) != 0) {
        send_error(app, packet, PS_PROTO_ERROR_BAD_ENCODING, "unknown map_encoding or option bits");
        return;
    }
    app->layer_index = config.layer_index;
    app->channel_mask = config.channel_mask;
    app->options = config.options;
    app->map_encoding = config.map_encoding;
    ps_proto_credit_configure(&app->credit, config.window, config.decimation);
    ack.config = config;
    ack.layer = describe_layer(app, config.layer_index);
    e = envelope_for(app, packet);
    queue(app, ps_proto_encode_config_ack(&e, &ack, app->tx_packet, sizeof app->tx_packet), PS_PROTO_PRIORITY_REPLY);
}

static void handle_set_input(ps_app *app, const ps_proto_packet *packet)
{
    const ps_tensor *in = &app->model->tensors[app->model->input_tensor];
    ps_proto_image_chunk chunk;
    size_t row_bytes;
    size_t offset;
    size_t count;
    size_t i;
    if (ps_proto_parse_set_input(packet, &chunk) != PS_PROTO_OK) {
        send_error(app, packet, PS_PROTO_ERROR_MALFORMED, "SET_INPUT is malformed: shorter than its fields or inconsistent");
        return;
    }
    if ((chunk.pixel_format != PS_PROTO_PIXEL_GRAY8 && chunk.pixel_format != PS_PROTO_PIXEL_INPUT_S8)
        || chunk.height != (uint16_t)in->dims.h || chunk.width != (uint16_t)in->dims.w
        || chunk.channels != (uint8_t)in->dims.c) {
        app->input_rows = 0;
        send_error(app, packet, PS_PROTO_ERROR_BAD_IMAGE, "the image's format or shape differs from the model input");
        return;
    }
    if (chunk.row0 == 0) {
        app->input_rows = 0; /* row 0 always starts a new image (PROTOCOL.md, SET_INPUT) */
    }
    if (chunk.row0 != app->input_rows || (app->input_rows != 0 && chunk.pixel_format != app->input_format)) {
        app->input_rows = 0;
        send_error(app, packet, PS_PROTO_ERROR_IMAGE_ORDER, "rows must arrive in order from row 0; image discarded");
        return;
    }
    row_bytes = (size_t)chunk.width * chunk.channels;
    offset = (size_t)chunk.row0 * row_bytes;
    count = (size_t)chunk.rows * row_bytes;
    app->input_format = chunk.pixel_format;
    for (i = 0; i < count; i++) {
        if (chunk.pixel_format == PS_PROTO_PIXEL_GRAY8) {
            app->pixels[offset + i] = chunk.data[i];
            app->input[offset + i] = app->model->pixel_to_input[chunk.data[i]];
        } else {
            app->input[offset + i] = (int8_t)chunk.data[i];
        }
    }
    app->input_rows = (uint16_t)(chunk.row0 + chunk.rows);
    if (app->input_rows < chunk.height) {
        ps_proto_input_ack ack;
        ps_proto_envelope e = envelope_for(app, packet);
        ack.rows_received = app->input_rows;
        ack.height = chunk.height;
        queue(app, ps_proto_encode_input_ack(&e, &ack, app->tx_packet, sizeof app->tx_packet),
              PS_PROTO_PRIORITY_REPLY);
        return;
    }
    app->input_rows = 0;
    app->frame_number = ps_proto_credit_reply_frame(&app->credit);
    app->streaming = 1; /* the reply shows the layer too: the host asked for this frame */
    infer_and_report(app, packet);
    app->streaming = 0;
}

static void handle_packet(ps_app *app, const ps_proto_packet *packet)
{
    switch (packet->header.type) {
    case PS_PROTO_MSG_PING: {
        ps_proto_ping ping;
        ps_proto_pong pong;
        ps_proto_envelope e;
        if (ps_proto_parse_ping(packet, &ping) != PS_PROTO_OK) {
            send_error(app, packet, PS_PROTO_ERROR_MALFORMED, "PING is malformed: shorter than its fields or inconsistent");
            return;
        }
        pong.token = ping.token;
        pong.uptime_ms = (app->port->now_us(app->port->context) - app->boot_us) / 1000u;
        pong.tx_dropped = ps_proto_txq_refused(&app->txq);
        pong.rx_dropped = ps_proto_decoder_dropped(&app->decoder);
        e = envelope_for(app, packet);
        queue(app, ps_proto_encode_pong(&e, &pong, app->tx_packet, sizeof app->tx_packet), PS_PROTO_PRIORITY_REPLY);
        return;
    }
    case PS_PROTO_MSG_HELLO_REQUEST:
        handle_hello_request(app, packet);
        return;
    case PS_PROTO_MSG_CONFIG:
        handle_config(app, packet);
        return;
    case PS_PROTO_MSG_SET_INPUT:
        handle_set_input(app, packet);
        return;
    case PS_PROTO_MSG_FRAME_ACK: {
        ps_proto_frame_ack ack;
        if (ps_proto_parse_frame_ack(packet, &ack) == PS_PROTO_OK) {
            ps_proto_credit_ack(&app->credit, ack.frame_number);
        }
        return; /* not a request: no reply, even when malformed */
    }
    default:
        send_error(app, packet, PS_PROTO_ERROR_UNKNOWN_TYPE, "this board does not handle that message type");
        return;
    }
}

/* Tells the host, once per burst, that packets were dropped and why (the decoder counts them). */
static void report_drops(ps_app *app)
{
    uint32_t dropped = ps_proto_decoder_dropped(&app->decoder);
    const ps_proto_decoder_stats *now = &app->decoder.stats;
    const char *why;
    if (dropped == app->drops_reported) {
        return;
    }
    why = now->bad_crc != app->last_stats.bad_crc          ? "dropped a packet with a bad CRC"
          : now->bad_length != app->last_stats.bad_length  ? "dropped a packet whose length field disagrees with its size"
          : now->oversized != app->last_stats.oversized    ? "dropped a packet longer than the board's buffer"
          : now->too_short != app->last_stats.too_short    ? "dropped a packet shorter than a header and CRC"
                                                           : "dropped bytes that were not a COBS packet";
    send_error(app, NULL, PS_PROTO_ERROR_CORRUPT, why);
    app->drops_reported = dropped;
    app->last_stats = *now;
}

/* Feeds received bytes to the decoder, taking a request only while its reply has room. */
static void receive(ps_app *app)
{
    for (;;) {
        ps_proto_packet packet;
        size_t consumed = 0;
        ps_proto_status status;
        if (!ps_proto_txq_can_take_request(&app->txq)) {
            return; /* leave the bytes where they are until the queue drains */
        }
        if (app->rx_chunk_position == app->rx_chunk_length) {
            app->rx_chunk_length = (uint32_t)app->port->read(app->port->context, app->rx_chunk, sizeof app->rx_chunk);
            app->rx_chunk_position = 0;
            if (app->rx_chunk_length == 0) {
                return;
            }
        }
        status = ps_proto_decoder_feed(&app->decoder, app->rx_chunk + app->rx_chunk_position,
                                       app->rx_chunk_length - app->rx_chunk_position, &consumed, &packet);
        app->rx_chunk_position += (uint32_t)consumed;
        report_drops(app);
        if (status == PS_PROTO_PACKET_READY) {
            handle_packet(app, &packet);
            drain(app);
        }
    }
}

/* ---------------------------------------------------------------- public */

ps_status ps_app_init(ps_app *app, const ps_model *model, const ps_port *port, int8_t *arena,
                      uint32_t arena_bytes, uint8_t *pixels, uint32_t pixels_bytes)
{
    const ps_tensor *in;
    if (app == NULL || model == NULL || port == NULL || arena == NULL || pixels == NULL || port->write == NULL
        || port->read == NULL || port->now_us == NULL || model->n_ops < 1 || model->n_labels > (int32_t)PS_PROTO_MAX_LABELS) {
        return PS_ERR_ARGUMENT;
    }
    if (arena_bytes < model->arena_bytes) {
        return PS_ERR_ARENA;
    }
    in = &model->tensors[model->input_tensor];
    if (pixels_bytes < in->bytes || model->tensors[model->output_tensor].bytes > PS_PROTO_MAX_LABELS) {
        return PS_ERR_ARGUMENT;
    }
    memset(app, 0, sizeof *app);
    app->model = model;
    app->port = port;
    app->arena = arena;
    app->arena_bytes = arena_bytes;
    app->pixels = pixels;
    app->pixel_count = in->bytes;
    app->input = ps_tensor_data(model, arena, model->input_tensor);
    if (app->input == NULL) {
        return PS_ERR_ARENA;
    }
    ps_proto_decoder_init(&app->decoder, app->rx_packet, sizeof app->rx_packet);
    ps_proto_txq_init(&app->txq, app->tx_queue, sizeof app->tx_queue);
    ps_proto_credit_init(&app->credit);
    app->layer_index = 0;
    app->channel_mask = ~(uint64_t)0 >> (64u - (channel_count(app, 0) < 64u ? channel_count(app, 0) : 64u));
    app->map_encoding = PS_PROTO_ENCODING_RAW;
    app->input_format = PS_PROTO_PIXEL_GRAY8;
    app->boot_us = port->now_us(port->context);
    {
        /* A leading delimiter ends whatever the host's decoder holds from before a reset. */
        static const uint8_t delimiter = PS_PROTO_DELIMITER;
        ps_proto_txq_push(&app->txq, &delimiter, 1, PS_PROTO_PRIORITY_STREAM);
    }
    return PS_OK;
}

uint32_t ps_app_tx_pending(const ps_app *app)
{
    return (uint32_t)ps_proto_txq_pending(&app->txq);
}

void ps_app_poll(ps_app *app)
{
    drain(app);
    receive(app);
    run_camera(app);
    drain(app);
}
