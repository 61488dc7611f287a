/*
 * libguest/test.c - run the GUEST_TESTs of a kernel and report.
 *
 * Where it runs: guest only.
 *
 * How a run ends: SCHEDOP_shutdown with SHUTDOWN_reboot when every test
 * passed and SHUTDOWN_crash when one failed.  Measured on Xen 4.17 (dom0
 * under QEMU with -no-reboot): poweroff only halts the CPUs ("halting
 * machine") and QEMU keeps running, while reboot and crash both restart
 * the machine, which -no-reboot turns into QEMU exiting; crash waits 5 s
 * first.  The verdict is in the PASS/FAIL/RESULT lines either way.
 */
#include "test.h"

extern const struct test_case __guest_tests_start[], __guest_tests_end[];

__attribute__((weak)) void
test_setup(void)
{
}

/* "exit=poweroff|reboot|crash" in the kernel's command line overrides the
 * shutdown reason (for measuring what a hypervisor does with each). */
static unsigned int
exit_reason(void)
{
    const char *cl = (const char *)start_info->cmd_line;
    const char *e = strstr(cl, "exit=");

    if (e && !strncmp(e + 5, "poweroff", 8))
        return SHUTDOWN_poweroff;
    if (e && !strncmp(e + 5, "reboot", 6))
        return SHUTDOWN_reboot;
    if (e && !strncmp(e + 5, "crash", 5))
        return SHUTDOWN_crash;
    return test_failures() ? SHUTDOWN_crash : SHUTDOWN_reboot;
}

/* What a kernel does after its tests all passed, before it shuts down
 * (the demo domU talks on its console); nothing by default. */
__attribute__((weak)) void
test_epilogue(void)
{
}

static __noreturn void
test_finish(void)
{
    test_print_result();
    if (!test_failures())
        test_epilogue();
    guest_shutdown(exit_reason());
}

static void
unexpected_trap(struct trap_frame *f)
{
    trap_hooks[f->vector & 0xff] = NULL;
    test_fail("unexpected trap %#lx (error %#lx) at rip %#lx", f->vector,
              f->error_code, f->rip);
    trap_dump(f);
    test_abort(1);
    test_finish();
}

void
guest_main(void)
{
    printk_log("libguest: %s, %lu pages, start_info at %p\n",
           start_info->magic, start_info->nr_pages, (void *)start_info);
    traps_init();
    trap_unexpected_hook = unexpected_trap;
    test_setup();
    test_run(__guest_tests_start, __guest_tests_end);
    test_finish();
}
