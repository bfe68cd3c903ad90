/*
 * STUB FOR COMPILE CHECKS ONLY - not the Arduino core. It declares exactly the core API that
 * boards/nano33ble/nano33ble.ino and boards/esp32cam/esp32cam.ino use, with the signatures of
 * the real cores (ArduinoCore-mbed for arduino:mbed_nano, arduino-esp32 for esp32:esp32), so
 * that g++ can check the sketches on a PC (ArduinoSketchCompileTest). stub_runtime.cpp gives
 * the declarations a host implementation so the checked sketches also link and run there.
 *
 * Per core, as the test compiles it: -DARDUINO_ARCH_MBED -DARDUINO_ARCH_NRF52840 (Nano 33 BLE)
 * or -DARDUINO_ARCH_ESP32 -DESP32 (ESP32-CAM). Members only one core has are only declared for
 * it, so a sketch that uses another core's API fails here as it would there.
 */
#ifndef PS_STUB_ARDUINO_H
#define PS_STUB_ARDUINO_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if !defined(ARDUINO_ARCH_MBED) && !defined(ARDUINO_ARCH_ESP32)
#error "stub Arduino.h: define the core being checked (-DARDUINO_ARCH_MBED or -DARDUINO_ARCH_ESP32)"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Both cores declare the time functions with C linkage (ArduinoCore-API Common.h, esp32-hal.h). */
unsigned long micros(void);
unsigned long millis(void);
void delay(unsigned long ms);

#ifdef __cplusplus
} /* extern "C" */

/* Function-like macros both cores define in Arduino.h: a sketch or library header that uses
 * these names as identifiers breaks on the real cores, and so here. */
#define constrain(amt, low, high) ((amt) < (low) ? (low) : ((amt) > (high) ? (high) : (amt)))
#define radians(deg) ((deg) * 0.017453292519943295)
#define degrees(rad) ((rad) * 57.29577951308232)
#define sq(x) ((x) * (x))
#define lowByte(w) ((uint8_t)((w) & 0xff))
#define highByte(w) ((uint8_t)((w) >> 8))
#define bit(b) (1UL << (b))

typedef uint8_t byte;
typedef bool boolean;

/* The board's `Serial`: ArduinoCore-mbed's USB CDC (arduino::USBSerial, via HardwareSerial) or
 * arduino-esp32's UART0 (HardwareSerial). Only the members the sketches use. */
class HardwareSerial {
public:
    void begin(unsigned long baud);
    int available(void);
    int read(void);
    /* mbed: Print's default 0 ("a write may block"), USBSerial does not override it;
     * esp32: the room in the UART's TX FIFO and ring buffer. */
    int availableForWrite(void);
    size_t write(uint8_t byte);
    size_t write(const uint8_t *buffer, size_t size);
#if defined(ARDUINO_ARCH_ESP32)
    /* arduino-esp32 only; call before begin(). */
    size_t setRxBufferSize(size_t new_size);
    size_t setTxBufferSize(size_t new_size);
#endif
};

extern HardwareSerial Serial;

#endif /* __cplusplus */

#endif /* PS_STUB_ARDUINO_H */
