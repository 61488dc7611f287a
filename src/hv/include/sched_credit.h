/*
 * sched_credit.h - choosing which vCPU runs next: a credit scheduler in the
 * manner of Xen's credit1, and a trivial round-robin one, behind one small
 * table of operations picked with the boot option sched=credit|rr.
 *
 * Environment: hosted and hypervisor (portable core).  One physical CPU
 * (SCHED_NR_CPUS); no locks (the boot CPU only, as the rest of the core).
 *
 * Objects and who calls what:
 *   - sched_init_domain(d) after domain_create, then sched_init_vcpu(v) for
 *     each of its vCPUs; sched_destroy_domain(d) before domain_destroy
 *     (it also drops the state of every vCPU of d).  A vCPU or domain with
 *     no scheduler state (v->sched == NULL) is never picked, and the hooks
 *     below ignore it.
 *   - sched_wake(v) when v may have become runnable (vcpu_unblock calls it;
 *     so should unpause and vCPU bring-up); sched_sleep(v) when v stops
 *     being runnable (SCHEDOP_block calls it; so should pause).  Neither is
 *     required for correctness of the choice - runnability is read from
 *     the flags at every pick - but wake gives the BOOST and both raise
 *     sched_need_resched() when the running vCPU should be preempted.
 *   - The arch, on its CPU: when the slice ends (timer), when the running
 *     vCPU blocks or yields, or when sched_need_resched() is true:
 *         sched_account(prev, ns prev actually ran);
 *         next = sched_pick_next(now, prev, &slice);
 *     then run next (NULL: idle, hlt) and program the timer for slice.
 *
 * A vCPU is runnable when v->is_up && !v->is_blocked and its domain is not
 * paused, dying, shut down or crashed.
 *
 * Credit (Xen credit1 idea, this project's own code):
 *   - credit is kept in ns of CPU time.  Every accounting period
 *     (SCHED_ACCT_PERIOD_NS) the CPU time of the period is shared out to
 *     the active domains (a runnable vCPU, or one that ran in the period) in
 *     proportion to their weights, and within a domain equally to its
 *     active vCPUs.  Running costs credit ns for ns (sched_account).
 *   - priority BOOST > UNDER (credit >= 0) > OVER (credit < 0); equal
 *     priorities run in turn (a vCPU that ran goes to the back).  A vCPU
 *     woken from sleep while UNDER is BOOSTed until it is next accounted,
 *     so an I/O-bound guest runs soon after its event.
 *   - cap: percent of one CPU a domain may use per period (0 = no cap).
 *     Its slices are cut to what is left of that budget; a domain at its
 *     budget is parked (not picked) until the next period, and its share of
 *     credit never exceeds its cap, the rest going to the other domains.
 *   - slices are SCHED_SLICE_NS, cut so they end no later than the next
 *     accounting boundary (so a parked domain gets its next budget on time).
 * Round-robin (sched=rr): every runnable vCPU in turn for SCHED_SLICE_NS;
 * weights and caps are stored but ignored.
 */
#ifndef XL_SCHED_CREDIT_H
#define XL_SCHED_CREDIT_H

#include <stdbool.h>
#include <stdint.h>
#include <domain.h>
#include <xl_errno.h>

#define SCHED_NR_CPUS           1U
#define SCHED_SLICE_NS          30000000ULL     /* 30 ms, Xen's default tslice */
#define SCHED_ACCT_PERIOD_NS    30000000ULL     /* Xen credit1: 3 ticks of 10 ms */
#define SCHED_DEFAULT_WEIGHT    256U
#define SCHED_WEIGHT_MIN        1U
#define SCHED_WEIGHT_MAX        65535U
#define SCHED_CAP_MAX           (100U * SCHED_NR_CPUS)

enum sched_pri { SCHED_PRI_OVER = 0, SCHED_PRI_UNDER = 1, SCHED_PRI_BOOST = 2 };

/* Per-domain state: d->sched. */
struct sched_domain {
    struct domain *dom;
    unsigned int weight;            /* SCHED_WEIGHT_MIN .. SCHED_WEIGHT_MAX */
    unsigned int cap;               /* 0 (none) .. SCHED_CAP_MAX percent */
    uint64_t cap_used_ns;           /* run time charged against the cap,
                                       less one budget per period (>= 0) */
    bool parked;                    /* cap_used_ns >= budget: not picked */
};

/* Per-vCPU state: v->sched. */
struct sched_vcpu {
    struct vcpu *vcpu;
    int64_t credit_ns;              /* > 0: UNDER; < 0: OVER */
    bool boost;                     /* woken UNDER; cleared when accounted */
    bool queued;                    /* runnable at the last look (wake/pick) */
    bool ran_in_period;             /* accounted since the last refill */
    uint64_t seq;                   /* turn order: smaller runs first */
    uint64_t run_ns;                /* statistics: total time accounted */
    uint64_t nr_scheduled;          /* statistics: times picked */
};

struct sched_vcpu_stats {
    uint64_t run_ns;                /* total run time charged */
    uint64_t nr_scheduled;          /* times returned by sched_pick_next */
    int64_t credit_ns;              /* credit now (0 under sched=rr) */
    enum sched_pri pri;             /* priority now */
};

/*@ predicate sched_params_ok(integer w, integer c) =
        SCHED_WEIGHT_MIN <= w <= SCHED_WEIGHT_MAX && 0 <= c <= SCHED_CAP_MAX;
    predicate sched_domain_valid(struct sched_domain *s) =
        \valid(s) && sched_params_ok(s->weight, s->cap);
*/

/* Allocate d's state: weight 256, no cap.  -ENOMEM, or -EEXIST if set. */
int sched_init_domain(struct domain *d);
/* Drop d's state and that of each of its vCPUs (picked no more). */
void sched_destroy_domain(struct domain *d);
/* Allocate v's state (d must have its own): -EINVAL, -EEXIST, -ENOMEM. */
int sched_init_vcpu(struct vcpu *v);
void sched_destroy_vcpu(struct vcpu *v);

void sched_wake(struct vcpu *v);
void sched_sleep(struct vcpu *v);

/* Should the running vCPU be switched out now (a wake-up outranks it, or
 * it went to sleep)?  Cleared by sched_pick_next. */
void sched_yield_vcpu(struct vcpu *v);
bool sched_need_resched(void);

/* Next vCPU to run at now, NULL for idle; *slice_ns how long (> 0).  prev
 * is the vCPU that ran until now (NULL: idle): it goes to the back of its
 * priority.  Refills credit when an accounting period has passed. */
struct vcpu *sched_pick_next(uint64_t now_ns, struct vcpu *prev, uint64_t *slice_ns);

/* Charge ran_ns of CPU time to v (its credit, its domain's cap). */
void sched_account(struct vcpu *v, uint64_t ran_ns);

void sched_vcpu_stats(const struct vcpu *v, struct sched_vcpu_stats *out);

/*@ requires \valid(d);
    requires d->sched == \null || \valid(d->sched);
    assigns d->sched->weight, d->sched->cap, d->sched->parked;
    behavior no_state:
      assumes d->sched == \null;
      ensures \result == -EINVAL;
    behavior bad:
      assumes d->sched != \null && !sched_params_ok(weight, cap);
      ensures \result == -EINVAL;
    behavior good:
      assumes d->sched != \null && sched_params_ok(weight, cap);
      ensures \result == 0;
      ensures d->sched->weight == weight && d->sched->cap == cap;
    complete behaviors;
    disjoint behaviors;
*/
int sched_set_params(struct domain *d, unsigned int weight, unsigned int cap);

/* Weight and cap of d (0, 0 if it has no scheduler state). */
/*@ requires \valid_read(d) && \valid(weight) && \valid(cap);
    requires d->sched == \null || \valid_read(d->sched);
    requires \separated(weight, cap);
    requires d->sched != \null ==> \separated(weight, cap, d->sched);
    assigns *weight, *cap;
    ensures d->sched == \null ==> *weight == 0 && *cap == 0;
    ensures d->sched != \null ==> *weight == d->sched->weight && *cap == d->sched->cap;
*/
void sched_get_params(const struct domain *d, unsigned int *weight, unsigned int *cap);

/* Use the scheduler called name ("credit", "rr"): 0, or -EINVAL for an
 * unknown name (the choice stays).  The boot code calls it for sched=. */
/*@ requires name == \null || valid_read_string(name);
    ensures \result == 0 || \result == -EINVAL;
*/
int sched_select(const char *name);
/* Forget the accounting clock and the running vCPU (the next pick starts
 * a period): at boot, and for tests that restart the clock. */
void sched_reset(void);

/* Name of the scheduler in use. */
const char *sched_name(void);

/* Is v runnable (see above)? */
/*@ requires \valid_read(v) && \valid_read(v->domain);
    assigns \nothing;
    ensures \result <==> (v->is_up && !v->is_blocked && !v->domain->is_paused &&
                          !v->domain->is_dying && !v->domain->is_shut_down &&
                          !v->domain->is_crashed);
*/
bool sched_vcpu_runnable(const struct vcpu *v);

#endif /* XL_SCHED_CREDIT_H */
