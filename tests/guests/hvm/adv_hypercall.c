/*
 * tests/guests/hvm/adv_hypercall.c - bad hypercall arguments from a PVH
 * guest, through the page and through VMMCALL/VMCALL executed inline.
 * Built 64-bit (adv_hypercall) and 32-bit (adv_hypercall32, compat ABI).
 * Every expected value is what Xen 4.17 returns to a PVH dom0 (measured
 * under QEMU); xenolith must return the same.
 *
 * Where it runs: guest only (PVH dom0).
 */
#include "hvm.h"

static int amd;

void
test_setup(void)
{
    amd = cpuid(0).ebx == 0x68747541;     /* "Auth" */
}

struct bad_call {
    const char *what;
    unsigned int nr;
    unsigned long a1, a2, a3;
    long want;
};

/* Addresses no guest buffer can be at: beyond guest RAM and (64-bit)
 * outside the canonical range / unmapped by the guest's page tables.
 * Not NULL: with paging off (or identity-mapped) address 0 is guest RAM,
 * and Xen happily writes there. */
#define BEYOND_RAM 0x30000000ul   /* above RAM (512 MiB machine), below any device */
/*
 * UNMAPPED: canonical, but no PML4 entry covers it in libhvm's tables
 * (64-bit); paging off, the top page of the 4 GiB space (32-bit).  Not a
 * non-canonical address: Xen 4.17 walks the guest tables with bits 47:0
 * only, so 0x8000000000000000 reads guest-linear 0 and console_io
 * "succeeds" (measured); xenolith should refuse it, and this test does
 * not pin either answer.
 */
#ifdef __x86_64__
#define UNMAPPED 0x0000100000000000ul
#else
#define UNMAPPED 0xfffff000ul
#endif

static const struct bad_call calls[] = {
    { "unknown nr 64",           64, 0, 0, 0, -XEN_ENOSYS },
    { "unknown nr 127",          127, 0, 0, 0, -XEN_ENOSYS },
    { "set_trap_table (PV only)", __HYPERVISOR_set_trap_table, 0, 0, 0, -XEN_ENOSYS },
    { "mmu_update (PV only)",    __HYPERVISOR_mmu_update, 0, 0, 0, -XEN_ENOSYS },
    { "set_callbacks (PV only)", __HYPERVISOR_set_callbacks, 0, 0, 0, -XEN_ENOSYS },
    { "console_io bad cmd",      __HYPERVISOR_console_io, 0x7fff, 0, 0, -XEN_ENOSYS },
    { "console_io ptr beyond RAM", __HYPERVISOR_console_io, CONSOLEIO_write, 16, BEYOND_RAM, -XEN_EFAULT },
    { "console_io ptr unmapped", __HYPERVISOR_console_io, CONSOLEIO_write, 16, UNMAPPED, -XEN_EFAULT },
    { "xen_version bad cmd",     __HYPERVISOR_xen_version, 0x7fff, 0, 0, -XEN_ENOSYS },
    { "xen_version extraversion beyond RAM", __HYPERVISOR_xen_version, XENVER_extraversion, BEYOND_RAM, 0, -XEN_EFAULT },
    { "hvm_op bad cmd",          __HYPERVISOR_hvm_op, 0x7fff, 0, 0, -XEN_ENOSYS },
    { "hvm_op get_param unmapped", __HYPERVISOR_hvm_op, HVMOP_get_param, UNMAPPED, 0, -XEN_EFAULT },
    { "hvm_op get_param beyond RAM", __HYPERVISOR_hvm_op, HVMOP_get_param, BEYOND_RAM, 0, -XEN_EFAULT },
    { "memory_op bad cmd",       __HYPERVISOR_memory_op, 0x3f, 0, 0, -XEN_ENOSYS },
    { "memory_op add_to_physmap beyond RAM", __HYPERVISOR_memory_op, XENMEM_add_to_physmap, BEYOND_RAM, 0, -XEN_EFAULT },
    { "event_channel_op bad cmd", __HYPERVISOR_event_channel_op, 0x7fff, 0, 0, -XEN_ENOSYS },
    { "event_channel_op beyond RAM", __HYPERVISOR_event_channel_op, EVTCHNOP_bind_virq, BEYOND_RAM, 0, -XEN_EFAULT },
    { "sched_op bad cmd",        __HYPERVISOR_sched_op, 0x7fff, 0, 0, -XEN_ENOSYS },
    { "sched_op shutdown beyond RAM", __HYPERVISOR_sched_op, SCHEDOP_shutdown, BEYOND_RAM, 0, -XEN_EFAULT },
    { "vcpu_op vcpu 4000",       __HYPERVISOR_vcpu_op, VCPUOP_is_up, 4000, 0, -XEN_ENOENT },
};

static void
run_calls(int raw)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(calls); i++) {
        const struct bad_call *c = &calls[i];
        long rc = raw ? hypercall_insn(amd, c->nr, c->a1, c->a2, c->a3)
                      : hypercall(c->nr, c->a1, c->a2, c->a3, 0, 0);
        if (rc != c->want)
            test_fail("%s: %s = %ld, want %ld", raw ? "inline" : "page", c->what, rc, c->want);
    }
}

HVM_TEST(bad_args_via_page)
{
    run_calls(0);
}

HVM_TEST(bad_args_via_vmmcall)
{
    run_calls(1);
}

/* Numbers the page has no stub for, only reachable inline. */
HVM_TEST(huge_numbers_inline)
{
    CHECK_RC(hypercall_insn(amd, 1000, 0, 0, 0), -XEN_ENOSYS);
    CHECK_RC(hypercall_insn(amd, 0xffffffffu, 0, 0, 0), -XEN_ENOSYS);
#ifdef __x86_64__
    /* 64-bit mode: the full %rax is the number. */
    CHECK_RC(hypercall_insn(amd, 0x8000000000000011ul, 0, 0, 0), -XEN_ENOSYS);
#endif
}

/* The iret stub is ud2 on an HVM page; the number itself, inline: */
HVM_TEST(iret_from_hvm)
{
    const uint8_t *s = (const uint8_t *)hypercall_page + __HYPERVISOR_iret * 32;

    CHECK(s[0] == 0x0f && s[1] == 0x0b, "iret stub is %02x %02x, not ud2", s[0], s[1]);
    CHECK_RC(hypercall_insn(amd, __HYPERVISOR_iret, 0, 0, 0), -XEN_ENOSYS);
}

/* The other vendor's instruction: VMCALL on AMD (VMMCALL on Intel) is
 * not a hypercall; the guest gets #UD. */
HVM_TEST(wrong_vendor_instruction)
{
    unsigned int traps;

    if (amd)
        traps = EXPECT_TRAP("movl $17, %%eax\n\tvmcall", "i" (0));
    else
        traps = EXPECT_TRAP("movl $17, %%eax\n\tvmmcall", "i" (0));
    CHECK_EQ(traps, 1);
    CHECK_EQ(last_trap_vector, 6);
}

/* Still alive and sane afterwards. */
HVM_TEST(still_works)
{
    CHECK(HYPERVISOR_xen_version(XENVER_version, NULL) > 0, "xen_version broken");
}
