/*
 * pv_fixture.h - shared helpers for the PV memory-management tests:
 * a machine with domains, page tables built like a guest builds them,
 * hypercall wrappers that pass arguments through the guest arena, and
 * pv_check_invariants(), which recomputes every reference count from the
 * page tables, pins and base pointers and compares it with the frame table.
 *
 * Environment: hosted only.
 */
#ifndef XL_PV_FIXTURE_H
#define XL_PV_FIXTURE_H

#include "unit.h"
#include <domain.h>
#include <guest_access.h>
#include <pv_mm.h>
#include <xl_errno.h>
#include <sim_guest.h>
#include <sim_pv.h>
#include "public/xen.h"

#define PV_NR_FRAMES 2048
#define PV_ARENA     (64 * 1024)
#define PV_ARG_OFF   0x0          /* arena offset of request arrays */
#define PV_DONE_OFF  0x8000       /* arena offset of *pdone */
#define PV_MASK_OFF  0x9000       /* arena offset of a vCPU bitmap */

/* Kernel-half address used by most tests: L4 slot 272, first entries. */
#define PV_KVA 0xffff880000000000ULL

struct pv_tables {
    mfn_t l4, l3, l2, l1, data;
    uint64_t va;
};

/* Setup/teardown for cmocka groups: a fresh machine, no domains. */
int pv_setup(void **state);
int pv_teardown(void **state);

/* Create domain domid with an arena; current = its vCPU 0. */
struct domain *pv_domain(domid_t domid, bool privileged, uint64_t max_pages);
void pv_use(struct domain *d);

mfn_t pv_alloc(struct domain *d);                  /* one zeroed frame */
uint64_t *pv_map(mfn_t mfn);                       /* hypervisor view */
/* (mfn << 12) | flags, plus US when present: entries as stored. */
uint64_t pv_pte(mfn_t mfn, uint64_t flags);

/* Build (not validate) L4 -> L3 -> L2 -> L1 -> data for va, writing the
 * frames directly as a guest does before pinning.  Upper entries P|RW|US,
 * the leaf P|RW|US. */
void pv_build(struct domain *d, struct pv_tables *t, uint64_t va);

/* One-element hypercalls through the arena; *done gets pdone's value. */
long pv_mmu1(uint64_t ptr, uint64_t val, uint32_t *done);
long pv_ext(unsigned int cmd, uint64_t arg1, uint64_t arg2, uint32_t *done);
long pv_pin(unsigned int level, mfn_t mfn);        /* MMUEXT_PIN_Ln */
long pv_unpin(mfn_t mfn);

/* Machine address of entry index of table mfn. */
static inline uint64_t
pv_eaddr(mfn_t mfn, unsigned int index)
{
    return (mfn << 12) + index * 8ULL;
}

static inline uint64_t gen_refs(mfn_t mfn)
{
    return mfn_to_page(mfn)->count_info & PGC_count_mask;
}

static inline uint64_t type_refs(mfn_t mfn)
{
    return mfn_to_page(mfn)->type_info & PGT_count_mask;
}

static inline uint64_t type_of(mfn_t mfn)
{
    return mfn_to_page(mfn)->type_info & PGT_type_mask;
}

/* get/put_page_and_type for the current domain, recorded so that
 * pv_check_invariants counts the test's own references. */
int pv_get_type(mfn_t mfn, uint64_t type);
void pv_put_type(mfn_t mfn);

/* Recompute and compare every count; fails the test on a mismatch. */
void pv_check_invariants(void);

#endif /* XL_PV_FIXTURE_H */
