/*
 * tests/guests/pv_events.c - callbacks, event channels, VIRQ_TIMER,
 * set_timer_op, vcpu_op timers, sched_op block.
 *
 * Where it runs: guest only (PV64 dom0 on Xen 4.17 or xenolith).
 */
#include "test.h"

#define MS 1000000UL
#define HV_ADDR 0xffff830000000000UL

static uint32_t timer_port;

static long
bind_virq(uint32_t virq, uint32_t vcpu, uint32_t *port)
{
    evtchn_bind_virq_t b = { .virq = virq, .vcpu = vcpu, .port = 0xdead };
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &b);
    if (port)
        *port = b.port;
    return rc;
}

static long
evtchn_status(uint32_t port, evtchn_status_t *st)
{
    memset(st, 0, sizeof(*st));
    st->dom = DOMID_SELF;
    st->port = port;
    return HYPERVISOR_event_channel_op(EVTCHNOP_status, st);
}

/* Wait, events enabled and yielding, until the timer port fired `want`
 * more times or 2 s passed (never blocks, so a lost timer cannot hang
 * the kernel). */
static int
wait_ticks(unsigned int want)
{
    unsigned int start = event_counts[timer_port];
    uint64_t deadline = guest_system_time() + 2000 * MS;
    int ok = 1;

    evtchn_unmask_events();
    while (event_counts[timer_port] - start < want) {
        if (guest_system_time() > deadline) {
            ok = 0;
            break;
        }
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
    evtchn_mask_events();
    return ok;
}

GUEST_TEST(callback_op_register)
{
    callback_register_t cb = { .type = CALLBACKTYPE_event,
                               .address = (uint64_t)hypervisor_callback };
    callback_unregister_t un = { .type = CALLBACKTYPE_event };

    CHECK_RC(HYPERVISOR_callback_op(CALLBACKOP_register, &cb), 0);
    cb.type = CALLBACKTYPE_failsafe;
    cb.address = (uint64_t)failsafe_callback;
    CHECK_RC(HYPERVISOR_callback_op(CALLBACKOP_register, &cb), 0);
    cb.type = CALLBACKTYPE_syscall;
    cb.flags = CALLBACKF_mask_events;
    cb.address = (uint64_t)syscall_callback;
    CHECK_RC(HYPERVISOR_callback_op(CALLBACKOP_register, &cb), 0);
    cb.type = 99;
    test_note("register type 99: %ld", HYPERVISOR_callback_op(CALLBACKOP_register, &cb));
    CHECK(HYPERVISOR_callback_op(CALLBACKOP_register, &cb) < 0, "type 99 accepted");
    test_note("unregister event: %ld", HYPERVISOR_callback_op(CALLBACKOP_unregister, &un));
    CHECK_RC(HYPERVISOR_callback_op(CALLBACKOP_register, (void *)HV_ADDR), -XEN_EFAULT);
    /* set_callbacks puts the same three back. */
    CHECK_RC(HYPERVISOR_set_callbacks((uint64_t)hypervisor_callback,
                                      (uint64_t)failsafe_callback,
                                      (uint64_t)syscall_callback), 0);
}

GUEST_TEST(system_time_advances)
{
    uint64_t a = guest_system_time(), b;
    int i;

    for (i = 0; i < 100; i++)
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    b = guest_system_time();
    CHECK(b > a, "system time %lu -> %lu", a, b);
}

GUEST_TEST(bind_virq_timer)
{
    evtchn_status_t st;

    CHECK_RC(bind_virq(VIRQ_TIMER, 0, &timer_port), 0);
    test_note("VIRQ_TIMER on port %u", timer_port);
    CHECK(timer_port > 0 && timer_port < 64, "port %u", timer_port);
    CHECK_RC(evtchn_status(timer_port, &st), 0);
    CHECK_EQ(st.status, EVTCHNSTAT_virq);
    CHECK_EQ(st.u.virq, VIRQ_TIMER);
    CHECK_EQ(st.vcpu, 0);
    CHECK_RC(bind_virq(VIRQ_TIMER, 0, NULL), -XEN_EEXIST);
}

GUEST_TEST(bind_virq_errors)
{
    CHECK_RC(bind_virq(NR_VIRQS, 0, NULL), -XEN_EINVAL);
    CHECK_RC(bind_virq(0xffffffff, 0, NULL), -XEN_EINVAL);
    CHECK_RC(bind_virq(VIRQ_DEBUG, 7, NULL), -XEN_ENOENT);
    /* A global VIRQ can only be bound on vCPU 0. */
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, (void *)HV_ADDR), -XEN_EFAULT);
}

GUEST_TEST(set_timer_op_fires)
{
    evtchn_unmask_t um = { .port = timer_port };

    CHECK(timer_port, "needs bind_virq_timer");
    evtchn_set_mask(timer_port, 1);
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &um), 0);
    CHECK_EQ(shared_info->evtchn_mask[0] & (1UL << timer_port), 0);
    CHECK_RC(HYPERVISOR_set_timer_op(guest_system_time() + 2 * MS), 0);
    CHECK(wait_ticks(1), "no VIRQ_TIMER within 2 s");
}

GUEST_TEST(set_timer_op_past_and_cancel)
{
    /* A deadline in the past fires at once. */
    CHECK_RC(HYPERVISOR_set_timer_op(1), 0);
    CHECK(wait_ticks(1), "past deadline did not fire");
    /* 0 cancels. */
    CHECK_RC(HYPERVISOR_set_timer_op(guest_system_time() + 50 * MS), 0);
    CHECK_RC(HYPERVISOR_set_timer_op(0), 0);
}

GUEST_TEST(sched_block_wakes_on_timer)
{
    unsigned int before = event_counts[timer_port];
    uint64_t t0 = guest_system_time();

    evtchn_mask_events();
    CHECK_RC(HYPERVISOR_set_timer_op(t0 + 20 * MS), 0);
    CHECK_RC(HYPERVISOR_sched_op(SCHEDOP_block, NULL), 0);
    evtchn_mask_events();
    CHECK(event_counts[timer_port] > before, "block returned without an event");
    CHECK(guest_system_time() - t0 >= 15 * MS, "woke after %lu ns",
          guest_system_time() - t0);
}

GUEST_TEST(vcpu_periodic_timer)
{
    vcpu_set_periodic_timer_t p = { .period_ns = 5 * MS };

    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, 0, &p), 0);
    CHECK(wait_ticks(5), "fewer than 5 periodic ticks in 2 s");
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0);
    p.period_ns = 1;   /* too short: Xen rounds it up or refuses */
    test_note("period 1 ns: %ld", HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, 0, &p));
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL), 0);
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, 1, &p), -XEN_ENOENT);
}

GUEST_TEST(vcpu_singleshot_timer)
{
    vcpu_set_singleshot_timer_t s = { .timeout_abs_ns = 1, .flags = VCPU_SSHOTTMR_future };

    /* Xen 4.17 ignores VCPU_SSHOTTMR_future: a past deadline fires at once. */
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &s), 0);
    CHECK(wait_ticks(1), "past single-shot did not fire");
    s.timeout_abs_ns = guest_system_time() + 3 * MS;
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &s), 0);
    CHECK(wait_ticks(1), "single-shot timer did not fire");
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_stop_singleshot_timer, 0, NULL), 0);
    CHECK_RC(HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, (void *)HV_ADDR), -XEN_EFAULT);
}

GUEST_TEST(timer_ticks_many)
{
    unsigned int i;

    for (i = 0; i < 20; i++) {
        CHECK_RC(HYPERVISOR_set_timer_op(guest_system_time() + 1 * MS), 0);
        CHECK(wait_ticks(1), "tick %u missing", i);
    }
}

GUEST_TEST(event_upcall_frame)
{
    /* Check what the last upcall looked like: events masked in the
     * handler, mask restored by iret afterwards. */
    CHECK(event_counts[timer_port] > 0, "no upcall seen");
    CHECK_EQ(shared_info->vcpu_info[0].evtchn_upcall_mask, 1);
}

GUEST_TEST(evtchn_close)
{
    evtchn_status_t st;
    evtchn_close_t c = { .port = timer_port };
    evtchn_unmask_t um = { .port = 4000 };

    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_close, &c), 0);
    CHECK_RC(evtchn_status(timer_port, &st), 0);
    CHECK_EQ(st.status, EVTCHNSTAT_closed);
    test_note("close closed port: %ld", HYPERVISOR_event_channel_op(EVTCHNOP_close, &c));
    c.port = 100000;
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_close, &c), -XEN_EINVAL);
    CHECK_RC(evtchn_status(100000, &st), -XEN_EINVAL);
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &um), -XEN_EINVAL);
    st.dom = 7;   /* another domain: not there */
    st.port = 1;
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_status, &st), -XEN_ESRCH);
    /* Bind again after close: works, maybe on the same port. */
    CHECK_RC(bind_virq(VIRQ_TIMER, 0, &timer_port), 0);
}
