/*
 * tests/guests/pv_traps.c - exception bouncing, the PV64 bounce frame,
 * software interrupts and their DPL, the trap table, segment bases,
 * fpu_taskswitch, stack_switch, iret and iret inside a multicall.
 *
 * Where it runs: guest only (PV64 dom0 on Xen 4.17 or xenolith).
 */
#include "test.h"

#define NONCANON 0x8000000000000000UL
#define HV_ADDR  0xffff830000000000UL

static uint64_t kernel_cs_seen;

static int
clear_tf(struct trap_frame *f)
{
    f->rflags &= ~0x100UL;
    if (trap_resume) {
        f->rip = trap_resume;
        trap_resume = 0;
    }
    return 1;
}

#define CHECK_TRAP(n, vec) do {                                         \
        CHECK((n) == 1, "no trap taken");                               \
        CHECK_EQ(last_trap.vector, (vec));                              \
    } while (0)

GUEST_TEST(bounce_frame_layout)
{
    unsigned int n;

    /* #GP (has an error code) with known rcx/r11 at the fault. */
    n = EXPECT_TRAP("movq $0x1111, %%rcx\n\tmovq $0x2222, %%r11\n\t"
                    "movq (%0), %%rax", "r" (NONCANON));
    CHECK_TRAP(n, TRAP_gp_fault);
    test_note("raw #GP frame: %#lx %#lx %#lx %#lx %#lx %#lx %#lx %#lx",
              last_trap.raw[0], last_trap.raw[1], last_trap.raw[2], last_trap.raw[3],
              last_trap.raw[4], last_trap.raw[5], last_trap.raw[6], last_trap.raw[7]);
    CHECK_EQ(last_trap.raw[0], 0x1111);           /* rcx */
    CHECK_EQ(last_trap.raw[1], 0x2222);           /* r11 */
    CHECK_EQ(last_trap.raw[2], 0);                /* error code */
    CHECK_EQ(last_trap.raw[3], last_trap.rip);    /* rip */
    kernel_cs_seen = last_trap.raw[4];
    /* Xen clears the RPL of CS in a frame from guest kernel mode; bits
     * 32-39 of the slot hold the saved upcall mask (1: masked now). */
    CHECK_EQ(last_trap.raw[4], (1UL << 32) | (FLAT_KERNEL_CS & ~3UL));
    CHECK_EQ(last_trap.raw[5] & 0x200, 0);        /* rflags.IF = !mask */
    CHECK(last_trap.raw[6] > (uint64_t)boot_stack && last_trap.raw[6] <= (uint64_t)boot_stack_top,
          "saved rsp %#lx", last_trap.raw[6]);
    CHECK_EQ(last_trap.raw[7], FLAT_KERNEL_SS);
}

/*
 * Software INT n to a vector whose hardware gate is DPL 0 ends in #GP with
 * an IDT error code; the hypervisor decodes the vector from it.  The
 * architectural code is (n << 3) | 2, but QEMU's TCG pushes (n << 4) | 2
 * in long mode, so Xen (which takes vector = code >> 3) sees 2n mod 256.
 * The tests accept both codes, and the DPL 1 test registers its handler
 * at n and at 2n so it works on hardware and under TCG alike.
 */
static int
is_int_gp_code(uint64_t code, unsigned int n)
{
    return code == ((n << 3) | 2) || code == ((n << 4) | 2);
}

GUEST_TEST(bounce_saved_upcall_mask)
{
    unsigned int n;

    /* Events masked at the fault: the saved CS slot carries the mask in
     * bits 32-39 and rflags.IF is clear. */
    evtchn_mask_events();
    n = EXPECT_TRAP("ud2", "i" (0));
    CHECK_TRAP(n, TRAP_invalid_op);
    test_note("masked: cs slot %#lx rflags %#lx", last_trap.raw[3], last_trap.raw[4]);
    CHECK_EQ((last_trap.raw[3] >> 32) & 0xff, 1);
    CHECK_EQ(last_trap.raw[4] & 0x200, 0);
    CHECK_EQ(last_trap.upcall_mask, 1);
    evtchn_unmask_events();
    n = EXPECT_TRAP("ud2", "i" (0));
    CHECK_TRAP(n, TRAP_invalid_op);
    test_note("unmasked: cs slot %#lx rflags %#lx", last_trap.raw[3], last_trap.raw[4]);
    CHECK_EQ((last_trap.raw[3] >> 32) & 0xff, 0);
    CHECK_EQ(last_trap.raw[4] & 0x200, 0x200);
    evtchn_mask_events();
}

GUEST_TEST(trap_de)
{
    unsigned int n = EXPECT_TRAP("xorl %%ecx, %%ecx\n\tmovl $1, %%eax\n\txorl %%edx, %%edx\n\t"
                                 "divl %%ecx", "i" (0));
    CHECK_TRAP(n, TRAP_divide_error);
    CHECK_EQ(last_trap.error_code, 0);
}

GUEST_TEST(trap_db_single_step)
{
    unsigned int n;

    trap_hooks[TRAP_debug] = clear_tf;
    n = EXPECT_TRAP("pushfq\n\torq $0x100, (%%rsp)\n\tpopfq\n\tnop\n\tnop", "i" (0));
    trap_hooks[TRAP_debug] = NULL;
    CHECK_TRAP(n, TRAP_debug);
}

GUEST_TEST(trap_bp)
{
    uint64_t after;
    unsigned int n;

    n = EXPECT_TRAP("int3\n\t8:", "i" (0));
    CHECK_TRAP(n, TRAP_int3);
    __asm__ ("leaq 8b(%%rip), %0" : "=r" (after));
    (void)after;
    /* #BP is a trap: the saved rip points after the int3. */
    CHECK(*(const unsigned char *)(last_trap.rip - 1) == 0xcc, "rip %#lx not after int3",
          last_trap.rip);
}

GUEST_TEST(trap_of_int4)
{
    unsigned int n = EXPECT_TRAP("int $4", "i" (0));
    CHECK_TRAP(n, TRAP_overflow);
}

GUEST_TEST(trap_br_int5_dpl0)
{
    /* #BR's entry has DPL 0: `int $5` must become #GP(vector << 3 | 2). */
    unsigned int n = EXPECT_TRAP("int $5", "i" (0));
    CHECK_TRAP(n, TRAP_gp_fault);
    CHECK(is_int_gp_code(last_trap.error_code, 5), "error code %#lx", last_trap.error_code);
}

GUEST_TEST(trap_ud)
{
    unsigned int n = EXPECT_TRAP("ud2", "i" (0));
    CHECK_TRAP(n, TRAP_invalid_op);
    CHECK(*(const uint16_t *)last_trap.rip == 0x0b0f, "rip not at ud2");
}

GUEST_TEST(trap_nm_fpu_taskswitch)
{
    unsigned int n;

    CHECK_RC(HYPERVISOR_fpu_taskswitch(1), 0);
    n = EXPECT_TRAP("fnop", "i" (0));
    CHECK_TRAP(n, TRAP_no_device);
    /* Delivering #NM cleared the virtual CR0.TS: fnop works now. */
    n = EXPECT_TRAP("fnop", "i" (0));
    CHECK(n == 0, "second #NM: TS not cleared by the bounce");
    CHECK_RC(HYPERVISOR_fpu_taskswitch(1), 0);
    CHECK_RC(HYPERVISOR_fpu_taskswitch(0), 0);
    n = EXPECT_TRAP("fnop", "i" (0));
    CHECK(n == 0, "#NM after fpu_taskswitch(0)");
}

GUEST_TEST(trap_gp_noncanonical)
{
    unsigned int n = EXPECT_TRAP("movq (%0), %%rax", "r" (NONCANON));
    CHECK_TRAP(n, TRAP_gp_fault);
    CHECK_EQ(last_trap.error_code, 0);
}

GUEST_TEST(trap_pf_read_cr2)
{
    unsigned int n = EXPECT_TRAP("movq (%0), %%rax", "r" (0x1234UL));
    CHECK_TRAP(n, TRAP_page_fault);
    test_note("#PF read: error %#lx cr2 %#lx", last_trap.error_code, last_trap.cr2);
    CHECK_EQ(last_trap.cr2, 0x1234);
    CHECK_EQ(last_trap.error_code, 0);            /* not present, read, kernel */
}

GUEST_TEST(trap_pf_write_readonly)
{
    uint64_t va = start_info->pt_base;
    unsigned int n = EXPECT_TRAP("movq %%rax, (%0)", "r" (va));
    CHECK_TRAP(n, TRAP_page_fault);
    test_note("#PF write: error %#lx cr2 %#lx", last_trap.error_code, last_trap.cr2);
    CHECK_EQ(last_trap.cr2, va);
    CHECK_EQ(last_trap.error_code, 3);            /* present, write, kernel */
}

GUEST_TEST(trap_pf_hypervisor_area)
{
    unsigned int n = EXPECT_TRAP("movq (%0), %%rax", "r" (HV_ADDR));
    CHECK_TRAP(n, TRAP_page_fault);
    test_note("#PF in Xen's area: error %#lx cr2 %#lx", last_trap.error_code, last_trap.cr2);
    CHECK_EQ(last_trap.cr2, HV_ADDR);
}

GUEST_TEST(soft_int_dpl3)
{
    unsigned int n = EXPECT_TRAP("int $0x80", "i" (0));
    CHECK_TRAP(n, VEC_SOFT_DPL3);
}

GUEST_TEST(soft_int_dpl1_from_kernel)
{
    unsigned int n = EXPECT_TRAP("int $0x41", "i" (0));
    CHECK_TRAP(n, VEC_SOFT_DPL1);
}

GUEST_TEST(soft_int_dpl0_refused)
{
    unsigned int n = EXPECT_TRAP("int $0x81", "i" (0));
    CHECK_TRAP(n, TRAP_gp_fault);
    CHECK(is_int_gp_code(last_trap.error_code, 0x81), "error code %#lx", last_trap.error_code);
}

GUEST_TEST(soft_int_unregistered)
{
    unsigned int n = EXPECT_TRAP("int $0x90", "i" (0));
    CHECK_TRAP(n, TRAP_gp_fault);
    CHECK(is_int_gp_code(last_trap.error_code, 0x90), "error code %#lx", last_trap.error_code);
}

GUEST_TEST(set_trap_table_errors)
{
    static trap_info_t bad[2];

    CHECK_RC(HYPERVISOR_set_trap_table((void *)HV_ADDR), -XEN_EFAULT);
    CHECK_RC(HYPERVISOR_set_trap_table((void *)0x2000), -XEN_EFAULT);
    memset(bad, 0, sizeof(bad));
    bad[0].vector = 0x90;
    bad[0].cs = FLAT_KERNEL_CS;
    bad[0].address = NONCANON;
    CHECK_RC(HYPERVISOR_set_trap_table(bad), -XEN_EINVAL);
    /* A handler inside Xen's area is canonical, so Xen takes it; the
     * bounce to it would fail, not the hypercall. */
    bad[0].address = HV_ADDR;
    test_note("handler in Xen's area: %ld", HYPERVISOR_set_trap_table(bad));
    bad[0].address = 0;     /* the terminator itself: nothing changes */
    CHECK_RC(HYPERVISOR_set_trap_table(bad), 0);
    /* Clearing the table (NULL) then installing it again. */
    CHECK_RC(HYPERVISOR_set_trap_table(NULL), 0);
    CHECK_RC(HYPERVISOR_set_trap_table(guest_trap_table), 0);
    CHECK_TRAP(EXPECT_TRAP("ud2", "i" (0)), TRAP_invalid_op);
}

static uint64_t seg_probe = 0x5a5a5a5a12345678UL;

GUEST_TEST(set_segment_base)
{
    uint64_t v;

    CHECK_RC(HYPERVISOR_set_segment_base(SEGBASE_FS, (uint64_t)&seg_probe), 0);
    __asm__ volatile ("movq %%fs:0, %0" : "=r" (v));
    CHECK_EQ(v, seg_probe);
    CHECK_RC(HYPERVISOR_set_segment_base(SEGBASE_GS_KERNEL, (uint64_t)&seg_probe), 0);
    __asm__ volatile ("movq %%gs:0, %0" : "=r" (v));
    CHECK_EQ(v, seg_probe);
    CHECK_RC(HYPERVISOR_set_segment_base(SEGBASE_GS_USER, 0), 0);
    CHECK_RC(HYPERVISOR_set_segment_base(SEGBASE_FS, NONCANON), -XEN_EINVAL);
    CHECK_RC(HYPERVISOR_set_segment_base(SEGBASE_GS_KERNEL, NONCANON), -XEN_EINVAL);
    CHECK_RC(HYPERVISOR_set_segment_base(9, 0), -XEN_EINVAL);
    CHECK_RC(HYPERVISOR_set_segment_base(SEGBASE_FS, 0), 0);
    CHECK_RC(HYPERVISOR_set_segment_base(SEGBASE_GS_KERNEL, 0), 0);
}

static char alt_stack[4096] __aligned(16);

GUEST_TEST(stack_switch)
{
    uint64_t top = (uint64_t)alt_stack + sizeof(alt_stack);
    CHECK_RC(HYPERVISOR_stack_switch(FLAT_KERNEL_SS, top), 0);
    test_note("stack_switch(ss=0): %ld", HYPERVISOR_stack_switch(0, top));
    CHECK_RC(HYPERVISOR_stack_switch(FLAT_KERNEL_SS, (uint64_t)boot_stack_top_addr()), 0);
}

/*
 * iret inside a multicall, with a proper iret frame above the return
 * address: Xen 4.17 performs the iret (landing at the frame's rip with
 * its rsp) and ends the multicall, leaving later entries unexecuted.
 * mc_iret_probe returns 1 if the iret was performed, 0 if the multicall
 * returned normally.
 */
extern long mc_iret_probe(multicall_entry_t *mc, unsigned int nr, uint64_t cs);
__asm__ (
    "    .text\n"
    "    .globl mc_iret_probe\n"
    "mc_iret_probe:\n"
    "    pushq %rbp\n"
    "    movq  %rsp, %rbp\n"
    "    andq  $-16, %rsp\n"
    "    pushq $0xe02b\n"                 /* ss */
    "    pushq %rbp\n"                    /* rsp after the iret */
    "    pushq $0x2\n"                    /* rflags: IF clear, events stay masked */
    "    pushq %rdx\n"                    /* cs */
    "    leaq  1f(%rip), %rax\n"
    "    pushq %rax\n"                    /* rip */
    "    pushq $0\n"                      /* flags */
    "    call  hypercall_page + 13 * 32\n"
    "    movq  %rbp, %rsp\n"
    "    popq  %rbp\n"
    "    xorl  %eax, %eax\n"
    "    ret\n"
    "1:  movq  %rbp, %rsp\n"              /* landed here through the iret */
    "    popq  %rbp\n"
    "    movl  $1, %eax\n"
    "    ret\n");

GUEST_TEST(iret_in_multicall)
{
    static multicall_entry_t mc[2];
    long performed;

    CHECK(kernel_cs_seen != 0, "needs bounce_frame_layout");
    memset(mc, 0, sizeof(mc));
    mc[0].op = __HYPERVISOR_iret;
    mc[0].result = 0x1234;
    mc[1].op = __HYPERVISOR_xen_version;
    mc[1].args[0] = XENVER_pagesize;
    mc[1].result = 0x5678;
    performed = mc_iret_probe(mc, 2, kernel_cs_seen & 0xffff);
    test_note("iret in multicall: performed %ld, results %#lx %#lx", performed,
              mc[0].result, mc[1].result);
    CHECK(performed == 1, "the multicall returned normally (iret result %ld)",
          (long)mc[0].result);
    CHECK_EQ(mc[1].result, 0x5678);   /* the multicall ended at the iret */
}
