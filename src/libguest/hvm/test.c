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

extern const struct hvm_test __hvm_tests_start[], __hvm_tests_end[];

const struct hvm_start_info *hvm_start_info;
static const struct hvm_test *current;
static int current_failed;
static unsigned int passed, failed;

void
test_fail(const char *fmt, ...)
{
    char buf[256];
    va_list ap;

    if (current_failed)
        return;
    current_failed = 1;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    printk_log("FAIL %s: %s\n", current ? current->name : "?", buf);
}

void
test_note(const char *fmt, ...)
{
    char buf[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    printk_log("  # %s\n", buf);
}

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

/* The running test passes so far: count it and say so.  Used before an
 * act that ends the domain, so the RESULT line can still be printed. */
static void
test_account(void)
{
    if (!current)
        return;
    if (current_failed) {
        failed++;
    } else {
        passed++;
        printk_log("PASS %s\n", current->name);
    }
    current = NULL;
}

void
test_finish_early(void)
{
    test_account();
    printk_log("RESULT: %u passed, %u failed\n", passed, failed);
}

void
test_expect(const char *kind, const char *what)
{
    printk_log("EXPECT-%s %s\n", kind, what);
}

static __noreturn void
test_finish(void)
{
    printk_log("RESULT: %u passed, %u failed\n", passed, failed);
    hvm_shutdown(failed ? SHUTDOWN_crash : SHUTDOWN_reboot);
}

/* Entered from the head with the start-info address (0 for boot images). */
__noreturn void hvm_main(unsigned long start_info_paddr);

__noreturn void
hvm_main(unsigned long start_info_paddr)
{
    const struct hvm_test *t;
    int rc;

    hvm_start_info = (const struct hvm_start_info *)start_info_paddr;
    rc = hypercall_page_init();
    console_ring_init();
    traps_init();
    printk_log("libhvm: %s guest, Xen leaves at %#x, hypercall page %s (%d)\n",
           hvm_mode_name(), xen_cpuid_base, rc ? "missing" : "ready", rc);
    test_setup();
    for (t = __hvm_tests_start; t < __hvm_tests_end; t++) {
        current = t;
        current_failed = 0;
        t->fn();
        test_account();
    }
    test_finish();
}

/* A trap nobody expected: fail the running test and stop the guest. */
void hvm_unexpected_trap(struct hvm_trap_frame *f);

void
hvm_unexpected_trap(struct hvm_trap_frame *f)
{
    if (!current_failed && current)
        test_fail("unexpected trap %lu (error %#lx) at %#lx", f->vector,
                  f->error_code, f->ip);
    else
        printk_log("libhvm: unexpected trap %lu (error %#lx) at %#lx\n", f->vector,
               f->error_code, f->ip);
    if (current) {
        failed++;
        current = NULL;
    }
    test_finish();
}
