/*
 * tests/guests/hvm/pvh_tests.c - the PVH guest ABI as a dom0 kernel sees
 * it.  Built twice: pvh_basic (stays in 32-bit protected mode, compat
 * hypercall ABI) and pvh_long (switches to long mode on its own page
 * tables first).  Reference: Xen 4.17 with dom0=pvh under QEMU -cpu max.
 *
 * Where it runs: guest only (PVH dom0).
 */
#include "hvm.h"

#define MSR_EFER   0xc0000080
#define EFER_LMA   (1u << 10)
#define CR0_PE     0x1u
#define CR0_PG     0x80000000u
#define CR4_PAE    0x20u

/* ---- entry ---- */

HVM_TEST(entry_state)
{
    const struct hvm_entry_state *e = &hvm_entry;

    test_note("entry: eax=%#x ebx=%#x ecx=%#x edx=%#x esi=%#x edi=%#x ebp=%#x esp=%#x",
              e->eax, e->ebx, e->ecx, e->edx, e->esi, e->edi, e->ebp, e->esp);
    test_note("entry: eflags=%#x cr0=%#x cr4=%#x efer=%#x cs=%#x ds=%#x es=%#x ss=%#x "
              "fs=%#x gs=%#x tr=%#x ldtr=%#x", e->eflags, e->cr0, e->cr4, e->efer_lo,
              e->cs, e->ds, e->es, e->ss, e->fs, e->gs, e->tr, e->ldtr);
    test_note("entry: gdtr=%#x/%#x idtr=%#x/%#x", e->gdt_base, e->gdt_limit,
              e->idt_base, e->idt_limit);
    CHECK(e->cr0 & CR0_PE, "CR0.PE clear at entry (cr0 %#x)", e->cr0);
    CHECK(!(e->cr0 & CR0_PG), "paging on at entry (cr0 %#x)", e->cr0);
    CHECK(!(e->efer_lo & (1u << 8)), "EFER.LME set at entry");
    CHECK(!(e->eflags & 0x200), "interrupts enabled at entry (eflags %#x)", e->eflags);
    CHECK(e->ebx != 0, "%%ebx is 0");
    CHECK_EQ(*(const uint32_t *)(uintptr_t)e->ebx, XEN_HVM_START_MAGIC_VALUE);
}

HVM_TEST(start_info)
{
    const struct hvm_start_info *si = hvm_start_info;

    CHECK_EQ(si->magic, XEN_HVM_START_MAGIC_VALUE);
    test_note("hvm_start_info at %p: version %u flags %#x nr_modules %u modlist %#llx "
              "cmdline %#llx rsdp %#llx", (const void *)si, si->version, si->flags,
              si->nr_modules, (unsigned long long)si->modlist_paddr,
              (unsigned long long)si->cmdline_paddr, (unsigned long long)si->rsdp_paddr);
    CHECK(si->version <= 1, "unknown version %u", si->version);
    if (si->cmdline_paddr)
        test_note("cmdline: \"%s\"", (const char *)(uintptr_t)si->cmdline_paddr);
    if (si->version >= 1) {
        const struct hvm_memmap_table_entry *m =
            (const void *)(uintptr_t)si->memmap_paddr;
        uint64_t me = (uint64_t)(uintptr_t)&hvm_entry;
        int covered = 0;

        test_note("memmap %#llx, %u entries", (unsigned long long)si->memmap_paddr,
                  si->memmap_entries);
        CHECK(si->memmap_entries > 0 && si->memmap_paddr, "version 1 without a memmap");
        for (uint32_t i = 0; i < si->memmap_entries; i++) {
            test_note("  %#llx +%#llx type %u", (unsigned long long)m[i].addr,
                      (unsigned long long)m[i].size, m[i].type);
            if (m[i].type == XEN_HVM_MEMMAP_TYPE_RAM && m[i].addr <= me &&
                me - m[i].addr < m[i].size)
                covered = 1;
        }
        CHECK(covered, "no RAM entry covers the image");
    }
}

HVM_TEST(mode)
{
    unsigned long cr0 = read_cr0(), cr4 = read_cr4();

    test_note("running in %s: cr0=%#lx cr3=%#lx cr4=%#lx efer=%#llx", hvm_mode_name(),
              cr0, read_cr3(), cr4, (unsigned long long)rdmsr(MSR_EFER));
#ifdef __x86_64__
    CHECK(rdmsr(MSR_EFER) & EFER_LMA, "EFER.LMA clear in long mode");
    CHECK(cr4 & CR4_PAE, "CR4.PAE clear in long mode");
#else
    CHECK(!(cr0 & CR0_PG), "paging on in the 32-bit PVH guest");
#endif
}

#include "xen_tests.inc"
