/*
 * tests/guests/ldt.h - a PV guest's LDT in tests: set one, try a selector.
 *
 * Where it runs: guest only (PV64 kernels on Xen 4.17 or xenolith).
 *
 * The LDT lives in a page of the kernel's own, mapped read-only before
 * MMUEXT_SET_LDT as Xen requires (it types LDT pages as descriptor pages
 * when it maps them, which a writable mapping forbids).  Descriptors are
 * 64-bit PV data segments with DPL 3 and the accessed bit already set, so
 * the CPU never writes them.
 */
#ifndef TESTS_GUESTS_LDT_H
#define TESTS_GUESTS_LDT_H

#include "test.h"

/* Flat read/write data, DPL 3, present, accessed. */
#define LDT_DATA_DESC   0x00cff3000000ffffULL
/* The selector of LDT entry i at RPL 3 (TI = 1). */
#define LDT_SEL(i)      ((uint16_t)((i) << 3 | 4 | 3))

/* Make descs[0..n) the vCPU's LDT (n = 0: none).  Returns the hypercall's
 * result, or -1 if no page could be prepared. */
static inline long
ldt_set(const uint64_t *descs, unsigned int n)
{
    mmuext_op_t op = { .cmd = MMUEXT_SET_LDT };
    uint64_t *page = NULL;

    if (n) {
        page = page_alloc();
        if (!page || n > 512)
            return -1;
        for (unsigned int i = 0; i < n; i++)
            page[i] = descs[i];
        if (page_set_writable(page, 0))
            return -1;
    }
    op.arg1.linear_addr = (uint64_t)(uintptr_t)page;
    op.arg2.nr_ents = n;
    return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/* Load sel into %es and back to the null selector: -1 when it loaded,
 * else the vector of the trap it raised (13 #GP, 11 #NP). */
static inline long
ldt_try(uint16_t sel)
{
    unsigned int n = EXPECT_TRAP("movw %w0, %%es\n\tmovw %w1, %%es", "r" (sel), "r" (0));

    return n ? (long)last_trap.vector : -1;
}

#endif /* TESTS_GUESTS_LDT_H */
