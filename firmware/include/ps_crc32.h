/*
 * ps_crc32.h - CRC-32/ISO-HDLC, the CRC that guards every protocol packet (PROTOCOL.md, "Packet").
 *
 * The same CRC as zlib's crc32(), Ethernet, PNG and java.util.zip.CRC32:
 *   width 32, poly 0x04C11DB7 (reflected form 0xEDB88320), init 0xFFFFFFFF,
 *   refin true, refout true, xorout 0xFFFFFFFF, check("123456789") = PS_CRC32_CHECK.
 *
 * Table-driven a nibble at a time (a 16-entry, 64-byte table in flash), so it costs
 * little ROM on a microcontroller. Portable C99, integer only, no platform headers.
 */
#ifndef PS_CRC32_H
#define PS_CRC32_H

#include <stddef.h>
#include <stdint.h>

/* The register value before the first byte. */
#define PS_CRC32_INIT 0xFFFFFFFFu

/* The value XORed into the register after the last byte. */
#define PS_CRC32_XOROUT 0xFFFFFFFFu

/* CRC-32/ISO-HDLC of the nine ASCII bytes "123456789" (the catalogue's check value). */
#define PS_CRC32_CHECK 0xCBF43926u

/* Advances a running register over `length` bytes. Start from PS_CRC32_INIT, finish with
 * ps_crc32_final(); `data` may be NULL when `length` is 0. */
uint32_t ps_crc32_update(uint32_t reg, const uint8_t *data, size_t length);

/* The CRC value of a finished register. */
static inline uint32_t ps_crc32_final(uint32_t reg)
{
    return reg ^ PS_CRC32_XOROUT;
}

/* CRC-32/ISO-HDLC of one buffer: ps_crc32_final(ps_crc32_update(PS_CRC32_INIT, data, length)). */
uint32_t ps_crc32(const uint8_t *data, size_t length);

#endif /* PS_CRC32_H */
