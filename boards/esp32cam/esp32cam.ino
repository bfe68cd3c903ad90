/*
 * pawscope on the AI-Thinker ESP32-CAM (ESP32, Arduino-ESP32 core "esp32:esp32"): the firmware
 * core and the generated model (the "pawscope" library that `pawscope export arduino` writes)
 * behind a ps_port:
 *
 *   link    UART0 `Serial` through the board's USB-serial bridge (CP210x or CH340) at PS_BAUD;
 *           writes never wait: at most Serial.availableForWrite() bytes per call
 *   clock   micros()
 *   camera  the OV2640 through esp32-camera (esp_camera.h, bundled with the core), AI-Thinker
 *           pin map, PIXFORMAT_GRAYSCALE at FRAMESIZE_QQVGA (160x120), scaled to cover the model
 *           input and centre-cropped with area averaging (ps_frame_scale.h, the same method as
 *           `pawscope dataset import`). If esp_camera_init fails the board runs host-sent frames
 *           (SET_INPUT) only: camera_grab is NULL and HELLO does not announce CAP_CAMERA.
 *
 * Build and flash (boards/esp32cam/board.json, "recipe"; GPIO0 to GND while resetting enters
 * the bootloader on boards without auto-reset):
 *   arduino-cli core install esp32:esp32 --additional-urls https://espressif.github.io/arduino-esp32/package_esp32_index.json
 *   arduino-cli compile --fqbn esp32:esp32:esp32cam --library pawscope pawscope/examples/esp32cam
 *   arduino-cli upload --fqbn esp32:esp32:esp32cam --port /dev/ttyUSB0 pawscope/examples/esp32cam
 *
 * Needs Arduino-ESP32 2.0.6 or newer (camera_config_t.pin_sccb_sda/scl, fb_location, grab_mode;
 * HardwareSerial::setTxBufferSize).
 */
#if defined(ARDUINO_ARCH_MBED) || defined(ARDUINO_ARCH_NRF52)
#error "this is the ESP32-CAM sketch; for the Nano 33 BLE use examples/nano33ble (pawscope export arduino --board nano33ble)"
#endif

#include <Arduino.h>
#include <string.h>

#include "esp_camera.h"
#include "esp_log.h"

/* The firmware core and the generated model are C: C linkage for their declarations. */
extern "C" {
#include "ps_app.h"
#include "ps_generated_model.h"
}

#include "ps_frame_scale.h"

/* The "baud" of boards/esp32cam/board.json (pawscope export arduino writes it here); the host
 * opens the port at the same rate. */
#define PS_BAUD 921600

/* Serial buffers, set before Serial.begin. RX holds what the host sends while an inference runs
 * (a whole SET_INPUT of a 96x96 input); TX lets a burst of MAP packets leave without waiting. */
#define PS_ESP32_RX_BUFFER 16384
#define PS_ESP32_TX_BUFFER 8192

/* AI-Thinker ESP32-CAM camera pins (the CAMERA_MODEL_AI_THINKER map of the core's
 * CameraWebServer example). Y2..Y9 are the sensor's data lines D0..D7. */
#define PS_CAM_PIN_PWDN 32
#define PS_CAM_PIN_RESET -1 /* not wired */
#define PS_CAM_PIN_XCLK 0
#define PS_CAM_PIN_SIOD 26
#define PS_CAM_PIN_SIOC 27
#define PS_CAM_PIN_Y9 35
#define PS_CAM_PIN_Y8 34
#define PS_CAM_PIN_Y7 39
#define PS_CAM_PIN_Y6 36
#define PS_CAM_PIN_Y5 21
#define PS_CAM_PIN_Y4 19
#define PS_CAM_PIN_Y3 18
#define PS_CAM_PIN_Y2 5
#define PS_CAM_PIN_VSYNC 25
#define PS_CAM_PIN_HREF 23
#define PS_CAM_PIN_PCLK 22

static int8_t arena[PS_MODEL_ARENA_BYTES];
static uint8_t pixels[PS_MODEL_INPUT_HEIGHT * PS_MODEL_INPUT_WIDTH * PS_MODEL_INPUT_CHANNELS];
static ps_app app;
static ps_port port;
static int app_ready = 0;

static size_t port_write(void *context, const uint8_t *data, size_t len)
{
    int room = Serial.availableForWrite();
    size_t n;
    (void)context;
    if (room <= 0) {
        return 0; /* the UART's buffer is full: the app keeps the bytes and retries next poll */
    }
    n = len < (size_t)room ? len : (size_t)room;
    return Serial.write(data, n);
}

static size_t port_read(void *context, uint8_t *data, size_t max)
{
    size_t n = 0;
    (void)context;
    while (n < max && Serial.available() > 0) {
        int c = Serial.read();
        if (c < 0) {
            break;
        }
        data[n++] = (uint8_t)c;
    }
    return n;
}

static uint32_t port_now_us(void *context)
{
    (void)context;
    return (uint32_t)micros();
}

/* esp_camera_fb_get waits for the next frame (DMA fills it meanwhile; interrupts and the UART
 * keep running). No frame is taken while the stream is paused (no CONFIG yet: the boot state):
 * it could only be skipped. */
static int port_camera_grab(void *context, uint8_t *out, int32_t width, int32_t height)
{
    camera_fb_t *fb;
    int ok;
    (void)context;
    if (app.credit.window == 0) {
        return 0;
    }
    fb = esp_camera_fb_get();
    if (fb == NULL) {
        return 0;
    }
    ok = fb->format == PIXFORMAT_GRAYSCALE && fb->len >= fb->width * fb->height
         && ps_frame_scale_cover(fb->buf, (int32_t)fb->width, (int32_t)fb->height, out, width, height);
    esp_camera_fb_return(fb);
    return ok;
}

static int camera_begin(void)
{
#if PS_MODEL_INPUT_CHANNELS != 1
    return 0; /* a grayscale camera cannot feed a colour model: host-sent frames only */
#else
    camera_config_t config;
    memset(&config, 0, sizeof config);
    config.pin_pwdn = PS_CAM_PIN_PWDN;
    config.pin_reset = PS_CAM_PIN_RESET;
    config.pin_xclk = PS_CAM_PIN_XCLK;
    config.pin_sccb_sda = PS_CAM_PIN_SIOD;
    config.pin_sccb_scl = PS_CAM_PIN_SIOC;
    config.pin_d7 = PS_CAM_PIN_Y9;
    config.pin_d6 = PS_CAM_PIN_Y8;
    config.pin_d5 = PS_CAM_PIN_Y7;
    config.pin_d4 = PS_CAM_PIN_Y6;
    config.pin_d3 = PS_CAM_PIN_Y5;
    config.pin_d2 = PS_CAM_PIN_Y4;
    config.pin_d1 = PS_CAM_PIN_Y3;
    config.pin_d0 = PS_CAM_PIN_Y2;
    config.pin_vsync = PS_CAM_PIN_VSYNC;
    config.pin_href = PS_CAM_PIN_HREF;
    config.pin_pclk = PS_CAM_PIN_PCLK;
    config.xclk_freq_hz = 20000000;
    config.ledc_timer = LEDC_TIMER_0;
    config.ledc_channel = LEDC_CHANNEL_0;
    config.pixel_format = PIXFORMAT_GRAYSCALE;
    config.frame_size = FRAMESIZE_QQVGA; /* 160x120 */
    config.jpeg_quality = 12;            /* unused for GRAYSCALE */
    config.fb_count = 1;
    config.fb_location = CAMERA_FB_IN_DRAM; /* 19,200 B: no PSRAM needed */
    config.grab_mode = CAMERA_GRAB_WHEN_EMPTY;
    return esp_camera_init(&config) == ESP_OK;
#endif
}

void setup()
{
    int camera;
    Serial.setRxBufferSize(PS_ESP32_RX_BUFFER);
    Serial.setTxBufferSize(PS_ESP32_TX_BUFFER);
    Serial.begin(PS_BAUD);
    /* UART0 is the protocol link: keep ESP-IDF's log lines (e.g. a failed camera probe) off it. */
    esp_log_level_set("*", ESP_LOG_NONE);
    camera = camera_begin();

    memset(&port, 0, sizeof port);
    port.board_id = "esp32cam";
    port.context = NULL;
    port.write = port_write;
    port.read = port_read;
    port.now_us = port_now_us;
    port.camera_grab = camera ? port_camera_grab : NULL;
    port.instructions = NULL; /* no instruction counter: FRAME.inference_time is in microseconds */
    app_ready = ps_app_init(&app, &ps_generated_model, &port, arena, sizeof arena, pixels, sizeof pixels) == PS_OK;
}

void loop()
{
    if (!app_ready) {
        /* The model does not fit this firmware (arena or layer sizes): say so once a second. */
        static unsigned long last_ms = 0;
        if (millis() - last_ms >= 1000ul) {
            static const char message[] = "\npawscope esp32cam: the model does not fit this firmware\n";
            last_ms = millis();
            port_write(NULL, (const uint8_t *)message, sizeof message - 1);
        }
        return;
    }
    ps_app_poll(&app);
}
