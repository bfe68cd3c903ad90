/*
 * pawscope on the Arduino Nano 33 BLE Sense (the Tiny Machine Learning Kit's board, nRF52840,
 * Arduino mbed core "arduino:mbed_nano"): the firmware core and the generated model (the
 * "pawscope" library that `pawscope export arduino` writes) behind a ps_port:
 *
 *   link    USB CDC `Serial` (the baud rate is ignored by USB); writes never wait for the host,
 *           see port_write
 *   clock   micros()
 *   camera  the kit's OV7675 through the Arduino_OV767X library, grayscale QCIF (176x144),
 *           scaled to cover the model input and centre-cropped with area averaging
 *           (ps_frame_scale.h, the same method as `pawscope dataset import`). Without a camera
 *           (Camera.begin fails) the board runs host-sent frames (SET_INPUT) only: camera_grab
 *           is NULL and HELLO does not announce CAP_CAMERA.
 *
 * Build and flash (boards/nano33ble/board.json, "recipe"):
 *   arduino-cli core install arduino:mbed_nano
 *   arduino-cli lib install Arduino_OV767X
 *   arduino-cli compile --fqbn arduino:mbed_nano:nano33ble --library pawscope pawscope/examples/nano33ble
 *   arduino-cli upload --fqbn arduino:mbed_nano:nano33ble --port /dev/ttyACM0 pawscope/examples/nano33ble
 *
 * Camera library: the official Arduino_OV767X takes Camera.begin(resolution, format, fps). The
 * Harvard_TinyMLx library's fork (Arduino_OV767X_TinyMLx.h) takes the sensor as a fourth
 * argument and tunes its clock for the OV7675: build with -DPS_NANO_CAMERA_TINYMLX=1 to use it.
 */
#if defined(ARDUINO_ARCH_ESP32)
#error "this is the Nano 33 BLE sketch; for the ESP32-CAM use examples/esp32cam (pawscope export arduino --board esp32cam)"
#endif

#include <Arduino.h>
#include <string.h>

#ifndef PS_NANO_CAMERA_TINYMLX
#define PS_NANO_CAMERA_TINYMLX 0
#endif
#if PS_NANO_CAMERA_TINYMLX
#include <Arduino_OV767X_TinyMLx.h>
#else
#include <Arduino_OV767X.h>
#endif

/* The firmware core and the generated model are C: C linkage for their declarations. */
extern "C" {
#include "ps_app.h"
#include "ps_generated_model.h"
}

#include "ps_frame_scale.h"

/* The "baud" of boards/nano33ble/board.json (pawscope export arduino writes it here). USB CDC
 * ignores it; it only matters to tools that insist on one. */
#define PS_BAUD 115200

/* Camera frames per second: the library supports 1 and 5 on this board. Camera.readFrame waits
 * for the next frame and reads it with interrupts off (USB pauses meanwhile), so the faster
 * rate also means shorter pauses. */
#ifndef PS_CAMERA_FPS
#define PS_CAMERA_FPS 5
#endif
#define PS_CAMERA_WIDTH 176 /* QCIF */
#define PS_CAMERA_HEIGHT 144

/* The mbed core's USB serial does not report its TX room: availableForWrite() is Print's default
 * 0 ("a write may block"). Then at most this many bytes are written per call: one or two USB
 * packets, which the host's CDC driver takes within a millisecond or two while the port is open;
 * with no terminal attached (DTR low) Serial.write returns 0 at once and nothing waits. */
#define PS_NANO_WRITE_CHUNK 128

static int8_t arena[PS_MODEL_ARENA_BYTES];
static uint8_t pixels[PS_MODEL_INPUT_HEIGHT * PS_MODEL_INPUT_WIDTH * PS_MODEL_INPUT_CHANNELS];
static uint8_t camera_frame[PS_CAMERA_WIDTH * PS_CAMERA_HEIGHT]; /* GRAYSCALE: 1 byte per pixel */
static ps_app app;
static ps_port port;
static int app_ready = 0;
static unsigned long next_frame_ms = 0;

static size_t port_write(void *context, const uint8_t *data, size_t len)
{
    int room = Serial.availableForWrite();
    size_t n;
    (void)context;
    if (room <= 0) {
        room = PS_NANO_WRITE_CHUNK; /* unknown room (mbed): a bounded write, see above */
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

/* Whether a camera frame could be streamed now. Reading one stalls the board (and USB) for up to
 * a frame period, so the board reads none while the stream is paused (no CONFIG yet: the boot
 * state, so an idle board never stalls), while earlier output still waits for the link (the app
 * streams a camera frame only onto an empty queue) or while the host is sending. Frames not read
 * are not counted in FRAME.frames_skipped. */
static int camera_frame_wanted(void)
{
    return app.credit.window > 0 && ps_app_tx_pending(&app) == 0 && Serial.available() == 0;
}

static int port_camera_grab(void *context, uint8_t *out, int32_t width, int32_t height)
{
    unsigned long now = millis();
    (void)context;
    if (!camera_frame_wanted() || (long)(now - next_frame_ms) < 0) {
        return 0;
    }
    next_frame_ms = now + 1000ul / PS_CAMERA_FPS;
    Camera.readFrame(camera_frame);
    return ps_frame_scale_cover(camera_frame, PS_CAMERA_WIDTH, PS_CAMERA_HEIGHT, out, width, height);
}

static int camera_begin(void)
{
#if PS_MODEL_INPUT_CHANNELS != 1
    return 0; /* a grayscale camera cannot feed a colour model: host-sent frames only */
#elif PS_NANO_CAMERA_TINYMLX
    return Camera.begin(QCIF, GRAYSCALE, PS_CAMERA_FPS, OV7675) == 1;
#else
    return Camera.begin(QCIF, GRAYSCALE, PS_CAMERA_FPS) == 1;
#endif
}

void setup()
{
    int camera;
    Serial.begin(PS_BAUD); /* no `while (!Serial)`: the board runs whether or not a host is there */
    camera = camera_begin() && Camera.width() == PS_CAMERA_WIDTH && Camera.height() == PS_CAMERA_HEIGHT;

    memset(&port, 0, sizeof port);
    port.board_id = "nano33ble";
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
            static const char message[] = "\npawscope nano33ble: the model does not fit this firmware\n";
            last_ms = millis();
            port_write(NULL, (const uint8_t *)message, sizeof message - 1);
        }
        return;
    }
    ps_app_poll(&app);
}
