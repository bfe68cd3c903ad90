/* The camera reel file of the simulated board: "PSREEL1\0", uint32 LE width, height, count, then
 * count frames of width*height 8-bit grayscale pixels (host side: CameraReel.java). */
#ifndef SIM_REEL_H
#define SIM_REEL_H

#include <stdint.h>

typedef struct {
    int32_t width;
    int32_t height;
    int32_t count;
    uint8_t *pixels;
    char error[160];
} sim_reel;

/* Loads the reel; its frames must be width x height. Returns 0 with reel->error set on failure. */
int sim_reel_load(sim_reel *reel, const char *path, int32_t width, int32_t height);

/* Copies frame `index` into pixels (width x height). Returns 0 if the sizes differ. */
int sim_reel_frame(const sim_reel *reel, int32_t index, uint8_t *pixels, int32_t width, int32_t height);

void sim_reel_free(sim_reel *reel);

#endif
