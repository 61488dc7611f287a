/*
 * schedule.c - sched_op, set_timer_op, vcpu_op; vCPU timers, blocking and
 * runstate accounting (see schedule.h for the Xen rules followed).
 *
 * Environment: hosted and hypervisor (portable core).
 *
 * Choosing which vCPU runs is the arch scheduler's job for now; this file
 * owns the states it chooses from (blocked or not, runstate times) and the
 * guest-visible timers.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <domain.h>
#include <event.h>
#include <guest_access.h>
#include <hypercall.h>
#include <lib.h>
#include <sched_credit.h>
#include <schedule.h>
#include <xl_errno.h>
#include <xtime.h>
#include "public/sched.h"
#include "public/vcpu.h"

#define SCHED_POLL_MAX_PORTS 128U    /* Xen's limit for SCHEDOP_poll */

/* ---- runstate ---- */

void
vcpu_runstate_change(struct vcpu *v, enum vcpu_runstate st, uint64_t now)
{
    ASSERT((unsigned int)v->runstate <= VCPU_OFFLINE);
    ASSERT((unsigned int)st <= VCPU_OFFLINE);
    if (now > v->runstate_entry_ns)
        v->runstate_time_ns[v->runstate] += now - v->runstate_entry_ns;
    else
        now = v->runstate_entry_ns;     /* never run time backwards */
    v->runstate = st;
    v->runstate_entry_ns = now;
}

void
vcpu_runstate_get(const struct vcpu *v, uint64_t now, uint64_t time_ns[4],
                  uint64_t *entry_ns, int *state)
{
    for (unsigned int i = 0; i < 4; i++)
        time_ns[i] = v->runstate_time_ns[i];
    if (now > v->runstate_entry_ns)
        time_ns[v->runstate] += now - v->runstate_entry_ns;
    *entry_ns = v->runstate_entry_ns;
    *state = (int)v->runstate;
}

bool
vcpu_unblock(struct vcpu *v)
{
    if (!v->is_blocked)
        return false;
    v->is_blocked = false;
    vcpu_runstate_change(v, VCPU_RUNNABLE, arch_now_ns());
    sched_wake(v);
    return true;
}

/* ---- timers ---- */

static void
send_timer_event(struct vcpu *v)
{
    send_guest_vcpu_virq(v, VIRQ_TIMER);
}

/* Arm v's single-shot timer; a deadline not in the future fires now. */
static void
singleshot_arm(struct vcpu *v, uint64_t deadline, uint64_t now)
{
    if (deadline <= now) {
        v->singleshot_deadline_ns = 0;
        send_timer_event(v);
    } else {
        v->singleshot_deadline_ns = deadline;
    }
}

static void
vcpu_timers_run(struct vcpu *v, uint64_t now)
{
    if (v->singleshot_deadline_ns != 0 && v->singleshot_deadline_ns <= now) {
        v->singleshot_deadline_ns = 0;
        send_timer_event(v);
    }
    if (v->periodic_period_ns != 0 && v->periodic_next_ns <= now) {
        v->periodic_next_ns = now + v->periodic_period_ns;
        send_timer_event(v);
    }
}

void
timers_run(uint64_t now_ns)
{
    for (unsigned int i = 0; i < MAX_DOMAINS; i++) {
        struct domain *d = domain_table[i];

        if (d == NULL || d->is_dying)
            continue;
        for (unsigned int j = 0; j < d->max_vcpus && j < MAX_VIRT_CPUS; j++)
            if (d->vcpu[j] != NULL)
                vcpu_timers_run(d->vcpu[j], now_ns);
    }
}

static uint64_t
earlier(uint64_t best, uint64_t t)
{
    return t != 0 && (best == 0 || t < best) ? t : best;
}

uint64_t
timers_next_deadline(void)
{
    uint64_t best = 0;

    for (unsigned int i = 0; i < MAX_DOMAINS; i++) {
        struct domain *d = domain_table[i];

        if (d == NULL || d->is_dying)
            continue;
        for (unsigned int j = 0; j < d->max_vcpus && j < MAX_VIRT_CPUS; j++) {
            struct vcpu *v = d->vcpu[j];

            if (v == NULL)
                continue;
            best = earlier(best, v->singleshot_deadline_ns);
            if (v->periodic_period_ns != 0)
                best = earlier(best, v->periodic_next_ns);
        }
    }
    return best;
}

long
do_set_timer_op(uint64_t timeout_ns)
{
    struct vcpu *v = current;
    uint64_t now = arch_now_ns();
    int64_t t = (int64_t)timeout_ns;

    if (timeout_ns == 0) {
        v->singleshot_deadline_ns = 0;
        return 0;
    }
    /* Negative, or absurdly far ahead: Linux's wrapped jiffies (Xen). */
    if (t < 0 || (timeout_ns > now && timeout_ns - now >= TIMER_HUGE_DELTA_NS))
        timeout_ns = now + TIMER_HUGE_FALLBACK_NS;
    singleshot_arm(v, timeout_ns, now);
    return 0;
}

/* ---- sched_op ---- */

static long
sched_block(struct vcpu *v)
{
    struct vcpu_info *vi = vcpu_info_of(v);

    /* Enable delivery and look for a pending upcall before sleeping, so
     * "unmask, then block" cannot lose a wakeup. */
    __atomic_store_n(&vi->evtchn_upcall_mask, 0, __ATOMIC_SEQ_CST);
    v->is_blocked = true;
    if (__atomic_load_n(&vi->evtchn_upcall_pending, __ATOMIC_SEQ_CST)) {
        v->is_blocked = false;
        return 0;
    }
    vcpu_runstate_change(v, VCPU_BLOCKED, arch_now_ns());
    sched_sleep(v);
    arch_vcpu_block(v);
    return 0;
}

/*
 * Shut d down for reason.  A code set earlier with SCHEDOP_shutdown_code
 * wins (Xen).  Until struct domain has a field of its own for it, that code
 * waits in d->shutdown_reason while d is still running.
 */
static long
sched_shutdown(struct domain *d, uint32_t reason)
{
    if (reason > SHUTDOWN_MAX)
        return -EINVAL;
    if (!d->is_shut_down && d->shutdown_reason != SHUTDOWN_REASON_NONE)
        reason = (uint32_t)d->shutdown_reason;
    domain_shutdown(d, (int)reason);
    return 0;
}

static long
sched_shutdown_code(struct domain *d, uint64_t arg)
{
    struct sched_shutdown s;

    if (copy_from_guest(&s, arg, sizeof(s)))
        return -EFAULT;
    if (s.reason > SHUTDOWN_MAX)
        return -EINVAL;
    if (!d->is_shut_down && d->shutdown_reason == SHUTDOWN_REASON_NONE)
        d->shutdown_reason = (int)s.reason;
    return 0;
}

static long
sched_remote_shutdown(struct domain *cd, uint64_t arg)
{
    struct sched_remote_shutdown r;
    struct domain *d;

    if (copy_from_guest(&r, arg, sizeof(r)))
        return -EFAULT;
    d = domain_lookup(r.domain_id);
    if (d == NULL)
        return -ESRCH;
    if (!cd->is_privileged)
        return -EPERM;
    return sched_shutdown(d, r.reason);
}

/*
 * Minimal poll: true to Xen's interface, but instead of sleeping until one
 * of the ports fires it returns at once (a spurious wakeup, which every
 * poller must tolerate and re-check).
 */
static long
sched_poll(struct domain *d, uint64_t arg)
{
    struct sched_poll p;

    if (copy_from_guest(&p, arg, sizeof(p)))
        return -EFAULT;
    if (p.nr_ports > SCHED_POLL_MAX_PORTS)
        return -EINVAL;
    if (!guest_range_ok(p.ports, (size_t)p.nr_ports * sizeof(evtchn_port_t)))
        return -EFAULT;
    for (uint32_t i = 0; i < p.nr_ports; i++) {
        evtchn_port_t port;

        if (copy_from_guest(&port, p.ports + i * sizeof(port), sizeof(port)))
            return -EFAULT;
        if (port >= d->nr_evtchn)
            return -EINVAL;
    }
    return 0;           /* pending or not, we return now */
}

long
do_sched_op(int cmd, uint64_t arg)
{
    struct vcpu *v = current;
    struct sched_shutdown s;

    switch (cmd) {
    case SCHEDOP_yield:
        sched_yield_vcpu(v);
        return 0;
    case SCHEDOP_block:
        return sched_block(v);
    case SCHEDOP_shutdown:
        if (copy_from_guest(&s, arg, sizeof(s)))
            return -EFAULT;
        return sched_shutdown(v->domain, s.reason);
    case SCHEDOP_poll:
        return sched_poll(v->domain, arg);
    case SCHEDOP_remote_shutdown:
        return sched_remote_shutdown(v->domain, arg);
    case SCHEDOP_shutdown_code:
        return sched_shutdown_code(v->domain, arg);
    default:
        return -ENOSYS;
    }
}

/* Hypercall 6: the old sched_op; shutdown takes the reason by value. */
long
do_sched_op_compat(int cmd, uint64_t arg)
{
    switch (cmd) {
    case SCHEDOP_yield:
        sched_yield_vcpu(current);
        return 0;
    case SCHEDOP_block:
        return sched_block(current);
    case SCHEDOP_shutdown:
        return sched_shutdown(current->domain,
                              arg > SHUTDOWN_MAX ? ~0U : (uint32_t)arg);
    default:
        return -ENOSYS;
    }
}

/* ---- vcpu_op ---- */

static long
vcpu_get_runstate_info(const struct vcpu *v, uint64_t arg)
{
    struct vcpu_runstate_info ri = { 0 };
    int state;

    vcpu_runstate_get(v, arch_now_ns(), ri.time, &ri.state_entry_time, &state);
    ri.state = state;
    return copy_to_guest(arg, &ri, sizeof(ri)) ? -EFAULT : 0;
}

static long
vcpu_set_periodic(struct vcpu *v, uint64_t arg)
{
    struct vcpu_set_periodic_timer p;

    if (copy_from_guest(&p, arg, sizeof(p)))
        return -EFAULT;
    if (p.period_ns < VCPU_PERIODIC_MIN_NS || p.period_ns > (uint64_t)INT64_MAX)
        return -EINVAL;
    v->periodic_period_ns = p.period_ns;
    v->periodic_next_ns = arch_now_ns() + p.period_ns;
    return 0;
}

static long
vcpu_set_singleshot(struct vcpu *v, uint64_t arg)
{
    struct vcpu_set_singleshot_timer s;
    uint64_t now;

    if (v != current)
        return -EINVAL;
    if (copy_from_guest(&s, arg, sizeof(s)))
        return -EFAULT;
    /* Xen 4.17 ignores VCPU_SSHOTTMR_future (measured with the test
     * kernels): a deadline in the past fires at once either way. */
    now = arch_now_ns();
    singleshot_arm(v, s.timeout_abs_ns, now);
    return 0;
}

long
do_vcpu_op(int cmd, unsigned int vcpuid, uint64_t arg)
{
    struct domain *d = current->domain;
    struct vcpu *v;

    if (vcpuid >= d->max_vcpus || vcpuid >= MAX_VIRT_CPUS)
        return -ENOENT;
    v = d->vcpu[array_index_nospec(vcpuid, MAX_VIRT_CPUS)];
    if (v == NULL)
        return -ENOENT;
    switch (cmd) {
    case VCPUOP_is_up:
        return v->is_up ? 1 : 0;
    case VCPUOP_get_runstate_info:
        return vcpu_get_runstate_info(v, arg);
    case VCPUOP_set_periodic_timer:
        return vcpu_set_periodic(v, arg);
    case VCPUOP_stop_periodic_timer:
        v->periodic_period_ns = 0;
        v->periodic_next_ns = 0;
        return 0;
    case VCPUOP_set_singleshot_timer:
        return vcpu_set_singleshot(v, arg);
    case VCPUOP_stop_singleshot_timer:
        if (v != current)
            return -EINVAL;
        v->singleshot_deadline_ns = 0;
        return 0;
    default:
        /* initialise/up/down, register_vcpu_info, runstate and time
         * areas, physid, NMI: not yet (guests fall back, or fail to
         * bring up secondary vCPUs). */
        return -ENOSYS;
    }
}
