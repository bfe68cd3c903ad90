/*
 * ps_crc32.c - CRC-32/ISO-HDLC, reflected, a nibble at a time (see ps_crc32.h).
 */
#include "ps_crc32.h"

/* crc32_nibble_table[i] is the register contribution of the 4-bit value i shifted out through the
 * reflected polynomial 0xEDB88320: four rounds of (c >> 1) ^ (c & 1 ? 0xEDB88320 : 0). */
static const uint32_t crc32_nibble_table[16] = {
    0x00000000u, 0x1DB71064u, 0x3B6E20C8u, 0x26D930ACu, 0x76DC4190u, 0x6B6B51F4u,
    0x4DB26158u, 0x5005713Cu, 0xEDB88320u, 0xF00F9344u, 0xD6D6A3E8u, 0xCB61B38Cu,
    0x9B64C2B0u, 0x86D3D2D4u, 0xA00AE278u, 0xBDBDF21Cu,
};

uint32_t ps_crc32_update(uint32_t reg, const uint8_t *data, size_t length)
{
    size_t i;
    for (i = 0; i < length; i++) {
        reg ^= data[i];
        reg = (reg >> 4) ^ crc32_nibble_table[reg & 0x0Fu];
        reg = (reg >> 4) ^ crc32_nibble_table[reg & 0x0Fu];
    }
    return reg;
}

uint32_t ps_crc32(const uint8_t *data, size_t length)
{
    return ps_crc32_final(ps_crc32_update(PS_CRC32_INIT, data, length));
}
