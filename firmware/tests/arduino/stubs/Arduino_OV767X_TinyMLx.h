/*
 * STUB FOR COMPILE CHECKS ONLY - not the Harvard_TinyMLx library. The API of its OV767X fork
 * (tinyMLx/arduino-library, src/OV767X_TinyMLx.h) that boards/nano33ble/nano33ble.ino uses when
 * built with -DPS_NANO_CAMERA_TINYMLX=1: Camera.begin(resolution, format, fps, camera_name)
 * with camera_name OV7670 or OV7675, readFrame, width, height. stub_runtime.cpp implements it.
 */
#ifndef PS_STUB_ARDUINO_OV767X_TINYMLX_H
#define PS_STUB_ARDUINO_OV767X_TINYMLX_H

#include <Arduino.h>

#if !defined(ARDUINO_ARCH_MBED) && !defined(ARDUINO_ARCH_NRF52840)
#error "stub Arduino_OV767X_TinyMLx.h: the library reads the camera through nRF52840 GPIO registers (mbed core only)"
#endif

enum {
    YUV422 = 0,
    RGB444 = 1,
    RGB565 = 2,
    GRAYSCALE = 4
};

enum {
    OV7670 = 0,
    OV7675 = 1
};

enum {
    VGA = 0,
    CIF = 1,
    QVGA = 2,
    QCIF = 3,
    QQVGA = 4
};

class OV767X {
public:
    int begin(int resolution, int format, int fps, int camera_name);
    int width() const;
    int height() const;
    void readFrame(void *buffer);
};

extern OV767X Camera;

#endif /* PS_STUB_ARDUINO_OV767X_TINYMLX_H */
