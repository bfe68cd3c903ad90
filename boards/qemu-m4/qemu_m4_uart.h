/*
 * qemu_m4_uart.h - UART0 of mps2-an386 (a CMSDK APB UART), polled. QEMU connects it to the
 * `-serial` character device (a pseudo-terminal for pawscope).
 *
 * The CMSDK UART holds one byte each way. Under QEMU a byte written to DATA goes straight to the
 * character device, so TX is full only while the host is not reading; RX is never overrun,
 * because QEMU hands over the next byte only once DATA has been read.
 */
#ifndef QEMU_M4_UART_H
#define QEMU_M4_UART_H

#include <stddef.h>
#include <stdint.h>

void qemu_m4_uart_init(void);

/* Never blocks: sends bytes while the transmitter takes them; returns how many it took. */
size_t qemu_m4_uart_write(const uint8_t *data, size_t len);

/* Never blocks: returns up to max received bytes (0 when none). */
size_t qemu_m4_uart_read(uint8_t *data, size_t max);

int qemu_m4_uart_rx_ready(void);
int qemu_m4_uart_tx_full(void);

/* Arms the UART to interrupt (and so end a WFI) when a byte arrives and, with tx_room, when the
 * transmitter has room again. Each interrupt disarms itself: while the port is busy it polls, so
 * interrupts do not add to an inference's instruction count. Call with interrupts disabled. */
void qemu_m4_uart_arm_wakeup(int tx_room);

#endif /* QEMU_M4_UART_H */
