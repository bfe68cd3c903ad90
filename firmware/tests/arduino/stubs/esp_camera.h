/*
 * STUB FOR COMPILE CHECKS ONLY - not esp32-camera. The API of espressif/esp32-camera
 * (driver/include/esp_camera.h, sensor.h, and the esp_err.h / driver/ledc.h types they pull in)
 * that boards/esp32cam/esp32cam.ino uses: camera_config_t with the field names of esp32-camera
 * 2.x (pin_sccb_sda/pin_sccb_scl, each in a union with the deprecated pin_sscb_* name, as there),
 * camera_fb_t, esp_camera_init, esp_camera_fb_get, esp_camera_fb_return, and the
 * PIXFORMAT_/FRAMESIZE_/LEDC_/CAMERA_ constants, all with C linkage as in the real header.
 * stub_runtime.cpp implements the functions on the host.
 */
#ifndef PS_STUB_ESP_CAMERA_H
#define PS_STUB_ESP_CAMERA_H

#include <stddef.h>
#include <stdint.h>

#if !defined(ARDUINO_ARCH_ESP32)
#error "stub esp_camera.h: esp32-camera comes with the esp32 core"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* esp_err.h */
typedef int esp_err_t;
#define ESP_OK 0
#define ESP_FAIL -1

/* driver/ledc.h */
typedef enum { LEDC_TIMER_0 = 0, LEDC_TIMER_1, LEDC_TIMER_2, LEDC_TIMER_3 } ledc_timer_t;
typedef enum { LEDC_CHANNEL_0 = 0, LEDC_CHANNEL_1, LEDC_CHANNEL_2, LEDC_CHANNEL_3 } ledc_channel_t;

/* sensor.h */
typedef enum {
    PIXFORMAT_RGB565,
    PIXFORMAT_YUV422,
    PIXFORMAT_YUV420,
    PIXFORMAT_GRAYSCALE,
    PIXFORMAT_JPEG,
    PIXFORMAT_RGB888,
    PIXFORMAT_RAW,
    PIXFORMAT_RGB444,
    PIXFORMAT_RGB555
} pixformat_t;

typedef enum {
    FRAMESIZE_96X96,   /* 96x96 */
    FRAMESIZE_QQVGA,   /* 160x120 */
    FRAMESIZE_QCIF,    /* 176x144 */
    FRAMESIZE_HQVGA,   /* 240x176 */
    FRAMESIZE_240X240, /* 240x240 */
    FRAMESIZE_QVGA     /* 320x240; larger sizes follow in the real header */
} framesize_t;

/* esp_camera.h */
typedef enum {
    CAMERA_GRAB_WHEN_EMPTY,
    CAMERA_GRAB_LATEST
} camera_grab_mode_t;

typedef enum {
    CAMERA_FB_IN_PSRAM,
    CAMERA_FB_IN_DRAM
} camera_fb_location_t;

typedef struct {
    int pin_pwdn;
    int pin_reset;
    int pin_xclk;
    union {
        int pin_sccb_sda;
        int pin_sscb_sda; /* deprecated name */
    };
    union {
        int pin_sccb_scl;
        int pin_sscb_scl; /* deprecated name */
    };
    int pin_d7;
    int pin_d6;
    int pin_d5;
    int pin_d4;
    int pin_d3;
    int pin_d2;
    int pin_d1;
    int pin_d0;
    int pin_vsync;
    int pin_href;
    int pin_pclk;
    int xclk_freq_hz;
    ledc_timer_t ledc_timer;
    ledc_channel_t ledc_channel;
    pixformat_t pixel_format;
    framesize_t frame_size;
    int jpeg_quality;
    size_t fb_count;
    camera_fb_location_t fb_location;
    camera_grab_mode_t grab_mode;
    int sccb_i2c_port;
} camera_config_t;

typedef struct {
    uint8_t *buf;
    size_t len;
    size_t width;
    size_t height;
    pixformat_t format;
} camera_fb_t;

esp_err_t esp_camera_init(const camera_config_t *config);
camera_fb_t *esp_camera_fb_get(void);
void esp_camera_fb_return(camera_fb_t *fb);

#ifdef __cplusplus
}
#endif

#endif /* PS_STUB_ESP_CAMERA_H */
