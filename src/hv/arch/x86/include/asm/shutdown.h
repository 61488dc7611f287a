/*
 * asm/shutdown.h - ending a run: reboot, halt, power off, test exit.
 *
 * Where it runs: hypervisor only.
 *
 * In test mode (`test_exit` or `test_fault=` on the command line) the
 * hypervisor ends the emulator with a status: it prints
 * "test-exit: status N", writes N to QEMU's isa-debug-exit port (0xf4; QEMU
 * then exits with 2N+1) and "Shutdown" to Bochs' port 0x8900.
 */
#ifndef ASM_X86_SHUTDOWN_H
#define ASM_X86_SHUTDOWN_H

#include <stdbool.h>

#define TEST_EXIT_PORT      0xf4
#define BOCHS_SHUTDOWN_PORT 0x8900

extern bool opt_noreboot;
extern bool test_mode;

__attribute__((noreturn)) void machine_test_exit(int status);
__attribute__((noreturn)) void machine_halt(void);
__attribute__((noreturn)) void machine_reboot(void);
__attribute__((noreturn)) void machine_power_off(void);

#endif /* ASM_X86_SHUTDOWN_H */
