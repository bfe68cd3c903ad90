/*
 * ps_protocol_flow.h - the board side of flow control (PROTOCOL.md, "Flow control"):
 * a bounded TX queue that never blocks and never drops a reply, and the credit window that
 * decides which camera inferences are streamed.
 *
 * The board's main loop never waits for the host:
 *   - packets go into a ps_proto_txq; the serial port drains it with non-blocking writes
 *     (ps_proto_txq_peek / ps_proto_txq_consume, e.g. as much as availableForWrite() allows);
 *   - stream packets (MAP, IMAGE, unsolicited FRAME, LOG, unsolicited ERROR) that do not fit
 *     are refused and counted; replies (PS_PROTO_FLAG_REPLY set) have a reserve of
 *     PS_PROTO_TXQ_REPLY_RESERVE bytes that stream packets cannot use;
 *   - the board takes the next request from its decoder only while
 *     ps_proto_txq_can_take_request() holds, so a reply always has room; a host that does
 *     not read merely finds its requests waiting in the serial buffers;
 *   - ps_proto_credit lets a camera inference be streamed only while fewer than `window`
 *     FRAMEs are unacknowledged (FRAME_ACK), so a silent host stops the stream instead of
 *     filling the queue.
 *
 * Portable C99, no malloc, no platform headers; state lives in caller-owned structs.
 */
#ifndef PS_PROTOCOL_FLOW_H
#define PS_PROTOCOL_FLOW_H

#include <stddef.h>
#include <stdint.h>

#include "ps_protocol.h"

/* ---------------------------------------------------------------- TX queue */

typedef enum {
    PS_PROTO_PRIORITY_STREAM = 0, /* may be refused when the queue is full (counted) */
    PS_PROTO_PRIORITY_REPLY = 1   /* a reply: may use the reserve */
} ps_proto_priority;

/* Bytes kept free for replies: the longest reply (a HELLO) fits. */
#define PS_PROTO_TXQ_REPLY_RESERVE PS_PROTO_MAX_WIRE_SIZE

/* The smallest queue: the reserve plus room for one stream packet of the largest size. */
#define PS_PROTO_TXQ_MIN_CAPACITY (PS_PROTO_TXQ_REPLY_RESERVE + PS_PROTO_MAX_WIRE_SIZE)

/* A ring of wire bytes; treat as opaque. */
typedef struct {
    uint8_t *buffer;
    size_t capacity;
    size_t head;              /* the next byte to send */
    size_t used;              /* bytes queued */
    uint32_t dropped;         /* stream packets refused */
    uint32_t replies_refused; /* replies refused: a request was taken without room (a bug) */
} ps_proto_txq;

/* PS_PROTO_E_ARGUMENT for NULL or capacity < PS_PROTO_TXQ_MIN_CAPACITY. */
ps_proto_status ps_proto_txq_init(ps_proto_txq *queue, uint8_t *buffer, size_t capacity);

/* Queues one whole wire packet, or nothing: PS_PROTO_E_QUEUE_FULL (counted) if it does not
 * fit, a stream packet outside the reply reserve. Never blocks. */
ps_proto_status ps_proto_txq_push(ps_proto_txq *queue, const uint8_t *wire, size_t length,
                                  ps_proto_priority priority);

/* Whether a reply of any size would fit now: take the next request only if so. */
int ps_proto_txq_can_take_request(const ps_proto_txq *queue);

/* Bytes a stream packet may still occupy. */
size_t ps_proto_txq_stream_room(const ps_proto_txq *queue);

/* Bytes waiting to be sent. */
size_t ps_proto_txq_pending(const ps_proto_txq *queue);

/* The oldest queued bytes as one contiguous run (the ring may hold a second run after it);
 * returns its length, 0 when empty. */
size_t ps_proto_txq_peek(const ps_proto_txq *queue, const uint8_t **bytes);

/* Marks `count` bytes from the front as sent (at most ps_proto_txq_pending()). */
void ps_proto_txq_consume(ps_proto_txq *queue, size_t count);

/* Packets refused so far: PONG.tx_dropped. */
uint32_t ps_proto_txq_refused(const ps_proto_txq *queue);

/* ---------------------------------------------------------------- credit window */

typedef enum {
    PS_PROTO_STREAM_SEND = 0,      /* stream this inference; a frame number was allocated */
    PS_PROTO_STREAM_PAUSED = 1,    /* window 0: no CONFIG yet, or the host paused */
    PS_PROTO_STREAM_DECIMATED = 2, /* not one of every `decimation` inferences */
    PS_PROTO_STREAM_NO_CREDIT = 3, /* `window` FRAMEs unacknowledged: skipped and counted */
    PS_PROTO_STREAM_NO_ROOM = 4    /* the TX queue is full: skipped and counted */
} ps_proto_stream_decision;

/* Frame numbering and the credit window; treat as opaque. */
typedef struct {
    uint32_t last_frame; /* frame_number of the newest FRAME; 0 before the first */
    uint32_t acked;      /* the newest frame_number acknowledged (or forgiven by CONFIG) */
    uint32_t skipped;    /* FRAME.frames_skipped */
    uint16_t window;
    uint16_t decimation;
    uint16_t countdown;  /* camera inferences until the next candidate */
} ps_proto_credit;

/* Boot state: paused (window 0), decimation 1, no frames yet. */
void ps_proto_credit_init(ps_proto_credit *credit);

/* Applies CONFIG.window and CONFIG.decimation (which the board has validated: >= 1). Every
 * FRAME sent so far counts as acknowledged; the next camera inference is a candidate. */
void ps_proto_credit_configure(ps_proto_credit *credit, uint16_t window, uint16_t decimation);

/* Applies FRAME_ACK: frame numbers not yet sent, or older than the last ack, are ignored, so
 * a late or repeated FRAME_ACK is harmless. */
void ps_proto_credit_ack(ps_proto_credit *credit, uint32_t frame_number);

/* Decides about one camera inference; `queue_has_room` is whether the board could start
 * streaming a frame now (e.g. ps_proto_txq_stream_room() >= PS_PROTO_MAX_WIRE_SIZE and no
 * earlier frame's parts are still waiting for room). On PS_PROTO_STREAM_SEND, *frame_number
 * is the number for its MAP, IMAGE and FRAME packets. */
ps_proto_stream_decision ps_proto_credit_camera_frame(ps_proto_credit *credit,
                                                      int queue_has_room,
                                                      uint32_t *frame_number);

/* The frame number for the FRAME that answers a SET_INPUT: replies need no credit but are
 * numbered (and acknowledged) like every FRAME. */
uint32_t ps_proto_credit_reply_frame(ps_proto_credit *credit);

#endif /* PS_PROTOCOL_FLOW_H */
