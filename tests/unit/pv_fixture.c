/*
 * pv_fixture.c - helpers for the PV memory-management tests (pv_fixture.h).
 *
 * Environment: hosted only.
 */
#include "pv_fixture.h"
#include <sim_oracle.h>

/* Type references the test itself holds (pv_get_type). */
static unsigned int held[PV_NR_FRAMES];

int
pv_setup(void **state)
{
    (void)state;
    unit_machine_setup(PV_NR_FRAMES, 1);
    sim_pv_reset(PV_NR_FRAMES);
    sim_guest_arena_fini_all();
    memset(domain_table, 0, sizeof(domain_table));
    memset(held, 0, sizeof(held));
    current = NULL;
    return 0;
}

int
pv_teardown(void **state)
{
    (void)state;
    sim_guest_arena_fini_all();
    sim_pv_fini();
    memset(domain_table, 0, sizeof(domain_table));
    current = NULL;
    unit_machine_teardown();
    return 0;
}

struct domain *
pv_domain(domid_t domid, bool privileged, uint64_t max_pages)
{
    struct domain *d = domain_create(domid, privileged, 2, max_pages);

    assert_non_null(d);
    sim_guest_arena_init(d, PV_ARENA);
    pv_use(d);
    return d;
}

void
pv_use(struct domain *d)
{
    current = d->vcpu[0];
}

mfn_t
pv_alloc(struct domain *d)
{
    struct page_info *pg = alloc_domheap_pages(d, 0);

    assert_non_null(pg);
    return page_to_mfn(pg);
}

uint64_t *
pv_map(mfn_t mfn)
{
    return page_to_virt(mfn_to_page(mfn));
}

uint64_t
pv_pte(mfn_t mfn, uint64_t flags)
{
    /* The hypervisor sets US on every present guest entry (a PV64 kernel
     * runs in ring 3); build entries the way they end up stored. */
    return (mfn << 12) | flags | ((flags & PTE_PRESENT) ? PTE_USER : 0);
}

void
pv_build(struct domain *d, struct pv_tables *t, uint64_t va)
{
    const uint64_t up = PTE_PRESENT | PTE_RW | PTE_USER;

    t->va = va;
    t->l4 = pv_alloc(d);
    t->l3 = pv_alloc(d);
    t->l2 = pv_alloc(d);
    t->l1 = pv_alloc(d);
    t->data = pv_alloc(d);
    pv_map(t->l4)[PT_INDEX_OF(va, 4)] = pv_pte(t->l3, up);
    pv_map(t->l3)[PT_INDEX_OF(va, 3)] = pv_pte(t->l2, up);
    pv_map(t->l2)[PT_INDEX_OF(va, 2)] = pv_pte(t->l1, up);
    pv_map(t->l1)[PT_INDEX_OF(va, 1)] = pv_pte(t->data, up);
}

static struct domain *
cur(void)
{
    assert_non_null(current);
    return current->domain;
}

long
pv_mmu1(uint64_t ptr, uint64_t val, uint32_t *done)
{
    struct mmu_update req = { .ptr = ptr, .val = val };
    uint32_t n = 0xdead;
    long rc;

    sim_guest_put(cur(), PV_DONE_OFF, &n, sizeof(n));
    rc = do_mmu_update(sim_guest_put(cur(), PV_ARG_OFF, &req, sizeof(req)),
                       1, sim_guest_va(PV_DONE_OFF), DOMID_SELF);
    if (done)
        memcpy(done, sim_guest_ptr(cur(), sim_guest_va(PV_DONE_OFF), 4), 4);
    return rc;
}

long
pv_ext(unsigned int cmd, uint64_t arg1, uint64_t arg2, uint32_t *done)
{
    struct mmuext_op op;
    uint32_t n = 0xdead;
    long rc;

    memset(&op, 0, sizeof(op));
    op.cmd = cmd;
    op.arg1.mfn = arg1;
    op.arg2.src_mfn = arg2;
    sim_guest_put(cur(), PV_DONE_OFF, &n, sizeof(n));
    rc = do_mmuext_op(sim_guest_put(cur(), PV_ARG_OFF, &op, sizeof(op)), 1,
                      sim_guest_va(PV_DONE_OFF), DOMID_SELF);
    if (done)
        memcpy(done, sim_guest_ptr(cur(), sim_guest_va(PV_DONE_OFF), 4), 4);
    return rc;
}

long
pv_pin(unsigned int level, mfn_t mfn)
{
    return pv_ext(MMUEXT_PIN_L1_TABLE + level - 1, mfn, 0, NULL);
}

long
pv_unpin(mfn_t mfn)
{
    return pv_ext(MMUEXT_UNPIN_TABLE, mfn, 0, NULL);
}

int
pv_get_type(mfn_t mfn, uint64_t type)
{
    int rc = get_page_and_type(mfn_to_page(mfn), current->domain, type);

    if (rc == 0)
        held[mfn]++;
    return rc;
}

void
pv_put_type(mfn_t mfn)
{
    assert_true(held[mfn] > 0);
    held[mfn]--;
    put_page_and_type(mfn_to_page(mfn));
}

void
pv_check_invariants(void)
{
    const char *msg = sim_pv_check(held, PV_NR_FRAMES);

    if (msg != NULL)
        fail_msg("%s", msg);
}
