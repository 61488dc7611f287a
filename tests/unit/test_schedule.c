/*
 * test_schedule.c - sched_op, set_timer_op, vcpu_op: block, shutdown, timers, runstate.
 *
 * Environment: hosted only (cmocka + sim, ASan/UBSan).
 */
#include "unit.h"
#include <console.h>
#include <domain.h>
#include <event.h>
#include <guest_access.h>
#include <hypercall.h>
#include <schedule.h>
#include <xl_errno.h>
#include <xtime.h>
#include <sim_guest.h>
#include <sim_hc.h>
#include "public/xen.h"
#include "public/event_channel.h"
#include "public/sched.h"
#include "public/vcpu.h"
#include "public/version.h"

#include "hc_fixture.h"

#define OFF 0x3000
#define MS(n) ((uint64_t)(n) * 1000000ULL)

static evtchn_port_t
bind_timer(struct domain *d, unsigned int vcpu)
{
    struct evtchn_bind_virq b = { .virq = VIRQ_TIMER, .vcpu = vcpu };
    uint64_t va;

    use(d, vcpu);
    va = PUT(OFF, b);
    assert_int_equal(do_event_channel_op(EVTCHNOP_bind_virq, va), 0);
    GET(OFF, b);
    return b.port;
}

static long
sched(int cmd, void *blk, size_t size)
{
    uint64_t va = blk ? sim_guest_put(current->domain, OFF, blk, size) : 0;

    return do_sched_op(cmd, va);
}

static long
vcpu_op(int cmd, unsigned int id, void *blk, size_t size)
{
    uint64_t va = blk ? sim_guest_put(current->domain, OFF, blk, size) : 0;
    long rc = do_vcpu_op(cmd, id, va);

    if (blk)
        memcpy(blk, sim_guest_ptr(current->domain, va, size), size);
    return rc;
}

static void
test_yield_and_unknown(void **state)
{
    assert_int_equal(do_sched_op(SCHEDOP_yield, 0), 0);
    assert_int_equal(do_sched_op(SCHEDOP_watchdog, 0), -ENOSYS);
    assert_int_equal(do_sched_op(99, 0), -ENOSYS);
    assert_int_equal(do_sched_op(-1, 0), -ENOSYS);
    assert_int_equal(do_sched_op_compat(SCHEDOP_yield, 0), 0);
    assert_int_equal(do_sched_op_compat(SCHEDOP_poll, 0), -ENOSYS);
}

static void
test_block_and_wake_by_event(void **state)
{
    evtchn_port_t p = bind_timer(d1, 0);
    struct vcpu *v = d1->vcpu[0];

    sim_time_set(MS(5));
    assert_int_equal(vinfo(d1, 0)->evtchn_upcall_mask, 1);
    assert_int_equal(do_sched_op(SCHEDOP_block, 0), 0);
    assert_int_equal(vinfo(d1, 0)->evtchn_upcall_mask, 0);  /* enabled */
    assert_true(v->is_blocked);
    assert_int_equal(v->runstate, VCPU_BLOCKED);
    assert_int_equal(sim_blocks(v), 1);
    sim_time_set(MS(8));
    send_guest_vcpu_virq(v, VIRQ_TIMER);
    assert_true(evtchn_is_pending(d1, p));
    assert_false(v->is_blocked);
    assert_int_equal(v->runstate, VCPU_RUNNABLE);
    assert_int_equal(v->runstate_time_ns[VCPU_BLOCKED], MS(3));
    assert_int_equal(sim_kicks(v), 1);
}

static void
test_block_with_pending_returns(void **state)
{
    use(d1, 0);
    vinfo(d1, 0)->evtchn_upcall_pending = 1;
    assert_int_equal(do_sched_op(SCHEDOP_block, 0), 0);
    assert_false(d1->vcpu[0]->is_blocked);
    assert_int_equal(sim_blocks(d1->vcpu[0]), 0);
    assert_int_equal(d1->vcpu[0]->runstate, VCPU_RUNNING);
}

static void
test_shutdown(void **state)
{
    struct sched_shutdown s = { .reason = 6 };

    use(d1, 0);
    assert_int_equal(sched(SCHEDOP_shutdown, &s, sizeof(s)), -EINVAL);
    s.reason = 0xffffffff;
    assert_int_equal(sched(SCHEDOP_shutdown, &s, sizeof(s)), -EINVAL);
    assert_int_equal(do_sched_op(SCHEDOP_shutdown, 0), -EFAULT);
    assert_int_equal(do_sched_op(SCHEDOP_shutdown, sim_guest_va(ARENA - 2)), -EFAULT);
    assert_false(d1->is_shut_down);
    s.reason = SHUTDOWN_reboot;
    assert_int_equal(sched(SCHEDOP_shutdown, &s, sizeof(s)), 0);
    assert_true(d1->is_shut_down);
    assert_int_equal(d1->shutdown_reason, SHUTDOWN_reboot);
    assert_false(d0->is_shut_down);
}

static void
test_shutdown_code_wins(void **state)
{
    struct sched_shutdown s = { .reason = SHUTDOWN_crash };

    use(d1, 0);
    assert_int_equal(sched(SCHEDOP_shutdown_code, &s, sizeof(s)), 0);
    assert_false(d1->is_shut_down);
    s.reason = 9;
    assert_int_equal(sched(SCHEDOP_shutdown_code, &s, sizeof(s)), -EINVAL);
    assert_int_equal(do_sched_op_compat(SCHEDOP_shutdown, SHUTDOWN_poweroff), 0);
    assert_true(d1->is_shut_down);
    assert_int_equal(d1->shutdown_reason, SHUTDOWN_crash);
}

static void
test_compat_shutdown_bad_reason(void **state)
{
    use(d1, 0);
    assert_int_equal(do_sched_op_compat(SCHEDOP_shutdown, 1ULL << 32), -EINVAL);
    assert_int_equal(do_sched_op_compat(SCHEDOP_shutdown, 6), -EINVAL);
    assert_false(d1->is_shut_down);
}

static void
test_remote_shutdown(void **state)
{
    struct sched_remote_shutdown r = { .domain_id = 0, .reason = SHUTDOWN_poweroff };

    use(d1, 0);
    assert_int_equal(sched(SCHEDOP_remote_shutdown, &r, sizeof(r)), -EPERM);
    assert_false(d0->is_shut_down);
    use(d0, 0);
    r.domain_id = 9;
    assert_int_equal(sched(SCHEDOP_remote_shutdown, &r, sizeof(r)), -ESRCH);
    r.domain_id = 1;
    r.reason = 77;
    assert_int_equal(sched(SCHEDOP_remote_shutdown, &r, sizeof(r)), -EINVAL);
    r.reason = SHUTDOWN_poweroff;
    assert_int_equal(sched(SCHEDOP_remote_shutdown, &r, sizeof(r)), 0);
    assert_true(d1->is_shut_down);
}

static void
test_poll(void **state)
{
    evtchn_port_t ports[3] = { 1, 2, 3 };
    uint64_t pva = PUT(0x100, ports);
    struct sched_poll p = { .ports = pva, .nr_ports = 3, .timeout = 0 };

    assert_int_equal(sched(SCHEDOP_poll, &p, sizeof(p)), 0);
    p.nr_ports = 129;
    assert_int_equal(sched(SCHEDOP_poll, &p, sizeof(p)), -EINVAL);
    p.nr_ports = 3;
    p.ports = 0;
    assert_int_equal(sched(SCHEDOP_poll, &p, sizeof(p)), -EFAULT);
    p.ports = sim_guest_va(ARENA - 4);
    assert_int_equal(sched(SCHEDOP_poll, &p, sizeof(p)), -EFAULT);
    ports[1] = EVTCHN_MAX_PORTS;
    p.ports = PUT(0x100, ports);
    assert_int_equal(sched(SCHEDOP_poll, &p, sizeof(p)), -EINVAL);
}

static void
test_set_timer_op(void **state)
{
    struct vcpu *v = d0->vcpu[0];
    evtchn_port_t p = bind_timer(d0, 0);

    sim_time_set(MS(10));
    assert_int_equal(do_set_timer_op(MS(15)), 0);
    assert_int_equal(v->singleshot_deadline_ns, MS(15));
    assert_int_equal(timers_next_deadline(), MS(15));
    timers_run(MS(14));
    assert_false(evtchn_is_pending(d0, p));
    timers_run(MS(15));
    assert_true(evtchn_is_pending(d0, p));
    assert_int_equal(v->singleshot_deadline_ns, 0);
    assert_int_equal(timers_next_deadline(), 0);
    /* Cancel. */
    assert_int_equal(do_set_timer_op(MS(20)), 0);
    assert_int_equal(do_set_timer_op(0), 0);
    assert_int_equal(v->singleshot_deadline_ns, 0);
}

static void
test_set_timer_op_past_and_bogus(void **state)
{
    struct vcpu *v = d0->vcpu[0];
    evtchn_port_t p = bind_timer(d0, 0);

    sim_time_set(MS(50));
    assert_int_equal(do_set_timer_op(MS(40)), 0);      /* past: fires now */
    assert_true(evtchn_is_pending(d0, p));
    assert_int_equal(v->singleshot_deadline_ns, 0);
    assert_int_equal(do_set_timer_op(1ULL << 63), 0);  /* negative */
    assert_int_equal(v->singleshot_deadline_ns, MS(150));
    assert_int_equal(do_set_timer_op(MS(50) + (1ULL << 50)), 0);   /* 13 days */
    assert_int_equal(v->singleshot_deadline_ns, MS(150));
    assert_int_equal(do_set_timer_op(MS(50) + (1ULL << 50) - 1), 0);
    assert_int_equal(v->singleshot_deadline_ns, MS(50) + (1ULL << 50) - 1);
}

static void
test_vcpu_op_ids(void **state)
{
    assert_int_equal(do_vcpu_op(VCPUOP_is_up, 0, 0), 1);
    assert_int_equal(do_vcpu_op(VCPUOP_is_up, 1, 0), 0);
    assert_int_equal(do_vcpu_op(VCPUOP_is_up, 2, 0), -ENOENT);
    assert_int_equal(do_vcpu_op(VCPUOP_is_up, 31, 0), -ENOENT);
    assert_int_equal(do_vcpu_op(VCPUOP_is_up, 32, 0), -ENOENT);
    assert_int_equal(do_vcpu_op(VCPUOP_is_up, 0xffffffff, 0), -ENOENT);
    assert_int_equal(do_vcpu_op(VCPUOP_initialise, 1, 0), -ENOSYS);
    assert_int_equal(do_vcpu_op(99, 0, 0), -ENOSYS);
    assert_int_equal(do_vcpu_op(-5, 0, 0), -ENOSYS);
}

static void
test_periodic_timer(void **state)
{
    struct vcpu_set_periodic_timer pt = { .period_ns = MS(1) - 1 };
    struct vcpu *v = d0->vcpu[1];
    evtchn_port_t p = bind_timer(d0, 1);
    int fired = 0;

    use(d0, 0);                 /* the periodic timer may target any vCPU */
    assert_int_equal(vcpu_op(VCPUOP_set_periodic_timer, 1, &pt, sizeof(pt)), -EINVAL);
    pt.period_ns = 1ULL << 63;
    assert_int_equal(vcpu_op(VCPUOP_set_periodic_timer, 1, &pt, sizeof(pt)), -EINVAL);
    assert_int_equal(do_vcpu_op(VCPUOP_set_periodic_timer, 1, 0), -EFAULT);
    pt.period_ns = MS(1);
    assert_int_equal(vcpu_op(VCPUOP_set_periodic_timer, 1, &pt, sizeof(pt)), 0);
    vinfo(d0, 1)->evtchn_upcall_mask = 0;
    for (int t = 1; t <= 5; t++) {
        sim_time_set(MS(t));
        timers_run(MS(t));
        if (evtchn_is_pending(d0, p)) {
            fired++;
            ((struct shared_info *)d0->shared_info)->evtchn_pending[0] = 0;
        }
    }
    assert_int_equal(fired, 5);
    assert_int_equal(do_vcpu_op(VCPUOP_stop_periodic_timer, 1, 0), 0);
    timers_run(MS(100));
    assert_false(evtchn_is_pending(d0, p));
    assert_int_equal(v->periodic_period_ns, 0);
}

static void
test_singleshot_timer(void **state)
{
    struct vcpu_set_singleshot_timer st = { .timeout_abs_ns = MS(5),
                                            .flags = VCPU_SSHOTTMR_future };
    evtchn_port_t p = bind_timer(d0, 0);

    sim_time_set(MS(10));
    /* past deadline with VCPU_SSHOTTMR_future: fires now, as Xen 4.17 */
    assert_int_equal(vcpu_op(VCPUOP_set_singleshot_timer, 0, &st, sizeof(st)), 0);
    assert_true(evtchn_is_pending(d0, p));
    st.timeout_abs_ns = MS(12);
    st.flags = VCPU_SSHOTTMR_future;
    assert_int_equal(vcpu_op(VCPUOP_set_singleshot_timer, 0, &st, sizeof(st)), 0);
    assert_int_equal(d0->vcpu[0]->singleshot_deadline_ns, MS(12));
    assert_int_equal(vcpu_op(VCPUOP_set_singleshot_timer, 1, &st, sizeof(st)), -EINVAL);
    assert_int_equal(do_vcpu_op(VCPUOP_stop_singleshot_timer, 1, 0), -EINVAL);
    assert_int_equal(do_vcpu_op(VCPUOP_set_singleshot_timer, 0, 0), -EFAULT);
    assert_int_equal(do_vcpu_op(VCPUOP_stop_singleshot_timer, 0, 0), 0);
    assert_int_equal(d0->vcpu[0]->singleshot_deadline_ns, 0);
}

/* Three vCPUs' deadlines, a clock stepping 1 ms: they fire in order. */
static void
test_timers_fire_in_order(void **state)
{
    struct { struct domain *d; unsigned int v; uint64_t at; evtchn_port_t p; } t[3] = {
        { d0, 0, MS(7), 0 }, { d1, 1, MS(3), 0 }, { d1, 0, MS(5), 0 },
    };
    unsigned int order[3], n = 0;

    for (int i = 0; i < 3; i++) {
        t[i].p = bind_timer(t[i].d, t[i].v);
        assert_int_equal(do_set_timer_op(t[i].at), 0);
    }
    assert_int_equal(timers_next_deadline(), MS(3));
    for (uint64_t now = 0; now <= MS(10); now += MS(1)) {
        sim_time_set(now);
        timers_run(now);
        for (int i = 0; i < 3; i++)
            if (evtchn_is_pending(t[i].d, t[i].p) &&
                (n == 0 || order[n - 1] != (unsigned int)i)) {
                bool seen = false;

                for (unsigned int k = 0; k < n; k++)
                    seen = seen || order[k] == (unsigned int)i;
                if (!seen) {
                    order[n++] = (unsigned int)i;
                    assert_int_equal(now, t[i].at);
                }
            }
    }
    assert_int_equal(n, 3);
    assert_int_equal(order[0], 1);
    assert_int_equal(order[1], 2);
    assert_int_equal(order[2], 0);
}

static void
test_runstate_totals(void **state)
{
    struct vcpu_runstate_info ri;
    struct vcpu *v = d0->vcpu[1];
    uint64_t sum = 0;

    /* vCPU 1 has been offline since t=0. */
    sim_time_set(MS(2));
    vcpu_runstate_change(v, VCPU_RUNNABLE, MS(2));
    vcpu_runstate_change(v, VCPU_RUNNING, MS(3));
    vcpu_runstate_change(v, VCPU_BLOCKED, MS(7));
    vcpu_runstate_change(v, VCPU_RUNNING, MS(11));
    vcpu_runstate_change(v, VCPU_RUNNING, MS(10));  /* time never goes back */
    sim_time_set(MS(20));
    memset(&ri, 0xee, sizeof(ri));
    assert_int_equal(vcpu_op(VCPUOP_get_runstate_info, 1, &ri, sizeof(ri)), 0);
    assert_int_equal(ri.state, RUNSTATE_running);
    assert_int_equal(ri.state_entry_time, MS(11));
    assert_int_equal(ri.time[RUNSTATE_offline], MS(2));
    assert_int_equal(ri.time[RUNSTATE_runnable], MS(1));
    assert_int_equal(ri.time[RUNSTATE_blocked], MS(4));
    assert_int_equal(ri.time[RUNSTATE_running], MS(4) + MS(9));
    for (int i = 0; i < 4; i++)
        sum += ri.time[i];
    assert_int_equal(sum, MS(20));
    assert_int_equal(do_vcpu_op(VCPUOP_get_runstate_info, 1, 0), -EFAULT);
    assert_int_equal(do_vcpu_op(VCPUOP_get_runstate_info, 1, sim_guest_va(ARENA - 47)),
                     -EFAULT);
}

static void
test_dispatch_paths(void **state)
{
    use(d1, 0);
    assert_int_equal(hc(__HYPERVISOR_sched_op, SCHEDOP_yield, 0, 0), 0);
    assert_int_equal(hc(__HYPERVISOR_set_timer_op, MS(1), 0, 0), 0);
    assert_int_equal(hc(__HYPERVISOR_vcpu_op, VCPUOP_is_up, (1ULL << 32) | 0, 0), 1);
    assert_int_equal(hc(__HYPERVISOR_sched_op_compat, SCHEDOP_yield, 0, 0), 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_yield_and_unknown),
        T(test_block_and_wake_by_event),
        T(test_block_with_pending_returns),
        T(test_shutdown),
        T(test_shutdown_code_wins),
        T(test_compat_shutdown_bad_reason),
        T(test_remote_shutdown),
        T(test_poll),
        T(test_set_timer_op),
        T(test_set_timer_op_past_and_bogus),
        T(test_vcpu_op_ids),
        T(test_periodic_timer),
        T(test_singleshot_timer),
        T(test_timers_fire_in_order),
        T(test_runstate_totals),
        T(test_dispatch_paths),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
