/*
 * qemu_m4_clock.h - time on the qemu-m4 board, from SysTick counting the 25 MHz CPU clock.
 *
 * QEMU does not emulate the DWT cycle counter, but under `-icount shift=0` its virtual clock
 * advances exactly 1 ns per executed instruction, and SysTick counts that virtual clock: one tick
 * (40 ns at 25 MHz) is then 40 instructions, deterministically, whatever the host's speed.
 * Without -icount the same counter is just a clock.
 *
 * SysTick is 24 bits wide (it wraps every 0.67 s of virtual time); the reads extend it to 64 bits
 * (see qemu_m4_clock.c).
 */
#ifndef QEMU_M4_CLOCK_H
#define QEMU_M4_CLOCK_H

#include <stdint.h>

/* The -icount shift QEMU runs with: 2^shift ns of virtual time per instruction. */
#define QEMU_M4_ICOUNT_SHIFT 0
#define QEMU_M4_NS_PER_TICK (1000000000u / QEMU_M4_CPU_HZ)
#define QEMU_M4_INSTRUCTIONS_PER_TICK (QEMU_M4_NS_PER_TICK >> QEMU_M4_ICOUNT_SHIFT)

void qemu_m4_clock_init(void);

/* CPU clock ticks since qemu_m4_clock_init. Callable from thread mode and from handlers. */
uint64_t qemu_m4_clock_ticks(void);

/* ps_port.now_us: microseconds of virtual time since boot, wrapping. */
uint32_t qemu_m4_now_us(void *context);

/* ps_port.instructions: instructions executed since boot (exact to one tick, i.e.
 * QEMU_M4_INSTRUCTIONS_PER_TICK, under -icount shift=0), wrapping. */
uint32_t qemu_m4_instructions(void *context);

#endif /* QEMU_M4_CLOCK_H */
