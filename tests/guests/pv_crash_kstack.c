/*
 * tests/guests/pv_crash_kstack.c - an exception whose bounce frame cannot
 * be written: the guest kernel's %rsp points at an unmapped page when #UD
 * is raised, so the hypervisor cannot push the frame.  Expected: the
 * domain is crashed with a register dump.
 *
 * Where it runs: guest only (PV64 dom0 on Xen 4.17 or xenolith).
 */
#include "test.h"

GUEST_EXPECT("crash");

GUEST_TEST(crash_bounce_on_unmapped_stack)
{
    test_crash_point("#UD with the kernel stack at 0x2000 (unmapped)");
    __asm__ volatile ("movq $0x2000, %%rsp\n\tud2" ::: "memory");
    test_fail("still running");
}
