/*
 * ps_app.h - the board-independent firmware application: speaks the serial protocol
 * (PROTOCOL.md) over a ps_port, runs the model on camera frames and host-sent images, and
 * streams the chosen layer's feature maps and the scores. Every board's main loop is
 *
 *     ps_app_init(&app, &ps_generated_model, &port, arena, sizeof arena, pixels, sizeof pixels);
 *     for (;;) ps_app_poll(&app);
 *
 * ps_app_poll never blocks: output goes through a bounded queue drained with the port's
 * non-blocking write; a host that stops reading only pauses the stream (credit window).
 * No malloc: all state, buffers included, lives in the caller's ps_app.
 */
#ifndef PS_APP_H
#define PS_APP_H

#include <stdint.h>

#include "ps_model.h"
#include "ps_port.h"
#include "ps_protocol.h"
#include "ps_protocol_flow.h"

/* The firmware core's version, sent in HELLO (the protocol has its own). */
#define PS_FIRMWARE_VERSION_MAJOR 0u
#define PS_FIRMWARE_VERSION_MINOR 1u
#define PS_FIRMWARE_VERSION_PATCH 0u

/* The TX queue: the reply reserve plus room for a few stream packets. */
#define PS_APP_TXQ_BYTES (PS_PROTO_TXQ_MIN_CAPACITY + 4u * PS_PROTO_MAX_WIRE_SIZE)

typedef struct {
    const ps_model *model;
    const ps_port *port;
    int8_t *arena;
    uint32_t arena_bytes;
    uint8_t *pixels;             /* the input as grayscale pixels (camera, or GRAY8 SET_INPUT) */
    uint32_t pixel_count;
    int8_t *input;               /* the input tensor in the arena */

    ps_proto_decoder decoder;
    uint8_t rx_packet[PS_PROTO_MAX_PACKET_SIZE];
    uint8_t rx_chunk[64];        /* bytes read from the port, not yet fed to the decoder */
    uint32_t rx_chunk_length;
    uint32_t rx_chunk_position;
    ps_proto_txq txq;
    uint8_t tx_queue[PS_APP_TXQ_BYTES];
    uint8_t tx_packet[PS_PROTO_MAX_WIRE_SIZE]; /* one packet being encoded */
    uint16_t seq;
    ps_proto_credit credit;
    uint32_t drops_reported;     /* decoder drops already reported with ERROR CORRUPT */
    ps_proto_decoder_stats last_stats;

    /* What CONFIG chose; the boot default streams op 0's output, every channel, once the
     * host opens the credit window. */
    uint16_t layer_index;
    uint64_t channel_mask;
    uint8_t options;
    uint8_t map_encoding;

    /* The inference being run. */
    int32_t streaming;           /* 1 when its layer's maps are to be sent */
    uint32_t frame_number;
    uint16_t parts_sent;
    uint16_t parts_dropped;
    uint8_t input_format;        /* ps_proto_pixel_format of the current input */
    uint16_t input_rows;         /* SET_INPUT rows received so far */
    uint32_t boot_us;
} ps_app;

/* PS_ERR_ARENA if the arena is smaller than the model needs, PS_ERR_ARGUMENT for NULLs, a
 * pixel buffer smaller than the model input, or a model the protocol cannot describe (more
 * than PS_PROTO_MAX_LABELS outputs). */
ps_status ps_app_init(ps_app *app, const ps_model *model, const ps_port *port, int8_t *arena,
                      uint32_t arena_bytes, uint8_t *pixels, uint32_t pixels_bytes);

/* One turn of the main loop: drain output, handle received requests, run a camera frame. */
void ps_app_poll(ps_app *app);

/* Bytes queued for the link but not yet written: a port that can wait for "writable" (poll) uses
 * it to sleep only when there is nothing to send. */
uint32_t ps_app_tx_pending(const ps_app *app);

#endif /* PS_APP_H */
