/*
 * libguest/test.h - the PV64 test-kernel framework.
 *
 * Where it runs: guest only.
 *
 * A test kernel is a set of GUEST_TEST(name) { ... } functions.  The
 * framework's guest_main() installs the trap table and callbacks, runs
 * the tests in link order, and prints through console_io one line per
 * test (the grammar in testcore.h, shared with libhvm) and ends the domain with SCHEDOP_shutdown (see test.c for the reason
 * used and why).  Inside a test, CHECK* macros print the first failure
 * and return from the test.  A trap nobody expected fails the running
 * test, prints the frame and stops the kernel (RESULT still printed).
 * tools/xen-compare.py parses exactly these lines.
 */
#ifndef LIBGUEST_TEST_H
#define LIBGUEST_TEST_H

#include "guest.h"
#include "traps.h"
#include "testcore.h"

/* GUEST_TEST(name) { ... }: a test, run in link order (testcore.h has
 * test_fail, test_note and the CHECK macros). */
#define GUEST_TEST(n) TEST_CASE_IN(".guest_tests", n)

/*
 * Run `insn` (asm text) expecting a trap: afterwards last_trap says what
 * was bounced; the value is the number of traps taken (0 or 1).  The
 * variadic part is the asm input operands; rax, rcx, rdx and r11 may be
 * used freely by insn.
 */
#define EXPECT_TRAP(insn, ...) ({                                       \
        unsigned int _before = trap_count;                              \
        __asm__ volatile ("leaq 9f(%%rip), %%rax\n\t"                   \
                          "movq %%rax, trap_resume(%%rip)\n\t"          \
                          insn "\n"                                     \
                          "9:\n\t"                                      \
                          "movq $0, trap_resume(%%rip)"                 \
                          : : __VA_ARGS__ : "rax", "rcx", "rdx", "r11", "memory");           \
        trap_count - _before; })

/*
 * The outcome a kernel expects, for tools/xen-compare.py, which looks for
 * the string "xenolith-guest-expect: <outcome>" in the ELF image:
 *   GUEST_EXPECT("crash");   the hypervisor must crash this domain after
 *                            the kernel printed "CRASHING: <what>" (see
 *                            test_crash_point) and before any RESULT line.
 * Without it the expected outcome is "pass": every test passes.
 */
#define GUEST_EXPECT(outcome)                                           \
    static const char guest_expect_[]                                   \
        __attribute__((used, section(".rodata.guest_expect"))) =        \
        "xenolith-guest-expect: " outcome

/* Optional per-kernel set-up before the first test (weak default). */
void test_setup(void);
/* Optional: run after the RESULT line when every test passed, before the
 * shutdown (weak default: nothing). */
void test_epilogue(void);

#endif /* LIBGUEST_TEST_H */
