/*
 * qemu_m4_clock.c - SysTick as a free-running 64-bit tick counter (see qemu_m4_clock.h).
 */
#include "qemu_m4_clock.h"

#include "qemu_m4.h"

/* QEMU_M4_INSTRUCTIONS_PER_TICK must be a whole number for the instruction count to be exact. */
typedef char instructions_per_tick_is_whole[(1000000000u % QEMU_M4_CPU_HZ == 0) ? 1 : -1];

static volatile uint32_t wraps; /* SysTick reloads since qemu_m4_clock_init */

void qemu_m4_systick_handler(void)
{
    wraps++;
}

void qemu_m4_clock_init(void)
{
    wraps = 0;
    SYST_RVR = SYST_MAX_RELOAD;
    SYST_CVR = 0; /* any write clears the counter: it reloads on the next tick */
    SYST_CSR = SYST_CSR_CLKSOURCE | SYST_CSR_TICKINT | SYST_CSR_ENABLE;
}

uint64_t qemu_m4_clock_ticks(void)
{
    uint32_t high;
    uint32_t value;
    uint32_t pending;
    do {
        high = wraps;
        value = SYST_CVR;
        pending = SCB_ICSR & SCB_ICSR_PENDSTSET;
    } while (high != wraps); /* the handler ran in between: read again */
    /* The counter wrapped but its handler has not run yet (it runs within a few instructions,
     * so the counter cannot be far below its reload value then): count that wrap here. A
     * value near 0 was read before the wrap and needs no correction. */
    if (pending != 0 && value > SYST_MAX_RELOAD / 2) {
        high++;
    }
    /* The period is SYST_MAX_RELOAD + 1 ticks; the count runs down from SYST_MAX_RELOAD. */
    return ((uint64_t)high << 24) + (SYST_MAX_RELOAD - value);
}

uint32_t qemu_m4_now_us(void *context)
{
    (void)context;
    return (uint32_t)(qemu_m4_clock_ticks() / (QEMU_M4_CPU_HZ / 1000000u));
}

uint32_t qemu_m4_instructions(void *context)
{
    (void)context;
    return (uint32_t)(qemu_m4_clock_ticks() * QEMU_M4_INSTRUCTIONS_PER_TICK);
}
