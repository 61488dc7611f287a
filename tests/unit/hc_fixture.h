/*
 * hc_fixture.h - the shared set-up of the core-hypercall unit tests: a sim
 * world of dom0 and d1 (two vCPUs each, a 64 KiB guest arena), helpers to
 * put hypercall arguments into the calling domain's arena and read them
 * back, and a raw hypercall through the dispatcher.
 *
 * Environment: hosted (sim) tests only; included by one test file each.
 * The includes it needs (sim_hc.h, sim_guest.h, hypercall.h, event.h) come
 * before it in the including file.
 */
#ifndef HC_FIXTURE_H
#define HC_FIXTURE_H

#define ARENA (64 * 1024)

static struct domain *d0, *d1;

static int
setup(void **state)
{
    sim_hc_world_init(512, 2, ARENA);
    d0 = domain_table[0];
    d1 = domain_table[1];
    return 0;
}

static int
teardown(void **state)
{
    sim_hc_world_fini();
    return 0;
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

static __attribute__((unused)) void
use(struct domain *d, unsigned int vcpu)
{
    current = d->vcpu[vcpu];
}

/* Put obj at arena offset off of the current domain: its guest address. */
#define PUT(off, obj) sim_guest_put(current->domain, (off), &(obj), sizeof(obj))
/* Read obj back from arena offset off of the current domain. */
#define GET(off, obj)                                                      \
    memcpy(&(obj), sim_guest_ptr(current->domain, sim_guest_va(off),       \
                                 sizeof(obj)), sizeof(obj))

static __attribute__((unused)) long
hc(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2)
{
    uint64_t args[6] = { a0, a1, a2, 0, 0, 0 };

    return hypercall_dispatch(current, nr, args);
}

static __attribute__((unused)) struct vcpu_info *
vinfo(struct domain *d, unsigned int vcpu)
{
    return vcpu_info_of(d->vcpu[vcpu]);
}

#endif /* HC_FIXTURE_H */
