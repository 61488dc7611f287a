/*
 * schedule.h - sched_op, set_timer_op, vcpu_op: blocking, shutdown, vCPU
 * timers and runstate accounting.
 *
 * Environment: hosted and hypervisor (portable core).
 *
 * (Named schedule.h, not sched.h, after its schedule.c, and because the
 * hosted build puts src/hv/include first on the include path, where a
 * sched.h would shadow the C library's for <pthread.h>.)
 *
 * vCPU states and who changes them:
 *   - v->runstate / runstate_entry_ns / runstate_time_ns[] change only
 *     through vcpu_runstate_change(), which charges the time spent in the
 *     old state; the arch scheduler calls it on every context switch, the
 *     core on block and wake-up.  Invariant: sum(runstate_time_ns) +
 *     (now - runstate_entry_ns) == now - (time the vCPU was created).
 *   - v->is_blocked: set by SCHEDOP_block (the vCPU waits for an event),
 *     cleared by vcpu_unblock(), which event delivery calls.
 * vCPU timers (fields in struct vcpu, absolute system time in ns, 0 = off):
 *   - the single-shot timer (set_timer_op, VCPUOP_set_singleshot_timer);
 *   - the periodic timer (VCPUOP_set_periodic_timer), period >= 1 ms.
 * Both raise VIRQ_TIMER on their vCPU when timers_run() finds them due;
 * the arch calls timers_run(arch_now_ns()) from its timer interrupt and
 * may program the next interrupt for timers_next_deadline().
 *
 * Xen facts followed here (xen/common/sched/core.c, xen/common/domain.c):
 *   - SCHEDOP_block enables event delivery (clears evtchn_upcall_mask) and
 *     does not block if an upcall is already pending;
 *   - set_timer_op(0) cancels; a negative timeout, or one more than 2^50 ns
 *     (about 13 days) ahead, is taken as "in 100 ms" (Linux jiffy-wrap
 *     workaround); a deadline in the past fires at once;
 *   - vcpu_op on a vCPU id the domain does not have: -ENOENT;
 *   - set_periodic_timer: period < 1 ms or > INT64_MAX ns: -EINVAL;
 *   - set_singleshot_timer / stop_singleshot_timer only on the calling vCPU
 *     (-EINVAL otherwise); VCPU_SSHOTTMR_future with a past deadline:
 *     fires at once when the deadline is past (Xen 4.17 ignores VCPU_SSHOTTMR_future).
 */
#ifndef XL_SCHEDULE_H
#define XL_SCHEDULE_H

#include <stdbool.h>
#include <stdint.h>
#include <domain.h>
#include <event.h>     /* xl_shinfo */

/* Xen's ETIME (62), missing from xl_errno.h so far. */
#ifndef ETIME
#define ETIME 62
#endif

#define MILLISECS(ms) ((uint64_t)(ms) * 1000000ULL)
/* Shortest periodic timer a guest may ask for (Xen's limit). */
#define VCPU_PERIODIC_MIN_NS MILLISECS(1)
/* A timeout this far ahead (2^50 ns) is treated as bogus, as in Xen. */
#define TIMER_HUGE_DELTA_NS (1ULL << 50)
#define TIMER_HUGE_FALLBACK_NS MILLISECS(100)

/*@ // v's runstate indexes runstate_time_ns[4]; v and its domain are
    // writable, and apart from each other and from the domain's
    // shared_info (what raising an event writes).
    predicate vcpu_sched_ok(struct vcpu *v) =
        \valid(v) && \valid(v->domain) && 0 <= v->runstate <= VCPU_OFFLINE &&
        \separated(v, v->domain, xl_shinfo(v->domain));

    // The vCPU slots a guest may name (below max_vcpus and below the
    // array's size) are empty or well-formed vCPUs.
    predicate domain_vcpus_ok(struct domain *d) =
        \valid(d) &&
        \forall integer i; 0 <= i < d->max_vcpus && 0 <= i < MAX_VIRT_CPUS &&
            d->vcpu[i] != \null ==> vcpu_sched_ok(d->vcpu[i]);

    // Every domain of the table is writable (SCHEDOP_remote_shutdown).
    predicate domains_writable =
        \forall integer i; 0 <= i < MAX_DOMAINS && domain_table[i] != \null ==>
            \valid(domain_table[i]);

    // What a sched_op/set_timer_op/vcpu_op call finds: the calling vCPU
    // and every vCPU of its domain well formed (the arch entry code and
    // domain_create establish it; assumed at the dispatcher).
    predicate sched_caller_ok =
        vcpu_sched_ok(current) && domain_vcpus_ok(current->domain);
*/

/* Hypercalls. */
long do_sched_op(int cmd, uint64_t arg);
long do_sched_op_compat(int cmd, uint64_t arg);
long do_set_timer_op(uint64_t timeout_ns);
long do_vcpu_op(int cmd, unsigned int vcpuid, uint64_t arg);

/* Charge the time since v's last change to its old state and enter st
 * (a time before the last change charges nothing and keeps the entry). */
/*@ requires \valid(v) && 0 <= st <= 3;
    assigns v->runstate, v->runstate_entry_ns, v->runstate_time_ns[0 .. 3];
    ensures v->runstate == st;
    ensures v->runstate_entry_ns == \max(now, \old(v->runstate_entry_ns));
    ensures now >= \old(v->runstate_entry_ns) ==> v->runstate_entry_ns == now;
*/
void vcpu_runstate_change(struct vcpu *v, enum vcpu_runstate st, uint64_t now);

/* Runstate as VCPUOP_get_runstate_info reports it at time now: the time in
 * the current state is included. */
/*@ requires \valid_read(v);
    requires \valid(time_ns + (0 .. 3)) && \valid(entry_ns) && \valid(state);
    requires \separated(time_ns + (0 .. 3), entry_ns, state);
    assigns time_ns[0 .. 3], *entry_ns, *state;
    ensures 0 <= *state <= 3;
    ensures *entry_ns == v->runstate_entry_ns;
*/
void vcpu_runstate_get(const struct vcpu *v, uint64_t now,
                       uint64_t time_ns[4], uint64_t *entry_ns, int *state);

/* Wake v if SCHEDOP_block put it to sleep (runnable again).  Returns true
 * if it was blocked. */
bool vcpu_unblock(struct vcpu *v);

/* Fire every due vCPU timer of every domain as VIRQ_TIMER. */
void timers_run(uint64_t now_ns);

/* Earliest armed deadline of any vCPU, or 0 when none is armed. */
uint64_t timers_next_deadline(void);

/*
 * ---- arch hook ----
 *
 * arch_vcpu_block(v): v (== current) has just been marked blocked
 * (v->is_blocked, runstate blocked) inside SCHEDOP_block.  The arch must
 * not resume v's guest code until v->is_blocked is false again (an event
 * or a timer calls vcpu_unblock): run another vCPU, or idle (hlt with
 * interrupts on, calling timers_run on each tick).  When v resumes, the
 * hypercall returns 0.  The hook may return to the core at once (the
 * hosted platform does): the core does nothing after it but return.
 */
void arch_vcpu_block(struct vcpu *v);

#endif /* XL_SCHEDULE_H */
