/*
 * STUB FOR COMPILE CHECKS ONLY - not ESP-IDF. The one esp_log.h call
 * boards/esp32cam/esp32cam.ino makes: esp_log_level_set(tag, level), with C linkage as in
 * ESP-IDF. stub_runtime.cpp implements it as a no-op.
 */
#ifndef PS_STUB_ESP_LOG_H
#define PS_STUB_ESP_LOG_H

#if !defined(ARDUINO_ARCH_ESP32)
#error "stub esp_log.h: ESP-IDF is the esp32 core's"
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    ESP_LOG_NONE,
    ESP_LOG_ERROR,
    ESP_LOG_WARN,
    ESP_LOG_INFO,
    ESP_LOG_DEBUG,
    ESP_LOG_VERBOSE
} esp_log_level_t;

void esp_log_level_set(const char *tag, esp_log_level_t level);

#ifdef __cplusplus
}
#endif

#endif /* PS_STUB_ESP_LOG_H */
