/*
 * ps_port.h - what the board-independent application (ps_app.c) needs from a board: a
 * non-blocking byte link, a microsecond clock, optionally a camera and an instruction counter.
 * Each board (boards/<board>/) fills one ps_port; the firmware core includes no platform header.
 */
#ifndef PS_PORT_H
#define PS_PORT_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    /* Shown in HELLO, e.g. "sim" or "nano33ble". */
    const char *board_id;
    void *context;
    /* Never blocks: copies up to len bytes to the link and returns how many it took (0 when full). */
    size_t (*write)(void *context, const uint8_t *data, size_t len);
    /* Never blocks: returns up to max received bytes (0 when none). */
    size_t (*read)(void *context, uint8_t *data, size_t max);
    /* A monotonic microsecond clock (wraps after ~71 minutes; only differences are used). */
    uint32_t (*now_us)(void *context);
    /* Fills width*height grayscale pixels and returns 1 when a new camera frame is ready, else 0.
     * NULL for boards without a camera (they run host-sent frames only). */
    int (*camera_grab)(void *context, uint8_t *pixels, int32_t width, int32_t height);
    /* Instructions retired so far (e.g. QEMU -icount via SysTick); NULL where not countable. */
    uint32_t (*instructions)(void *context);
} ps_port;

#endif /* PS_PORT_H */
