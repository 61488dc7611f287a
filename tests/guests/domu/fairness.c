/*
 * tests/guests/domu/fairness.c - dom0 measuring the scheduler: CPU-bound
 * domUs (its ramdisk: tests/guests/domu/spin.c) with different weights
 * and caps, and the run time each got (getdomaininfo's cpu_time_ns).
 *
 * Where it runs: guest only (PV dom0 on xenolith).
 */
#include "test.h"
#include "public/xl_domctl.h"

#define MS 1000000UL

static long
domctl(struct xl_domctl *d)
{
    d->interface_version = XL_DOMCTL_INTERFACE_VERSION;
    return hypercall_raw(__HYPERVISOR_domctl, (uint64_t)d, 0, 0, 0, 0);
}

static long
spinner(unsigned int weight, unsigned int cap)
{
    struct xl_domctl d = { .cmd = XL_DOMCTL_createdomain, .domain = DOMID_INVALID };
    domid_t dom;

    d.u.createdomain.type = XL_DOMCTL_TYPE_PV;
    d.u.createdomain.max_vcpus = 1;
    d.u.createdomain.max_pages = 2048;
    long rc = domctl(&d);              /* the new domid, or -errno */

    if (rc < 0) {
        test_note("createdomain: %ld", rc);
        return -1;
    }
    dom = d.domain;
    d = (struct xl_domctl){ .cmd = XL_DOMCTL_build, .domain = dom };
    d.u.build.image = start_info->mod_start;
    d.u.build.image_size = start_info->mod_len;
    if (domctl(&d))
        return -2;
    d = (struct xl_domctl){ .cmd = XL_DOMCTL_scheduler_op, .domain = dom };
    d.u.scheduler_op.sched_id = XL_SCHEDULER_CREDIT;
    d.u.scheduler_op.cmd = XL_DOMCTL_SCHEDOP_putinfo;
    d.u.scheduler_op.weight = weight;
    d.u.scheduler_op.cap = cap;
    if (domctl(&d))
        return -3;
    d = (struct xl_domctl){ .cmd = XL_DOMCTL_unpausedomain, .domain = dom };
    return domctl(&d) ? -4 : dom;
}

static uint64_t
cpu_time(domid_t dom)
{
    struct xl_domctl d = { .cmd = XL_DOMCTL_getdomaininfo, .domain = dom };

    return domctl(&d) ? 0 : d.u.getdomaininfo.cpu_time_ns;
}

static void
destroy(domid_t dom)
{
    struct xl_domctl d = { .cmd = XL_DOMCTL_destroydomain, .domain = dom };

    (void)domctl(&d);
}

/* Wait (dom0 spinning too, at its own weight) for ms of system time. */
static void
run_for(uint64_t ms)
{
    uint64_t end = guest_system_time() + ms * MS;

    while (guest_system_time() < end)
        ;
}

/* Shares in per mille of the run time of the listed domains. */
static void
shares(const domid_t *doms, unsigned int n, unsigned int *permille)
{
    uint64_t t[4], total = 0;

    for (unsigned int i = 0; i < n; i++)
        total += t[i] = cpu_time(doms[i]);
    for (unsigned int i = 0; i < n; i++)
        permille[i] = total ? (unsigned int)(t[i] * 1000 / total) : 0;
}

GUEST_TEST(weights)
{
    domid_t d[2];
    unsigned int pm[2];
    long a = spinner(256, 0), b = spinner(768, 0);

    CHECK(a > 0 && b > 0, "spinners: %ld %ld", a, b);
    d[0] = (domid_t)a;
    d[1] = (domid_t)b;
    run_for(3000);
    shares(d, 2, pm);
    test_note("weights 256:768 -> run-time shares %u.%u%% : %u.%u%% (expected 25%% : 75%%)",
              pm[0] / 10, pm[0] % 10, pm[1] / 10, pm[1] % 10);
    destroy(d[0]);
    destroy(d[1]);
    /* 250 expected; equal shares (weights ignored) would be 500.  The
     * band is wide because under TCG a host-loaded emulator charges its
     * own pauses to whichever vCPU runs (306 seen once in a CI dry run
     * with the proofs beside it, session 13). */
    CHECK(pm[0] >= 180 && pm[0] <= 350, "share of weight 256: %u per mille", pm[0]);
}

GUEST_TEST(cap)
{
    uint64_t t0, wall0, ran, wall;
    long a = spinner(256, 25);

    CHECK(a > 0, "spinner: %ld", a);
    t0 = cpu_time((domid_t)a);
    wall0 = guest_system_time();
    run_for(3000);
    ran = cpu_time((domid_t)a) - t0;
    wall = guest_system_time() - wall0;
    test_note("cap 25%%: ran %lu ms of %lu ms wall (%lu%%)", ran / MS, wall / MS,
              ran * 100 / wall);
    destroy((domid_t)a);
    CHECK(ran * 100 / wall >= 18 && ran * 100 / wall <= 30, "cap 25%% gave %lu%%", ran * 100 / wall);
}
