/*
 * Host harness for boards/<board>/ps_frame_scale.h (the Arduino sketches' camera scaler):
 *
 *   frame_scale SRC_W SRC_H DST_W DST_H < src.gray > dst.gray
 *
 * reads SRC_W*SRC_H grayscale bytes, writes DST_W*DST_H. FrameScaleTest compares the output with
 * the host's ImageResizer.coverAndCenterCrop (what `pawscope dataset import` does to photos).
 */
#include <stdio.h>
#include <stdlib.h>

#include "ps_frame_scale.h"

int main(int argc, char **argv)
{
    long sw;
    long sh;
    long dw;
    long dh;
    unsigned char *src;
    unsigned char *dst;
    if (argc != 5) {
        fprintf(stderr, "usage: frame_scale SRC_W SRC_H DST_W DST_H < src > dst\n");
        return 2;
    }
    sw = strtol(argv[1], NULL, 10);
    sh = strtol(argv[2], NULL, 10);
    dw = strtol(argv[3], NULL, 10);
    dh = strtol(argv[4], NULL, 10);
    if (sw <= 0 || sh <= 0 || dw <= 0 || dh <= 0 || sw > 4096 || sh > 4096 || dw > 4096 || dh > 4096) {
        fprintf(stderr, "error: sizes must be in 1..4096\n");
        return 2;
    }
    src = malloc((size_t)(sw * sh));
    dst = malloc((size_t)(dw * dh));
    if (src == NULL || dst == NULL || fread(src, 1, (size_t)(sw * sh), stdin) != (size_t)(sw * sh)) {
        fprintf(stderr, "error: expected %ld bytes on stdin\n", sw * sh);
        return 2;
    }
    if (!ps_frame_scale_cover(src, (int32_t)sw, (int32_t)sh, dst, (int32_t)dw, (int32_t)dh)) {
        fprintf(stderr, "error: ps_frame_scale_cover refused the sizes\n");
        return 1;
    }
    fwrite(dst, 1, (size_t)(dw * dh), stdout);
    free(src);
    free(dst);
    return 0;
}
