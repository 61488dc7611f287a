/*
 * tests/guests/domu/pingpong.c - interdomain event-channel latency: dom0
 * offers a port to a domU (its ramdisk, tests/guests/domu/pong.c), which
 * binds it and answers each event with one back.  dom0 takes rdtsc, sends,
 * blocks until the answer's upcall (rdtsc there) and reports the round
 * trip and half of it: two sends, two wake-ups, two switches between the
 * domains on the one CPU, two upcalls.
 *
 * Correctness (system test evtchn-pingpong): every ping is answered by
 * exactly one pong.  The cycle figures ("BENCH <name> <cycles>", medians)
 * mean something under QEMU -icount shift=0: `make bench`.
 *
 * Where it runs: guest only (PV dom0 on xenolith).
 */
#include "test.h"
#include "public/xl_domctl.h"

#define ROUNDS 256

static volatile uint32_t ping_port;
static volatile uint64_t t_pong;
static volatile unsigned int pongs;
static uint64_t samples[ROUNDS];

static long
domctl(struct xl_domctl *d)
{
    d->interface_version = XL_DOMCTL_INTERFACE_VERSION;
    return hypercall_raw(__HYPERVISOR_domctl, (uint64_t)d, 0, 0, 0, 0);
}

static void
on_event(uint32_t port)
{
    if (port == ping_port) {
        t_pong = rdtsc();
        pongs++;
    }
}

static uint64_t
median(uint64_t *v, unsigned int n)
{
    for (unsigned int i = 1; i < n; i++)
        for (unsigned int j = i; j > 0 && v[j - 1] > v[j]; j--) {
            uint64_t t = v[j];

            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    return v[n / 2];
}

/* The domU, built with "port=<p>" and running: its id, or -errno. */
static long
start_pong(uint32_t *port)
{
    struct xl_domctl d = { .cmd = XL_DOMCTL_createdomain, .domain = DOMID_INVALID };
    struct evtchn_alloc_unbound a = { .dom = DOMID_SELF };
    static char cmdline[32];
    domid_t dom;
    long rc;

    d.u.createdomain.type = XL_DOMCTL_TYPE_PV;
    d.u.createdomain.max_vcpus = 1;
    d.u.createdomain.max_pages = 1024;
    rc = domctl(&d);
    if (rc < 0)
        return rc;
    dom = d.domain;
    a.remote_dom = dom;
    rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &a);
    if (rc)
        return rc;
    *port = a.port;
    snprintf(cmdline, sizeof(cmdline), "port=%u", a.port);
    d = (struct xl_domctl){ .cmd = XL_DOMCTL_build, .domain = dom };
    d.u.build.image = start_info->mod_start;
    d.u.build.image_size = start_info->mod_len;
    d.u.build.cmdline = (uint64_t)cmdline;
    d.u.build.cmdline_len = (uint32_t)strlen(cmdline);
    rc = domctl(&d);
    if (rc == 0) {
        d = (struct xl_domctl){ .cmd = XL_DOMCTL_unpausedomain, .domain = dom };
        rc = domctl(&d);
    }
    return rc ? rc : dom;
}

/* Block (yielding the CPU to the domU) until the port is bound. */
static int
wait_bound(uint32_t port)
{
    for (unsigned int i = 0; i < 100000; i++) {
        struct evtchn_status st = { .dom = DOMID_SELF, .port = port };

        if (HYPERVISOR_event_channel_op(EVTCHNOP_status, &st))
            return -1;
        if (st.status == EVTCHNSTAT_interdomain)
            return 0;
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
    return -1;
}

GUEST_TEST(interdomain_ping_pong)
{
    struct xl_domctl d;
    struct evtchn_send s;
    uint32_t port = 0;
    unsigned int lost = 0;
    long dom = start_pong(&port);
    uint64_t rt;

    CHECK(dom > 0, "starting the domU: %ld", dom);
    CHECK_RC(wait_bound(port), 0);
    ping_port = port;
    s.port = port;
    event_hook = on_event;
    evtchn_mask_events();
    for (unsigned int i = 0; i < ROUNDS; i++) {
        unsigned int before = pongs;
        uint64_t t0 = rdtsc();

        CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_send, &s), 0);
        for (unsigned int w = 0; pongs == before && w < 1000; w++) {
            HYPERVISOR_sched_op(SCHEDOP_block, NULL);   /* unmasks; wakes on the pong */
            evtchn_mask_events();
        }
        if (pongs != before + 1)
            lost++;
        samples[i] = t_pong - t0;
    }
    event_hook = NULL;
    d = (struct xl_domctl){ .cmd = XL_DOMCTL_destroydomain, .domain = (domid_t)dom };
    CHECK_RC(domctl(&d), 0);
    test_note("%u pings, %u pongs, %u lost", ROUNDS, pongs, lost);
    CHECK_EQ(pongs, ROUNDS);
    CHECK_EQ(lost, 0);
    rt = median(samples, ROUNDS);
    printk("BENCH pv_interdomain_round_trip %lu\n", rt);
    printk("BENCH pv_interdomain_one_way %lu\n", rt / 2);
}
