/*
 * tests/guests/hvm/boot_tests.c - a boot-sector style HVM guest: started
 * in real mode at 0000:7c00 with no firmware, it switches itself to
 * 32-bit protected mode (hvm32), PAE paging (hvm32pae) or long mode
 * (hvm64) in head.S, then finds Xen's CPUID leaves, sets up the hypercall
 * page through the MSR and runs the same Xen interface tests as the PVH
 * guests (xen_tests.inc).
 *
 * Where it runs: guest only (xenolith dom0=hvm; Xen 4.17 cannot start a
 * real-mode dom0).  On bare QEMU (tools/hvm-compare.py --only bare) the
 * mode tests run and the Xen ones fail for want of a hypervisor.
 */
#include "hvm.h"

#define MSR_EFER   0xc0000080
#define EFER_LMA   (1u << 10)
#define CR0_PE     0x1u
#define CR0_PG     0x80000000u
#define CR4_PAE    0x20u

HVM_TEST(entry_real_mode)
{
    const struct hvm_entry_state *e = &hvm_entry;

    test_note("entry: eax=%#x ebx=%#x ecx=%#x edx=%#x esi=%#x edi=%#x ebp=%#x esp=%#x",
              e->eax, e->ebx, e->ecx, e->edx, e->esi, e->edi, e->ebp, e->esp);
    test_note("entry: eflags=%#x cr0=%#x cr4=%#x efer=%#x cs=%#x ds=%#x es=%#x ss=%#x "
              "fs=%#x gs=%#x gdtr=%#x/%#x idtr=%#x/%#x", e->eflags, e->cr0, e->cr4,
              e->efer_lo, e->cs, e->ds, e->es, e->ss, e->fs, e->gs, e->gdt_base,
              e->gdt_limit, e->idt_base, e->idt_limit);
    CHECK(!(e->cr0 & CR0_PE), "not in real mode at entry (cr0 %#x)", e->cr0);
    CHECK(!(e->cr0 & CR0_PG), "paging on at entry");
    CHECK(!(e->efer_lo & (1u << 8)), "EFER.LME set at entry");
    CHECK_EQ(e->cs, 0);
}

HVM_TEST(mode_switch)
{
    unsigned long cr0 = read_cr0(), cr4 = read_cr4();
    uint64_t efer = rdmsr(MSR_EFER);

    test_note("running in %s: cr0=%#lx cr3=%#lx cr4=%#lx efer=%#llx", hvm_mode_name(),
              cr0, read_cr3(), cr4, (unsigned long long)efer);
    CHECK(cr0 & CR0_PE, "CR0.PE clear");
    switch (hvm_entry.mode) {
    case HVM_MODE_BOOT32:
        CHECK(!(cr0 & CR0_PG), "paging on");
        break;
    case HVM_MODE_BOOTPAE:
        CHECK((cr0 & CR0_PG) && (cr4 & CR4_PAE) && !(efer & EFER_LMA),
              "not PAE paging");
        break;
    case HVM_MODE_BOOT64:
        CHECK((cr0 & CR0_PG) && (efer & EFER_LMA), "not in long mode");
        break;
    default:
        CHECK(0, "unknown mode %u", hvm_entry.mode);
    }
}

/* Touch memory through the identity map well above the image, and check
 * that the guest's own IDT catches a fault (#UD from ud2). */
HVM_TEST(memory_and_traps)
{
    volatile uint32_t *p = (volatile uint32_t *)(uintptr_t)0x1000000;   /* 16 MiB */

    *p = 0x5a5aa5a5;
    CHECK_EQ(*p, 0x5a5aa5a5);
    CHECK_EQ(EXPECT_TRAP("ud2", "i" (0)), 1);
    CHECK_EQ(last_trap_vector, 6);
}

HVM_TEST(consoles)
{
    static const char e9[] = "  # hello through port 0xe9\n";
    static const char uart[] = "  # hello through the 16550 at 0x3f8\n";

    e9_write(e9, sizeof(e9) - 1);
    uart_write(uart, sizeof(uart) - 1);
    /* Scratch register round trip: the 16550 has one, a missing UART
     * reads back 0xff. */
    outb(0x3f8 + 7, 0xa5);
    CHECK_EQ(inb(0x3f8 + 7), 0xa5);
}

#include "xen_tests.inc"
