/*
 * tests/guests/pv_crash_iret.c - the iret hypercall with a frame the
 * hypervisor cannot read: the iret_context starts in a mapped page and
 * runs into an unmapped one (the hypercall stub's own pushes still fit).
 * Expected: the domain is crashed with a register dump.
 *
 * Where it runs: guest only (PV64 dom0 on Xen 4.17 or xenolith).
 */
#include "test.h"

GUEST_EXPECT("crash");

GUEST_TEST(crash_iret_unreadable_frame)
{
    char *lo = page_alloc(), *hi = page_alloc();

    CHECK(hi == lo + PAGE_SIZE, "pool pages not adjacent");
    CHECK_RC(HYPERVISOR_update_va_mapping((uint64_t)(uintptr_t)hi, 0, UVMF_INVLPG), 0);
    test_crash_point("iret with its context across a mapped/unmapped boundary");
    /* The stub pushes rcx, r11, rax below %rsp: 24 bytes in `lo`; flags,
     * rip, cs, rflags, rsp, ss would follow at hi - 24 .. hi + 24. */
    __asm__ volatile ("movq %0, %%rsp\n\t"
                      "jmp hypercall_page + 23 * 32"
                      : : "r" (hi - 24) : "memory");
    test_fail("still running");
}
