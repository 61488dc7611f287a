/*
 * test_pv_mmu.c - mmu_update, mmuext_op and update_va_mapping as a guest
 * calls them (arguments in the simulated guest arena), with the invariant
 * oracle after each step.  Adversarial cases follow Xen's advisory
 * classes: writable views of page tables, linear page-table tricks,
 * foreign/free frames, bad indices and argument buffers.
 */
#include "pv_fixture.h"

static const uint64_t P = PTE_PRESENT, RW = PTE_RW, US = PTE_USER;

/* A pinned 4-level table mapping PV_KVA, for most tests. */
static struct domain *
pinned_guest(struct pv_tables *t)
{
    struct domain *d = pv_domain(1, false, 256);

    pv_build(d, t, PV_KVA);
    assert_int_equal(pv_pin(4, t->l4), 0);
    pv_check_invariants();
    return d;
}

static void
test_pin_unpin_counts(void **state)
{
    struct pv_tables t;
    struct domain *d = pinned_guest(&t);

    assert_true(mfn_to_page(t.l4)->type_info & PGT_pinned);
    assert_true(type_of(t.l3) == PGT_l3_page_table);
    assert_true(type_of(t.l1) == PGT_l1_page_table);
    assert_true(type_of(t.data) == PGT_writable_page);
    assert_int_equal(gen_refs(t.l4), 2);
    assert_int_equal(type_refs(t.l4), 1);
    assert_int_equal(gen_refs(t.data), 2);
    assert_int_equal(pv_unpin(t.l4), 0);
    for (mfn_t m = t.l4; m <= t.data; m++) {
        assert_int_equal(gen_refs(m), 1);
        assert_int_equal(type_refs(m), 0);
    }
    pv_check_invariants();
    domain_destroy(d);
}

static void
test_pin_errors(void **state)
{
    struct pv_tables t;
    struct domain *d = pinned_guest(&t);
    uint32_t done;

    assert_int_equal(pv_ext(MMUEXT_PIN_L4_TABLE, t.l4, 0, &done), -EINVAL);
    assert_int_equal(done, 0);
    assert_int_equal(type_refs(t.l4), 1);           /* pin twice: no leak */
    assert_int_equal(pv_pin(3, t.l4), -EINVAL);     /* wrong level */
    assert_int_equal(pv_unpin(t.l3), -EINVAL);      /* not pinned */
    assert_int_equal(pv_unpin(t.data), -EINVAL);
    assert_int_equal(pv_pin(1, PV_NR_FRAMES + 1), -EINVAL);
    assert_int_equal(pv_pin(1, 0), -EINVAL);        /* reserved */
    /* pinning an L3 that is already in use at that level is fine */
    assert_int_equal(pv_pin(3, t.l3), 0);
    assert_int_equal(type_refs(t.l3), 2);
    pv_check_invariants();
    assert_int_equal(pv_unpin(t.l4), 0);
    assert_int_equal(type_refs(t.l3), 1);           /* still pinned */
    assert_int_equal(pv_unpin(t.l3), 0);
    assert_int_equal(pv_unpin(t.l3), -EINVAL);
    pv_check_invariants();
    domain_destroy(d);
}

static void
test_new_baseptr(void **state)
{
    struct pv_tables t;
    struct domain *d = pinned_guest(&t);
    struct vcpu *v = current;

    assert_int_equal(pv_ext(MMUEXT_NEW_BASEPTR, t.l3, 0, NULL), -EINVAL);
    assert_int_equal(pv_ext(MMUEXT_NEW_BASEPTR, t.data, 0, NULL), -EINVAL);
    assert_int_equal(pv_ext(MMUEXT_NEW_BASEPTR, 0, 0, NULL), -EINVAL);
    assert_int_equal(sim_pv.new_baseptrs, 0);
    assert_int_equal(pv_ext(MMUEXT_NEW_BASEPTR, t.l4, 0, NULL), 0);
    assert_int_equal(v->guest_table, t.l4);
    assert_int_equal(sim_pv.new_baseptrs, 1);
    assert_ptr_equal(sim_pv.last_baseptr_vcpu, v);
    assert_int_equal(type_refs(t.l4), 2);
    pv_check_invariants();
    /* the base pointer alone keeps the table validated */
    assert_int_equal(pv_unpin(t.l4), 0);
    assert_true(mfn_to_page(t.l4)->type_info & PGT_validated);
    pv_check_invariants();
    /* switch to a second, unpinned L4 (validated on the way) */
    mfn_t l4b = pv_alloc(d);
    pv_map(l4b)[300] = pv_pte(t.l3, P | RW);
    assert_int_equal(pv_ext(MMUEXT_NEW_BASEPTR, l4b, 0, NULL), 0);
    assert_int_equal(type_refs(t.l4), 0);          /* old one dropped */
    assert_int_equal(type_refs(t.l3), 1);
    pv_check_invariants();
    /* user base pointer: 0 means none */
    assert_int_equal(pv_ext(MMUEXT_NEW_USER_BASEPTR, l4b, 0, NULL), 0);
    assert_int_equal(v->guest_table_user, l4b);
    assert_int_equal(type_refs(l4b), 2);
    assert_int_equal(pv_ext(MMUEXT_NEW_USER_BASEPTR, t.l1, 0, NULL), -EINVAL);
    assert_int_equal(pv_ext(MMUEXT_NEW_USER_BASEPTR, 0, 0, NULL), 0);
    assert_int_equal(v->guest_table_user, 0);
    assert_int_equal(type_refs(l4b), 1);
    pv_check_invariants();
    domain_destroy(d);
}

static void
test_mmu_update_maps_and_unmaps(void **state)
{
    struct pv_tables t;
    struct domain *d = pinned_guest(&t);
    mfn_t x = pv_alloc(d);
    uint32_t done;

    assert_int_equal(pv_mmu1(pv_eaddr(t.l1, 9), pv_pte(x, P | RW | US), &done), 0);
    assert_int_equal(done, 1);
    assert_true(pv_map(t.l1)[9] == pv_pte(x, P | RW | US));
    assert_int_equal(gen_refs(x), 2);
    assert_int_equal(type_refs(x), 1);
    pv_check_invariants();
    /* RW -> RO keeps the mapping, drops the writable type */
    assert_int_equal(pv_mmu1(pv_eaddr(t.l1, 9), pv_pte(x, P), NULL), 0);
    assert_int_equal(gen_refs(x), 2);
    assert_int_equal(type_refs(x), 0);
    pv_check_invariants();
    assert_int_equal(pv_mmu1(pv_eaddr(t.l1, 9), 0, NULL), 0);
    assert_int_equal(gen_refs(x), 1);
    pv_check_invariants();
    /* replacing an L2 entry drops the whole old L1 subtree */
    mfn_t l1b = pv_alloc(d);
    assert_int_equal(pv_mmu1(pv_eaddr(t.l2, PT_INDEX_OF(PV_KVA, 2)),
                             pv_pte(l1b, P | RW), NULL), 0);
    assert_int_equal(type_refs(t.l1), 0);
    assert_int_equal(type_refs(t.data), 0);
    assert_true(type_of(l1b) == PGT_l1_page_table);
    pv_check_invariants();
    /* PRESERVE_AD keeps the old A/D bits */
    pv_map(l1b)[4] = 0;
    assert_int_equal(pv_mmu1(pv_eaddr(l1b, 4) | MMU_NORMAL_PT_UPDATE,
                             pv_pte(x, P | PTE_ACCESSED | PTE_DIRTY), NULL), 0);
    assert_int_equal(pv_mmu1(pv_eaddr(l1b, 4) | MMU_PT_UPDATE_PRESERVE_AD,
                             pv_pte(x, P | US), NULL), 0);
    assert_true(pv_map(l1b)[4] == pv_pte(x, P | US | PTE_ACCESSED | PTE_DIRTY));
    pv_check_invariants();
    domain_destroy(d);
}

/* Writable mappings of page-table frames, every way round. */
static void
test_no_writable_pt_mapping(void **state)
{
    struct pv_tables t;
    struct domain *d = pinned_guest(&t);
    uint32_t done;
    const mfn_t tables[] = { t.l1, t.l2, t.l3, t.l4 };

    for (size_t i = 0; i < ARRAY_SIZE(tables); i++) {
        assert_int_equal(pv_mmu1(pv_eaddr(t.l1, 20), pv_pte(tables[i], P | RW),
                                 &done), -EBUSY);
        assert_int_equal(done, 0);
        assert_int_equal(pv_map(t.l1)[20], 0);
        /* read-only is allowed */
        assert_int_equal(pv_mmu1(pv_eaddr(t.l1, 20), pv_pte(tables[i], P), NULL), 0);
        pv_check_invariants();
        assert_int_equal(pv_mmu1(pv_eaddr(t.l1, 20), 0, NULL), 0);
    }
    /* through a superpage: an L2 PSE entry covering the tables */
    assert_int_equal(pv_mmu1(pv_eaddr(t.l2, 7),
                             pv_pte(t.l4 & ~511ULL, P | RW | PTE_PSE), NULL), -EINVAL);
    /* an L3 1 GiB page likewise */
    assert_int_equal(pv_mmu1(pv_eaddr(t.l3, 7), pv_pte(0, P | RW | PTE_PSE), NULL),
                     -EINVAL);
    /* re-typing a frame that has a writable mapping as a table */
    assert_int_equal(pv_pin(1, t.data), -EINVAL);
    assert_int_equal(pv_mmu1(pv_eaddr(t.l2, 8), pv_pte(t.data, P | RW), NULL),
                     -EINVAL);
    pv_check_invariants();
    /* a table is a table until the last reference goes */
    assert_int_equal(pv_pin(1, t.l1), 0);
    assert_int_equal(pv_mmu1(pv_eaddr(t.l2, PT_INDEX_OF(PV_KVA, 2)), 0, NULL), 0);
    assert_int_equal(pv_mmu1(pv_eaddr(t.l1, 21), pv_pte(t.l1, P | RW), NULL), -EBUSY);
    assert_int_equal(pv_unpin(t.l1), 0);
    pv_check_invariants();
    domain_destroy(d);
}

/* Xen's linear page tables: read-only same-level entries only. */
static void
test_linear_page_tables(void **state)
{
    struct pv_tables t;
    struct domain *d = pinned_guest(&t);
    uint64_t self = pv_eaddr(t.l4, 400);

    assert_int_equal(pv_mmu1(self, pv_pte(t.l4, P | RW), NULL), -EINVAL);
    assert_int_equal(pv_mmu1(self, pv_pte(t.l4, P | US), NULL), 0);
    assert_int_equal(gen_refs(t.l4), 2);            /* self: no reference */
    pv_check_invariants();
    /* another validated L4, read-only: general + type reference */
    mfn_t l4b = pv_alloc(d);
    assert_int_equal(pv_pin(4, l4b), 0);
    assert_int_equal(pv_mmu1(pv_eaddr(t.l4, 401), pv_pte(l4b, P), NULL), 0);
    assert_int_equal(type_refs(l4b), 2);
    pv_check_invariants();
    /* XSA-240: a linear target can't hold linear entries, and a table
     * with linear entries can't be a linear target */
    assert_int_equal(pv_mmu1(pv_eaddr(l4b, 5), pv_pte(t.l4, P), NULL), -EINVAL);
    mfn_t l4c = pv_alloc(d);
    assert_int_equal(pv_pin(4, l4c), 0);
    assert_int_equal(pv_mmu1(pv_eaddr(l4c, 5), pv_pte(t.l4, P), NULL), -EINVAL);
    assert_int_equal(pv_mmu1(pv_eaddr(l4c, 5), pv_pte(l4b, P), NULL), 0);
    pv_check_invariants();
    /* a fresh frame under an L4 entry simply becomes an L3 */
    mfn_t l4d = pv_alloc(d);
    assert_int_equal(pv_mmu1(pv_eaddr(t.l4, 402), pv_pte(l4d, P), NULL), 0);
    assert_true(type_of(l4d) == PGT_l3_page_table);
    assert_int_equal(pv_mmu1(pv_eaddr(t.l4, 402), 0, NULL), 0);
    /* cross-level: L4 entry naming an L2 or L1, L3 entry naming an L3 RW */
    assert_int_equal(pv_mmu1(pv_eaddr(t.l4, 403), pv_pte(t.l2, P), NULL), -EINVAL);
    assert_int_equal(pv_mmu1(pv_eaddr(t.l4, 403), pv_pte(t.l1, P), NULL), -EINVAL);
    assert_int_equal(pv_mmu1(pv_eaddr(t.l3, 9), pv_pte(t.l3, P | RW), NULL), -EINVAL);
    assert_int_equal(pv_mmu1(pv_eaddr(t.l3, 9), pv_pte(t.l3, P), NULL), 0);
    assert_int_equal(pv_mmu1(pv_eaddr(t.l2, 9), pv_pte(t.l2, P), NULL), 0);
    pv_check_invariants();
    /* dropping the linear entries restores the counts */
    assert_int_equal(pv_mmu1(pv_eaddr(t.l4, 401), 0, NULL), 0);
    assert_int_equal(pv_mmu1(pv_eaddr(l4c, 5), 0, NULL), 0);
    assert_int_equal(type_refs(l4b), 1);
    assert_int_equal(mfn_to_page(l4b)->type_info & (PGT_linear_mask | PGT_linear_uses), 0);
    pv_check_invariants();
    domain_destroy(d);
}

static void
test_foreign_free_reserved_frames(void **state)
{
    struct pv_tables t;
    struct domain *other = pv_domain(2, false, 16);
    mfn_t theirs = pv_alloc(other);
    struct domain *d = pinned_guest(&t);
    struct page_info *fr = alloc_frames(0);
    mfn_t free_mfn = page_to_mfn(fr);

    free_frames(fr, 0);
    assert_int_equal(pv_mmu1(pv_eaddr(t.l1, 30), pv_pte(theirs, P), NULL), -EBUSY);
    assert_int_equal(pv_mmu1(pv_eaddr(t.l1, 30), pv_pte(free_mfn, P), NULL), -EBUSY);
    assert_int_equal(pv_mmu1(pv_eaddr(t.l1, 30), pv_pte(0, P), NULL), -EBUSY);
    assert_int_equal(pv_mmu1(pv_eaddr(t.l1, 30), pv_pte(PV_NR_FRAMES, P), NULL), -EPERM);
    assert_int_equal(pv_mmu1(pv_eaddr(t.l2, 30), pv_pte(theirs, P), NULL), -EINVAL);
    /* the other domain's tables can't be written either */
    assert_int_equal(pv_mmu1(pv_eaddr(theirs, 0), pv_pte(t.data, P), NULL), -EINVAL);
    assert_int_equal(pv_mmu1(pv_eaddr(free_mfn, 0), 0, NULL), -EINVAL);
    assert_int_equal(pv_mmu1(pv_eaddr(PV_NR_FRAMES + 3, 0), 0, NULL), -EINVAL);
    assert_int_equal(gen_refs(theirs), 1);
    pv_check_invariants();
    domain_destroy(d);
    domain_destroy(other);
}

static void
test_mmu_update_ptr_rules(void **state)
{
    struct pv_tables t;
    struct domain *d = pinned_guest(&t);
    mfn_t plain = pv_alloc(d);

    /* low 3 bits are the command: 3..7 are unknown (misaligned ptr) */
    for (uint64_t c = 3; c < 8; c++)
        assert_int_equal(pv_mmu1(pv_eaddr(t.l1, 1) | c, 0, NULL), -ENOSYS);
    /* hypervisor L4 slots */
    assert_int_equal(pv_mmu1(pv_eaddr(t.l4, PV_L4_XEN_FIRST), 0, NULL), -EINVAL);
    assert_int_equal(pv_mmu1(pv_eaddr(t.l4, PV_L4_XEN_END - 1), 0, NULL), -EINVAL);
    assert_true(pv_map(t.l4)[PV_L4_XEN_FIRST] == SIM_XEN_L4E(PV_L4_XEN_FIRST));
    /* a frame that is not a table: a plain write, as Xen (unpinned tables
     * under construction are ordinary pages) */
    assert_int_equal(pv_mmu1(pv_eaddr(plain, 3), 0x1234, NULL), 0);
    assert_true(pv_map(plain)[3] == 0x1234);
    assert_int_equal(type_refs(plain), 0);
    /* ... but not into a frame of another type */
    assert_int_equal(pv_get_type(plain, PGT_seg_desc_page), 0);
    assert_int_equal(pv_mmu1(pv_eaddr(plain, 3), 0, NULL), -EINVAL);
    pv_put_type(plain);
    pv_check_invariants();
    domain_destroy(d);
}

static void
test_machphys_update(void **state)
{
    struct pv_tables t;
    struct domain *other = pv_domain(2, false, 16);
    mfn_t theirs = pv_alloc(other);
    struct domain *d = pinned_guest(&t);

    assert_int_equal(pv_mmu1((t.data << 12) | MMU_MACHPHYS_UPDATE, 0x42, NULL), 0);
    assert_true(m2p_table[t.data] == 0x42);
    assert_int_equal(pv_mmu1((theirs << 12) | MMU_MACHPHYS_UPDATE, 7, NULL), -EINVAL);
    assert_true(m2p_table[theirs] == M2P_INVALID);
    assert_int_equal(pv_mmu1(((uint64_t)PV_NR_FRAMES << 12) | MMU_MACHPHYS_UPDATE,
                             7, NULL), -EINVAL);
    pv_check_invariants();
    domain_destroy(d);
    assert_true(m2p_table[t.data] == M2P_INVALID);  /* freed frames forgotten */
    domain_destroy(other);
}

static void
test_batches_and_buffers(void **state)
{
    struct pv_tables t;
    struct domain *d = pinned_guest(&t);
    mfn_t x = pv_alloc(d);
    struct mmu_update reqs[3] = {
        { pv_eaddr(t.l1, 40), pv_pte(x, P) },
        { pv_eaddr(t.l1, 41), pv_pte(t.l2, P | RW) },    /* fails */
        { pv_eaddr(t.l1, 42), pv_pte(x, P) },
    };
    uint64_t h = sim_guest_put(d, PV_ARG_OFF, reqs, sizeof(reqs));
    uint64_t done_va = sim_guest_va(PV_DONE_OFF);
    uint32_t done;

    assert_int_equal(do_mmu_update(h, 3, done_va, DOMID_SELF), -EBUSY);
    memcpy(&done, sim_guest_ptr(d, done_va, 4), 4);
    assert_int_equal(done, 1);                      /* stopped at the first failure */
    assert_int_equal(pv_map(t.l1)[42], 0);
    pv_check_invariants();
    /* pdone == 0: no report, same result */
    assert_int_equal(do_mmu_update(h, 1, 0, DOMID_SELF), 0);
    /* counts, as Xen 4.17: the walk decides where a huge count ends (here
     * at the failing 2nd entry); bit 31 continues an earlier call whose
     * *pdone is added to */
    assert_int_equal(do_mmu_update(h, PV_BATCH_MAX + 1, done_va, DOMID_SELF), -EBUSY);
    memcpy(&done, sim_guest_ptr(d, done_va, 4), 4);
    assert_int_equal(done, 1);
    done = 5;
    memcpy(sim_guest_ptr(d, done_va, 4), &done, 4);
    assert_int_equal(do_mmu_update(h, 0x80000001u, done_va, DOMID_SELF), 0);
    memcpy(&done, sim_guest_ptr(d, done_va, 4), 4);
    assert_int_equal(done, 6);
    assert_int_not_equal(do_mmuext_op(h, PV_BATCH_MAX + 1, done_va, DOMID_SELF), 0);
    assert_int_equal(do_mmu_update(h, 0, done_va, DOMID_SELF), 0);
    /* handles: unmapped, inside the hypervisor range, wrapping */
    assert_int_equal(do_mmu_update(0x1000, 1, done_va, DOMID_SELF), -EFAULT);
    assert_int_equal(do_mmu_update(XL_HV_START + 64, 1, done_va, DOMID_SELF), -EFAULT);
    assert_int_equal(do_mmu_update(XL_HV_START - 16, 2, done_va, DOMID_SELF), -EFAULT);
    assert_int_equal(do_mmu_update(~0ULL - 8, 1, done_va, DOMID_SELF), -EFAULT);
    assert_int_equal(do_mmuext_op(XL_HV_START, 1, done_va, DOMID_SELF), -EFAULT);
    /* an array running off the end of guest memory: the part inside is
     * done, the rest faults */
    uint64_t tail = sim_guest_put(d, PV_ARENA - sizeof(reqs[0]), &reqs[2],
                                  sizeof(reqs[0]));
    assert_int_equal(do_mmu_update(tail, 2, done_va, DOMID_SELF), -EFAULT);
    memcpy(&done, sim_guest_ptr(d, done_va, 4), 4);
    assert_int_equal(done, 1);
    assert_true(pv_map(t.l1)[42] == pv_pte(x, P));
    /* the done pointer itself bad: the work still happens */
    assert_int_equal(do_mmu_update(h, 1, XL_HV_START, DOMID_SELF), 0);
    /* requests overlapping *pdone: the copy-in happens per element */
    assert_int_equal(do_mmu_update(h, 1, h, DOMID_SELF), 0);
    pv_check_invariants();
    domain_destroy(d);
}

static void
test_foreigndom(void **state)
{
    struct pv_tables t;
    struct domain *z = pv_domain(0, true, 16);
    struct domain *d = pinned_guest(&t);
    uint64_t h = sim_guest_put(d, PV_ARG_OFF, &(struct mmu_update){
                                   pv_eaddr(t.l1, 1), 0 }, 16);

    assert_int_equal(do_mmu_update(h, 1, 0, 0), -EPERM);        /* dom0 */
    assert_int_equal(do_mmu_update(h, 1, 0, 1), -ESRCH);        /* itself */
    assert_int_equal(do_mmu_update(h, 1, 0, DOMID_SELF | (1u << 16)), -EPERM);
    assert_int_equal(do_mmu_update(h, 1, 0, DOMID_SELF | (2u << 16)), 0); /* pt=d1 */
    assert_int_equal(do_mmuext_op(h, 1, 0, 0), -EPERM);
    pv_use(z);
    assert_int_equal(do_mmuext_op(sim_guest_va(PV_ARG_OFF), 0, 0, 1), -ENOSYS);
    assert_int_equal(do_mmuext_op(sim_guest_va(PV_ARG_OFF), 0, 0, 42), -ESRCH); /* none */
    domain_destroy(d);
    domain_destroy(z);
}

static void
test_mmuext_flushes_and_misc(void **state)
{
    struct pv_tables t;
    struct domain *d = pinned_guest(&t);
    struct domain *z;
    uint64_t mask = 1;

    assert_int_equal(pv_ext(MMUEXT_TLB_FLUSH_LOCAL, 0, 0, NULL), 0);
    assert_int_equal(pv_ext(MMUEXT_TLB_FLUSH_ALL, 0, 0, NULL), 0);
    assert_int_equal(sim_pv.tlb_flushes, 2);
    assert_int_equal(pv_ext(MMUEXT_TLB_FLUSH_MULTI, 0,
                            sim_guest_put(d, PV_MASK_OFF, &mask, 8), NULL), 0);
    assert_int_equal(sim_pv.tlb_flushes, 3);
    assert_int_equal(pv_ext(MMUEXT_TLB_FLUSH_MULTI, 0, 0x10, NULL), -EFAULT);
    assert_int_equal(pv_ext(MMUEXT_INVLPG_LOCAL, PV_KVA, 0, NULL), 0);
    assert_true(sim_pv.last_invlpg == PV_KVA);
    assert_int_equal(pv_ext(MMUEXT_INVLPG_ALL, XL_HV_START, 0, NULL), 0);
    assert_int_equal(pv_ext(MMUEXT_INVLPG_ALL, 0x0000800000000000ULL, 0, NULL), 0);
    assert_int_equal(sim_pv.invlpgs, 1);            /* neither reached the arch */
    assert_int_equal(pv_ext(MMUEXT_INVLPG_MULTI, 0x1000, sim_guest_va(PV_MASK_OFF),
                            NULL), 0);
    assert_int_equal(pv_ext(MMUEXT_INVLPG_MULTI, 0x1000, XL_HV_START, NULL), -EFAULT);
    /* cache flush: privileged only (Xen: -EACCES without I/O resources) */
    assert_int_equal(pv_ext(MMUEXT_FLUSH_CACHE, 0, 0, NULL), -EACCES);
    assert_int_equal(pv_ext(MMUEXT_FLUSH_CACHE_GLOBAL, 0, 0, NULL), -EACCES);
    /* unknown and unsupported */
    assert_int_equal(pv_ext(14, 0, 0, NULL), -ENOSYS);
    assert_int_equal(pv_ext(21, 0, 0, NULL), -ENOSYS);
    assert_int_equal(pv_ext(0xffffffffu, 0, 0, NULL), -ENOSYS);
    assert_int_equal(pv_ext(MMUEXT_MARK_SUPER, t.data, 0, NULL), -EOPNOTSUPP);
    z = pv_domain(0, true, 16);
    assert_int_equal(pv_ext(MMUEXT_FLUSH_CACHE, 0, 0, NULL), 0);
    domain_destroy(z);
    domain_destroy(d);
}

static void
test_set_ldt(void **state)
{
    struct pv_tables t;
    struct domain *d = pinned_guest(&t);

    assert_int_equal(pv_ext(MMUEXT_SET_LDT, 0x10000, 8192, NULL), 0);
    assert_int_equal(sim_pv.set_ldts, 1);
    assert_true(sim_pv.ldt_va == 0x10000 && sim_pv.ldt_ents == 8192);
    assert_ptr_equal(sim_pv.ldt_vcpu, current);
    assert_int_equal(pv_ext(MMUEXT_SET_LDT, 0x10000, 8193, NULL), -EINVAL);
    assert_int_equal(pv_ext(MMUEXT_SET_LDT, 0x10008, 1, NULL), -EINVAL);
    assert_int_equal(pv_ext(MMUEXT_SET_LDT, XL_HV_START, 1, NULL), -EINVAL);
    assert_int_equal(pv_ext(MMUEXT_SET_LDT, XL_HV_END - 4096, 1024, NULL), -EINVAL);
    assert_int_equal(pv_ext(MMUEXT_SET_LDT, 0x00007ffffffff000ULL, 1024, NULL), -EINVAL);
    assert_int_equal(pv_ext(MMUEXT_SET_LDT, PV_KVA, 16, NULL), 0);
    /* no entries: the address is ignored (Xen) */
    assert_int_equal(pv_ext(MMUEXT_SET_LDT, 0x123, 0, NULL), 0);
    assert_true(sim_pv.ldt_va == 0 && sim_pv.ldt_ents == 0);
    sim_pv.set_ldt_rc = -ENOMEM;
    assert_int_equal(pv_ext(MMUEXT_SET_LDT, 0x10000, 1, NULL), -ENOMEM);
    domain_destroy(d);
}

static void
test_copy_clear_page(void **state)
{
    struct pv_tables t;
    struct domain *other = pv_domain(2, false, 16);
    mfn_t theirs = pv_alloc(other);
    struct domain *d = pinned_guest(&t);
    mfn_t a = pv_alloc(d), b = pv_alloc(d);

    memset(pv_map(a), 0xab, PAGE_SIZE);
    assert_int_equal(pv_ext(MMUEXT_COPY_PAGE, b, a, NULL), 0);
    assert_int_equal(memcmp(pv_map(a), pv_map(b), PAGE_SIZE), 0);
    assert_int_equal(pv_ext(MMUEXT_CLEAR_PAGE, a, 0, NULL), 0);
    assert_true(pv_map(a)[0] == 0 && pv_map(a)[511] == 0);
    /* destination a page table or foreign: refused; a table may be read */
    assert_int_equal(pv_ext(MMUEXT_CLEAR_PAGE, t.l1, 0, NULL), -EINVAL);
    assert_int_equal(pv_ext(MMUEXT_COPY_PAGE, t.l2, a, NULL), -EINVAL);
    assert_int_equal(pv_ext(MMUEXT_COPY_PAGE, b, t.l2, NULL), 0);
    assert_int_equal(pv_ext(MMUEXT_CLEAR_PAGE, theirs, 0, NULL), -EINVAL);
    assert_int_equal(pv_ext(MMUEXT_COPY_PAGE, theirs, a, NULL), -EINVAL);
    assert_int_equal(pv_ext(MMUEXT_COPY_PAGE, a, theirs, NULL), -EINVAL);
    assert_int_equal(pv_ext(MMUEXT_COPY_PAGE, a, PV_NR_FRAMES, NULL), -EINVAL);
    assert_true(pv_map(t.l1)[PT_INDEX_OF(PV_KVA, 1)] != 0);
    pv_check_invariants();
    domain_destroy(d);
    domain_destroy(other);
}

static void
test_update_va_mapping(void **state)
{
    struct pv_tables t;
    struct domain *d = pinned_guest(&t);
    mfn_t x = pv_alloc(d);
    uint64_t va = PV_KVA + 5 * PAGE_SIZE;

    /* no base pointer yet */
    assert_int_equal(do_update_va_mapping(va, pv_pte(x, P), 0), -EINVAL);
    assert_int_equal(pv_ext(MMUEXT_NEW_BASEPTR, t.l4, 0, NULL), 0);
    /* written without US: the hypervisor adds it (ring-3 PV kernel) */
    assert_int_equal(do_update_va_mapping(va, (x << 12) | P | RW,
                                          UVMF_INVLPG | UVMF_LOCAL), 0);
    assert_true(pv_map(t.l1)[5] == pv_pte(x, P | RW));
    assert_true(pv_map(t.l1)[5] & PTE_USER);
    assert_int_equal(sim_pv.invlpgs, 1);
    assert_true(sim_pv.last_invlpg == va);
    assert_int_equal(type_refs(x), 1);
    pv_check_invariants();
    unsigned int f = sim_pv.tlb_flushes;
    assert_int_equal(do_update_va_mapping(va, 0, UVMF_TLB_FLUSH | UVMF_ALL), 0);
    assert_int_equal(sim_pv.tlb_flushes, f + 1);
    assert_int_equal(gen_refs(x), 1);
    /* MULTI: the flags carry a vCPU bitmap pointer */
    uint64_t mask = 1;
    uint64_t mva = sim_guest_put(d, PV_MASK_OFF, &mask, 8);
    assert_int_equal(do_update_va_mapping(va, pv_pte(x, P), UVMF_INVLPG | mva), 0);
    assert_int_equal(do_update_va_mapping(va, pv_pte(x, P), UVMF_TLB_FLUSH | 0x7000),
                     -EFAULT);
    /* a refused value is reported even if the flush works */
    assert_int_equal(do_update_va_mapping(va, pv_pte(t.l1, P | RW), UVMF_TLB_FLUSH),
                     -EBUSY);
    /* unmapped: missing L3/L2 levels, and a different L4 slot */
    assert_int_equal(do_update_va_mapping(PV_KVA + (1ULL << 30), pv_pte(x, P), 0),
                     -EINVAL);
    assert_int_equal(do_update_va_mapping(PV_KVA + (1ULL << 21), pv_pte(x, P), 0),
                     -EINVAL);
    assert_int_equal(do_update_va_mapping(0x400000, pv_pte(x, P), 0), -EINVAL);
    /* hypervisor range and non-canonical addresses */
    assert_int_equal(do_update_va_mapping(XL_HV_START, pv_pte(x, P), 0), -EINVAL);
    assert_int_equal(do_update_va_mapping(XL_HV_END - 1, pv_pte(x, P), 0), -EINVAL);
    assert_int_equal(do_update_va_mapping(0x0000800000000000ULL, pv_pte(x, P), 0),
                     -EINVAL);
    /* a linear self-map makes the walk land on a non-L1 table: refused */
    assert_int_equal(pv_mmu1(pv_eaddr(t.l4, 400), pv_pte(t.l4, P), NULL), 0);
    uint64_t lin = 0xffff000000000000ULL | (400ULL << 39) | (400ULL << 30) |
                   (400ULL << 21) | (272ULL << 12);
    assert_int_equal(do_update_va_mapping(lin, pv_pte(x, P), 0), -EINVAL);
    pv_check_invariants();
    domain_destroy(d);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, pv_setup, pv_teardown)
    const struct CMUnitTest tests[] = {
        T(test_pin_unpin_counts),
        T(test_pin_errors),
        T(test_new_baseptr),
        T(test_mmu_update_maps_and_unmaps),
        T(test_no_writable_pt_mapping),
        T(test_linear_page_tables),
        T(test_foreign_free_reserved_frames),
        T(test_mmu_update_ptr_rules),
        T(test_machphys_update),
        T(test_batches_and_buffers),
        T(test_foreigndom),
        T(test_mmuext_flushes_and_misc),
        T(test_set_ldt),
        T(test_copy_clear_page),
        T(test_update_va_mapping),
    };
#undef T

    return cmocka_run_group_tests(tests, NULL, NULL);
}
