/*
 * tests/guests/pv_evtchn_bench.c - event-channel send -> upcall latency of
 * a PV guest sending to itself: an IPI port bound to vCPU 0, rdtsc just
 * before EVTCHNOP_send, rdtsc in the event handler (libguest's
 * event_hook, called for the port once the upcall has collected it).
 * The event is raised inside the send hypercall and bounced to the
 * guest's event callback on the way out, so the figure is: hypercall
 * entry, send, the bounce frame, the guest's entry stub and its 2-level
 * scan.  A null hypercall (xen_version) is measured the same way, as the
 * floor.
 *
 * Correctness (make check-guests, xen-compare): every send arrives as
 * exactly one upcall on that port.  The figures ("BENCH <name> <cycles>",
 * medians) mean something under QEMU -icount shift=0 only: `make bench`
 * runs it so, on xenolith and on Xen 4.17.
 *
 * Where it runs: guest only (PV64 dom0 on Xen 4.17 or xenolith).
 */
#include "test.h"

#define ROUNDS 256

static volatile uint32_t bench_port;
static volatile uint64_t t_upcall;
static volatile unsigned int upcalls;
static uint64_t samples[ROUNDS];

static void
on_event(uint32_t port)
{
    if (port == bench_port) {
        t_upcall = rdtsc();
        upcalls++;
    }
}

static uint64_t
median(uint64_t *v, unsigned int n)
{
    for (unsigned int i = 1; i < n; i++)         /* insertion sort: n is small */
        for (unsigned int j = i; j > 0 && v[j - 1] > v[j]; j--) {
            uint64_t t = v[j];

            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    return v[n / 2];
}

GUEST_TEST(null_hypercall_cycles)
{
    for (unsigned int i = 0; i < ROUNDS; i++) {
        uint64_t t0 = rdtsc();

        HYPERVISOR_xen_version(XENVER_version, NULL);
        samples[i] = rdtsc() - t0;
    }
    printk("BENCH pv_null_hypercall %lu\n", median(samples, ROUNDS));
}

GUEST_TEST(self_send_upcall)
{
    struct evtchn_bind_ipi b = { .vcpu = 0 };
    struct evtchn_send s;
    struct evtchn_close c;
    unsigned int missed = 0;

    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &b), 0);
    bench_port = b.port;
    s.port = b.port;
    event_hook = on_event;
    evtchn_unmask_events();
    for (unsigned int i = 0; i < ROUNDS; i++) {
        unsigned int before = upcalls;
        uint64_t t0;

        t_upcall = 0;
        t0 = rdtsc();
        if (HYPERVISOR_event_channel_op(EVTCHNOP_send, &s) != 0)
            break;
        if (upcalls != before + 1 || t_upcall < t0)
            missed++;
        samples[i] = t_upcall - t0;
    }
    evtchn_mask_events();
    event_hook = NULL;
    printk("BENCH pv_evtchn_send_upcall %lu\n", median(samples, ROUNDS));
    /* The send alone: the port masked, so no upcall follows. */
    evtchn_set_mask(b.port, 1);
    for (unsigned int i = 0; i < ROUNDS; i++) {
        uint64_t t0 = rdtsc();

        HYPERVISOR_event_channel_op(EVTCHNOP_send, &s);
        samples[i] = rdtsc() - t0;
    }
    printk("BENCH pv_evtchn_send_masked %lu\n", median(samples, ROUNDS));
    c.port = b.port;
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_close, &c), 0);
    test_note("%u sends, %u upcalls, %u not delivered before send returned", ROUNDS, upcalls,
              missed);
    CHECK_EQ(upcalls, ROUNDS);
    CHECK_EQ(missed, 0);
}
