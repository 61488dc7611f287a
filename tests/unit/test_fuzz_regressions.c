/*
 * test_fuzz_regressions.c - one test per real bug the fuzzers found; each
 * names its reproducer in fuzz/crashes/ (replayed by make fuzz-replay).
 *
 * Environment: hosted only.
 */
#include "pv_fixture.h"
#include <sim_oracle.h>
#include <event.h>

/*
 * fuzz/crashes/hypercall/shared-info-pin.bin: a guest pinned its own
 * shared_info frame as a page table.  The frame is not on the page list, so
 * domain_kill never dropped the pin and domain_destroy hit BUG_ON (a guest
 * crashing the hypervisor); while pinned, event bits the hypervisor sets in
 * shared_info were "validated" L1 entries.  shared_info now holds a
 * permanent writable type, as in Xen.
 */
static void
test_shared_info_never_a_page_table(void **state)
{
    uint64_t before = frames_free_count();
    struct domain *d = pv_domain(1, false, 64);
    mfn_t si = d->shared_info_mfn, l1 = pv_alloc(d);

    assert_true(type_of(si) == PGT_writable_page);
    for (unsigned int level = 1; level <= 4; level++)
        assert_int_equal(pv_pin(level, si), -EINVAL);
    assert_int_equal(pv_ext(MMUEXT_NEW_BASEPTR, si, 0, NULL), -EINVAL);
    /* still mappable writable, like any frame of the guest's */
    pv_map(l1)[0] = pv_pte(si, PTE_PRESENT | PTE_RW);
    assert_int_equal(pv_pin(1, l1), 0);
    assert_int_equal(type_refs(si), 2);
    pv_check_invariants();
    assert_null(sim_evtchn_check());
    domain_kill(d);
    assert_int_equal(type_refs(si), 1);
    domain_destroy(d);
    assert_int_equal(frames_free_count(), before);
}

/*
 * fuzz/crashes/hypercall/evtchn-dying-table-leak.bin: dom0 allocated an
 * unbound port in a domain that was already killed; get_free_port made the
 * dying domain a new port table, which domain_destroy never freed (8 frames
 * leaked per call).  A dying domain now gets no port (-EINVAL, as Xen).
 */
static void
test_no_port_in_dying_domain(void **state)
{
    uint64_t before = frames_free_count();
    struct domain *d0 = pv_domain(0, true, 64), *d1 = pv_domain(1, false, 64);
    struct evtchn_alloc_unbound a = { .dom = 1, .remote_dom = 0 };

    assert_int_equal(evtchn_domain_init(d1), 0);
    domain_kill(d1);
    assert_null(d1->evtchn);
    pv_use(d0);
    assert_int_equal(do_event_channel_op(EVTCHNOP_alloc_unbound,
                                         sim_guest_put(d0, 0, &a, sizeof(a))),
                     -EINVAL);
    assert_null(d1->evtchn);
    domain_destroy(d1);
    domain_destroy(d0);
    assert_int_equal(frames_free_count(), before);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_shared_info_never_a_page_table,
                                        pv_setup, pv_teardown),
        cmocka_unit_test_setup_teardown(test_no_port_in_dying_domain,
                                        pv_setup, pv_teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
