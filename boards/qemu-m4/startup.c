/*
 * startup.c - what runs before main on the Cortex-M4F: the vector table at address 0 and the reset
 * handler, which enables the FPU, copies .data from flash to RAM, zeroes .bss and calls main.
 *
 * The symbols come from sections.ld. Written in C (no assembly file) because the Cortex-M loads
 * the initial stack pointer from the vector table itself: the reset handler is an ordinary
 * function.
 */
#include <stdint.h>
#include <string.h>

#include "qemu_m4.h"

extern uint32_t __stack_top;      /* initial stack pointer: the end of RAM */
extern uint32_t __data_load;      /* .data's initial values in flash */
extern uint32_t __data_start;     /* .data in RAM */
extern uint32_t __data_end;
extern uint32_t __bss_start;
extern uint32_t __bss_end;

int main(void);

typedef void (*vector)(void);

void qemu_m4_reset_handler(void) __attribute__((noreturn));

/* Anything without a handler of its own: an unexpected interrupt is a bug, so it is a fault. */
static void unexpected_exception(void)
{
    qemu_m4_fault_handler();
}

void qemu_m4_fault_handler(void) __attribute__((weak));
void qemu_m4_fault_handler(void)
{
    qemu_m4_reset_system();
}

void qemu_m4_systick_handler(void) __attribute__((weak, alias("unexpected_exception")));
void qemu_m4_uart0_rx_handler(void) __attribute__((weak, alias("unexpected_exception")));
void qemu_m4_uart0_tx_handler(void) __attribute__((weak, alias("unexpected_exception")));

void qemu_m4_reset_system(void)
{
    __asm__ volatile("dsb" ::: "memory");
    SCB_AIRCR = SCB_AIRCR_RESET;
    __asm__ volatile("dsb" ::: "memory");
    for (;;) {
        /* the reset takes effect within a few instructions */
    }
}

/* 16 core exceptions, then the 32 external interrupts mps2-an386 wires up. Entry 0 is not a
 * vector but the initial stack pointer; an integer-to-function-pointer cast is the one portable
 * way to put an address there in a table of function pointers. */
#define EXTERNAL_INTERRUPTS 32
__attribute__((section(".vectors"), used))
static const vector vector_table[16 + EXTERNAL_INTERRUPTS] = {
    (vector)(uintptr_t)&__stack_top,
    qemu_m4_reset_handler,
    qemu_m4_fault_handler,    /* NMI */
    qemu_m4_fault_handler,    /* HardFault */
    qemu_m4_fault_handler,    /* MemManage */
    qemu_m4_fault_handler,    /* BusFault */
    qemu_m4_fault_handler,    /* UsageFault */
    0, 0, 0, 0,               /* reserved */
    unexpected_exception,     /* SVCall */
    unexpected_exception,     /* DebugMonitor */
    0,                        /* reserved */
    unexpected_exception,     /* PendSV */
    qemu_m4_systick_handler,  /* SysTick */
    /* external interrupts 0.. */
    qemu_m4_uart0_rx_handler, /* 0: UART0 RX */
    qemu_m4_uart0_tx_handler, /* 1: UART0 TX */
    unexpected_exception, unexpected_exception, unexpected_exception, unexpected_exception,
    unexpected_exception, unexpected_exception, unexpected_exception, unexpected_exception,
    unexpected_exception, unexpected_exception, unexpected_exception, unexpected_exception,
    unexpected_exception, unexpected_exception, unexpected_exception, unexpected_exception,
    unexpected_exception, unexpected_exception, unexpected_exception, unexpected_exception,
    unexpected_exception, unexpected_exception, unexpected_exception, unexpected_exception,
    unexpected_exception, unexpected_exception, unexpected_exception, unexpected_exception,
    unexpected_exception, unexpected_exception};

void qemu_m4_reset_handler(void)
{
    /* The FPU first: the code is built with -mfloat-abi=hard, and any FP instruction (the compiler
     * may use FP registers even in integer code, e.g. for 64-bit moves) faults while CP10/CP11 are
     * disabled, which is their state after reset. The barriers make the new access rights apply
     * to the next instruction. */
    SCB_CPACR |= SCB_CPACR_FPU_FULL;
    __asm__ volatile("dsb\n\tisb" ::: "memory");

    /* Called as functions on purpose: gcc turns such copy loops into memcpy/memset anyway. */
    memcpy(&__data_start, &__data_load, (size_t)((uintptr_t)&__data_end - (uintptr_t)&__data_start));
    memset(&__bss_start, 0, (size_t)((uintptr_t)&__bss_end - (uintptr_t)&__bss_start));

    main();
    /* main never returns on the board; a test harness's main exits through semihosting. */
    qemu_m4_reset_system();
}
