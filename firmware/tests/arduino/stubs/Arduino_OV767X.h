/*
 * STUB FOR COMPILE CHECKS ONLY - not the Arduino_OV767X library. The API of
 * arduino-libraries/Arduino_OV767X (src/OV767X.h) that boards/nano33ble/nano33ble.ino uses:
 * the format and resolution constants, Camera.begin(resolution, format, fps) (1 on success,
 * 0 on failure), readFrame, width, height. stub_runtime.cpp implements it on the host.
 */
#ifndef PS_STUB_ARDUINO_OV767X_H
#define PS_STUB_ARDUINO_OV767X_H

#include <Arduino.h>

#if !defined(ARDUINO_ARCH_MBED) && !defined(ARDUINO_ARCH_NRF52840)
#error "stub Arduino_OV767X.h: the library reads the camera through nRF52840 GPIO registers (mbed core only)"
#endif

enum {
    YUV422 = 0,
    RGB444 = 1,
    RGB565 = 2,
    GRAYSCALE = 4 /* YUV422 with U and V dropped: 1 byte per pixel in the frame buffer */
};

enum {
    VGA = 0,   /* 640x480 */
    CIF = 1,   /* 352x240 */
    QVGA = 2,  /* 320x240 */
    QCIF = 3,  /* 176x144 */
    QQVGA = 4  /* 160x120 */
};

class OV767X {
public:
    int begin(int resolution, int format, int fps); /* fps 1 or 5 on the Nano 33 BLE */
    int width() const;
    int height() const;
    void readFrame(void *buffer); /* waits for the next frame; interrupts off while reading */
};

extern OV767X Camera;

#endif /* PS_STUB_ARDUINO_OV767X_H */
