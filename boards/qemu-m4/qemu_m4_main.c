/*
 * The qemu-m4 board: the firmware core (firmware/src) built for the Cortex-M4F of the Nano 33 BLE
 * Sense, in the nRF52840's memory, running in QEMU's mps2-an386. The serial link is UART0, which
 * QEMU puts on a pseudo-terminal (`-serial pty`). There is no camera: the board runs host-sent
 * frames (SET_INPUT) only. FRAME.inference_time counts instructions (QEMU `-icount shift=0`, see
 * qemu_m4_clock.h).
 *
 *   qemu-system-arm -machine mps2-an386 -nographic -monitor none -serial pty \
 *       -icount shift=0 -no-reboot -kernel firmware.elf
 *
 * Like boards/sim/sim_main.c, but bare metal: no arguments, no signals, and the main loop sleeps
 * (WFI) whenever there is nothing to do, so an idle QEMU costs the host no CPU.
 */
#include <stdint.h>

#include "ps_app.h"
#include "ps_generated_model.h"
#include "qemu_m4.h"
#include "qemu_m4_clock.h"
#include "qemu_m4_uart.h"

static size_t port_write(void *context, const uint8_t *data, size_t len)
{
    (void)context;
    return qemu_m4_uart_write(data, len);
}

static size_t port_read(void *context, uint8_t *data, size_t max)
{
    (void)context;
    return qemu_m4_uart_read(data, max);
}

/* Whether the next ps_app_poll has work: received bytes it can take (it leaves them while its
 * TX queue cannot hold a reply), or queued bytes the UART can take. */
static int has_work(const ps_app *app)
{
    int rx = qemu_m4_uart_rx_ready() || app->rx_chunk_position < app->rx_chunk_length;
    int tx = ps_proto_txq_pending(&app->txq) > 0;
    return (rx && ps_proto_txq_can_take_request(&app->txq)) || (tx && !qemu_m4_uart_tx_full());
}

/* Sleeps until a byte arrives, the UART has room for queued output, or SysTick wraps. Interrupts
 * are masked between the check and the WFI, so an interrupt in that window is not lost: a pending
 * interrupt ends WFI even while masked, and is taken once unmasked. */
static void sleep_until_work(const ps_app *app)
{
    qemu_m4_irq_disable();
    /* Wake on TX room only when output waits for it: an armed TX interrupt fires on the next byte
     * sent, which may be inside an inference, and would add its instructions to the count. */
    qemu_m4_uart_arm_wakeup(ps_proto_txq_pending(&app->txq) > 0 && qemu_m4_uart_tx_full());
    if (!has_work(app)) {
        qemu_m4_wait_for_interrupt();
    }
    qemu_m4_irq_enable();
}

/* The model does not fit this firmware: say so on the link (seen only if a host has the port
 * open) and stop QEMU (-no-reboot turns the reset into an exit). */
static void fail(const char *message)
{
    static const char prefix[] = "\npawscope qemu-m4: ";
    const char *p;
    for (p = prefix; *p != '\0'; p++) {
        while (qemu_m4_uart_write((const uint8_t *)p, 1) == 0) {
        }
    }
    for (p = message; *p != '\0'; p++) {
        while (qemu_m4_uart_write((const uint8_t *)p, 1) == 0) {
        }
    }
    qemu_m4_reset_system();
}

int main(void)
{
    static int8_t arena[PS_MODEL_ARENA_BYTES];
    static uint8_t pixels[PS_MODEL_INPUT_HEIGHT * PS_MODEL_INPUT_WIDTH * PS_MODEL_INPUT_CHANNELS];
    static ps_app app;
    static ps_port port;

    qemu_m4_clock_init();
    qemu_m4_uart_init();
    port.board_id = "qemu-m4";
    port.context = NULL;
    port.write = port_write;
    port.read = port_read;
    port.now_us = qemu_m4_now_us;
    port.camera_grab = NULL; /* host-sent frames only */
    port.instructions = qemu_m4_instructions;
    qemu_m4_irq_enable();
    if (ps_app_init(&app, &ps_generated_model, &port, arena, sizeof arena, pixels, sizeof pixels) != PS_OK) {
        fail("the model does not fit this firmware (arena or layer sizes)\n");
    }
    for (;;) {
        ps_app_poll(&app);
        sleep_until_work(&app);
    }
}
