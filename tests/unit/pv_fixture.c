/*
 * pv_fixture.c - helpers for the PV memory-management tests (pv_fixture.h).
 *
 * Environment: hosted only.
 */
#include "pv_fixture.h"

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

/* ------------------------------------------------------------------ */
/* The invariant oracle.                                               */

struct expect {
    uint64_t gen, type;
    uint64_t lin_entries, lin_uses;
};

static bool
is_pt(uint64_t t)
{
    return t >= PGT_l1_page_table && t <= PGT_l4_page_table;
}

static void
count_entry(struct expect *ex, struct page_info *table, unsigned int level,
            uint64_t e)
{
    mfn_t self = page_to_mfn(table), m = pte_mfn(e);
    struct page_info *pg;

    assert_true(mfn_valid(m));
    pg = mfn_to_page(m);
    /* a guest maps only frames it owns */
    assert_ptr_equal(pg->owner, table->owner);
    if (level == 1) {
        ex[m].gen++;
        if (e & PTE_RW) {
            ex[m].type++;
            assert_true((pg->type_info & PGT_type_mask) == PGT_writable_page);
        }
        return;
    }
    assert_false(e & PTE_PSE);
    if (m == self) {
        assert_false(e & PTE_RW);
        return;
    }
    ex[m].gen++;
    ex[m].type++;
    assert_true(pg->type_info & PGT_validated);
    if ((pg->type_info & PGT_type_mask) == (table->type_info & PGT_type_mask)) {
        assert_false(e & PTE_RW);       /* linear: read-only only */
        ex[self].lin_entries++;
        ex[m].lin_uses++;
    } else {
        assert_true((pg->type_info & PGT_type_mask) ==
                    ((uint64_t)(level - 1) << PGT_type_shift));
    }
}

static void
count_table(struct expect *ex, struct page_info *pg)
{
    uint64_t t = pg->type_info;
    unsigned int level = (unsigned int)((t & PGT_type_mask) >> PGT_type_shift);
    const uint64_t *tab = page_to_virt(pg);

    for (unsigned int i = 0; i < PT_ENTRIES; i++) {
        if (level == 4 && i >= PV_L4_XEN_FIRST && i < PV_L4_XEN_END) {
            assert_true(tab[i] == SIM_XEN_L4E(i));
            continue;
        }
        if (tab[i] & PTE_PRESENT)
            count_entry(ex, pg, level, tab[i]);
    }
}

static void
count_roots(struct expect *ex)
{
    for (unsigned int id = 0; id < MAX_DOMAINS; id++) {
        struct domain *d = domain_table[id];
        uint64_t n = 0;

        if (d == NULL)
            continue;
        for (struct page_info *pg = d->page_list; pg; pg = pg->next) {
            assert_ptr_equal(pg->owner, d);
            n++;
        }
        assert_int_equal(n, d->tot_pages);
        assert_true(d->tot_pages <= d->max_pages);
        for (unsigned int i = 0; i < d->max_vcpus; i++) {
            struct vcpu *v = d->vcpu[i];

            if (v->guest_table) {
                ex[v->guest_table].gen++;
                ex[v->guest_table].type++;
                assert_true(type_of(v->guest_table) == PGT_l4_page_table);
            }
            if (v->guest_table_user) {
                ex[v->guest_table_user].gen++;
                ex[v->guest_table_user].type++;
                assert_true(type_of(v->guest_table_user) == PGT_l4_page_table);
            }
        }
    }
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
    static struct expect ex[PV_NR_FRAMES];

    assert_true(frame_table_nr <= PV_NR_FRAMES);
    memset(ex, 0, sizeof(ex));
    for (mfn_t m = 0; m < frame_table_nr; m++) {
        ex[m].gen += held[m];
        ex[m].type += held[m];
    }
    for (mfn_t m = 0; m < frame_table_nr; m++) {
        struct page_info *pg = mfn_to_page(m);
        uint64_t t = pg->type_info;

        if (pg->owner == NULL)
            continue;
        if (pg->count_info & PGC_allocated)
            ex[m].gen++;
        if (t & PGT_pinned) {
            ex[m].gen++;
            ex[m].type++;
            assert_true(is_pt(t & PGT_type_mask));
        }
        if (is_pt(t & PGT_type_mask) && (t & PGT_count_mask)) {
            assert_true(t & PGT_validated);
            count_table(ex, pg);
        }
    }
    count_roots(ex);
    for (mfn_t m = 0; m < frame_table_nr; m++) {
        struct page_info *pg = mfn_to_page(m);
        uint64_t t = pg->type_info;
        uint64_t lin = (t & PGT_linear_mask) >> PGT_linear_shift;

        if (pg->owner == NULL) {
            if (!(pg->count_info & PGC_reserved))
                assert_int_equal(ex[m].gen, 0);
            continue;
        }
        assert_false(pg->count_info & (PGC_free | PGC_reserved));
        /* exact counts: nothing holds a reference the oracle cannot see */
        assert_int_equal(pg->count_info & PGC_count_mask, ex[m].gen);
        assert_int_equal(t & PGT_count_mask, ex[m].type);
        assert_true((t & PGT_count_mask) <= (pg->count_info & PGC_count_mask));
        if (ex[m].lin_uses) {
            assert_true(t & PGT_linear_uses);
            assert_int_equal(lin, ex[m].lin_uses);
            assert_int_equal(ex[m].lin_entries, 0);
        } else {
            assert_int_equal(lin, ex[m].lin_entries);
            assert_false((t & PGT_linear_uses) && lin);
        }
    }
}
