/*
 * ps_cobs.c - COBS encode and decode of whole buffers (see ps_cobs.h). The protocol's
 * streaming decoder (ps_protocol_decoder.c) applies the same block rules a byte at a time.
 */
#include "ps_cobs.h"

/* Results are int32_t; larger buffers are refused rather than reported wrongly. */
#define PS_COBS_MAX_LENGTH 0x7FFFFF00u

int32_t ps_cobs_encode(const uint8_t *src, size_t length, uint8_t *dst, size_t capacity)
{
    size_t code_at = 0; /* where the current block's code byte goes */
    size_t out = 1;     /* next data byte position; position 0 is the first code byte */
    uint8_t code = 1;   /* 1 + data bytes in the current block */
    size_t i;

    if ((src == NULL && length > 0) || dst == NULL || length > PS_COBS_MAX_LENGTH) {
        return PS_COBS_E_ARGUMENT;
    }
    if (capacity < 1) {
        return PS_COBS_E_CAPACITY;
    }
    for (i = 0; i < length; i++) {
        const uint8_t byte = src[i]; /* read before dst[out] may overwrite it (in place) */
        if (byte == 0) {
            dst[code_at] = code;
            code_at = out;
            code = 1;
            if (out >= capacity) {
                return PS_COBS_E_CAPACITY;
            }
            out++;
        } else {
            if (out >= capacity) {
                return PS_COBS_E_CAPACITY;
            }
            dst[out] = byte;
            out++;
            code++;
            /* A full block (254 data bytes) closes without an implied zero; the next block
             * starts only if more input follows, so no empty trailing block is written. */
            if (code == 0xFFu && i + 1 < length) {
                dst[code_at] = code;
                code_at = out;
                code = 1;
                if (out >= capacity) {
                    return PS_COBS_E_CAPACITY;
                }
                out++;
            }
        }
    }
    dst[code_at] = code;
    return (int32_t)out;
}

int32_t ps_cobs_decode(const uint8_t *src, size_t length, uint8_t *dst, size_t capacity)
{
    size_t in = 0;
    size_t out = 0;

    if ((src == NULL && length > 0) || (dst == NULL && capacity > 0) ||
        length > PS_COBS_MAX_LENGTH) {
        return PS_COBS_E_ARGUMENT;
    }
    while (in < length) {
        const uint8_t code = src[in];
        size_t k;
        if (code == 0) {
            return PS_COBS_E_MALFORMED;
        }
        in++;
        if ((size_t)(code - 1u) > length - in) {
            return PS_COBS_E_MALFORMED; /* the block claims more bytes than remain */
        }
        for (k = 1; k < code; k++) {
            const uint8_t byte = src[in];
            if (byte == 0) {
                return PS_COBS_E_MALFORMED;
            }
            if (out >= capacity) {
                return PS_COBS_E_CAPACITY;
            }
            dst[out] = byte;
            out++;
            in++;
        }
        /* The implied zero after a short block, unless this block was the last one. */
        if (code != 0xFFu && in < length) {
            if (out >= capacity) {
                return PS_COBS_E_CAPACITY;
            }
            dst[out] = 0;
            out++;
        }
    }
    return (int32_t)out;
}
