/*
 * qemu_m4_uart.c - the CMSDK APB UART0 driver (see qemu_m4_uart.h).
 */
#include "qemu_m4_uart.h"

#include "qemu_m4.h"

/* 25 MHz / 115200 baud. QEMU ignores the rate but refuses a divider below 16 ("invalid baud
 * rate"), and a real CMSDK UART needs it. */
#define BAUD_DIVIDER (QEMU_M4_CPU_HZ / 115200u)

void qemu_m4_uart_init(void)
{
    UART0_CTRL = 0;
    UART0_INTSTATUS = UART_INT_TX | UART_INT_RX;
    UART0_BAUDDIV = BAUD_DIVIDER;
    UART0_CTRL = UART_CTRL_TX_EN | UART_CTRL_RX_EN;
    NVIC_ISER0 = 1u << UART0_RX_IRQ | 1u << UART0_TX_IRQ;
}

size_t qemu_m4_uart_write(const uint8_t *data, size_t len)
{
    size_t n = 0;
    while (n < len && (UART0_STATE & UART_STATE_TX_FULL) == 0) {
        UART0_DATA = data[n++];
    }
    return n;
}

size_t qemu_m4_uart_read(uint8_t *data, size_t max)
{
    size_t n = 0;
    while (n < max && (UART0_STATE & UART_STATE_RX_FULL) != 0) {
        data[n++] = (uint8_t)UART0_DATA;
    }
    return n;
}

int qemu_m4_uart_rx_ready(void)
{
    return (UART0_STATE & UART_STATE_RX_FULL) != 0;
}

int qemu_m4_uart_tx_full(void)
{
    return (UART0_STATE & UART_STATE_TX_FULL) != 0;
}

void qemu_m4_uart_arm_wakeup(int tx_room)
{
    UART0_CTRL |= UART_CTRL_RX_INTEN | (tx_room ? UART_CTRL_TX_INTEN : 0u);
}

/* The interrupts only end a WFI; the main loop does the work. Clearing INTSTATUS lowers the
 * interrupt line, disabling the source keeps the next byte from interrupting again. */
void qemu_m4_uart0_rx_handler(void)
{
    UART0_CTRL &= ~UART_CTRL_RX_INTEN;
    UART0_INTSTATUS = UART_INT_RX;
}

void qemu_m4_uart0_tx_handler(void)
{
    UART0_CTRL &= ~UART_CTRL_TX_INTEN;
    UART0_INTSTATUS = UART_INT_TX;
}
