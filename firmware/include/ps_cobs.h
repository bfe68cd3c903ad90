/*
 * ps_cobs.h - Consistent Overhead Byte Stuffing (Cheshire & Baker, IEEE/ACM ToN 1999).
 *
 * COBS rewrites a buffer so that it contains no 0x00 byte, which leaves 0x00 free to mark
 * where one packet ends (PROTOCOL.md, "Framing"). The encoded form is a sequence of blocks;
 * each starts with a code byte c in [1, 255] followed by c - 1 non-zero data bytes, and
 * decodes to those bytes followed by one 0x00, except that
 *   - a block with c == 0xFF is not followed by a 0x00 (it holds 254 data bytes and the
 *     run of non-zero bytes simply continues), and
 *   - the 0x00 after the last block is dropped (it is the virtual zero the encoder appended).
 * The encoder emits the shortest form: a trailing empty block (code 0x01) after a final
 * 0xFF block is never written. Decoders accept it anyway.
 *
 * Overhead: one code byte per started run of 254 non-zero bytes, i.e. at most
 * length / 254 + 1 bytes (PS_COBS_MAX_OVERHEAD). Portable C99, no platform headers.
 */
#ifndef PS_COBS_H
#define PS_COBS_H

#include <stddef.h>
#include <stdint.h>

/* Code bytes the encoder adds at most to `length` input bytes. */
#define PS_COBS_MAX_OVERHEAD(length) ((length) / 254u + 1u)

/* The longest encoding of `length` bytes (the delimiter not included). */
#define PS_COBS_MAX_ENCODED_SIZE(length) ((length) + PS_COBS_MAX_OVERHEAD(length))

/* Negative results of ps_cobs_encode and ps_cobs_decode. */
#define PS_COBS_E_ARGUMENT (-1)  /* a NULL buffer with a non-zero length, or length >= 2^31 */
#define PS_COBS_E_CAPACITY (-2)  /* the output does not fit in `capacity` bytes */
#define PS_COBS_E_MALFORMED (-3) /* a 0x00 in the input, or a block longer than what follows */

/*
 * Encodes `length` bytes from `src` into `dst`. Returns the encoded length (>= 1; the
 * delimiter is not written) or a negative PS_COBS_E_* code.
 *
 * `dst` may overlap `src` when dst + PS_COBS_MAX_OVERHEAD(length) <= src (in-place encoding
 * of a buffer staged that far behind its destination): every byte is read before the
 * position it occupies is written.
 */
int32_t ps_cobs_encode(const uint8_t *src, size_t length, uint8_t *dst, size_t capacity);

/*
 * Decodes one encoded packet (without its delimiter) from `src` into `dst`. Returns the
 * decoded length (>= 0) or a negative PS_COBS_E_* code. `dst` may equal `src` (decoding
 * never writes ahead of what it has read).
 */
int32_t ps_cobs_decode(const uint8_t *src, size_t length, uint8_t *dst, size_t capacity);

#endif /* PS_COBS_H */
