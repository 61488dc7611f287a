/*
 * test_grant_table.c - grant tables v1 as guests use them: a granting PV
 * domain (d1) and a mapping PV domain (d2, pinned page tables), with the
 * invariant oracle (frame-table counts, maptrack against pins and
 * GTF_reading/writing) after each step.  Adversarial cases: refs out of
 * range, unmap twice, handle out of range, writable map of a read-only
 * grant, grants of absent or destroyed domains, revocation and either
 * side dying while mapped, copies out of page bounds.
 */
#include "pv_fixture.h"
#include <grant_table.h>
#include <hypercall.h>
#include <sim_grant.h>

#define GA 1                    /* granter */
#define GB 2                    /* mapper */
#define LIST_OFF 0x4000         /* arena offset of setup_table's frame_list */

struct world {
    struct domain *a, *b;
    struct pv_tables t;         /* b's tables, L4 pinned, mapping PV_KVA */
    mfn_t gframe;               /* a's table frame 0 */
    mfn_t data;                 /* a's frame granted as ref 1 */
};

static int
gnt_setup(void **state)
{
    sim_grant_reset();
    return pv_setup(state);
}

static long
gnt_op(unsigned int cmd, void *elem, size_t size, unsigned int count)
{
    struct domain *d = current->domain;
    uint64_t va = sim_guest_put(d, PV_ARG_OFF, elem, size * count);
    long rc = do_grant_table_op(cmd, va, count);

    memcpy(elem, sim_guest_ptr(d, va, size * count), size * count);
    return rc;
}

static int16_t
setup_frames(domid_t dom, uint32_t nr, long *rc)
{
    struct gnttab_setup_table op = { .dom = dom, .nr_frames = nr,
                                     .frame_list = sim_guest_va(LIST_OFF) };

    *rc = gnt_op(GNTTABOP_setup_table, &op, sizeof(op), 1);
    return op.status;
}

static struct grant_entry_v1 *
gentry(struct world *w, grant_ref_t ref)
{
    return (struct grant_entry_v1 *)pv_map(w->gframe) + ref;
}

static void
grant(struct world *w, grant_ref_t ref, mfn_t frame, domid_t to, uint16_t flags)
{
    *gentry(w, ref) = (struct grant_entry_v1){ .flags = flags, .domid = to,
                                               .frame = (uint32_t)frame };
}

static void
make_world(struct world *w)
{
    long rc;

    w->a = pv_domain(GA, false, 256);
    assert_int_equal(setup_frames(DOMID_SELF, 1, &rc), GNTST_okay);
    assert_int_equal(rc, 0);
    memcpy(&w->gframe, sim_guest_ptr(w->a, sim_guest_va(LIST_OFF), 8), 8);
    assert_int_equal(w->gframe, grant_table_frame_mfn(w->a, 0));
    w->data = pv_alloc(w->a);
    memset(pv_map(w->data), 0x5a, PAGE_SIZE);
    grant(w, 1, w->data, GB, GTF_permit_access);
    w->b = pv_domain(GB, false, 256);
    pv_build(w->b, &w->t, PV_KVA);
    assert_int_equal(pv_pin(4, w->t.l4), 0);
    assert_int_equal(pv_ext(MMUEXT_NEW_BASEPTR, w->t.l4, 0, NULL), 0);
    pv_check_invariants();
}

static int16_t
map(domid_t dom, grant_ref_t ref, uint64_t addr, uint32_t flags, grant_handle_t *h)
{
    struct gnttab_map_grant_ref op = { .host_addr = addr, .flags = flags,
                                       .ref = ref, .dom = dom, .handle = ~0U };

    assert_int_equal(gnt_op(GNTTABOP_map_grant_ref, &op, sizeof(op), 1), 0);
    if (h)
        *h = op.handle;
    return op.status;
}

static int16_t
unmap(grant_handle_t h, uint64_t addr)
{
    struct gnttab_unmap_grant_ref op = { .host_addr = addr, .handle = h };

    assert_int_equal(gnt_op(GNTTABOP_unmap_grant_ref, &op, sizeof(op), 1), 0);
    return op.status;
}

/* Where b maps grants: L1 slots 1 and 2 of its PV_KVA table. */
#define VA1 (PV_KVA + PAGE_SIZE)
#define VA2 (PV_KVA + 2 * PAGE_SIZE)

static uint64_t
l1e(struct world *w, unsigned int i)
{
    return pv_map(w->t.l1)[i];
}

/* ---------------------------------------------------------------- */

static void
test_setup_and_query(void **state)
{
    struct gnttab_query_size q = { .dom = DOMID_SELF };
    struct domain *a = pv_domain(GA, false, 256);
    long rc;
    mfn_t list[4];

    assert_int_equal(gnt_op(GNTTABOP_query_size, &q, sizeof(q), 1), 0);
    assert_int_equal(q.status, GNTST_okay);
    assert_int_equal(q.nr_frames, 0);
    assert_int_equal(q.max_nr_frames, GNTTAB_MAX_FRAMES);
    assert_int_equal(setup_frames(DOMID_SELF, 2, &rc), GNTST_okay);
    memcpy(list, sim_guest_ptr(a, sim_guest_va(LIST_OFF), 16), 16);
    assert_int_equal(list[0], grant_table_frame_mfn(a, 0));
    assert_int_equal(list[1], grant_table_frame_mfn(a, 1));
    assert_ptr_equal(mfn_to_page(list[1])->owner, a);
    assert_int_equal(gnt_op(GNTTABOP_query_size, &q, sizeof(q), 1), 0);
    assert_int_equal(q.nr_frames, 2);
    pv_check_invariants();
    /* Beyond the maximum, other domains, bad counts, unknown ops. */
    assert_int_equal(setup_frames(DOMID_SELF, GNTTAB_MAX_FRAMES + 1, &rc),
                     GNTST_general_error);
    assert_int_equal(setup_frames(7, 1, &rc), GNTST_bad_domain);
    assert_int_equal(setup_frames(0, 1, &rc), GNTST_bad_domain);
    assert_int_equal(do_grant_table_op(GNTTABOP_query_size, sim_guest_va(0), 2), -EINVAL);
    assert_int_equal(do_grant_table_op(GNTTABOP_setup_table, 0x10, 1), -EFAULT);
    assert_int_equal(do_grant_table_op(99, 0, 1), -ENOSYS);
    assert_int_equal(do_grant_table_op(GNTTABOP_map_grant_ref, 0,
                                       GNTTAB_BATCH_MAX + 1), -EINVAL);
    pv_domain(GB, false, 256);
    assert_int_equal(setup_frames(GA, 1, &rc), GNTST_permission_denied);
    q.dom = GA;
    assert_int_equal(gnt_op(GNTTABOP_query_size, &q, sizeof(q), 1), 0);
    assert_int_equal(q.status, GNTST_permission_denied);
    /* Through the dispatcher too. */
    {
        uint64_t args[6] = { GNTTABOP_query_size, 0, 1 };

        q.dom = DOMID_SELF;
        args[1] = sim_guest_put(current->domain, PV_ARG_OFF, &q, sizeof(q));
        assert_int_equal(hypercall_dispatch(current, __HYPERVISOR_grant_table_op, args), 0);
    }
    pv_check_invariants();
}

static void
test_map_ro_rw_unmap(void **state)
{
    struct world w;
    grant_handle_t h1, h2;

    make_world(&w);
    assert_int_equal(gen_refs(w.data), 1);
    /* Read-only: a general ref for the grant and one for the entry. */
    assert_int_equal(map(GA, 1, VA1, GNTMAP_host_map | GNTMAP_readonly, &h1), GNTST_okay);
    assert_int_equal(pte_mfn(l1e(&w, 1)), w.data);
    assert_false(l1e(&w, 1) & PTE_RW);
    assert_int_equal(gen_refs(w.data), 3);
    assert_int_equal(type_refs(w.data), 0);
    assert_int_equal(gentry(&w, 1)->flags, GTF_permit_access | GTF_reading);
    pv_check_invariants();
    /* Writable: type refs too, GTF_writing. */
    assert_int_equal(map(GA, 1, VA2, GNTMAP_host_map, &h2), GNTST_okay);
    assert_int_not_equal(h1, h2);
    assert_true(l1e(&w, 2) & PTE_RW);
    assert_int_equal(gen_refs(w.data), 5);
    assert_int_equal(type_refs(w.data), 2);
    assert_true(gentry(&w, 1)->flags & GTF_writing);
    assert_int_equal(grant_active_of(w.a, 1)->pin_rw, 1);
    pv_check_invariants();
    assert_int_equal(unmap(h2, VA2), GNTST_okay);
    assert_int_equal(l1e(&w, 2), 0);
    assert_int_equal(gentry(&w, 1)->flags, GTF_permit_access | GTF_reading);
    assert_int_equal(type_refs(w.data), 0);
    pv_check_invariants();
    assert_int_equal(unmap(h1, VA1), GNTST_okay);
    assert_int_equal(gentry(&w, 1)->flags, GTF_permit_access);
    assert_int_equal(gen_refs(w.data), 1);
    assert_int_equal(grant_active_of(w.a, 1)->pin_ro, 0);
    pv_check_invariants();
}

static void
test_map_contains_pte_and_device(void **state)
{
    struct world w;
    grant_handle_t h;
    struct gnttab_unmap_grant_ref u = { 0 };

    make_world(&w);
    assert_int_equal(map(GA, 1, pv_eaddr(w.t.l1, 5),
                         GNTMAP_host_map | GNTMAP_contains_pte, &h), GNTST_okay);
    assert_int_equal(pte_mfn(l1e(&w, 5)), w.data);
    pv_check_invariants();
    /* The PTE's address is not 8-aligned / is not an L1 of b. */
    assert_int_equal(map(GA, 1, pv_eaddr(w.t.l1, 6) + 1,
                         GNTMAP_host_map | GNTMAP_contains_pte, NULL), GNTST_bad_virt_addr);
    assert_int_equal(map(GA, 1, pv_eaddr(w.t.l2, 6),
                         GNTMAP_host_map | GNTMAP_contains_pte, NULL), GNTST_general_error);
    assert_int_equal(unmap(h, pv_eaddr(w.t.l1, 6)), GNTST_general_error);
    assert_int_equal(unmap(h, pv_eaddr(w.t.l1, 5)), GNTST_okay);
    assert_int_equal(l1e(&w, 5), 0);
    /* Device map: the bus address; unmapping checks it. */
    struct gnttab_map_grant_ref m = { .flags = GNTMAP_device_map, .ref = 1, .dom = GA };

    assert_int_equal(gnt_op(GNTTABOP_map_grant_ref, &m, sizeof(m), 1), 0);
    assert_int_equal(m.status, GNTST_okay);
    assert_int_equal(m.dev_bus_addr, w.data << PAGE_SHIFT);
    pv_check_invariants();
    u.handle = m.handle;
    u.dev_bus_addr = (w.data + 1) << PAGE_SHIFT;
    assert_int_equal(gnt_op(GNTTABOP_unmap_grant_ref, &u, sizeof(u), 1), 0);
    assert_int_equal(u.status, GNTST_bad_dev_addr);
    u.dev_bus_addr = w.data << PAGE_SHIFT;
    assert_int_equal(gnt_op(GNTTABOP_unmap_grant_ref, &u, sizeof(u), 1), 0);
    assert_int_equal(u.status, GNTST_okay);
    assert_int_equal(gen_refs(w.data), 1);
    pv_check_invariants();
}

static void
test_map_errors(void **state)
{
    struct world w;
    grant_handle_t h;
    uint64_t free0;

    make_world(&w);
    assert_int_equal(map(GA, 512, VA1, GNTMAP_host_map, NULL), GNTST_bad_gntref);
    assert_int_equal(map(GA, 0xffffffff, VA1, GNTMAP_host_map, NULL), GNTST_bad_gntref);
    assert_int_equal(map(GA, 1, VA1, 0, NULL), GNTST_bad_gntref);     /* no kind */
    assert_int_equal(map(9, 1, VA1, GNTMAP_host_map, NULL), GNTST_bad_domain);
    assert_int_equal(map(GA, 2, VA1, GNTMAP_host_map, NULL), GNTST_general_error);
    grant(&w, 3, w.data, 7, GTF_permit_access);                 /* other grantee */
    assert_int_equal(map(GA, 3, VA1, GNTMAP_host_map, NULL), GNTST_general_error);
    grant(&w, 4, w.data, GB, GTF_permit_access | GTF_readonly);
    assert_int_equal(map(GA, 4, VA1, GNTMAP_host_map, NULL), GNTST_general_error);
    assert_int_equal(l1e(&w, 1), 0);
    assert_int_equal(map(GA, 4, VA1, GNTMAP_host_map | GNTMAP_readonly, &h), GNTST_okay);
    free0 = frames_free_count();            /* b's maptrack exists now */
    /* a read-only pin is still no licence to write */
    assert_int_equal(map(GA, 4, VA2, GNTMAP_host_map, NULL), GNTST_general_error);
    assert_int_equal(type_refs(w.data), 0);
    grant(&w, 5, w.t.l1, GB, GTF_permit_access);                /* not a's */
    assert_int_equal(map(GA, 5, VA2, GNTMAP_host_map, NULL), GNTST_general_error);
    grant(&w, 6, w.a->shared_info_mfn, GB, GTF_permit_access);
    assert_int_equal(map(GA, 6, VA2, GNTMAP_host_map, NULL), GNTST_general_error);
    /* no L1 there; the hypervisor's range */
    assert_int_equal(map(GA, 1, 0x1000, GNTMAP_host_map, NULL), GNTST_general_error);
    assert_int_equal(map(GA, 1, XL_HV_START, GNTMAP_host_map, NULL), GNTST_bad_virt_addr);
    assert_int_equal(grant_active_of(w.a, 1)->pin_rw + grant_active_of(w.a, 1)->pin_ro, 0);
    assert_int_equal(gentry(&w, 1)->flags, GTF_permit_access);
    pv_check_invariants();
    /* unmap: twice, out of range, wrong address */
    assert_int_equal(unmap(h, VA2), GNTST_general_error);
    assert_int_equal(unmap(h, VA1), GNTST_okay);
    assert_int_equal(unmap(h, VA1), GNTST_bad_handle);
    assert_int_equal(unmap(GNTTAB_MAPTRACK_MAX, VA1), GNTST_bad_handle);
    assert_int_equal(unmap(0xffffffff, VA1), GNTST_bad_handle);
    assert_int_equal(gen_refs(w.data), 1);
    assert_int_equal(frames_free_count(), free0);
    pv_check_invariants();
}

static void
test_batch_one_by_one(void **state)
{
    struct world w;
    struct gnttab_map_grant_ref ops[3] = {
        { .host_addr = VA1, .flags = GNTMAP_host_map, .ref = 1, .dom = GA },
        { .host_addr = VA2, .flags = GNTMAP_host_map, .ref = 600, .dom = GA },
        { .host_addr = VA2, .flags = GNTMAP_host_map | GNTMAP_readonly, .ref = 1, .dom = GA },
    };

    make_world(&w);
    assert_int_equal(gnt_op(GNTTABOP_map_grant_ref, ops, sizeof(ops[0]), 3), 0);
    assert_int_equal(ops[0].status, GNTST_okay);
    assert_int_equal(ops[1].status, GNTST_bad_gntref);
    assert_int_equal(ops[2].status, GNTST_okay);
    pv_check_invariants();
    /* An unreadable element ends the call with -EFAULT. */
    assert_int_equal(do_grant_table_op(GNTTABOP_unmap_grant_ref,
                                       sim_guest_va(PV_ARENA - 8), 1), -EFAULT);
}

static void
test_revoke_while_mapped(void **state)
{
    struct world w;
    grant_handle_t h;

    make_world(&w);
    assert_int_equal(map(GA, 1, VA1, GNTMAP_host_map, &h), GNTST_okay);
    gentry(&w, 1)->flags &= (uint16_t)~GTF_permit_access;      /* revoked */
    assert_int_equal(gentry(&w, 1)->flags, GTF_reading | GTF_writing);
    assert_int_equal(map(GA, 1, VA2, GNTMAP_host_map, NULL), GNTST_general_error);
    assert_int_equal(pte_mfn(l1e(&w, 1)), w.data);               /* stays */
    pv_check_invariants();
    assert_int_equal(unmap(h, VA1), GNTST_okay);
    assert_int_equal(gentry(&w, 1)->flags, 0);
    assert_int_equal(gen_refs(w.data), 1);
    pv_check_invariants();
}

static void
test_entry_dropped_by_guest(void **state)
{
    struct world w;
    grant_handle_t h;

    make_world(&w);
    assert_int_equal(map(GA, 1, VA1, GNTMAP_host_map, &h), GNTST_okay);
    /* b overwrites the grant's L1 entry itself: the entry's refs go, the
     * grant's stay, unmap then fails and the handle stays (Xen). */
    assert_int_equal(pv_mmu1(pv_eaddr(w.t.l1, 1), 0, NULL), 0);
    assert_int_equal(gen_refs(w.data), 2);
    assert_int_equal(type_refs(w.data), 1);
    pv_check_invariants();
    assert_int_equal(unmap(h, VA1), GNTST_general_error);
    assert_true(gentry(&w, 1)->flags & GTF_writing);
    pv_check_invariants();
    /* b dies: the handle is released, a's entry unpinned. */
    sim_guest_arena_fini(w.b);
    domain_destroy(w.b);
    assert_int_equal(gentry(&w, 1)->flags, GTF_permit_access);
    assert_int_equal(gen_refs(w.data), 1);
    assert_int_equal(type_refs(w.data), 0);
    pv_use(w.a);
    pv_check_invariants();
}

static void
test_granter_dies_while_mapped(void **state)
{
    struct world w;
    grant_handle_t h;
    uint64_t free0, l1copy;

    make_world(&w);
    assert_int_equal(map(GA, 1, VA1, GNTMAP_host_map, &h), GNTST_okay);
    free0 = frames_free_count();
    sim_guest_arena_fini(w.a);
    domain_destroy(w.a);                    /* no BUG: the frame is disowned */
    pv_use(w.b);
    assert_null(mfn_to_page(w.data)->owner);
    assert_int_equal(gen_refs(w.data), 2);
    assert_int_equal(((uint8_t *)pv_map(w.data))[7], 0x5a);     /* still there */
    pv_check_invariants();
    /* New maps of the dead domain's grants: bad domain. */
    assert_int_equal(map(GA, 1, VA2, GNTMAP_host_map, NULL), GNTST_bad_domain);
    l1copy = frames_free_count();
    assert_int_equal(unmap(h, VA1), GNTST_okay);
    assert_int_equal(frames_free_count(), l1copy + 1);          /* freed now */
    assert_true(frames_free_count() > free0);                   /* a's frames back */
    pv_check_invariants();
    assert_int_equal(unmap(h, VA1), GNTST_bad_handle);
}

static void
test_granter_dies_then_mapper_dies(void **state)
{
    struct world w;
    uint64_t free_before;

    free_before = frames_free_count();
    make_world(&w);
    assert_int_equal(map(GA, 1, VA1, GNTMAP_host_map | GNTMAP_readonly, NULL), GNTST_okay);
    grant(&w, 2, w.gframe, GB, GTF_permit_access);      /* its own table frame */
    assert_int_equal(map(GA, 2, VA2, GNTMAP_host_map | GNTMAP_readonly, NULL), GNTST_okay);
    sim_guest_arena_fini(w.a);
    domain_destroy(w.a);
    pv_use(w.b);
    pv_check_invariants();
    sim_guest_arena_fini(w.b);
    domain_destroy(w.b);
    assert_int_equal(frames_free_count(), free_before);         /* no leak */
}

static void
test_copy(void **state)
{
    struct world w;
    mfn_t own;
    struct gnttab_copy c;

    make_world(&w);
    own = pv_alloc(w.b);
    memset(pv_map(own), 0x11, PAGE_SIZE);
    /* granted -> own */
    c = (struct gnttab_copy){ .source = { .u.ref = 1, .domid = GA, .offset = 16 },
                              .dest = { .u.gmfn = own, .domid = DOMID_SELF, .offset = 32 },
                              .len = 8, .flags = GNTCOPY_source_gref };
    assert_int_equal(gnt_op(GNTTABOP_copy, &c, sizeof(c), 1), 0);
    assert_int_equal(c.status, GNTST_okay);
    assert_int_equal(((uint8_t *)pv_map(own))[32], 0x5a);
    assert_int_equal(((uint8_t *)pv_map(own))[40], 0x11);
    /* own -> granted */
    c = (struct gnttab_copy){ .source = { .u.gmfn = own, .domid = GB },
                              .dest = { .u.ref = 1, .domid = GA, .offset = 4000 },
                              .len = 96, .flags = GNTCOPY_dest_gref };
    assert_int_equal(gnt_op(GNTTABOP_copy, &c, sizeof(c), 1), 0);
    assert_int_equal(c.status, GNTST_okay);
    assert_int_equal(((uint8_t *)pv_map(w.data))[4095], 0x11);
    assert_int_equal(gentry(&w, 1)->flags, GTF_permit_access);  /* unpinned */
    /* bounds: a byte past the page on either side */
    c.len = 97;
    assert_int_equal(gnt_op(GNTTABOP_copy, &c, sizeof(c), 1), 0);
    assert_int_equal(c.status, GNTST_bad_copy_arg);
    c.len = 1;
    c.source.offset = 0xffff;
    assert_int_equal(gnt_op(GNTTABOP_copy, &c, sizeof(c), 1), 0);
    assert_int_equal(c.status, GNTST_bad_copy_arg);
    c.source.offset = 0;
    c.flags |= 0x80;
    assert_int_equal(gnt_op(GNTTABOP_copy, &c, sizeof(c), 1), 0);
    assert_int_equal(c.status, GNTST_bad_copy_arg);
    /* into a read-only grant; from a frame that is not the caller's */
    grant(&w, 4, w.data, GB, GTF_permit_access | GTF_readonly);
    c = (struct gnttab_copy){ .source = { .u.gmfn = own, .domid = DOMID_SELF },
                              .dest = { .u.ref = 4, .domid = GA }, .len = 1,
                              .flags = GNTCOPY_dest_gref };
    assert_int_equal(gnt_op(GNTTABOP_copy, &c, sizeof(c), 1), 0);
    assert_int_equal(c.status, GNTST_general_error);
    c.source.domid = GA;
    c.dest.u.ref = 1;
    assert_int_equal(gnt_op(GNTTABOP_copy, &c, sizeof(c), 1), 0);
    assert_int_equal(c.status, GNTST_permission_denied);
    c.source.domid = DOMID_SELF;
    c.source.u.gmfn = w.data;                                   /* a's */
    assert_int_equal(gnt_op(GNTTABOP_copy, &c, sizeof(c), 1), 0);
    assert_int_equal(c.status, GNTST_bad_page);
    c.source.u.gmfn = w.t.l1;                 /* to own page table: not writable */
    c.flags = GNTCOPY_source_gref;
    c.source = (struct gnttab_copy_ptr){ .u.ref = 1, .domid = GA };
    c.dest = (struct gnttab_copy_ptr){ .u.gmfn = w.t.l1, .domid = DOMID_SELF };
    assert_int_equal(gnt_op(GNTTABOP_copy, &c, sizeof(c), 1), 0);
    assert_int_equal(c.status, GNTST_general_error);
    assert_int_equal(gen_refs(w.data), 1);
    pv_check_invariants();
}

static void
test_hvm_mapper(void **state)
{
    struct world w;
    grant_handle_t h;
    uint64_t gpa = 0x40000000ULL;

    make_world(&w);
    sim_grant.translated[GB] = true;
    assert_int_equal(map(GA, 1, gpa, GNTMAP_host_map | GNTMAP_readonly, &h), GNTST_okay);
    assert_non_null(sim_grant_p2m_of(GB, gpa >> 12));
    assert_int_equal(sim_grant_p2m_of(GB, gpa >> 12)->mfn, w.data);
    assert_true(sim_grant_p2m_of(GB, gpa >> 12)->readonly);
    assert_int_equal(map(GA, 1, gpa, GNTMAP_host_map | GNTMAP_contains_pte, NULL),
                     GNTST_general_error);
    sim_grant.map_rc = -ENOMEM;
    assert_int_equal(map(GA, 1, gpa + 4096, GNTMAP_host_map, NULL), GNTST_general_error);
    sim_grant.map_rc = 0;
    assert_int_equal(gen_refs(w.data), 2);                      /* the grant's only */
    pv_check_invariants();
    assert_int_equal(unmap(h, gpa + 4096), GNTST_general_error);
    assert_int_equal(unmap(h, gpa), GNTST_okay);
    assert_null(sim_grant_p2m_of(GB, gpa >> 12));
    assert_int_equal(gen_refs(w.data), 1);
    /* a translated granter names gfns */
    sim_grant.translated[GA] = true;
    grant(&w, 7, w.data + SIM_GRANT_GFN_BASE, GB, GTF_permit_access);
    assert_int_equal(map(GA, 7, gpa, GNTMAP_host_map, &h), GNTST_okay);
    assert_int_equal(sim_grant_p2m_of(GB, gpa >> 12)->mfn, w.data);
    pv_check_invariants();
    sim_guest_arena_fini(w.b);
    domain_destroy(w.b);                   /* releases the mapping */
    assert_int_equal(sim_grant.unmaps, 2);
    assert_int_equal(gen_refs(w.data), 1);
}

static void
test_versions_and_maptrack_limit(void **state)
{
    struct world w;
    struct gnttab_set_version sv = { .version = 2 };
    struct gnttab_get_version gv = { .dom = DOMID_SELF };
    unsigned int i;

    make_world(&w);
    assert_int_equal(gnt_op(GNTTABOP_set_version, &sv, sizeof(sv), 1), -EACCES);
    assert_int_equal(sv.version, 1);
    sv.version = 1;
    assert_int_equal(gnt_op(GNTTABOP_set_version, &sv, sizeof(sv), 1), 0);
    assert_int_equal(gnt_op(GNTTABOP_get_version, &gv, sizeof(gv), 1), 0);
    assert_int_equal(gv.version, 1);
    for (i = 0; i < GNTTAB_MAPTRACK_MAX; i++)
        assert_int_equal(map(GA, 1, 0, GNTMAP_device_map | GNTMAP_readonly, NULL),
                         GNTST_okay);
    assert_int_equal(map(GA, 1, 0, GNTMAP_device_map | GNTMAP_readonly, NULL),
                     GNTST_no_space);
    assert_int_equal(grant_active_of(w.a, 1)->pin_ro, GNTTAB_MAPTRACK_MAX);
    pv_check_invariants();
    sim_guest_arena_fini(w.b);
    domain_destroy(w.b);
    assert_int_equal(gen_refs(w.data), 1);
}

#define T(f) cmocka_unit_test_setup_teardown(f, gnt_setup, pv_teardown)

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_setup_and_query),
        T(test_map_ro_rw_unmap),
        T(test_map_contains_pte_and_device),
        T(test_map_errors),
        T(test_batch_one_by_one),
        T(test_revoke_while_mapped),
        T(test_entry_dropped_by_guest),
        T(test_granter_dies_while_mapped),
        T(test_granter_dies_then_mapper_dies),
        T(test_copy),
        T(test_hvm_mapper),
        T(test_versions_and_maptrack_limit),
    };

    return cmocka_run_group_tests_name("grant_table", tests, NULL, NULL);
}
