/*
 * qemu_m4.h - the parts of QEMU's mps2-an386 (a Cortex-M4F on the ARM MPS2 FPGA board) that the
 * qemu-m4 port touches: the core's System Control Space (SysTick, NVIC, CPACR, AIRCR) and the
 * CMSDK APB UART0 that `-serial pty` connects to.
 *
 * Register layouts: ARMv7-M Architecture Reference Manual (B3.2 System Control Space, B3.3
 * SysTick) and the Cortex-M System Design Kit TRM (DDI0479, "APB UART"); addresses and IRQ
 * numbers: the AN386 application note, as QEMU's hw/arm/mps2.c models it.
 */
#ifndef QEMU_M4_H
#define QEMU_M4_H

#include <stdint.h>

#define QEMU_M4_REG(address) (*(volatile uint32_t *)(uintptr_t)(address))

/* The CPU clock of mps2-an386; SysTick counts it when CSR.CLKSOURCE = 1. */
#define QEMU_M4_CPU_HZ 25000000u

/* ---- SysTick (ARMv7-M B3.3): a 24-bit down-counter reloaded from RVR when it reaches 0 */
#define SYST_CSR QEMU_M4_REG(0xE000E010u)
#define SYST_RVR QEMU_M4_REG(0xE000E014u)
#define SYST_CVR QEMU_M4_REG(0xE000E018u)
#define SYST_CSR_ENABLE    (1u << 0)
#define SYST_CSR_TICKINT   (1u << 1)
#define SYST_CSR_CLKSOURCE (1u << 2) /* 1: the processor clock (25 MHz), 0: the 1 MHz reference */
#define SYST_CSR_COUNTFLAG (1u << 16) /* the counter reached 0 since CSR was last read (reading clears it) */
#define SYST_MAX_RELOAD    0x00FFFFFFu

/* ---- System Control Block */
#define SCB_AIRCR QEMU_M4_REG(0xE000ED0Cu)
#define SCB_AIRCR_RESET    (0x05FAu << 16 | 1u << 2) /* VECTKEY | SYSRESETREQ */
#define SCB_CPACR QEMU_M4_REG(0xE000ED88u)
#define SCB_CPACR_FPU_FULL (0xFu << 20) /* CP10 and CP11 (the FPU): full access */

/* ---- NVIC: external interrupt n is enabled by bit n%32 of ISER[n/32] */
#define NVIC_ISER0 QEMU_M4_REG(0xE000E100u)

/* ---- CMSDK APB UART0 */
#define UART0_BASE      0x40004000u
#define UART0_DATA      QEMU_M4_REG(UART0_BASE + 0x00u)
#define UART0_STATE     QEMU_M4_REG(UART0_BASE + 0x04u)
#define UART0_CTRL      QEMU_M4_REG(UART0_BASE + 0x08u)
#define UART0_INTSTATUS QEMU_M4_REG(UART0_BASE + 0x0Cu) /* write 1 to clear */
#define UART0_BAUDDIV   QEMU_M4_REG(UART0_BASE + 0x10u)
#define UART_STATE_TX_FULL  (1u << 0)
#define UART_STATE_RX_FULL  (1u << 1)
#define UART_CTRL_TX_EN     (1u << 0)
#define UART_CTRL_RX_EN     (1u << 1)
#define UART_CTRL_TX_INTEN  (1u << 2)
#define UART_CTRL_RX_INTEN  (1u << 3)
#define UART_INT_TX         (1u << 0)
#define UART_INT_RX         (1u << 1)
/* AN386 interrupt numbers of UART0 (TX is always RX + 1). */
#define UART0_RX_IRQ 0
#define UART0_TX_IRQ 1

/* Interrupt masking and sleep; "memory" keeps the compiler from moving accesses across them. */
static inline void qemu_m4_irq_disable(void)
{
    __asm__ volatile("cpsid i" ::: "memory");
}

static inline void qemu_m4_irq_enable(void)
{
    __asm__ volatile("cpsie i" ::: "memory");
}

/* Masks interrupts and returns the previous mask, for qemu_m4_irq_restore: a critical section that
 * works both in thread mode and inside a handler. */
static inline uint32_t qemu_m4_irq_save(void)
{
    uint32_t primask;
    __asm__ volatile("mrs %0, primask\n\tcpsid i" : "=r"(primask)::"memory");
    return primask;
}

static inline void qemu_m4_irq_restore(uint32_t primask)
{
    __asm__ volatile("msr primask, %0" ::"r"(primask) : "memory");
}

static inline void qemu_m4_wait_for_interrupt(void)
{
    __asm__ volatile("dsb\n\twfi" ::: "memory");
}

/* Handlers the vector table (startup.c) points at; each is weak there and defined by the part of
 * the port that owns the device. */
void qemu_m4_systick_handler(void);
void qemu_m4_uart0_rx_handler(void);
void qemu_m4_uart0_tx_handler(void);
/* Every fault (HardFault, MemManage, BusFault, UsageFault, NMI) ends here. */
void qemu_m4_fault_handler(void);

/* Requests a system reset. boards/qemu-m4 runs QEMU with -no-reboot, so QEMU then exits. */
void qemu_m4_reset_system(void) __attribute__((noreturn));

#endif /* QEMU_M4_H */
