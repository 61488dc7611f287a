/*
 * test_domain.c - domain life cycle: create, lookup, crash, shutdown, kill
 * and destroy, and the "no frame leaks" invariant.
 */
#include "pv_fixture.h"
#include "public/sched.h"
#include <event.h>

static const uint64_t P = PTE_PRESENT, RW = PTE_RW, US = PTE_USER;

static void
test_create_lookup_destroy(void **state)
{
    uint64_t before = frames_free_count();
    struct heap_stats hs0, hs1;
    struct domain *d;

    heap_get_stats(&hs0);
    d = domain_create(3, false, 4, 100);
    assert_non_null(d);
    assert_ptr_equal(domain_lookup(3), d);
    assert_null(domain_lookup(4));
    assert_null(domain_lookup(MAX_DOMAINS));
    assert_null(domain_lookup(DOMID_SELF));         /* no current */
    assert_int_equal(d->domain_id, 3);
    assert_false(d->is_privileged);
    assert_int_equal(d->max_vcpus, 4);
    assert_int_equal(d->shutdown_reason, SHUTDOWN_REASON_NONE);
    for (unsigned int i = 0; i < 4; i++) {
        assert_non_null(d->vcpu[i]);
        assert_int_equal(d->vcpu[i]->vcpu_id, i);
        assert_ptr_equal(d->vcpu[i]->domain, d);
        assert_int_equal(d->vcpu[i]->guest_table, 0);
    }
    assert_null(d->vcpu[4]);
    /* shared_info: zeroed, owned, one allocation reference, not counted */
    struct page_info *si = mfn_to_page(d->shared_info_mfn);
    assert_ptr_equal(si->owner, d);
    assert_true(si->count_info == (PGC_allocated | 1));
    assert_ptr_equal(d->shared_info, page_to_virt(si));
    for (size_t i = 0; i < PAGE_SIZE; i++)
        assert_int_equal(((unsigned char *)d->shared_info)[i], 0);
    assert_int_equal(d->tot_pages, 0);
    current = d->vcpu[1];
    assert_ptr_equal(domain_lookup(DOMID_SELF), d);
    /* refused: taken id, id out of range, no vCPU, too many vCPUs */
    assert_null(domain_create(3, false, 1, 10));
    assert_null(domain_create(MAX_DOMAINS, false, 1, 10));
    assert_null(domain_create(DOMID_SELF, false, 1, 10));
    assert_null(domain_create(5, false, 0, 10));
    assert_null(domain_create(5, false, MAX_VIRT_CPUS + 1, 10));
    assert_null(domain_lookup(5));
    assert_int_equal(evtchn_domain_init(d), 0);     /* freed by the kill */
    domain_destroy(d);
    assert_null(current);                           /* was d's vCPU */
    assert_null(domain_lookup(3));
    assert_int_equal(frames_free_count(), before);
    heap_get_stats(&hs1);
    assert_int_equal(hs1.bytes_in_use, hs0.bytes_in_use);
    /* the id can be used again */
    d = domain_create(3, true, MAX_VIRT_CPUS, 10);
    assert_non_null(d);
    assert_true(d->is_privileged);
    domain_destroy(d);
    assert_int_equal(frames_free_count(), before);
}

static void
test_crash_only_that_domain(void **state)
{
    struct pv_tables ta, tb;
    struct domain *a = pv_domain(1, false, 64);
    struct domain *b = pv_domain(2, false, 64);

    pv_use(a);
    pv_build(a, &ta, PV_KVA);
    assert_int_equal(pv_pin(4, ta.l4), 0);
    pv_use(b);
    pv_build(b, &tb, PV_KVA);
    assert_int_equal(pv_pin(4, tb.l4), 0);
    assert_int_equal(pv_ext(MMUEXT_NEW_BASEPTR, tb.l4, 0, NULL), 0);
    uint64_t b_gen[5], b_type[5];
    for (unsigned int i = 0; i < 5; i++) {
        b_gen[i] = gen_refs(tb.l4 + i);
        b_type[i] = type_refs(tb.l4 + i);
    }
    unit_reset_console();
    domain_crash(a, "bad trap table");
    assert_non_null(strstr(sim_console_text(), "domain 1 crashed: bad trap table"));
    assert_true(a->is_crashed && a->is_shut_down);
    assert_int_equal(a->shutdown_reason, SHUTDOWN_crash);
    assert_int_equal(sim_pv.crashes, 1);
    assert_ptr_equal(sim_pv.last_crashed, a);
    /* once only: no second message or hook call */
    sim_console_clear();
    domain_crash(a, "again");
    assert_int_equal(sim_console_len(), 0);
    assert_int_equal(sim_pv.crashes, 1);
    assert_false(b->is_crashed || b->is_shut_down);
    pv_check_invariants();
    domain_kill(a);
    domain_destroy(a);
    /* b untouched: same tables, same counts, still usable */
    for (unsigned int i = 0; i < 5; i++) {
        assert_int_equal(gen_refs(tb.l4 + i), b_gen[i]);
        assert_int_equal(type_refs(tb.l4 + i), b_type[i]);
    }
    assert_true(mfn_to_page(tb.l4)->type_info & PGT_validated);
    pv_use(b);
    assert_int_equal(do_update_va_mapping(PV_KVA, 0, UVMF_INVLPG), 0);
    pv_check_invariants();
    domain_destroy(b);
}

static void
test_shutdown_reasons(void **state)
{
    static const char *const names[] = {
        "poweroff", "reboot", "suspend", "crash", "watchdog", "soft_reset",
    };
    char want[64];

    for (int r = 0; r <= SHUTDOWN_MAX; r++) {
        struct domain *d = domain_create(7, false, 1, 4);

        sim_console_clear();
        domain_shutdown(d, r);
        snprintf(want, sizeof(want), "domain 7 shut down: reason %s\n", names[r]);
        assert_non_null(strstr(sim_console_text(), want));
        assert_true(d->is_shut_down);
        assert_int_equal(d->shutdown_reason, r);
        assert_int_equal(sim_pv.last_shutdown_reason, r);
        assert_ptr_equal(sim_pv.last_shutdown, d);
        /* the first request wins */
        domain_shutdown(d, SHUTDOWN_reboot == r ? SHUTDOWN_poweroff : SHUTDOWN_reboot);
        assert_int_equal(d->shutdown_reason, r);
        assert_int_equal(sim_pv.shutdowns, (unsigned int)r + 1);
        domain_destroy(d);
    }
    struct domain *d = domain_create(7, false, 1, 4);
    sim_console_clear();
    domain_shutdown(d, 99);
    assert_non_null(strstr(sim_console_text(), "reason unknown (99)"));
    domain_destroy(d);
}

/* A guest that built a full address space: pinned 4-level tables with
 * mappings, a second L4 sharing an L3, an L2 referenced by two L3s, an L1
 * mapped read-only by another L1, linear entries, shared_info mapped,
 * base pointers on two vCPUs.  Kill + destroy give back every frame. */
static void
test_kill_releases_everything(void **state)
{
    uint64_t before = frames_free_count();
    struct domain *d = pv_domain(1, false, 512);
    struct pv_tables t;

    pv_build(d, &t, PV_KVA);
    mfn_t l4b = pv_alloc(d), l3b = pv_alloc(d), extra[8];
    for (unsigned int i = 0; i < 8; i++)
        extra[i] = pv_alloc(d);
    pv_map(t.l1)[1] = pv_pte(extra[0], P | RW);
    pv_map(t.l1)[2] = pv_pte(extra[0], P);
    pv_map(t.l1)[3] = pv_pte(d->shared_info_mfn, P | RW);
    pv_map(t.l1)[4] = pv_pte(t.l4, P);              /* RO view of the L4 */
    pv_map(t.l1)[5] = pv_pte(extra[1], P);          /* extra[1] becomes an L1 */
    pv_map(t.l2)[1] = pv_pte(extra[1], P | RW);
    pv_map(extra[1])[0] = pv_pte(extra[2], P | RW | US);
    pv_map(t.l3)[1] = pv_pte(extra[3], P | RW);     /* a second L2 */
    pv_map(l3b)[0] = pv_pte(t.l2, P | RW);          /* shared L2 */
    pv_map(l4b)[0] = pv_pte(l3b, P | RW | US);
    pv_map(l4b)[272] = pv_pte(t.l3, P | RW);        /* shared L3 */
    pv_map(t.l4)[273] = pv_pte(t.l4, P);            /* linear self-map */
    assert_int_equal(pv_pin(4, t.l4), 0);
    assert_int_equal(pv_pin(4, l4b), 0);
    assert_int_equal(pv_mmu1(pv_eaddr(l4b, 274), pv_pte(t.l4, P), NULL), 0);
    assert_int_equal(pv_pin(1, extra[4]), 0);       /* a spare pinned L1 */
    assert_int_equal(pv_pin(2, extra[5]), 0);
    assert_int_equal(pv_ext(MMUEXT_NEW_BASEPTR, t.l4, 0, NULL), 0);
    assert_int_equal(pv_ext(MMUEXT_NEW_USER_BASEPTR, l4b, 0, NULL), 0);
    current = d->vcpu[1];
    assert_int_equal(pv_ext(MMUEXT_NEW_BASEPTR, l4b, 0, NULL), 0);
    /* vCPU 1 reaches t.l1 through l4b -> l3b -> the shared L2 */
    assert_int_equal(do_update_va_mapping(0x0, pv_pte(extra[6], P | RW), 0), 0);
    assert_true(pv_map(t.l1)[0] == pv_pte(extra[6], P | RW));
    pv_check_invariants();
    assert_true(type_of(extra[1]) == PGT_l1_page_table);
    assert_true(gen_refs(d->shared_info_mfn) > 1);

    domain_kill(d);
    assert_true(d->is_dying);
    assert_int_equal(d->tot_pages, 0);
    assert_null(d->page_list);
    assert_int_equal(d->vcpu[0]->guest_table, 0);
    assert_int_equal(d->vcpu[1]->guest_table, 0);
    assert_true(mfn_to_page(d->shared_info_mfn)->count_info == (PGC_allocated | 1));
    domain_kill(d);                                 /* idempotent */
    domain_destroy(d);
    assert_int_equal(frames_free_count(), before);
    for (mfn_t m = 1; m < PV_NR_FRAMES; m++)
        assert_null(mfn_to_page(m)->owner);
}

/* domain_destroy on a live domain kills it first; a second domain's
 * frames stay where they are. */
static void
test_destroy_without_kill(void **state)
{
    uint64_t before = frames_free_count();
    struct pv_tables ta, tb;
    struct domain *a = pv_domain(1, false, 64);

    pv_build(a, &ta, PV_KVA);
    assert_int_equal(pv_pin(4, ta.l4), 0);
    uint64_t mid = frames_free_count();
    struct domain *b = pv_domain(2, false, 64);
    pv_build(b, &tb, 0x400000);
    assert_int_equal(pv_pin(4, tb.l4), 0);
    domain_destroy(b);
    assert_int_equal(frames_free_count(), mid);
    pv_check_invariants();
    domain_destroy(a);
    assert_int_equal(frames_free_count(), before);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, pv_setup, pv_teardown)
    const struct CMUnitTest tests[] = {
        T(test_create_lookup_destroy),
        T(test_crash_only_that_domain),
        T(test_shutdown_reasons),
        T(test_kill_releases_everything),
        T(test_destroy_without_kill),
    };
#undef T

    return cmocka_run_group_tests(tests, NULL, NULL);
}
