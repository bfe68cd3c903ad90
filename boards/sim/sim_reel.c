#include "sim_reel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t read_u32le(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int sim_reel_load(sim_reel *reel, const char *path, int32_t width, int32_t height)
{
    uint8_t header[20];
    size_t frame_bytes;
    FILE *f = fopen(path, "rb");
    memset(reel, 0, sizeof *reel);
    if (f == NULL) {
        snprintf(reel->error, sizeof reel->error, "cannot open the camera reel %s", path);
        return 0;
    }
    if (fread(header, 1, sizeof header, f) != sizeof header || memcmp(header, "PSREEL1", 8) != 0) {
        snprintf(reel->error, sizeof reel->error, "%s is not a camera reel (expected the magic PSREEL1)", path);
        fclose(f);
        return 0;
    }
    reel->width = (int32_t)read_u32le(header + 8);
    reel->height = (int32_t)read_u32le(header + 12);
    reel->count = (int32_t)read_u32le(header + 16);
    if (reel->width != width || reel->height != height || reel->count < 1 || reel->count > 100000) {
        snprintf(reel->error, sizeof reel->error, "the reel holds %ld frames of %ldx%ld, expected frames of %ldx%ld",
                 (long)reel->count, (long)reel->width, (long)reel->height, (long)width, (long)height);
        fclose(f);
        return 0;
    }
    frame_bytes = (size_t)width * (size_t)height;
    reel->pixels = malloc(frame_bytes * (size_t)reel->count);
    if (reel->pixels == NULL || fread(reel->pixels, frame_bytes, (size_t)reel->count, f) != (size_t)reel->count) {
        snprintf(reel->error, sizeof reel->error, "the reel %s is truncated", path);
        free(reel->pixels);
        reel->pixels = NULL;
        fclose(f);
        return 0;
    }
    fclose(f);
    return 1;
}

int sim_reel_frame(const sim_reel *reel, int32_t index, uint8_t *pixels, int32_t width, int32_t height)
{
    size_t frame_bytes = (size_t)width * (size_t)height;
    if (width != reel->width || height != reel->height || index < 0 || index >= reel->count) {
        return 0;
    }
    memcpy(pixels, reel->pixels + frame_bytes * (size_t)index, frame_bytes);
    return 1;
}

void sim_reel_free(sim_reel *reel)
{
    free(reel->pixels);
    reel->pixels = NULL;
}
