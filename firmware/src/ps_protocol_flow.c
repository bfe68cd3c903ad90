/*
 * ps_protocol_flow.c - the bounded TX queue and the credit window (see ps_protocol_flow.h).
 */
#include "ps_protocol_flow.h"

/* ---------------------------------------------------------------- TX queue */

ps_proto_status ps_proto_txq_init(ps_proto_txq *queue, uint8_t *buffer, size_t capacity)
{
    if (queue == NULL || buffer == NULL || capacity < PS_PROTO_TXQ_MIN_CAPACITY) {
        return PS_PROTO_E_ARGUMENT;
    }
    queue->buffer = buffer;
    queue->capacity = capacity;
    queue->head = 0;
    queue->used = 0;
    queue->dropped = 0;
    queue->replies_refused = 0;
    return PS_PROTO_OK;
}

size_t ps_proto_txq_stream_room(const ps_proto_txq *queue)
{
    const size_t limit = queue->capacity - PS_PROTO_TXQ_REPLY_RESERVE;
    return queue->used < limit ? limit - queue->used : 0;
}

int ps_proto_txq_can_take_request(const ps_proto_txq *queue)
{
    return queue->capacity - queue->used >= PS_PROTO_TXQ_REPLY_RESERVE;
}

size_t ps_proto_txq_pending(const ps_proto_txq *queue)
{
    return queue->used;
}

ps_proto_status ps_proto_txq_push(ps_proto_txq *queue, const uint8_t *wire, size_t length,
                                  ps_proto_priority priority)
{
    size_t room;
    size_t tail;
    size_t i;
    if (queue == NULL || (wire == NULL && length > 0)) {
        return PS_PROTO_E_ARGUMENT;
    }
    room = priority == PS_PROTO_PRIORITY_REPLY ? queue->capacity - queue->used
                                               : ps_proto_txq_stream_room(queue);
    if (length > room) {
        if (priority == PS_PROTO_PRIORITY_REPLY) {
            queue->replies_refused++;
        } else {
            queue->dropped++;
        }
        return PS_PROTO_E_QUEUE_FULL;
    }
    tail = queue->head + queue->used;
    if (tail >= queue->capacity) {
        tail -= queue->capacity;
    }
    for (i = 0; i < length; i++) {
        queue->buffer[tail] = wire[i];
        tail++;
        if (tail == queue->capacity) {
            tail = 0;
        }
    }
    queue->used += length;
    return PS_PROTO_OK;
}

size_t ps_proto_txq_peek(const ps_proto_txq *queue, const uint8_t **bytes)
{
    const size_t to_end = queue->capacity - queue->head;
    *bytes = queue->buffer + queue->head;
    return queue->used < to_end ? queue->used : to_end;
}

void ps_proto_txq_consume(ps_proto_txq *queue, size_t count)
{
    if (count > queue->used) {
        count = queue->used;
    }
    queue->head += count;
    if (queue->head >= queue->capacity) {
        queue->head -= queue->capacity;
    }
    queue->used -= count;
    if (queue->used == 0) {
        queue->head = 0; /* keeps the next packet contiguous when the queue ran dry */
    }
}

uint32_t ps_proto_txq_refused(const ps_proto_txq *queue)
{
    return queue->dropped + queue->replies_refused;
}

/* ---------------------------------------------------------------- credit window */

void ps_proto_credit_init(ps_proto_credit *credit)
{
    credit->last_frame = 0;
    credit->acked = 0;
    credit->skipped = 0;
    credit->window = 0;
    credit->decimation = 1;
    credit->countdown = 1;
}

void ps_proto_credit_configure(ps_proto_credit *credit, uint16_t window, uint16_t decimation)
{
    credit->window = window;
    credit->decimation = decimation >= 1 ? decimation : 1;
    credit->countdown = 1;
    credit->acked = credit->last_frame;
}

void ps_proto_credit_ack(ps_proto_credit *credit, uint32_t frame_number)
{
    /* Accept only numbers in (acked, last_frame], modulo 2^32. */
    const uint32_t advance = frame_number - credit->acked;
    const uint32_t outstanding = credit->last_frame - credit->acked;
    if (advance <= outstanding) {
        credit->acked = frame_number;
    }
}

ps_proto_stream_decision ps_proto_credit_camera_frame(ps_proto_credit *credit,
                                                      int queue_has_room,
                                                      uint32_t *frame_number)
{
    if (credit->window == 0) {
        return PS_PROTO_STREAM_PAUSED;
    }
    if (--credit->countdown > 0) {
        return PS_PROTO_STREAM_DECIMATED;
    }
    credit->countdown = credit->decimation;
    if (credit->last_frame - credit->acked >= credit->window) {
        credit->skipped++;
        return PS_PROTO_STREAM_NO_CREDIT;
    }
    if (!queue_has_room) {
        credit->skipped++;
        return PS_PROTO_STREAM_NO_ROOM;
    }
    *frame_number = ++credit->last_frame;
    return PS_PROTO_STREAM_SEND;
}

uint32_t ps_proto_credit_reply_frame(ps_proto_credit *credit)
{
    return ++credit->last_frame;
}
