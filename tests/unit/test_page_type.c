/*
 * test_page_type.c - general and type reference counts, validation rules
 * (page_type.c), checked through the API and the invariant oracle.
 */
#include "pv_fixture.h"

static const uint64_t P = PTE_PRESENT, RW = PTE_RW, US = PTE_USER;

static void
test_get_page_rules(void **state)
{
    struct domain *a = pv_domain(1, false, 64);
    struct domain *b = pv_domain(2, false, 64);
    mfn_t m = pv_alloc(a);
    struct page_info *pg = mfn_to_page(m);

    assert_int_equal(gen_refs(m), 1);
    assert_true(get_page(pg, a));
    assert_int_equal(gen_refs(m), 2);
    assert_false(get_page(pg, b));          /* not the owner */
    assert_false(get_page(pg, NULL));
    put_page(pg);
    assert_false(get_page(mfn_to_page(0), a));   /* reserved */
    struct page_info *fr = alloc_frames(0);      /* hypervisor frame */
    assert_false(get_page(fr, a));
    free_frames(fr, 0);
    assert_false(get_page(fr, a));               /* free */
    /* overflow is refused, not wrapped */
    uint64_t saved = pg->count_info;
    pg->count_info = PGC_allocated | PGC_count_mask;
    assert_false(get_page(pg, a));
    pg->count_info = saved;
    /* put without get is a hypervisor bug */
    EXPECT_PANIC(put_page(fr));
    pv_check_invariants();
    domain_destroy(a);
    domain_destroy(b);
}

static void
test_domheap_limits_and_free(void **state)
{
    uint64_t before = frames_free_count();
    struct domain *d = pv_domain(1, false, 3);
    uint64_t after_create = frames_free_count();
    struct page_info *pg = alloc_domheap_pages(d, 1);

    assert_non_null(pg);
    assert_int_equal(d->tot_pages, 2);
    assert_ptr_equal(pg[1].owner, d);
    assert_true(pg[0].count_info == (PGC_allocated | 1));
    assert_null(alloc_domheap_pages(d, 1));     /* 4 > max_pages 3 */
    assert_non_null(alloc_domheap_pages(d, 0));
    assert_null(alloc_domheap_pages(d, 0));
    assert_int_equal(d->tot_pages, 3);
    /* assign_pages refuses frames that are not plain hypervisor frames */
    struct page_info *h = alloc_frames(0);
    d->max_pages = 10;
    h->owner = d;
    assert_int_equal(assign_pages(d, h, 0), -EINVAL);
    h->owner = NULL;
    assert_int_equal(assign_pages(d, h, 0), 0);
    assert_int_equal(d->tot_pages, 4);
    d->max_pages = 4;
    struct page_info *h2 = alloc_frames(0);
    assert_int_equal(assign_pages(d, h2, 0), -ENOMEM);
    free_frames(h2, 0);
    /* the last reference frees the frame */
    assert_true(get_page(&pg[0], d));
    page_drop_allocation(&pg[0]);
    assert_int_equal(d->tot_pages, 4);
    page_drop_allocation(&pg[0]);               /* no-op: already dropped */
    put_page(&pg[0]);
    assert_int_equal(d->tot_pages, 3);
    assert_true(pg[0].count_info & PGC_free);
    pv_check_invariants();
    domain_kill(d);
    assert_null(alloc_domheap_pages(d, 0));     /* dying */
    domain_destroy(d);
    assert_int_equal(frames_free_count(), before);
    (void)after_create;
}

static void
test_one_type_at_a_time(void **state)
{
    struct domain *d = pv_domain(1, false, 64);
    mfn_t m = pv_alloc(d);
    struct page_info *pg = mfn_to_page(m);

    assert_int_equal(get_page_and_type(pg, d, PGT_writable_page), 0);
    assert_int_equal(get_page_and_type(pg, d, PGT_l1_page_table), -EINVAL);
    assert_int_equal(get_page_and_type(pg, d, PGT_seg_desc_page), -EINVAL);
    assert_int_equal(get_page_and_type(pg, d, PGT_writable_page), 0);
    assert_int_equal(type_refs(m), 2);
    put_page_and_type(pg);
    put_page_and_type(pg);
    assert_int_equal(type_refs(m), 0);
    /* count 0: any type again; an empty L1 validates */
    assert_int_equal(get_page_and_type(pg, d, PGT_l1_page_table), 0);
    assert_true(pg->type_info & PGT_validated);
    assert_int_equal(get_page_and_type(pg, d, PGT_writable_page), -EINVAL);
    assert_int_equal(get_page_and_type(pg, d, PGT_l2_page_table), -EINVAL);
    put_page_and_type(pg);
    assert_false(pg->type_info & PGT_validated);
    /* not a type */
    assert_int_equal(get_page_type(pg, PGT_none), -EINVAL);
    assert_int_equal(get_page_type(pg, 6ULL << PGT_type_shift), -EINVAL);
    /* type count overflow refused */
    assert_int_equal(get_page_and_type(pg, d, PGT_writable_page), 0);
    uint64_t saved = pg->type_info;
    pg->type_info = (saved & ~PGT_count_mask) | PGT_count_mask;
    pg->count_info = PGC_allocated | PGC_count_mask;
    assert_int_equal(get_page_type(pg, PGT_writable_page), -EINVAL);
    pg->type_info = saved;
    pg->count_info = PGC_allocated | 2;
    put_page_and_type(pg);
    EXPECT_PANIC(put_page_type(pg));            /* no type reference */
    pv_check_invariants();
    domain_destroy(d);
}

/* Validating an L1 takes a general ref per present entry and a writable
 * type ref per RW entry; devalidating gives them all back. */
static void
test_l1_validate_devalidate(void **state)
{
    struct domain *d = pv_domain(1, false, 64);
    mfn_t l1 = pv_alloc(d), a = pv_alloc(d), b = pv_alloc(d);

    pv_map(l1)[0] = pv_pte(a, P | RW | US);
    pv_map(l1)[1] = pv_pte(a, P | US);
    pv_map(l1)[2] = pv_pte(b, P);
    pv_map(l1)[3] = pv_pte(l1, P);              /* RO map of itself: fine */
    assert_int_equal(pv_get_type(l1, PGT_l1_page_table), 0);
    assert_int_equal(gen_refs(a), 3);
    assert_int_equal(type_refs(a), 1);
    assert_true(type_of(a) == PGT_writable_page);
    assert_int_equal(gen_refs(b), 2);
    assert_int_equal(gen_refs(l1), 3);
    pv_check_invariants();
    pv_put_type(l1);
    assert_int_equal(gen_refs(a), 1);
    assert_int_equal(type_refs(a), 0);
    assert_int_equal(gen_refs(b), 1);
    assert_int_equal(gen_refs(l1), 1);
    pv_check_invariants();
    domain_destroy(d);
}

/* The frame holding the L1 may not be mapped writable by itself. */
static void
test_l1_rw_self_refused(void **state)
{
    struct domain *d = pv_domain(1, false, 64);
    mfn_t l1 = pv_alloc(d), a = pv_alloc(d);

    pv_map(l1)[0] = pv_pte(a, P | RW);
    pv_map(l1)[7] = pv_pte(l1, P | RW);
    assert_int_equal(pv_get_type(l1, PGT_l1_page_table),
                     -EBUSY);
    /* everything taken before slot 7 was given back */
    assert_int_equal(gen_refs(a), 1);
    assert_int_equal(type_refs(a), 0);
    assert_int_equal(gen_refs(l1), 1);
    assert_int_equal(type_refs(l1), 0);
    pv_check_invariants();
    domain_destroy(d);
}

static void
test_l1_flag_rules(void **state)
{
    struct domain *u = pv_domain(1, false, 64);
    struct domain *z = pv_domain(0, true, 64);
    static const struct { uint64_t flags; int rc_domu, rc_dom0; } cases[] = {
        { PTE_GLOBAL, 0, 0 },
        { PTE_NX, 0, 0 },
        { PTE_AVAIL, 0, 0 },
        { PTE_AVAIL_HIGH, 0, 0 },
        { PTE_ACCESSED | PTE_DIRTY, 0, 0 },
        { PTE_PWT, -EINVAL, 0 },
        { PTE_PCD, -EINVAL, 0 },
        { PTE_PAT, -EINVAL, 0 },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        for (int priv = 0; priv < 2; priv++) {
            struct domain *d = priv ? z : u;
            mfn_t l1 = pv_alloc(d), a = pv_alloc(d);
            int want = priv ? cases[i].rc_dom0 : cases[i].rc_domu;

            pv_use(d);

            pv_map(l1)[5] = pv_pte(a, P | RW | cases[i].flags);
            assert_int_equal(pv_get_type(l1, PGT_l1_page_table), want);
            if (want == 0)
                pv_put_type(l1);
            pv_check_invariants();
        }
    }
    /* frame numbers beyond the machine: MMIO, refused */
    pv_use(u);
    mfn_t l1 = pv_alloc(u);
    pv_map(l1)[0] = pv_pte(PV_NR_FRAMES + 5, P);
    assert_int_equal(pv_get_type(l1, PGT_l1_page_table),
                     -EPERM);
    pv_map(l1)[0] = pv_pte(0, P);               /* reserved frame */
    assert_int_equal(pv_get_type(l1, PGT_l1_page_table),
                     -EBUSY);
    domain_destroy(u);
    domain_destroy(z);
}

static void
test_upper_flag_rules(void **state)
{
    struct domain *d = pv_domain(1, true, 64);  /* even dom0 */
    mfn_t l2 = pv_alloc(d), l1 = pv_alloc(d);
    static const uint64_t bad[] = { PTE_PSE, PTE_GLOBAL, PTE_PCD, PTE_PWT,
                                    1ULL << 51 /* reserved address bit */ };

    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        pv_map(l2)[3] = pv_pte(l1, P | RW | bad[i]);
        assert_int_equal(pv_get_type(l2, PGT_l2_page_table), -EINVAL);
        assert_int_equal(type_refs(l1), 0);
        pv_check_invariants();
    }
    pv_map(l2)[3] = pv_pte(l1, P | RW | US | PTE_ACCESSED | PTE_NX);
    assert_int_equal(pv_get_type(l2, PGT_l2_page_table), 0);
    assert_true(type_of(l1) == PGT_l1_page_table);
    assert_int_equal(type_refs(l1), 1);
    pv_check_invariants();
    pv_put_type(l2);
    assert_int_equal(type_refs(l1), 0);
    domain_destroy(d);
}

/* An L2 with PSE would map 512 frames (page tables among them) writable. */
static void
test_l2_superpage_refused(void **state)
{
    struct domain *d = pv_domain(1, false, 1024);
    struct page_info *big = alloc_domheap_pages(d, 9);
    mfn_t l2 = pv_alloc(d);

    assert_non_null(big);
    assert_int_equal(get_page_and_type(&big[3], d, PGT_l1_page_table), 0);
    pv_map(l2)[0] = pv_pte(page_to_mfn(big), P | RW | PTE_PSE);
    assert_int_equal(pv_get_type(l2, PGT_l2_page_table),
                     -EINVAL);
    assert_int_equal(type_refs(page_to_mfn(big)), 0);
    put_page_and_type(&big[3]);
    pv_check_invariants();
    domain_destroy(d);
}

/* Re-typing: a frame with a writable mapping can't become a table, and a
 * frame that was writable gets a TLB flush before it becomes one. */
static void
test_retype_writable_frame(void **state)
{
    struct domain *d = pv_domain(1, false, 64);
    mfn_t l1 = pv_alloc(d), x = pv_alloc(d);

    pv_map(l1)[0] = pv_pte(x, P | RW);
    assert_int_equal(pv_get_type(l1, PGT_l1_page_table), 0);
    assert_int_equal(pv_get_type(x, PGT_l1_page_table),
                     -EINVAL);
    assert_int_equal(pv_get_type(x, PGT_l2_page_table),
                     -EINVAL);
    pv_put_type(l1);        /* mapping gone */
    unsigned int flushes = sim_pv.tlb_flushes;
    assert_int_equal(pv_get_type(x, PGT_l1_page_table), 0);
    assert_int_equal(sim_pv.tlb_flushes, flushes + 1);
    /* same type again: no flush needed */
    pv_put_type(x);
    assert_int_equal(pv_get_type(x, PGT_l1_page_table), 0);
    assert_int_equal(sim_pv.tlb_flushes, flushes + 1);
    pv_put_type(x);
    pv_check_invariants();
    domain_destroy(d);
}

/* A whole hierarchy validates from the top and unwinds on failure deep
 * down, leaving no reference behind. */
static void
test_hierarchy_unwinds(void **state)
{
    struct domain *d = pv_domain(1, false, 64);
    struct pv_tables t;

    pv_build(d, &t, PV_KVA);
    pv_map(t.l1)[100] = pv_pte(t.l3, P | RW);   /* writable view of an L3 */
    assert_int_equal(pv_get_type(t.l4, PGT_l4_page_table),
                     -EBUSY);
    for (mfn_t m = t.l4; m <= t.data; m++) {
        assert_int_equal(gen_refs(m), 1);
        assert_int_equal(type_refs(m), 0);
    }
    pv_map(t.l1)[100] = pv_pte(t.l3, P);        /* read-only is fine */
    assert_int_equal(pv_get_type(t.l4, PGT_l4_page_table), 0);
    assert_int_equal(sim_pv.l4_inits, 1);
    assert_true(pv_map(t.l4)[PV_L4_XEN_FIRST] == SIM_XEN_L4E(PV_L4_XEN_FIRST));
    pv_check_invariants();
    pv_put_type(t.l4);
    for (mfn_t m = t.l4; m <= t.data; m++)
        assert_int_equal(type_refs(m), 0);
    pv_check_invariants();
    domain_destroy(d);
}

/* What a guest wrote into the hypervisor's L4 slots is ignored (and
 * replaced), never validated or referenced. */
static void
test_l4_xen_slots_ignored(void **state)
{
    struct domain *d = pv_domain(1, false, 64);
    mfn_t l4 = pv_alloc(d), victim = pv_alloc(d);

    for (unsigned int i = PV_L4_XEN_FIRST; i < PV_L4_XEN_END; i++)
        pv_map(l4)[i] = pv_pte(victim, P | RW | PTE_PSE);
    assert_int_equal(pv_get_type(l4, PGT_l4_page_table), 0);
    assert_int_equal(gen_refs(victim), 1);
    for (unsigned int i = PV_L4_XEN_FIRST; i < PV_L4_XEN_END; i++)
        assert_true(pv_map(l4)[i] == SIM_XEN_L4E(i));
    pv_check_invariants();
    pv_put_type(l4);
    assert_int_equal(gen_refs(victim), 1);
    domain_destroy(d);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_get_page_rules, pv_setup, pv_teardown),
        cmocka_unit_test_setup_teardown(test_domheap_limits_and_free, pv_setup, pv_teardown),
        cmocka_unit_test_setup_teardown(test_one_type_at_a_time, pv_setup, pv_teardown),
        cmocka_unit_test_setup_teardown(test_l1_validate_devalidate, pv_setup, pv_teardown),
        cmocka_unit_test_setup_teardown(test_l1_rw_self_refused, pv_setup, pv_teardown),
        cmocka_unit_test_setup_teardown(test_l1_flag_rules, pv_setup, pv_teardown),
        cmocka_unit_test_setup_teardown(test_upper_flag_rules, pv_setup, pv_teardown),
        cmocka_unit_test_setup_teardown(test_l2_superpage_refused, pv_setup, pv_teardown),
        cmocka_unit_test_setup_teardown(test_retype_writable_frame, pv_setup, pv_teardown),
        cmocka_unit_test_setup_teardown(test_hierarchy_unwinds, pv_setup, pv_teardown),
        cmocka_unit_test_setup_teardown(test_l4_xen_slots_ignored, pv_setup, pv_teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
