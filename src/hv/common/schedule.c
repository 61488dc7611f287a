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
#include <string.h>     /* sched_credit.h's contracts use valid_read_string */

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

/*@ // vcpu_sched_ok, domain_vcpus_ok, domains_writable, sched_caller_ok:
    // schedule.h.

    // Every domain of the table and its vCPU slots below max_vcpus (and
    // below the array's size) readable: what the timer walks read.
    predicate timers_readable =
        \forall integer i; 0 <= i < MAX_DOMAINS && domain_table[i] != \null ==>
            \valid_read(domain_table[i]) &&
            \forall integer j; 0 <= j < domain_table[i]->max_vcpus &&
                0 <= j < MAX_VIRT_CPUS && domain_table[i]->vcpu[j] != \null ==>
                \valid_read(domain_table[i]->vcpu[j]);
*/

/* What raising VIRQ_TIMER on v may write (evtchn_set_pending's contract,
 * event.h): v's domain's shared_info and v's blocked and run state. */
#define TIMER_EVENT_ASSIGNS(v) \
    *xl_shinfo((v)->domain), (v)->is_blocked, (v)->runstate, \
    (v)->runstate_entry_ns, (v)->runstate_time_ns[0 .. 3]

/*
 * Guest copies of one typed object: 0 or -EFAULT.  Trusted contracts
 * (proofs/README.md, Assumed): copy_{from,to}_guest go through `void *`,
 * which WP's typed model does not follow; a copy in writes exactly the
 * object, a copy out nothing of the hypervisor's.
 */
/*@ requires \valid(dst);
    assigns *dst;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
guest_read_shutdown(struct sched_shutdown *dst, uint64_t va)
{
    return copy_from_guest(dst, va, sizeof(*dst));
}

/*@ requires \valid(dst);
    assigns *dst;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
guest_read_remote_shutdown(struct sched_remote_shutdown *dst, uint64_t va)
{
    return copy_from_guest(dst, va, sizeof(*dst));
}

/*@ requires \valid(dst);
    assigns *dst;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
guest_read_poll(struct sched_poll *dst, uint64_t va)
{
    return copy_from_guest(dst, va, sizeof(*dst));
}

/*@ requires \valid(dst);
    assigns *dst;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
guest_read_port(evtchn_port_t *dst, uint64_t va)
{
    return copy_from_guest(dst, va, sizeof(*dst));
}

/*@ requires \valid(dst);
    assigns *dst;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
guest_read_periodic(struct vcpu_set_periodic_timer *dst, uint64_t va)
{
    return copy_from_guest(dst, va, sizeof(*dst));
}

/*@ requires \valid(dst);
    assigns *dst;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
guest_read_singleshot(struct vcpu_set_singleshot_timer *dst, uint64_t va)
{
    return copy_from_guest(dst, va, sizeof(*dst));
}

/*@ requires \valid_read(src);
    assigns \nothing;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
guest_write_runstate(uint64_t va, const struct vcpu_runstate_info *src)
{
    return copy_to_guest(va, src, sizeof(*src));
}

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
    ASSERT((unsigned int)v->runstate <= VCPU_OFFLINE);
    /*@ loop invariant 0 <= i <= 4;
        loop assigns i, time_ns[0 .. 3];
        loop variant 4 - i;
    */
    for (unsigned int i = 0; i < 4; i++)
        time_ns[i] = v->runstate_time_ns[i];
    if (now > v->runstate_entry_ns)
        time_ns[v->runstate] += now - v->runstate_entry_ns;
    *entry_ns = v->runstate_entry_ns;
    *state = (int)v->runstate;
}

/* The scheduler's wake-up (sched_credit.c).  Trusted contract (README,
 * Assumed), as block_sleep's: it changes the run queue and v's sched_vcpu,
 * which are not core memory WP sees. */
/*@ requires vcpu_sched_ok(v);
    assigns \nothing;
*/
static void
wake(struct vcpu *v)
{
    sched_wake(v);
}

/*@ requires vcpu_sched_ok(v);
    assigns v->is_blocked, v->runstate, v->runstate_entry_ns,
            v->runstate_time_ns[0 .. 3];
    ensures vcpu_sched_ok(v);
    ensures woken: \result == \old(v->is_blocked);
    ensures unblocked: !v->is_blocked;
    ensures runnable: \old(v->is_blocked) ==> v->runstate == VCPU_RUNNABLE;
    ensures same: !\old(v->is_blocked) ==> v->runstate == \old(v->runstate);
*/
bool
vcpu_unblock(struct vcpu *v)
{
    if (!v->is_blocked)
        return false;
    v->is_blocked = false;
    vcpu_runstate_change(v, VCPU_RUNNABLE, arch_now_ns());
    wake(v);
    return true;
}

/* ---- timers ---- */

/* Trusted contract (README, Assumed): send_guest_vcpu_virq has none; it
 * raises the VIRQ's port through evtchn_set_pending (whose contract the
 * assigns below is), and vcpu_unblock keeps the runstate in range. */
/*@ requires vcpu_sched_ok(v);
    assigns TIMER_EVENT_ASSIGNS(v);
    ensures vcpu_sched_ok(v);
*/
static void
send_timer_event(struct vcpu *v)
{
    send_guest_vcpu_virq(v, VIRQ_TIMER);
}

/* Arm v's single-shot timer; a deadline not in the future fires now. */
/*@ requires vcpu_sched_ok(v);
    assigns v->singleshot_deadline_ns, TIMER_EVENT_ASSIGNS(v);
    ensures vcpu_sched_ok(v);
    ensures armed: deadline > now ==> v->singleshot_deadline_ns == deadline;
    ensures fired: deadline <= now ==> v->singleshot_deadline_ns == 0;
*/
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

/* A periodic period is at most INT64_MAX (vcpu_set_periodic) and now is
 * system time (<= INT64_MAX), so the next expiry does not wrap. */
/*@ requires vcpu_sched_ok(v);
    requires now <= 0x7fffffffffffffff;
    requires v->periodic_period_ns <= 0x7fffffffffffffff;
    assigns v->singleshot_deadline_ns, v->periodic_next_ns, TIMER_EVENT_ASSIGNS(v);
    ensures vcpu_sched_ok(v);
*/
static void
vcpu_timers_run(struct vcpu *v, uint64_t now)
{
    if (v->singleshot_deadline_ns != 0 && v->singleshot_deadline_ns <= now) {
        v->singleshot_deadline_ns = 0;
        send_timer_event(v);
    }
    if (v->periodic_period_ns != 0 && v->periodic_next_ns <= now) {
        /*@ assert no_wrap: now + v->periodic_period_ns <= 0xffffffffffffffff; */
        v->periodic_next_ns = now + v->periodic_period_ns;
        send_timer_event(v);
    }
}

/*@ // The timer walk's world (timers_run), in two parts.  Shape: pointers,
    // validity and separation, memory no timer write changes (the timer
    // and run-state fields and the shared_info hold no pointer).  Every
    // domain of the table is valid; each non-NULL vCPU slot (all 32, not
    // only those below max_vcpus) holds a valid vCPU of that domain, apart
    // from it and its shared_info (vcpu_sched_ok's separation), and
    // `timers_apart`: any slot's vCPU, of any domain, is v or apart from
    // v, and apart from v's domain's shared_info.
    predicate timers_apart(struct vcpu *v) =
        \forall integer i, j; 0 <= i < MAX_DOMAINS && 0 <= j < MAX_VIRT_CPUS &&
            domain_table[i] != \null && domain_table[i]->vcpu[j] != \null ==>
            (domain_table[i]->vcpu[j] == v ||
             \separated(domain_table[i]->vcpu[j], v)) &&
            \separated(domain_table[i]->vcpu[j], xl_shinfo(v->domain));

    predicate timers_slot_shape(struct domain *d, struct vcpu *v) =
        \valid(v) && v->domain == d && \separated(v, d, xl_shinfo(d)) &&
        timers_apart(v);

    predicate timers_shape =
        \forall integer i; 0 <= i < MAX_DOMAINS && domain_table[i] != \null ==>
            \valid(domain_table[i]) &&
            \forall integer j; 0 <= j < MAX_VIRT_CPUS &&
                domain_table[i]->vcpu[j] != \null ==>
                timers_slot_shape(domain_table[i], domain_table[i]->vcpu[j]);

    // Values, what the walk needs of every vCPU and keeps: the runstate
    // indexes runstate_time_ns[4], the period is at most INT64_MAX (as
    // vcpu_set_periodic stores it), so the next expiry does not wrap.
    predicate timers_vcpu_vals(struct vcpu *v) =
        0 <= v->runstate <= VCPU_OFFLINE &&
        v->periodic_period_ns <= 0x7fffffffffffffff;

    predicate timers_vals =
        \forall integer i, j; 0 <= i < MAX_DOMAINS && 0 <= j < MAX_VIRT_CPUS &&
            domain_table[i] != \null && domain_table[i]->vcpu[j] != \null ==>
            timers_vcpu_vals(domain_table[i]->vcpu[j]);

    // timers_run's precondition (assumed at its caller, the arch timer
    // interrupt: domain_create and vcpu_set_periodic establish it).
    predicate timers_world = timers_shape && timers_vals;
*/

/* What the timer walk may write: every vCPU slot's timer and run state,
 * every domain's shared_info. */
#define TIMERS_ASSIGNS \
    domain_table[0 .. MAX_DOMAINS - 1]->vcpu[0 .. MAX_VIRT_CPUS - 1]->singleshot_deadline_ns, \
    domain_table[0 .. MAX_DOMAINS - 1]->vcpu[0 .. MAX_VIRT_CPUS - 1]->periodic_next_ns, \
    domain_table[0 .. MAX_DOMAINS - 1]->vcpu[0 .. MAX_VIRT_CPUS - 1]->is_blocked, \
    domain_table[0 .. MAX_DOMAINS - 1]->vcpu[0 .. MAX_VIRT_CPUS - 1]->runstate, \
    domain_table[0 .. MAX_DOMAINS - 1]->vcpu[0 .. MAX_VIRT_CPUS - 1]->runstate_entry_ns, \
    domain_table[0 .. MAX_DOMAINS - 1]->vcpu[0 .. MAX_VIRT_CPUS - 1]->runstate_time_ns[0 .. 3], \
    { *xl_shinfo(domain_table[k]) | integer k; 0 <= k < MAX_DOMAINS }

/* One step of the walk: fire v's due timers (vcpu_timers_run).  Its own
 * function so that the frame (every other vCPU keeps its runstate and
 * period: `timers_apart`) is proved once, here, and stated to the loops
 * as `timers_vals`. */
/*@ requires now <= 0x7fffffffffffffff;
    requires \valid(v) && \valid(v->domain);
    requires \separated(v, v->domain, xl_shinfo(v->domain));
    requires timers_apart(v);
    requires timers_vcpu_vals(v);
    requires timers_shape && timers_vals;
    assigns v->singleshot_deadline_ns, v->periodic_next_ns, TIMER_EVENT_ASSIGNS(v);
    ensures timers_vals;
*/
static void
timers_vcpu_run(struct vcpu *v, uint64_t now)
{
    vcpu_timers_run(v, now);
}

/*@ requires now_ns <= 0x7fffffffffffffff;
    requires timers_world;
    assigns TIMERS_ASSIGNS;
    ensures timers_world;
*/
void
timers_run(uint64_t now_ns)
{
    /*@ loop invariant 0 <= i <= MAX_DOMAINS;
        loop invariant timers_shape && timers_vals;
        loop invariant d_ok: \forall integer k; 0 <= k < MAX_DOMAINS &&
            domain_table[k] != \null ==> \valid(domain_table[k]);
        loop assigns i, TIMERS_ASSIGNS;
        loop variant MAX_DOMAINS - i;
    */
    for (unsigned int i = 0; i < MAX_DOMAINS; i++) {
        struct domain *d = domain_table[i];

        if (d == NULL || d->is_dying)
            continue;
        /*@ loop invariant 0 <= j <= MAX_VIRT_CPUS;
            loop invariant d == domain_table[i];
            loop invariant timers_shape && timers_vals;
            loop assigns j, TIMERS_ASSIGNS;
            loop variant MAX_VIRT_CPUS - j;
        */
        for (unsigned int j = 0; j < d->max_vcpus && j < MAX_VIRT_CPUS; j++)
            if (d->vcpu[j] != NULL)
                timers_vcpu_run(d->vcpu[j], now_ns);
    }
}

/*@ assigns \nothing;
    ensures \result == best || \result == t;
*/
static uint64_t
earlier(uint64_t best, uint64_t t)
{
    return t != 0 && (best == 0 || t < best) ? t : best;
}

/* Reads only: the domain index < MAX_DOMAINS, the vCPU index < max_vcpus
 * and < MAX_VIRT_CPUS before d->vcpu[j]. */
/*@ requires timers_readable;
    assigns \nothing;
*/
uint64_t
timers_next_deadline(void)
{
    uint64_t best = 0;

    /*@ loop invariant 0 <= i <= MAX_DOMAINS;
        loop assigns i, best;
        loop variant MAX_DOMAINS - i;
    */
    for (unsigned int i = 0; i < MAX_DOMAINS; i++) {
        struct domain *d = domain_table[i];

        if (d == NULL || d->is_dying)
            continue;
        /*@ loop invariant 0 <= j <= MAX_VIRT_CPUS;
            loop assigns j, best;
            loop variant MAX_VIRT_CPUS - j;
        */
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

/* The deadline: 0 cancels; a negative one, or one at least 2^50 ns ahead,
 * becomes now + 100 ms (now <= INT64_MAX: no wrap). */
/*@ requires sched_caller_ok;
    assigns current->singleshot_deadline_ns, TIMER_EVENT_ASSIGNS(current);
    ensures \result == 0;
    ensures cancel: timeout_ns == 0 ==> current->singleshot_deadline_ns == 0;
    ensures bounded: current->singleshot_deadline_ns <=
        0x7fffffffffffffff + TIMER_HUGE_FALLBACK_NS;
*/
long
do_set_timer_op(uint64_t timeout_ns)
{
    struct vcpu *v = current;
    uint64_t now = arch_now_ns();

    if (timeout_ns == 0) {
        v->singleshot_deadline_ns = 0;
        return 0;
    }
    /* Negative (as Xen's signed s_time_t), or absurdly far ahead: Linux's
     * wrapped jiffies (Xen). */
    if (timeout_ns > (uint64_t)INT64_MAX || (timeout_ns > now && timeout_ns - now >= TIMER_HUGE_DELTA_NS)) {
        /*@ assert no_wrap: now + TIMER_HUGE_FALLBACK_NS <= 0xffffffffffffffff; */
        timeout_ns = now + TIMER_HUGE_FALLBACK_NS;
    }
    singleshot_arm(v, timeout_ns, now);
    return 0;
}

/* ---- sched_op ---- */

/* v's evtchn_upcall_mask := 0 (event delivery on), and a read of its
 * evtchn_upcall_pending: atomic accesses to v's vcpu_info in shared_info.
 * Trusted contracts (README, Assumed): GCC atomic builtins on the
 * vcpu_info vcpu_info_of finds (through the `void *` shared_info). */
/*@ requires vcpu_sched_ok(v);
    assigns *xl_shinfo(v->domain);
*/
static void
upcall_unmask(struct vcpu *v)
{
    __atomic_store_n(&vcpu_info_of(v)->evtchn_upcall_mask, 0, __ATOMIC_SEQ_CST);
}

/*@ requires vcpu_sched_ok(v);
    assigns \nothing;
*/
static bool
upcall_pending(struct vcpu *v)
{
    return __atomic_load_n(&vcpu_info_of(v)->evtchn_upcall_pending, __ATOMIC_SEQ_CST);
}

/* The scheduler (sched_credit.c) and arch hooks SCHEDOP_block and
 * SCHEDOP_yield end with.  Trusted contracts (README, Assumed): they
 * change the run queue and the arch's vCPU state, which are not core
 * memory WP sees; v stays well formed. */
/*@ requires vcpu_sched_ok(v);
    assigns \nothing;
*/
static void
block_sleep(struct vcpu *v)
{
    sched_sleep(v);
    arch_vcpu_block(v);
}

/*@ requires vcpu_sched_ok(v);
    assigns \nothing;
*/
static void
yield(struct vcpu *v)
{
    sched_yield_vcpu(v);
}

/* SCHEDOP_block: 0. */
/*@ requires vcpu_sched_ok(v);
    assigns *xl_shinfo(v->domain), v->is_blocked, v->runstate,
            v->runstate_entry_ns, v->runstate_time_ns[0 .. 3];
    ensures \result == 0;
*/
static long
sched_block(struct vcpu *v)
{
    /* Enable delivery and look for a pending upcall before sleeping, so
     * "unmask, then block" cannot lose a wakeup. */
    upcall_unmask(v);
    v->is_blocked = true;
    if (upcall_pending(v)) {
        v->is_blocked = false;
        return 0;
    }
    vcpu_runstate_change(v, VCPU_BLOCKED, arch_now_ns());
    block_sleep(v);
    return 0;
}

/* domain_shutdown (domain.c, no contract).  Trusted contract (README,
 * Assumed): it sets is_shut_down and shutdown_reason (the first request
 * wins), prints, and calls arch_domain_shutdown (arch state only). */
/*@ requires \valid(d);
    assigns d->is_shut_down, d->shutdown_reason;
    ensures d->is_shut_down;
*/
static void
shut_down(struct domain *d, int reason)
{
    domain_shutdown(d, reason);
}

/*
 * Shut d down for reason.  A code set earlier with SCHEDOP_shutdown_code
 * wins (Xen).  Until struct domain has a field of its own for it, that code
 * waits in d->shutdown_reason while d is still running.
 */
/*@ requires \valid(d);
    assigns d->is_shut_down, d->shutdown_reason;
    ensures \result == 0 || \result == -EINVAL;
    ensures bad: \result == -EINVAL <==> reason > SHUTDOWN_MAX;
    ensures done: \result == 0 ==> d->is_shut_down;
    ensures kept: \result != 0 ==> d->is_shut_down == \old(d->is_shut_down) &&
        d->shutdown_reason == \old(d->shutdown_reason);
*/
static long
sched_shutdown(struct domain *d, uint32_t reason)
{
    if (reason > SHUTDOWN_MAX)
        return -EINVAL;
    if (!d->is_shut_down && d->shutdown_reason != SHUTDOWN_REASON_NONE)
        reason = (uint32_t)d->shutdown_reason;
    shut_down(d, (int)reason);
    return 0;
}

/* A reason is stored only if it is a SHUTDOWN_* value. */
/*@ requires \valid(d);
    assigns d->shutdown_reason;
    ensures \result == 0 || \result == -EFAULT || \result == -EINVAL;
    ensures stored: d->shutdown_reason != \old(d->shutdown_reason) ==>
        \result == 0 && 0 <= d->shutdown_reason <= SHUTDOWN_MAX;
*/
static long
sched_shutdown_code(struct domain *d, uint64_t arg)
{
    struct sched_shutdown s;

    if (guest_read_shutdown(&s, arg))
        return -EFAULT;
    if (s.reason > SHUTDOWN_MAX)
        return -EINVAL;
    if (!d->is_shut_down && d->shutdown_reason == SHUTDOWN_REASON_NONE)
        d->shutdown_reason = (int)s.reason;
    return 0;
}

/* Only a privileged caller shuts another domain down. */
/*@ requires \valid_read(cd) && (current == \null || \valid_read(current));
    requires current != \null ==> \valid(current->domain);
    requires domains_writable;
    ensures \result == 0 || \result == -EFAULT || \result == -ESRCH ||
        \result == -EPERM || \result == -EINVAL;
    ensures privileged_only: \result == 0 ==> cd->is_privileged;
*/
static long
sched_remote_shutdown(struct domain *cd, uint64_t arg)
{
    struct sched_remote_shutdown r;
    struct domain *d;

    if (guest_read_remote_shutdown(&r, arg))
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
/*@ requires \valid_read(d);
    assigns \nothing;
    ensures \result == 0 || \result == -EFAULT || \result == -EINVAL;
*/
static long
sched_poll(struct domain *d, uint64_t arg)
{
    struct sched_poll p;

    if (guest_read_poll(&p, arg))
        return -EFAULT;
    if (p.nr_ports > SCHED_POLL_MAX_PORTS)
        return -EINVAL;
    /*@ assert array: p.nr_ports * sizeof(evtchn_port_t) <= 512; */
    if (!guest_range_ok(p.ports, (size_t)p.nr_ports * sizeof(evtchn_port_t)))
        return -EFAULT;
    /*@ loop invariant 0 <= i <= p.nr_ports <= SCHED_POLL_MAX_PORTS;
        loop assigns i;
        loop variant p.nr_ports - i;
    */
    for (uint32_t i = 0; i < p.nr_ports; i++) {
        evtchn_port_t port;

        /*@ assert in_array: i * sizeof(port) < 512; */
        /*@ assert no_wrap: p.ports + i * sizeof(port) + sizeof(port) - 1 <=
                0xffffffffffffffff; */
        if (guest_read_port(&port, p.ports + i * sizeof(port)))
            return -EFAULT;
        if (port >= d->nr_evtchn)
            return -EINVAL;
    }
    return 0;           /* pending or not, we return now */
}

/*@ requires sched_caller_ok && domains_writable;
    ensures unknown: (cmd < SCHEDOP_yield || cmd > SCHEDOP_shutdown_code) ==>
        \result == -ENOSYS;
    ensures errno: \result == 0 || \result == -EFAULT || \result == -EINVAL ||
        \result == -ESRCH || \result == -EPERM || \result == -ENOSYS;
*/
long
do_sched_op(int cmd, uint64_t arg)
{
    struct vcpu *v = current;
    struct sched_shutdown s;

    switch (cmd) {
    case SCHEDOP_yield:
        yield(v);
        return 0;
    case SCHEDOP_block:
        return sched_block(v);
    case SCHEDOP_shutdown:
        if (guest_read_shutdown(&s, arg))
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
/*@ requires sched_caller_ok;
    ensures unknown: (cmd < SCHEDOP_yield || cmd > SCHEDOP_shutdown) ==>
        \result == -ENOSYS;
    ensures bad_reason: cmd == SCHEDOP_shutdown && arg > SHUTDOWN_MAX ==>
        \result == -EINVAL;
    ensures errno: \result == 0 || \result == -EINVAL || \result == -ENOSYS;
*/
long
do_sched_op_compat(int cmd, uint64_t arg)
{
    switch (cmd) {
    case SCHEDOP_yield:
        yield(current);
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

/*@ requires vcpu_sched_ok(v);
    assigns \nothing;
    ensures \result == 0 || \result == -EFAULT;
*/
static long
vcpu_get_runstate_info(const struct vcpu *v, uint64_t arg)
{
    struct vcpu_runstate_info ri = { 0 };
    int state;

    vcpu_runstate_get(v, arch_now_ns(), ri.time, &ri.state_entry_time, &state);
    ri.state = state;
    return guest_write_runstate(arg, &ri) ? -EFAULT : 0;
}

/* A period of 1 ms .. INT64_MAX ns; now <= INT64_MAX, so the first expiry
 * does not wrap. */
/*@ requires vcpu_sched_ok(v);
    assigns v->periodic_period_ns, v->periodic_next_ns;
    ensures \result == 0 || \result == -EFAULT || \result == -EINVAL;
    ensures set: \result == 0 ==>
        VCPU_PERIODIC_MIN_NS <= v->periodic_period_ns <= 0x7fffffffffffffff &&
        v->periodic_next_ns >= v->periodic_period_ns;
    ensures kept: \result != 0 ==>
        v->periodic_period_ns == \old(v->periodic_period_ns) &&
        v->periodic_next_ns == \old(v->periodic_next_ns);
*/
static long
vcpu_set_periodic(struct vcpu *v, uint64_t arg)
{
    struct vcpu_set_periodic_timer p;
    uint64_t now;

    if (guest_read_periodic(&p, arg))
        return -EFAULT;
    if (p.period_ns < VCPU_PERIODIC_MIN_NS || p.period_ns > (uint64_t)INT64_MAX)
        return -EINVAL;
    v->periodic_period_ns = p.period_ns;
    now = arch_now_ns();
    /*@ assert no_wrap: now + p.period_ns <= 0xffffffffffffffff; */
    v->periodic_next_ns = now + p.period_ns;
    return 0;
}

/* Only the calling vCPU's own timer. */
/*@ requires vcpu_sched_ok(v) && \valid_read(current);
    assigns v->singleshot_deadline_ns, TIMER_EVENT_ASSIGNS(v);
    ensures \result == 0 || \result == -EFAULT || \result == -EINVAL;
    ensures own: \result == 0 ==> v == current;
*/
static long
vcpu_set_singleshot(struct vcpu *v, uint64_t arg)
{
    struct vcpu_set_singleshot_timer s;
    uint64_t now;

    if (v != current)
        return -EINVAL;
    if (guest_read_singleshot(&s, arg))
        return -EFAULT;
    /* Xen 4.17 ignores VCPU_SSHOTTMR_future (measured with the test
     * kernels): a deadline in the past fires at once either way. */
    now = arch_now_ns();
    singleshot_arm(v, s.timeout_abs_ns, now);
    return 0;
}

/* The guest's vCPU id is checked against the domain's max_vcpus and the
 * array's size before it indexes d->vcpu (clamped for speculation too). */
/*@ requires sched_caller_ok;
    ensures bounded: \result != -ENOENT ==>
        vcpuid < \old(current->domain->max_vcpus) && vcpuid < MAX_VIRT_CPUS &&
        \old(current->domain->vcpu[vcpuid]) != \null;
    ensures absent: vcpuid >= \old(current->domain->max_vcpus) ||
        vcpuid >= MAX_VIRT_CPUS ==> \result == -ENOENT;
    ensures errno: \result == 0 || \result == 1 || \result == -ENOENT ||
        \result == -EFAULT || \result == -EINVAL || \result == -ENOSYS;
*/
long
do_vcpu_op(int cmd, unsigned int vcpuid, uint64_t arg)
{
    struct domain *d = current->domain;
    struct vcpu *v;

    if (vcpuid >= d->max_vcpus || vcpuid >= MAX_VIRT_CPUS)
        return -ENOENT;
    /*@ assert bounded: vcpuid < d->max_vcpus && vcpuid < MAX_VIRT_CPUS; */
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
