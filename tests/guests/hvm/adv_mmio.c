/*
 * tests/guests/hvm/adv_mmio.c - MMIO to a guest-physical address with no
 * RAM and no device behind it.
 *
 * Where it runs: guest only (PVH dom0, 64-bit).
 *
 * Expectations differ, on purpose (tools/hvm-compare.py, SURVIVES):
 *   xenolith  a nested page fault outside RAM and every emulated device
 *             crashes the domain with a clear report ("domain N crashed:
 *             ..."); the hypervisor stays up.  issue 4, item 4.
 *   Xen 4.17  hands the access of a PVH dom0 to its default handler:
 *             reads return all ones, writes are dropped; the guest goes on
 *             and prints RESULT.
 */
#include "hvm.h"

#define NOWHERE 0xc0000000ul    /* PCI hole, nothing decodes it (pc, q35) */

HVM_TEST(before)
{
    CHECK(HYPERVISOR_xen_version(XENVER_version, NULL) > 0, "xen_version broken");
}

HVM_TEST(mmio_no_device)
{
    volatile uint32_t *p = (volatile uint32_t *)NOWHERE;
    uint32_t v;

    test_expect("CRASH", "mmio read at 0xc0000000");
    v = *p;
    test_note("read %#x at %#lx and survived", v, NOWHERE);
    *p = 0x12345678;
    test_note("wrote at %#lx and survived", NOWHERE);
    CHECK_EQ(v, 0xffffffffu);
}
