/*
 * tests/guests/pv_crash_notrap.c - an exception the guest has no handler
 * for: with an empty trap table, #UD in the guest kernel.  Expected: the
 * hypervisor crashes the domain (dom0 here, so the machine follows) with
 * a register dump.
 *
 * Where it runs: guest only (PV64 dom0 on Xen 4.17 or xenolith).
 */
#include "test.h"

GUEST_EXPECT("crash");

GUEST_TEST(crash_no_trap_handler)
{
    CHECK_RC(HYPERVISOR_set_trap_table(NULL), 0);
    test_crash_point("#UD with an empty trap table");
    __asm__ volatile ("ud2");
    test_fail("still running after an unhandled #UD");
}
