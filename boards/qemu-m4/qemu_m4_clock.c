/*
 * qemu_m4_clock.c - SysTick as a free-running 64-bit tick counter (see qemu_m4_clock.h).
 *
 * Wraps are detected with SysTick's COUNTFLAG, which the counter sets on reaching 0 and a read of
 * CSR clears: each read of the counter is followed by a read of CSR, and a set flag means the
 * counter reached 0 since the previous check, so the value is read again. This
 * does not depend on when the SysTick interrupt is taken (counting wraps in the handler would
 * need it to run before the next read, which QEMU guarantees only under -icount). The handler
 * just reads the clock, so that no period passes without a read (two wraps between reads would
 * look like one), also while the main loop sleeps.
 */
#include "qemu_m4_clock.h"

#include "qemu_m4.h"

/* QEMU_M4_INSTRUCTIONS_PER_TICK must be a whole number for the instruction count to be exact. */
typedef char instructions_per_tick_is_whole[(1000000000u % QEMU_M4_CPU_HZ == 0) ? 1 : -1];

/* Ticks per SysTick period: the counter runs RELOAD, RELOAD - 1, ..., 1, 0 and then reloads. The
 * largest reload makes the interrupt rare (every 0.67 s of virtual time); a test may build with a
 * small one to exercise the wrap handling. */
#ifndef QEMU_M4_SYSTICK_RELOAD
#define QEMU_M4_SYSTICK_RELOAD SYST_MAX_RELOAD
#endif
#define PERIOD ((uint64_t)QEMU_M4_SYSTICK_RELOAD + 1u)

static uint64_t period_start; /* ticks at the start of the current period */
static uint64_t last_ticks;   /* the last result, to keep the clock monotonic */

void qemu_m4_clock_init(void)
{
    SYST_CSR = 0;
    SYST_RVR = QEMU_M4_SYSTICK_RELOAD;
    SYST_CVR = 0; /* any write clears the counter and COUNTFLAG; the first tick loads RVR */
    SYST_CSR = SYST_CSR_CLKSOURCE | SYST_CSR_TICKINT | SYST_CSR_ENABLE;
    /* The first period starts with that load; until then the counter reads 0. */
    while (SYST_CVR == 0) {
    }
    period_start = 0;
    last_ticks = 0;
}

uint64_t qemu_m4_clock_ticks(void)
{
    uint32_t mask = qemu_m4_irq_save(); /* the handler reads too: one reader at a time */
    uint32_t value;
    uint64_t ticks;
    for (;;) {
        value = SYST_CVR;
        if ((SYST_CSR & SYST_CSR_COUNTFLAG) == 0) {
            break; /* no wrap since the last check, which was before this value was read */
        }
        period_start += PERIOD; /* it wrapped, before or after `value` was read: read again */
    }
    /* 0 is the last tick of a period. The counter set COUNTFLAG on reaching it, before `value`
     * was read, and the flag has been seen since (the check after the read found it clear): that
     * period is the one before period_start. */
    ticks = value != 0 ? period_start + (QEMU_M4_SYSTICK_RELOAD - value) : period_start - 1u;
    /* Without -icount QEMU may show the reloaded counter a little before it sets COUNTFLAG; hold
     * the clock still for that moment rather than let it run backwards. */
    if (ticks < last_ticks) {
        ticks = last_ticks;
    }
    last_ticks = ticks;
    qemu_m4_irq_restore(mask);
    return ticks;
}

void qemu_m4_systick_handler(void)
{
    (void)qemu_m4_clock_ticks();
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
