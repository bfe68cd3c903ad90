/*
 * ps_frame_scale.h - a grayscale camera frame to the model's input, the way `pawscope dataset
 * import` prepares photos (host: ImageResizer.coverAndCenterCrop): scale so that the frame
 * covers the input, crop the centre, and give each output pixel the mean of the source area it
 * covers, partly covered source pixels weighted by the covered fraction (area averaging, so
 * shrinking does not alias). Integer arithmetic only; no division in the inner loop.
 *
 * Exact arithmetic: with N = the output side that limits the scale and S = the matching source
 * side, one output pixel spans S/N source pixels. Positions are counted in units of 1/(2N) source
 * pixel, which makes the centred crop's half-pixel offset an integer; each output pixel then
 * spans 2S units, each source pixel 2N units, and the weights are integer overlaps.
 *
 * Part of the Arduino ports: boards/nano33ble/ and boards/esp32cam/ hold identical copies (a
 * sketch folder cannot include from another; ArduinoExportTest checks they stay identical).
 * Plain C99 and C++11, static functions only: include it from the sketch, no extern "C" needed.
 */
#ifndef PS_FRAME_SCALE_H
#define PS_FRAME_SCALE_H

#include <stdint.h>

/* Scales src (src_w x src_h, one byte per pixel, row-major) to cover dst (dst_w x dst_h) and
 * crops the centre. Returns 1, or 0 (dst untouched) for a size that is not positive. */
static int ps_frame_scale_cover(const uint8_t *src, int32_t src_w, int32_t src_h, uint8_t *dst, int32_t dst_w,
                                int32_t dst_h)
{
    int64_t n;   /* the output side that limits the scale */
    int64_t s;   /* the matching source side: one output pixel spans s/n source pixels */
    int64_t x0;  /* the crop's left and top edge, in units of 1/(2n) source pixel */
    int64_t y0;
    int64_t span;
    uint64_t total;
    int32_t ox;
    int32_t oy;
    if (src == 0 || dst == 0 || src_w <= 0 || src_h <= 0 || dst_w <= 0 || dst_h <= 0) {
        return 0;
    }
    /* cover: the larger of dst_w/src_w and dst_h/src_h, compared without division */
    if ((int64_t)dst_w * src_h >= (int64_t)dst_h * src_w) {
        n = dst_w;
        s = src_w;
    } else {
        n = dst_h;
        s = src_h;
    }
    span = 2 * s;
    /* (source side - output side * s/n) / 2 source pixels, times 2n units per pixel */
    x0 = (int64_t)src_w * n - (int64_t)dst_w * s;
    y0 = (int64_t)src_h * n - (int64_t)dst_h * s;
    total = (uint64_t)span * (uint64_t)span; /* the window lies inside the frame: full weight */
    for (oy = 0; oy < dst_h; oy++) {
        int64_t a_y = y0 + oy * span;
        int64_t b_y = a_y + span;
        int32_t first_y = (int32_t)(a_y / (2 * n));
        int32_t last_y = (int32_t)((b_y + 2 * n - 1) / (2 * n)) - 1;
        if (last_y > src_h - 1) {
            last_y = src_h - 1;
        }
        for (ox = 0; ox < dst_w; ox++) {
            int64_t a_x = x0 + ox * span;
            int64_t b_x = a_x + span;
            int32_t first_x = (int32_t)(a_x / (2 * n));
            int32_t last_x = (int32_t)((b_x + 2 * n - 1) / (2 * n)) - 1;
            uint64_t sum = 0; /* <= 255 * total: (2s)^2 * 255 fits 64 bits for any frame */
            int32_t y;
            if (last_x > src_w - 1) {
                last_x = src_w - 1;
            }
            for (y = first_y; y <= last_y; y++) {
                int64_t top = (int64_t)y * 2 * n;
                int64_t wy = (b_y < top + 2 * n ? b_y : top + 2 * n) - (a_y > top ? a_y : top);
                const uint8_t *row = src + (int64_t)y * src_w;
                uint64_t row_sum = 0;
                int32_t x;
                if (wy <= 0) {
                    continue;
                }
                for (x = first_x; x <= last_x; x++) {
                    int64_t left = (int64_t)x * 2 * n;
                    int64_t wx = (b_x < left + 2 * n ? b_x : left + 2 * n) - (a_x > left ? a_x : left);
                    if (wx > 0) {
                        row_sum += (uint64_t)wx * row[x];
                    }
                }
                sum += row_sum * (uint64_t)wy;
            }
            /* the mean, rounded half up (as Math.round on the host) */
            dst[(int64_t)oy * dst_w + ox] = (uint8_t)((sum + total / 2) / total);
        }
    }
    return 1;
}

#endif /* PS_FRAME_SCALE_H */
