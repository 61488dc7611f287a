/*
 * test_limits.c - per-domain limits on what a domain can make the
 * hypervisor allocate (spec/limits.md): the xenmem charge and its limit,
 * and each bounded resource a guest grows by hypercall - event-channel
 * ports, grant-table frames, maptrack handles - pushed past its bound,
 * with the errors Xen gives.  A domain at every bound at once stays under
 * its default limit, and its destruction gives back every byte and frame.
 */
#include "pv_fixture.h"
#include <event.h>
#include <grant_table.h>
#include <hypercall.h>
#include <sim_grant.h>
#include <xmalloc.h>

#define GA 1                    /* granter */
#define GB 2                    /* mapper */
#define LIST_OFF 0x4000         /* arena offset of setup_table's frame_list */

static int
lim_setup(void **state)
{
    sim_grant_reset();
    return pv_setup(state);
}

/* A sub-op with its argument in the calling domain's arena; the argument
 * is copied back. */
static long
arena_op(long (*fn)(unsigned int, uint64_t, unsigned int), unsigned int cmd,
         void *arg, size_t size, unsigned int count)
{
    struct domain *d = current->domain;
    uint64_t va = sim_guest_put(d, PV_ARG_OFF, arg, size * count);
    long rc = fn(cmd, va, count);

    memcpy(arg, sim_guest_ptr(d, va, size * count), size * count);
    return rc;
}

static long
evtchn_fn(unsigned int cmd, uint64_t va, unsigned int count)
{
    (void)count;
    return do_event_channel_op((int)cmd, va);
}

static long
bind_ipi(void)
{
    struct evtchn_bind_ipi b = { .vcpu = 0 };
    long rc = arena_op(evtchn_fn, EVTCHNOP_bind_ipi, &b, sizeof(b), 1);

    return rc ? rc : (long)b.port;
}

static long
alloc_unbound(domid_t remote)
{
    struct evtchn_alloc_unbound a = { .dom = DOMID_SELF, .remote_dom = remote };
    long rc = arena_op(evtchn_fn, EVTCHNOP_alloc_unbound, &a, sizeof(a), 1);

    return rc ? rc : (long)a.port;
}

static int16_t
setup_frames(uint32_t nr, long *rc)
{
    struct gnttab_setup_table op = { .dom = DOMID_SELF, .nr_frames = nr,
                                     .frame_list = sim_guest_va(LIST_OFF) };

    *rc = arena_op(do_grant_table_op, GNTTABOP_setup_table, &op, sizeof(op), 1);
    return op.status;
}

static int16_t
map_ro(domid_t dom, grant_ref_t ref)
{
    struct gnttab_map_grant_ref op = { .flags = GNTMAP_device_map | GNTMAP_readonly,
                                       .ref = ref, .dom = dom, .handle = ~0U };

    assert_int_equal(arena_op(do_grant_table_op, GNTTABOP_map_grant_ref, &op,
                              sizeof(op), 1), 0);
    return op.status;
}

/* a grants one of its frames to GB read-only as ref 1; returns the frame. */
static mfn_t
grant_one(struct domain *a)
{
    long rc;
    mfn_t gframe, data = pv_alloc(a);

    pv_use(a);
    assert_int_equal(setup_frames(1, &rc), GNTST_okay);
    assert_int_equal(rc, 0);
    gframe = grant_table_frame_mfn(a, 0);
    ((struct grant_entry_v1 *)pv_map(gframe))[1] =
        (struct grant_entry_v1){ .flags = GTF_permit_access | GTF_readonly,
                                 .domid = GB, .frame = (uint32_t)data };
    return data;
}

/* ---------------------------------------------------------------- */

static void
test_default_limit(void **state)
{
    struct domain *d = pv_domain(GA, false, 256);

    assert_int_equal(d->xenmem_max, DOMAIN_XENMEM_BASE + 256 * DOMAIN_XENMEM_PER_PAGE);
    /* Its two vCPUs are charged from the start. */
    assert_int_equal(d->xenmem_bytes, 2 * sizeof(struct vcpu));
    assert_int_equal(d->xenmem_refused, 0);
}

static void
test_charge_and_refund(void **state)
{
    struct domain *d = pv_domain(GA, false, 256);
    uint64_t base = d->xenmem_bytes, frames = frames_free_count();
    struct heap_stats h0, h1;
    struct page_info *pg;
    void *p;

    heap_get_stats(&h0);
    d->xenmem_max = base + 100;
    p = domain_xzalloc_bytes(d, 100);
    assert_non_null(p);
    assert_int_equal(d->xenmem_bytes, base + 100);
    /* One byte more is refused, and nothing is charged or allocated. */
    assert_null(domain_xzalloc_bytes(d, 1));
    assert_int_equal(d->xenmem_refused, 1);
    assert_null(domain_alloc_xen_frame(d));
    assert_int_equal(d->xenmem_refused, 2);
    assert_int_equal(d->xenmem_bytes, base + 100);
    domain_xfree(d, p);
    assert_int_equal(d->xenmem_bytes, base);
    /* A frame costs a page; an array that overflows size_t is refused. */
    d->xenmem_max = base + PAGE_SIZE;
    pg = domain_alloc_xen_frame(d);
    assert_non_null(pg);
    assert_int_equal(frames_free_count(), frames - 1);
    assert_int_equal(d->xenmem_bytes, base + PAGE_SIZE);
    assert_null(domain_xzalloc_array(d, SIZE_MAX / 2, 3));
    domain_free_xen_frame(d, pg);
    assert_int_equal(d->xenmem_bytes, base);
    assert_int_equal(frames_free_count(), frames);
    domain_xfree(d, NULL);
    heap_get_stats(&h1);
    assert_int_equal(h1.bytes_in_use, h0.bytes_in_use);
    /* A huge max_pages saturates instead of wrapping. */
    assert_int_equal(domain_create(3, false, 1, UINT64_MAX / 2)->xenmem_max, UINT64_MAX);
    domain_destroy(domain_table[3]);
}

/* Ports: the table is bounded (1023 usable, Xen's default max_evtchn_port
 * for a domU) and charged; no room for it is -ENOMEM. */
static void
test_evtchn_limits(void **state)
{
    struct domain *d = pv_domain(GA, false, 256);
    uint64_t base = d->xenmem_bytes;

    d->xenmem_max = base + sizeof(struct evtchn) * EVTCHN_MAX_PORTS - 1;
    assert_int_equal(bind_ipi(), -ENOMEM);
    assert_int_equal(alloc_unbound(0), -ENOMEM);
    assert_null(d->evtchn);
    assert_int_equal(d->xenmem_bytes, base);
    d->xenmem_max += 1;
    for (long i = 1; i < EVTCHN_MAX_PORTS; i++)
        assert_int_equal(i % 2 ? bind_ipi() : alloc_unbound(0), i);
    assert_int_equal(bind_ipi(), -ENOSPC);
    assert_int_equal(alloc_unbound(0), -ENOSPC);
    assert_int_equal(d->xenmem_bytes, d->xenmem_max);
    evtchn_domain_destroy(d);
    assert_int_equal(d->xenmem_bytes, base);
}

/* Grant-table frames: at most GNTTAB_MAX_FRAMES, each charged a frame and
 * its active array; past the charge limit setup_table fails as Xen's
 * gnttab_grow_table does, with the frames it had kept. */
static void
test_grant_frame_limits(void **state)
{
    struct domain *d = pv_domain(GA, false, 256);
    uint64_t base = d->xenmem_bytes, one;
    long rc;

    assert_int_equal(setup_frames(1, &rc), GNTST_okay);
    one = d->xenmem_bytes - base;       /* the table struct and one frame */
    assert_true(one >= PAGE_SIZE + GNTTAB_ENTRIES_PER_FRAME * sizeof(struct grant_active));
    d->xenmem_max = d->xenmem_bytes + PAGE_SIZE;        /* not a whole frame's worth */
    assert_int_equal(setup_frames(2, &rc), GNTST_general_error);
    assert_int_equal(rc, 0);
    assert_int_equal(d->grant_table->nr_frames, 1);
    assert_int_equal(d->xenmem_bytes, base + one);
    assert_int_equal(grant_table_frame_mfn(d, 1), INVALID_MFN);
    d->xenmem_max = UINT64_MAX;
    assert_int_equal(setup_frames(GNTTAB_MAX_FRAMES, &rc), GNTST_okay);
    assert_int_equal(setup_frames(GNTTAB_MAX_FRAMES + 1, &rc), GNTST_general_error);
    assert_int_equal(grant_table_frame_mfn(d, GNTTAB_MAX_FRAMES), INVALID_MFN);
    grant_table_destroy(d);
    assert_int_equal(d->xenmem_bytes, base);
}

/* Maptrack: GNTTAB_MAPTRACK_MAX handles per mapping domain; no handle, for
 * want of room or of charge, is GNTST_no_space (Xen's get_maptrack_handle). */
static void
test_maptrack_limits(void **state)
{
    struct domain *a = pv_domain(GA, false, 256), *b;
    uint64_t base;

    grant_one(a);
    b = pv_domain(GB, false, 256);
    base = b->xenmem_bytes;
    b->xenmem_max = base + sizeof(struct grant_table);      /* no maptrack */
    assert_int_equal(map_ro(GA, 1), GNTST_no_space);
    assert_int_equal(grant_active_of(a, 1)->pin_ro, 0);
    b->xenmem_max = UINT64_MAX;
    for (unsigned int i = 0; i < GNTTAB_MAPTRACK_MAX; i++)
        assert_int_equal(map_ro(GA, 1), GNTST_okay);
    assert_int_equal(map_ro(GA, 1), GNTST_no_space);
    assert_int_equal(grant_active_of(a, 1)->pin_ro, GNTTAB_MAPTRACK_MAX);
    assert_true(b->xenmem_bytes >= base + GNTTAB_MAPTRACK_MAX * sizeof(struct grant_maptrack));
    pv_check_invariants();
    sim_guest_arena_fini(b);
    domain_destroy(b);
    assert_int_equal(grant_active_of(a, 1)->pin_ro, 0);
}

/* The adversary: one domU takes every port, every grant frame and every
 * maptrack handle.  It stays under the default limit of even a small
 * domain, and destroying it gives back every heap byte and every frame. */
static void
test_everything_at_once(void **state)
{
    uint64_t frames = frames_free_count();
    struct heap_stats h0, h1;
    struct domain *a, *b;
    long rc;

    heap_get_stats(&h0);
    a = pv_domain(GA, false, 16);
    grant_one(a);
    b = pv_domain(GB, false, 16);
    assert_int_equal(setup_frames(GNTTAB_MAX_FRAMES, &rc), GNTST_okay);
    for (long i = 1; i < EVTCHN_MAX_PORTS; i++)
        assert_int_equal(bind_ipi(), i);
    assert_int_equal(bind_ipi(), -ENOSPC);
    for (unsigned int i = 0; i < GNTTAB_MAPTRACK_MAX; i++)
        assert_int_equal(map_ro(GA, 1), GNTST_okay);
    assert_int_equal(map_ro(GA, 1), GNTST_no_space);
    print_message("limits: a domU at every bound (%u ports, %u grant frames, %u maptrack "
                  "handles, 2 vCPUs) holds %llu bytes of hypervisor memory; its limit "
                  "is %llu\n", EVTCHN_MAX_PORTS - 1, GNTTAB_MAX_FRAMES, GNTTAB_MAPTRACK_MAX,
                  (unsigned long long)b->xenmem_bytes, (unsigned long long)b->xenmem_max);
    assert_int_equal(b->xenmem_refused, 0);
    assert_true(b->xenmem_bytes <= DOMAIN_XENMEM_BASE);
    pv_check_invariants();
    sim_guest_arena_fini(b);
    domain_destroy(b);
    sim_guest_arena_fini(a);
    domain_destroy(a);
    heap_get_stats(&h1);
    assert_int_equal(h1.bytes_in_use, h0.bytes_in_use);
    assert_int_equal(h1.frames, h0.frames);
    assert_int_equal(frames_free_count(), frames);
}

#define T(f) cmocka_unit_test_setup_teardown(f, lim_setup, pv_teardown)

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_default_limit),
        T(test_charge_and_refund),
        T(test_evtchn_limits),
        T(test_grant_frame_limits),
        T(test_maptrack_limits),
        T(test_everything_at_once),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
