/*
 * ps_protocol_decoder.c - the streaming packet decoder (see ps_protocol.h).
 *
 * COBS is undone a byte at a time straight into the caller's buffer, so no encoded copy is
 * kept. At each delimiter the decoded bytes are checked (COBS block complete, size, CRC,
 * header length) and either delivered or dropped and counted; either way the next byte
 * starts a new packet. A packet is therefore never lost to garbage that ends before its
 * first byte with a delimiter, and at most one packet is lost to garbage that does not.
 */
#include "ps_protocol.h"

#include "ps_crc32.h"

/* A full COBS block: 254 data bytes with no implied zero after them. */
#define PS_COBS_FULL_BLOCK 0xFFu

static void restart(ps_proto_decoder *decoder)
{
    decoder->length = 0;
    decoder->block_left = 0;
    decoder->block_code = 0;
    decoder->discarding = 0;
}

static void append(ps_proto_decoder *decoder, uint8_t byte)
{
    if (decoder->length >= decoder->capacity) {
        decoder->discarding = 1; /* oversized: skip to the next delimiter */
        return;
    }
    decoder->buffer[decoder->length++] = byte;
}

static uint16_t read_u16(const uint8_t *bytes)
{
    return (uint16_t)(bytes[0] | (uint16_t)(bytes[1] << 8));
}

static uint32_t read_u32(const uint8_t *bytes)
{
    return (uint32_t)read_u16(bytes) | ((uint32_t)read_u16(bytes + 2) << 16);
}

/* Checks the packet that a delimiter just ended; returns 1 and fills *packet if valid. */
static int finish(ps_proto_decoder *decoder, ps_proto_packet *packet)
{
    const uint8_t *bytes = decoder->buffer;
    const size_t length = decoder->length;
    size_t payload_length;

    if (decoder->block_left > 0) {
        decoder->stats.cobs++; /* the delimiter cut a block short */
        return 0;
    }
    if (length < PS_PROTO_HEADER_SIZE + PS_PROTO_CRC_SIZE) {
        decoder->stats.too_short++;
        return 0;
    }
    if (ps_crc32(bytes, length - PS_PROTO_CRC_SIZE) != read_u32(bytes + length - PS_PROTO_CRC_SIZE)) {
        decoder->stats.bad_crc++;
        return 0;
    }
    payload_length = read_u16(bytes + 6);
    if (PS_PROTO_HEADER_SIZE + payload_length + PS_PROTO_CRC_SIZE != length) {
        decoder->stats.bad_length++;
        return 0;
    }
    packet->header.type = bytes[0];
    packet->header.flags = bytes[1];
    packet->header.seq = read_u16(bytes + 2);
    packet->header.ref_seq = read_u16(bytes + 4);
    packet->header.length = (uint16_t)payload_length;
    packet->payload = bytes + PS_PROTO_HEADER_SIZE;
    decoder->stats.packets++;
    return 1;
}

ps_proto_status ps_proto_decoder_init(ps_proto_decoder *decoder, uint8_t *buffer,
                                      size_t capacity)
{
    if (decoder == NULL || buffer == NULL ||
        capacity < PS_PROTO_HEADER_SIZE + PS_PROTO_CRC_SIZE) {
        return PS_PROTO_E_ARGUMENT;
    }
    decoder->buffer = buffer;
    decoder->capacity = capacity;
    decoder->stats.packets = 0;
    decoder->stats.oversized = 0;
    decoder->stats.cobs = 0;
    decoder->stats.too_short = 0;
    decoder->stats.bad_crc = 0;
    decoder->stats.bad_length = 0;
    restart(decoder);
    return PS_PROTO_OK;
}

void ps_proto_decoder_reset(ps_proto_decoder *decoder)
{
    if (decoder != NULL) {
        restart(decoder);
    }
}

ps_proto_status ps_proto_decoder_feed(ps_proto_decoder *decoder, const uint8_t *data,
                                      size_t length, size_t *consumed, ps_proto_packet *packet)
{
    size_t i;
    if (decoder == NULL || (data == NULL && length > 0) || consumed == NULL || packet == NULL) {
        return PS_PROTO_E_ARGUMENT;
    }
    for (i = 0; i < length; i++) {
        const uint8_t byte = data[i];
        if (byte == PS_PROTO_DELIMITER) {
            int ready = 0;
            if (decoder->discarding) {
                decoder->stats.oversized++;
            } else if (decoder->block_code != 0) {
                ready = finish(decoder, packet);
            } /* else: an empty packet (delimiters back to back) is no packet at all */
            restart(decoder);
            if (ready) {
                *consumed = i + 1u;
                return PS_PROTO_PACKET_READY;
            }
        } else if (decoder->discarding) {
            /* skip to the next delimiter */
        } else if (decoder->block_left == 0) {
            /* A code byte. The previous block, unless full, implied a zero before this one. */
            if (decoder->block_code != 0 && decoder->block_code != PS_COBS_FULL_BLOCK) {
                append(decoder, 0);
            }
            decoder->block_code = byte;
            decoder->block_left = (uint8_t)(byte - 1u);
        } else {
            append(decoder, byte);
            decoder->block_left--;
        }
    }
    *consumed = length;
    return PS_PROTO_OK;
}

uint32_t ps_proto_decoder_dropped(const ps_proto_decoder *decoder)
{
    const ps_proto_decoder_stats *s = &decoder->stats;
    return s->oversized + s->cobs + s->too_short + s->bad_crc + s->bad_length;
}
