/*
 * tests/guests/pv_mm.c - mmu_update, mmuext_op, update_va_mapping,
 * set_gdt, update_descriptor, and the adversarial page-table cases.
 *
 * Where it runs: guest only (PV64 dom0 on Xen 4.17 or xenolith).
 */
#include "test.h"
#include "ldt.h"

#define HV_ADDR 0xffff830000000000UL
#define PTE_RW  (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)
#define PTE_RO  (_PAGE_PRESENT | _PAGE_ACCESSED)

static long
mmu1(uint64_t ptr, uint64_t val, unsigned int *done)
{
    mmu_update_t u = { .ptr = ptr, .val = val };
    return HYPERVISOR_mmu_update(&u, 1, done, DOMID_SELF);
}

static long
ext1(unsigned int cmd, uint64_t arg1, uint64_t arg2)
{
    mmuext_op_t op = { .cmd = cmd };
    op.arg1.mfn = arg1;
    op.arg2.src_mfn = arg2;
    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

#define CHECK_TRAP_WRITE(p) do {                                        \
        unsigned int _n = EXPECT_TRAP("movq %%rax, (%0)", "r" (p));     \
        CHECK(_n == 1 && last_trap.vector == TRAP_page_fault,           \
              "write to read-only page did not fault");                 \
    } while (0)

static uint64_t
va(const void *p)
{
    return (uint64_t)(uintptr_t)p;
}

/* A fresh zeroed page of ours, mapped read-only so it can become a page
 * table (or a descriptor table). */
static void *
ro_page(void)
{
    void *p = page_alloc();
    if (page_set_writable(p, 0))
        return NULL;
    return p;
}

GUEST_TEST(mmu_update_pte)
{
    void *pg = page_alloc();
    uint64_t ma = pt_entry_maddr(va(pg), 1);
    uint64_t mfn = guest_va_to_mfn(pg);
    unsigned int done = 99;

    CHECK(ma, "no L1 entry for %p", pg);
    CHECK_RC(mmu1(ma | MMU_NORMAL_PT_UPDATE, (mfn << PAGE_SHIFT) | PTE_RO, &done), 0);
    CHECK_EQ(done, 1);
    CHECK_EQ(pt_entry_read(va(pg), 1) & _PAGE_RW, 0);
    CHECK_TRAP_WRITE(pg);
    CHECK_RC(mmu1(ma | MMU_PT_UPDATE_PRESERVE_AD, (mfn << PAGE_SHIFT) | PTE_RW, NULL), 0);
    *(volatile uint64_t *)pg = 42;
}

GUEST_TEST(update_va_mapping_alias)
{
    uint64_t *pg = page_alloc(), *alias = page_alloc();
    uint64_t mfn = guest_va_to_mfn(pg);

    CHECK_RC(HYPERVISOR_update_va_mapping(va(alias), (mfn << PAGE_SHIFT) | PTE_RW,
                                          UVMF_INVLPG | UVMF_LOCAL), 0);
    alias[3] = 0x77;
    CHECK_EQ(pg[3], 0x77);
    CHECK_RC(HYPERVISOR_update_va_mapping(va(alias), (guest_va_to_mfn(alias) << PAGE_SHIFT) |
                                          PTE_RW, UVMF_TLB_FLUSH | UVMF_ALL), 0);
    alias[3] = 1;
    CHECK_EQ(pg[3], 0x77);
    CHECK_RC(HYPERVISOR_update_va_mapping(HV_ADDR, PTE_RO, UVMF_INVLPG), -XEN_EINVAL);
}

GUEST_TEST(machphys_update)
{
    void *pg = page_alloc();
    uint64_t mfn = guest_va_to_mfn(pg), pfn = guest_va_to_pfn(pg);

    CHECK_RC(mmu1((mfn << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE, pfn + 1, NULL), 0);
    CHECK_EQ(M2P[mfn], pfn + 1);
    CHECK_RC(mmu1((mfn << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE, pfn, NULL), 0);
    CHECK_EQ(M2P[mfn], pfn);
}

GUEST_TEST(mmuext_pin_unpin_all_levels)
{
    unsigned int level;

    for (level = 1; level <= 4; level++) {
        void *t = ro_page();
        uint64_t mfn;

        CHECK(t, "remap read-only failed");
        mfn = guest_va_to_mfn(t);
        CHECK_RC(ext1(MMUEXT_PIN_L1_TABLE + level - 1, mfn, 0), 0);
        /* Pinned: it must not become writable (type conflict: -EBUSY). */
        CHECK_RC(page_set_writable(t, 1), -XEN_EBUSY);
        CHECK_RC(ext1(MMUEXT_PIN_L1_TABLE + level - 1, mfn, 0), -XEN_EINVAL);
        CHECK_RC(ext1(MMUEXT_UNPIN_TABLE, mfn, 0), 0);
        CHECK_RC(ext1(MMUEXT_UNPIN_TABLE, mfn, 0), -XEN_EINVAL);
        CHECK_RC(page_set_writable(t, 1), 0);
    }
}

GUEST_TEST(mmuext_flushes)
{
    uint64_t mask = 1;

    CHECK_RC(ext1(MMUEXT_TLB_FLUSH_LOCAL, 0, 0), 0);
    CHECK_RC(ext1(MMUEXT_INVLPG_LOCAL, GUEST_VIRT_BASE, 0), 0);
    CHECK_RC(ext1(MMUEXT_TLB_FLUSH_ALL, 0, 0), 0);
    CHECK_RC(ext1(MMUEXT_INVLPG_ALL, GUEST_VIRT_BASE, 0), 0);
    CHECK_RC(ext1(MMUEXT_TLB_FLUSH_MULTI, 0, va(&mask)), 0);
    CHECK_RC(ext1(MMUEXT_INVLPG_MULTI, GUEST_VIRT_BASE, va(&mask)), 0);
    CHECK_RC(ext1(MMUEXT_FLUSH_CACHE, 0, 0), 0);
}

GUEST_TEST(mmuext_new_baseptr_same)
{
    uint64_t l4 = guest_va_to_mfn((void *)start_info->pt_base);
    CHECK_RC(ext1(MMUEXT_NEW_BASEPTR, l4, 0), 0);
    /* Not a validated L4 (a data page): refused. */
    CHECK_RC(ext1(MMUEXT_NEW_BASEPTR, guest_va_to_mfn(page_alloc()), 0), -XEN_EINVAL);
}

GUEST_TEST(mmuext_new_user_baseptr)
{
    void *t = ro_page();
    uint64_t mfn;

    CHECK(t, "remap failed");
    mfn = guest_va_to_mfn(t);
    CHECK_RC(ext1(MMUEXT_PIN_L4_TABLE, mfn, 0), 0);
    CHECK_RC(ext1(MMUEXT_NEW_USER_BASEPTR, mfn, 0), 0);
    CHECK_RC(ext1(MMUEXT_NEW_USER_BASEPTR, 0, 0), 0);   /* none */
    CHECK_RC(ext1(MMUEXT_UNPIN_TABLE, mfn, 0), 0);
}

GUEST_TEST(mmuext_set_ldt)
{
    void *ldt = ro_page();

    CHECK(ldt, "remap failed");
    CHECK_RC(ext1(MMUEXT_SET_LDT, va(ldt), 16), 0);
    CHECK_RC(ext1(MMUEXT_SET_LDT, 0, 0), 0);
    CHECK_RC(ext1(MMUEXT_SET_LDT, va(ldt) + 8, 16), -XEN_EINVAL);   /* unaligned */
    CHECK_RC(ext1(MMUEXT_SET_LDT, va(ldt), 8193), -XEN_EINVAL);     /* > 8192 */
    CHECK_RC(ext1(MMUEXT_SET_LDT, HV_ADDR, 16), -XEN_EINVAL);
}

GUEST_TEST(set_gdt_and_update_descriptor)
{
    uint64_t *gdt = ro_page();
    uint64_t frame, ma;

    CHECK(gdt, "remap failed");
    frame = guest_va_to_mfn(gdt);
    ma = (frame << PAGE_SHIFT) + 8 * 5;
    /* A flat 64-bit user code segment, DPL 3: allowed. */
    CHECK_RC(HYPERVISOR_update_descriptor(ma, 0x00affa000000ffffUL), 0);
    CHECK_EQ(gdt[5], 0x00affa000000ffffUL);
    /* DPL 0 code: Xen raises the DPL to the guest kernel's (3) instead. */
    CHECK_RC(HYPERVISOR_update_descriptor(ma, 0x00af9a000000ffffUL), 0);
    CHECK_EQ((gdt[5] >> 45) & 3, 3);
    /* A system descriptor (TSS) in the GDT: refused. */
    test_note("TSS descriptor: %ld", HYPERVISOR_update_descriptor(ma, 0x0000e90000000067UL));
    CHECK(HYPERVISOR_update_descriptor(ma, 0x0000e90000000067UL) < 0, "TSS accepted");
    /* Misaligned address: refused. */
    CHECK_RC(HYPERVISOR_update_descriptor(ma + 4, 0), -XEN_EINVAL);
    CHECK_RC(HYPERVISOR_set_gdt(&frame, 512), 0);
    CHECK_RC(page_set_writable(gdt, 1), -XEN_EBUSY);    /* in use as a GDT */
    CHECK_RC(HYPERVISOR_set_gdt(&frame, FIRST_RESERVED_GDT_ENTRY + 1), -XEN_EINVAL);
    CHECK_RC(HYPERVISOR_set_gdt((uint64_t *)HV_ADDR, 512), -XEN_EFAULT);
}

/* ---- adversarial: each must be refused, the domain and Xen alive ---- */

GUEST_TEST(adv_writable_map_of_l4)
{
    uint64_t l4mfn = guest_va_to_mfn((void *)start_info->pt_base);
    void *alias = page_alloc();

    CHECK_RC(HYPERVISOR_update_va_mapping(va(alias), (l4mfn << PAGE_SHIFT) | PTE_RW,
                                          UVMF_INVLPG), -XEN_EBUSY);
    /* Read-only is fine. */
    CHECK_RC(HYPERVISOR_update_va_mapping(va(alias), (l4mfn << PAGE_SHIFT) | PTE_RO,
                                          UVMF_INVLPG), 0);
    CHECK_RC(HYPERVISOR_update_va_mapping(va(alias), (guest_va_to_mfn(alias) << PAGE_SHIFT) |
                                          PTE_RW, UVMF_INVLPG), 0);
}

GUEST_TEST(adv_writable_map_of_l1_via_mmu_update)
{
    uint64_t l1ma = pt_entry_maddr(GUEST_VIRT_BASE, 1);
    void *alias = page_alloc();
    uint64_t ma = pt_entry_maddr(va(alias), 1);

    CHECK(l1ma && ma, "walk failed");
    CHECK_RC(mmu1(ma, (l1ma & PTE_ADDR_MASK) | PTE_RW, NULL), -XEN_EBUSY);
    CHECK_RC(page_set_writable((void *)start_info->pt_base, 1), -XEN_EBUSY);
}

GUEST_TEST(adv_pse_superpage_over_page_tables)
{
    /* An L2 entry with PSE covering the bootstrap page tables: PV guests
     * get no superpages, and this one would map page tables writable. */
    uint64_t l2ma = pt_entry_maddr(GUEST_VIRT_BASE + 0x20000000UL, 2);
    uint64_t l4mfn = guest_va_to_mfn((void *)start_info->pt_base);

    CHECK(l2ma, "walk failed");
    CHECK_RC(mmu1(l2ma, ((l4mfn & ~511UL) << PAGE_SHIFT) | PTE_RW | _PAGE_PSE, NULL),
             -XEN_EINVAL);
}

GUEST_TEST(adv_linear_page_table)
{
    uint64_t *l4 = (uint64_t *)start_info->pt_base;
    uint64_t l4mfn = guest_va_to_mfn(l4);
    uint64_t slot = 100, ma = (l4mfn << PAGE_SHIFT) + slot * 8;
    long rc;

    CHECK_EQ(l4[slot], 0);
    /* Writable self-map: refused. */
    CHECK_RC(mmu1(ma, (l4mfn << PAGE_SHIFT) | PTE_RW, NULL), -XEN_EINVAL);
    /* Read-only self-map: Xen's rules allow it (same level, no RW). */
    rc = mmu1(ma, (l4mfn << PAGE_SHIFT) | PTE_RO, NULL);
    test_note("read-only linear L4 slot: %ld", rc);
    CHECK_RC(rc, 0);
    CHECK_RC(mmu1(ma, 0, NULL), 0);
    /* An L4 entry pointing at an L1 (wrong level): refused. */
    CHECK_RC(mmu1(ma, (pt_entry_maddr(GUEST_VIRT_BASE, 1) & PTE_ADDR_MASK) | PTE_RO, NULL),
             -XEN_EINVAL);
}

GUEST_TEST(adv_hypervisor_slot)
{
    uint64_t l4mfn = guest_va_to_mfn((void *)start_info->pt_base);
    uint64_t ma = (l4mfn << PAGE_SHIFT) + 256 * 8;   /* Xen's first slot */
    long rc = mmu1(ma, 0, NULL);

    test_note("write L4 slot 256: %ld", rc);
    CHECK(rc < 0, "hypervisor slot writable: %ld", rc);
}

static uint64_t
unowned_mfn(void)
{
    uint64_t max = 0, i;

    for (i = 0; i < start_info->nr_pages; i++)
        if (p2m[i] > max)
            max = p2m[i];
    return max + 0x200;   /* RAM beyond dom0's frames: Xen's heap */
}

GUEST_TEST(adv_map_unowned_frame)
{
    void *alias = page_alloc();
    uint64_t mfn = unowned_mfn();
    long rc = HYPERVISOR_update_va_mapping(va(alias), (mfn << PAGE_SHIFT) | PTE_RW, UVMF_INVLPG);

    test_note("map mfn %#lx: %ld", mfn, rc);
    CHECK(rc < 0, "unowned frame mapped");
    CHECK_RC(ext1(MMUEXT_PIN_L1_TABLE, mfn, 0), -XEN_EINVAL);
    CHECK_RC(mmu1((mfn << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE, 0, NULL), -XEN_EINVAL);
    /* A foreign domain id that does not exist. */
    {
        mmu_update_t u = { .ptr = pt_entry_maddr(va(alias), 1),
                           .val = (guest_va_to_mfn(alias) << PAGE_SHIFT) | PTE_RW };
        CHECK_RC(HYPERVISOR_mmu_update(&u, 1, NULL, 42), -XEN_ESRCH);
    }
}

GUEST_TEST(adv_counts_and_indices)
{
    static mmu_update_t u[2];
    static mmuext_op_t op[2];
    unsigned int done = 77;

    CHECK_RC(HYPERVISOR_mmu_update(u, 0, &done, DOMID_SELF), 0);
    CHECK_RC(HYPERVISOR_mmu_update((void *)HV_ADDR, 1, NULL, DOMID_SELF), -XEN_EFAULT);
    CHECK_RC(HYPERVISOR_mmu_update((void *)0x3000, 4, NULL, DOMID_SELF), -XEN_EFAULT);
    CHECK_RC(HYPERVISOR_mmuext_op((void *)HV_ADDR, 1, NULL, DOMID_SELF), -XEN_EFAULT);
    /* Unknown mmuext command (all four mmu_update commands exist: 3 is
     * MMU_PT_UPDATE_NO_TRANSLATE). */
    op[0].cmd = 99;
    CHECK_RC(HYPERVISOR_mmuext_op(op, 1, NULL, DOMID_SELF), -XEN_ENOSYS);
    /* A page-table address far outside RAM. */
    u[0].ptr = 0xfffffffff000UL;
    u[0].val = 0;
    CHECK(HYPERVISOR_mmu_update(u, 1, NULL, DOMID_SELF) < 0, "ptr outside RAM accepted");
    /* done is written back up to the failing entry. */
    u[0].ptr = pt_entry_maddr(va(page_alloc()), 1);
    u[0].val = 0;
    u[1].ptr = 0xfffffffff000UL;
    done = 77;
    {
        long rc = HYPERVISOR_mmu_update(u, 2, &done, DOMID_SELF);
        test_note("batch with bad 2nd entry: %ld done %u", rc, done);
        CHECK(rc < 0, "bad 2nd entry accepted");
    }
    CHECK_EQ(done, 1);
    /* update_va_mapping with a non-canonical address. */
    CHECK_RC(HYPERVISOR_update_va_mapping(0x8000000000000000UL, 0, UVMF_INVLPG), -XEN_EINVAL);
}

GUEST_TEST(adv_overlapping_buffers)
{
    /* The request array is also the done counter and the target: Xen
     * copies each entry in before acting, so this must neither crash nor
     * corrupt anything; the write lands in the (writable) array page. */
    static mmu_update_t u[1] __aligned(16);
    void *pg = page_alloc();
    unsigned int *done = (unsigned int *)&u[0].val;
    long rc;

    u[0].ptr = pt_entry_maddr(va(pg), 1);
    u[0].val = (guest_va_to_mfn(pg) << PAGE_SHIFT) | PTE_RW;
    rc = HYPERVISOR_mmu_update(u, 1, done, DOMID_SELF);
    test_note("overlapping done/request: %ld done %u", rc, *done);
    CHECK_RC(rc, 0);
    *(volatile uint64_t *)pg = 1;
    /* A buffer that crosses from mapped into unmapped memory. */
    CHECK_RC(HYPERVISOR_console_io(CONSOLEIO_write, 0x10000,
                                   (void *)(GUEST_VIRT_BASE + (start_info->nr_pages << PAGE_SHIFT) - 16)),
             -XEN_EFAULT);
}

/* MMUEXT_SET_LDT: a selector of the LDT loads while the LDT is set, a
 * selector past its end or after it is cleared raises #GP, a non-present
 * entry raises #NP. */
GUEST_TEST(set_ldt_selectors)
{
    static const uint64_t descs[3] = { 0, LDT_DATA_DESC, LDT_DATA_DESC & ~(1ULL << 47) };

    CHECK_RC(ldt_try(LDT_SEL(1)), TRAP_gp_fault);
    CHECK_RC(ldt_set(descs, 3), 0);
    CHECK_RC(ldt_try(LDT_SEL(1)), -1);
    CHECK_RC(ldt_try(LDT_SEL(2)), TRAP_no_segment);
    CHECK_RC(ldt_try(LDT_SEL(3)), TRAP_gp_fault);
    CHECK_RC(ldt_set(NULL, 0), 0);
    CHECK_RC(ldt_try(LDT_SEL(1)), TRAP_gp_fault);
}
