/*
 * libguest/hvm/test.c - hvm_main: set up, run the HVM_TESTs, report, end.
 *
 * Where it runs: guest only.
 *
 * Output lines (the same grammar as libguest's PV framework, so one parser
 * serves both): "PASS <name>", "FAIL <name>: <why>", "  # <note>",
 * "RESULT: N passed, M failed", plus the EXPECT-* lines of hvm.h.
 * The domain then ends with SCHEDOP_shutdown: reboot after an all-pass
 * run, crash otherwise (on Xen 4.17 under QEMU -no-reboot both end QEMU,
 * poweroff would only halt it).
 */
#include "hvm.h"

extern const struct test_case __hvm_tests_start[], __hvm_tests_end[];

const struct hvm_start_info *hvm_start_info;

__attribute__((weak)) void
test_setup(void)
{
}

const char *
hvm_mode_name(void)
{
    static const char *const names[] = {
        "?", "pvh32", "pvh64", "boot32", "boot32-pae", "boot64",
    };

    return hvm_entry.mode < ARRAY_SIZE(names) ? names[hvm_entry.mode] : "?";
}

void
test_finish_early(void)
{
    test_account();
    test_print_result();
}

static __noreturn void
test_finish(void)
{
    test_print_result();
    hvm_shutdown(test_failures() ? SHUTDOWN_crash : SHUTDOWN_reboot);
}

/* Entered from the head with the start-info address (0 for boot images). */
__noreturn void hvm_main(unsigned long start_info_paddr);

__noreturn void
hvm_main(unsigned long start_info_paddr)
{
    int rc;

    hvm_start_info = (const struct hvm_start_info *)start_info_paddr;
    rc = hypercall_page_init();
    console_ring_init();
    traps_init();
    printk_log("libhvm: %s guest, Xen leaves at %#x, hypercall page %s (%d)\n",
           hvm_mode_name(), xen_cpuid_base, rc ? "missing" : "ready", rc);
    test_setup();
    test_run(__hvm_tests_start, __hvm_tests_end);
    test_finish();
}

/* A trap nobody expected: fail the running test and stop the guest. */
void hvm_unexpected_trap(struct hvm_trap_frame *f);

void
hvm_unexpected_trap(struct hvm_trap_frame *f)
{
    if (!test_failed() && test_running())
        test_fail("unexpected trap %lu (error %#lx) at %#lx", f->vector,
                  f->error_code, f->ip);
    else
        printk_log("libhvm: unexpected trap %lu (error %#lx) at %#lx\n", f->vector,
               f->error_code, f->ip);
    test_abort(0);
    test_finish();
}
