/*
 * arm_test_main.c - runs one of the host C test programs (tests/test_*.c) unchanged on the
 * Cortex-M4F in QEMU (mps2-an386), to show that the firmware core computes the same bytes there
 * as on the build machine: the kernels, the fixed-point helpers and softmax meet 32-bit ARM
 * integer arithmetic (long is 32 bits, 64-bit products come from libgcc, shifts are ARM's).
 *
 * The test program is compiled with -Dmain=ps_test_program_main and linked with this harness,
 * boards/qemu-m4/startup.c (the reset handler) and newlib with semihosting (librdimon), which
 * QEMU serves with `-semihosting-config enable=on,target=native`:
 *   - the command line (QEMU's `arg=` options) arrives through SYS_GET_CMDLINE, so the program
 *     gets the same arguments as on the host;
 *   - fopen/fread/printf go to the host's files and QEMU's stdout/stderr, so the golden files
 *     are read where they are, nothing is embedded in the image;
 *   - the exit status leaves through SYS_EXIT_EXTENDED (semihosting v2), which makes QEMU exit
 *     with exactly that status. (Plain SYS_EXIT on 32-bit ARM can only say "success" or not.)
 * A fault (HardFault and the rest) prints a line and exits with status 3, so a crash fails the
 * test at once instead of hanging QEMU.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qemu_m4.h"

int ps_test_program_main(int argc, char **argv);

/* librdimon: opens the semihosting console as stdin, stdout and stderr. crt0 would call it; the
 * harness has its own reset handler (startup.c), so it calls it itself. */
void initialise_monitor_handles(void);

/* newlib's exit() flushes stdio and calls _exit, defined here. */
void _exit(int status) __attribute__((noreturn));

/* ARM semihosting operation numbers ("Semihosting for AArch32 and AArch64", v2.0). */
#define SYS_WRITE0 0x04
#define SYS_GET_CMDLINE 0x15
#define SYS_EXIT 0x18
#define SYS_EXIT_EXTENDED 0x20
#define ADP_STOPPED_APPLICATION_EXIT 0x20026
#define ADP_STOPPED_RUNTIME_ERROR_UNKNOWN 0x20023

#define MAX_ARGS 16
#define CMDLINE_CAPACITY 1024

/* One semihosting call: operation in r0, argument block (or value) in r1, result in r0. On
 * M-profile the trap is BKPT 0xAB. */
static uintptr_t semihost(uintptr_t operation, uintptr_t argument)
{
    register uintptr_t r0 __asm__("r0") = operation;
    register uintptr_t r1 __asm__("r1") = argument;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void _exit(int status)
{
    uint32_t block[2];
    block[0] = ADP_STOPPED_APPLICATION_EXIT;
    block[1] = (uint32_t)status;
    semihost(SYS_EXIT_EXTENDED, (uintptr_t)block);
    /* Only reached if the debugger lacks SYS_EXIT_EXTENDED: keep at least success vs failure. */
    semihost(SYS_EXIT, status == 0 ? ADP_STOPPED_APPLICATION_EXIT : ADP_STOPPED_RUNTIME_ERROR_UNKNOWN);
    for (;;) {
    }
}

void qemu_m4_fault_handler(void)
{
    semihost(SYS_WRITE0, (uintptr_t)"FATAL: the Cortex-M4 took a fault (HardFault, BusFault, UsageFault, "
                                    "MemManage or NMI) while running the test\n");
    _exit(3);
}

/* Splits the semihosting command line at spaces (the golden file paths have none). */
static int command_line(char *buffer, char **argv)
{
    uintptr_t block[2];
    int argc = 0;
    char *token;
    block[0] = (uintptr_t)buffer;
    block[1] = CMDLINE_CAPACITY;
    if (semihost(SYS_GET_CMDLINE, (uintptr_t)block) != 0) {
        return 0;
    }
    buffer[CMDLINE_CAPACITY - 1] = '\0';
    for (token = strtok(buffer, " "); token != NULL && argc < MAX_ARGS; token = strtok(NULL, " ")) {
        argv[argc++] = token;
    }
    argv[argc] = NULL;
    return argc;
}

int main(void)
{
    static char cmdline[CMDLINE_CAPACITY];
    static char *argv[MAX_ARGS + 1];
    int argc;
    initialise_monitor_handles();
    argc = command_line(cmdline, argv);
    if (argc < 1) {
        fprintf(stderr, "FATAL: no semihosting command line; run QEMU with "
                        "-semihosting-config enable=on,target=native,arg=PROGRAM,arg=...\n");
        exit(2);
    }
    exit(ps_test_program_main(argc, argv));
}
