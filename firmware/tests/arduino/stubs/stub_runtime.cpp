/*
 * STUB FOR HOST TESTS ONLY - not an Arduino core. A host implementation of the stub headers in
 * this folder, so that a sketch checked against them also links (which checks its extern "C"
 * blocks: a C function declared with C++ linkage does not link) and runs on a PC:
 *
 *   setup() once, then loop() PS_STUB_LOOPS times (default 3000);
 *   Serial reads the bytes of the file PS_STUB_INPUT (the "host" sent them all at boot), at most
 *     PS_STUB_RX_CHUNK (default 256, the mbed USB serial's ring) available at a time;
 *   Serial writes go to the file PS_STUB_OUTPUT; availableForWrite() returns PS_STUB_TX_ROOM
 *     (default 0, what the mbed core's USB serial reports), and a write takes at most
 *     max(PS_STUB_TX_ROOM, 64) bytes, as a full link would;
 *   the camera exists when PS_STUB_CAMERA=1: every frame is the same test pattern,
 *     pixel(x, y) = ((x * 3 + y * 5) ^ (x * y)) & 0xFF (ArduinoSketchCompileTest computes the
 *     expected scores from it); Arduino_OV767X delivers it as QCIF (176x144), esp32-camera as
 *     QQVGA (160x120) GRAYSCALE;
 *   micros() and millis() are the host's monotonic clock.
 *
 * Built with the same -D flags as the sketch (ARDUINO_ARCH_MBED or ARDUINO_ARCH_ESP32, and
 * PS_NANO_CAMERA_TINYMLX for the Harvard fork).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <Arduino.h>

#if defined(ARDUINO_ARCH_ESP32)
#include "esp_camera.h"
#include "esp_log.h"
#elif defined(PS_NANO_CAMERA_TINYMLX) && PS_NANO_CAMERA_TINYMLX
#include <Arduino_OV767X_TinyMLx.h>
#else
#include <Arduino_OV767X.h>
#endif

void setup();
void loop();

namespace {

unsigned char *rx_data = NULL;
size_t rx_length = 0;
size_t rx_position = 0;
size_t rx_chunk = 256;
int tx_room = 0;
FILE *tx_file = NULL;
int camera_present = 0;

long env_long(const char *name, long fallback)
{
    const char *value = getenv(name);
    return value != NULL && *value != '\0' ? strtol(value, NULL, 10) : fallback;
}

uint64_t now_ns()
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t boot_ns = 0;

void fill_test_pattern(uint8_t *pixels, int width, int height)
{
    for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
            pixels[y * width + x] = (uint8_t)(((x * 3 + y * 5) ^ (x * y)) & 0xFF);
        }
    }
}

} // namespace

extern "C" unsigned long micros(void)
{
    return (unsigned long)((now_ns() - boot_ns) / 1000u);
}

extern "C" unsigned long millis(void)
{
    return (unsigned long)((now_ns() - boot_ns) / 1000000u);
}

extern "C" void delay(unsigned long ms)
{
    struct timespec ts;
    ts.tv_sec = (time_t)(ms / 1000u);
    ts.tv_nsec = (long)(ms % 1000u) * 1000000L;
    nanosleep(&ts, NULL);
}

HardwareSerial Serial;

void HardwareSerial::begin(unsigned long baud)
{
    (void)baud;
}

int HardwareSerial::available(void)
{
    size_t left = rx_length - rx_position;
    return (int)(left < rx_chunk ? left : rx_chunk);
}

int HardwareSerial::read(void)
{
    return rx_position < rx_length ? rx_data[rx_position++] : -1;
}

int HardwareSerial::availableForWrite(void)
{
    return tx_room;
}

size_t HardwareSerial::write(uint8_t byte)
{
    return write(&byte, 1);
}

size_t HardwareSerial::write(const uint8_t *buffer, size_t size)
{
    size_t limit = (size_t)(tx_room > 64 ? tx_room : 64);
    size_t n = size < limit ? size : limit;
    return tx_file != NULL ? fwrite(buffer, 1, n, tx_file) : 0;
}

#if defined(ARDUINO_ARCH_ESP32)
size_t HardwareSerial::setRxBufferSize(size_t new_size)
{
    return new_size;
}

size_t HardwareSerial::setTxBufferSize(size_t new_size)
{
    return new_size;
}

namespace {
uint8_t esp_frame_pixels[160 * 120];
camera_fb_t esp_frame;
int esp_frame_out = 0;
} // namespace

extern "C" esp_err_t esp_camera_init(const camera_config_t *config)
{
    if (config == NULL || config->pixel_format != PIXFORMAT_GRAYSCALE || config->frame_size != FRAMESIZE_QQVGA) {
        return ESP_FAIL;
    }
    return camera_present ? ESP_OK : 0x105; /* ESP_ERR_NOT_FOUND: no sensor answered */
}

extern "C" camera_fb_t *esp_camera_fb_get(void)
{
    if (!camera_present || esp_frame_out) {
        return NULL;
    }
    fill_test_pattern(esp_frame_pixels, 160, 120);
    esp_frame.buf = esp_frame_pixels;
    esp_frame.len = sizeof esp_frame_pixels;
    esp_frame.width = 160;
    esp_frame.height = 120;
    esp_frame.format = PIXFORMAT_GRAYSCALE;
    esp_frame_out = 1;
    return &esp_frame;
}

extern "C" void esp_camera_fb_return(camera_fb_t *fb)
{
    if (fb == &esp_frame) {
        esp_frame_out = 0;
    }
}

extern "C" void esp_log_level_set(const char *tag, esp_log_level_t level)
{
    (void)tag;
    (void)level;
}
#else
OV767X Camera;

namespace {
int ov_width = 0;
int ov_height = 0;
int ov_grayscale = 0;

int ov_begin(int resolution, int format, int fps)
{
    if (!camera_present || (fps != 1 && fps != 5)) {
        return 0;
    }
    switch (resolution) {
    case QCIF:
        ov_width = 176;
        ov_height = 144;
        break;
    case QQVGA:
        ov_width = 160;
        ov_height = 120;
        break;
    default:
        return 0;
    }
    ov_grayscale = format == GRAYSCALE;
    return 1;
}
} // namespace

#if defined(PS_NANO_CAMERA_TINYMLX) && PS_NANO_CAMERA_TINYMLX
int OV767X::begin(int resolution, int format, int fps, int camera_name)
{
    return camera_name == OV7675 ? ov_begin(resolution, format, fps) : 0;
}
#else
int OV767X::begin(int resolution, int format, int fps)
{
    return ov_begin(resolution, format, fps);
}
#endif

int OV767X::width() const
{
    return ov_width;
}

int OV767X::height() const
{
    return ov_height;
}

void OV767X::readFrame(void *buffer)
{
    if (ov_grayscale) {
        fill_test_pattern((uint8_t *)buffer, ov_width, ov_height);
    }
}
#endif

int main(void)
{
    const char *input = getenv("PS_STUB_INPUT");
    const char *output = getenv("PS_STUB_OUTPUT");
    long loops = env_long("PS_STUB_LOOPS", 3000);
    boot_ns = now_ns();
    rx_chunk = (size_t)env_long("PS_STUB_RX_CHUNK", 256);
    tx_room = (int)env_long("PS_STUB_TX_ROOM", 0);
    camera_present = env_long("PS_STUB_CAMERA", 0) != 0;
    if (input != NULL && *input != '\0') {
        FILE *in = fopen(input, "rb");
        if (in == NULL) {
            perror(input);
            return 2;
        }
        fseek(in, 0, SEEK_END);
        rx_length = (size_t)ftell(in);
        fseek(in, 0, SEEK_SET);
        rx_data = (unsigned char *)malloc(rx_length > 0 ? rx_length : 1);
        if (rx_data == NULL || fread(rx_data, 1, rx_length, in) != rx_length) {
            fclose(in);
            return 2;
        }
        fclose(in);
    }
    if (output != NULL && *output != '\0') {
        tx_file = fopen(output, "wb");
        if (tx_file == NULL) {
            perror(output);
            return 2;
        }
    }
    setup();
    for (long i = 0; i < loops; i++) {
        loop();
    }
    if (tx_file != NULL) {
        fclose(tx_file);
    }
    free(rx_data);
    return 0;
}
