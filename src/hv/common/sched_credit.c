/*
 * sched_credit.c - the credit scheduler and the round-robin one, behind a
 * table of operations (see sched_credit.h for the rules and who calls what).
 *
 * Environment: hosted and hypervisor (portable core).
 *
 * There is no explicit run queue: the vCPUs are found through domain_table
 * and d->vcpu[], and whether one is runnable is read from its flags at each
 * pick, so a flag changed without a sched_wake/sched_sleep (pause from the
 * toolstack, crash) can never leave a stale queue entry.  Turn order is a
 * sequence number: a vCPU goes to the back by taking the next one.  One
 * CPU and at most MAX_DOMAINS * MAX_VIRT_CPUS (2048) vCPUs make the scan
 * cheap enough for a teaching hypervisor.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <domain.h>
#include <lib.h>
#include <sched_credit.h>
#include <xl_errno.h>
#include <xmalloc.h>

/* Credit kept per vCPU lies within +-CREDIT_BOUND; a vCPU that is not
 * runnable banks at most CREDIT_IDLE_MAX (Xen credit1: it stops earning). */
#define CREDIT_BOUND_NS     ((int64_t)(4 * SCHED_SLICE_NS))
#define CREDIT_IDLE_MAX_NS  ((int64_t)SCHED_SLICE_NS)
/* After a long idle, credit and cap budgets catch up this many periods. */
#define ACCT_CATCHUP_MAX    4U

#define NR_SLOTS (MAX_DOMAINS * MAX_VIRT_CPUS)

struct sched_ops {
    const char *name;
    /* Pick among the runnable vCPUs; *slice_ns how long. */
    struct sched_vcpu *(*pick)(uint64_t now, uint64_t *slice_ns);
    /* Optional (NULL: nothing to do): a real wake-up; run time charged. */
    void (*wake)(struct sched_vcpu *sv);
    void (*account)(struct sched_vcpu *sv, uint64_t ran_ns);
};

static const struct sched_ops *ops;    /* NULL: credit (see cur_ops) */
static uint64_t next_seq;               /* turn order counter */
static struct sched_vcpu *running;      /* last picked, NULL = idle */
static bool resched;                    /* sched_need_resched() */
static bool acct_started;               /* credit: first refill done */
static uint64_t last_acct_ns;           /* credit: start of this period */

/* ---- common helpers ---- */

bool
sched_vcpu_runnable(const struct vcpu *v)
{
    const struct domain *d = v->domain;

    return v->is_up && !v->is_blocked && !d->is_paused && !d->is_dying &&
           !d->is_shut_down && !d->is_crashed;
}

/* The scheduler state of vCPU slot k (domain k / 32, vCPU k % 32), or NULL. */
static struct sched_vcpu *
slot_sv(unsigned int k)
{
    struct domain *d = domain_table[k / MAX_VIRT_CPUS];
    unsigned int i = k % MAX_VIRT_CPUS;

    if (d == NULL || d->sched == NULL || i >= d->max_vcpus || d->vcpu[i] == NULL)
        return NULL;
    return d->vcpu[i]->sched;
}

/* The first slot at or after k that holds a vCPU (NR_SLOTS: none).  A
 * missing domain and the slots past a domain's max_vcpus are skipped
 * whole, so a pass over the slots costs the domains and vCPUs that exist
 * rather than all 2048 slots: with three passes per schedule() that was
 * ~100k instructions per context switch, most of an interdomain event's
 * latency (make bench). */
static unsigned int
slot_next(unsigned int k)
{
    while (k < NR_SLOTS) {
        const struct domain *d = domain_table[k / MAX_VIRT_CPUS];

        if (d == NULL || d->sched == NULL || k % MAX_VIRT_CPUS >= d->max_vcpus)
            k = (k / MAX_VIRT_CPUS + 1) * MAX_VIRT_CPUS;
        else if (slot_sv(k) == NULL)
            k++;
        else
            return k;
    }
    return NR_SLOTS;
}

/* Every slot k with a vCPU (slot_sv(k) != NULL), in slot order. */
#define for_each_slot(k) \
    for (unsigned int k = slot_next(0); k < NR_SLOTS; k = slot_next(k + 1))

static struct sched_domain *
sv_dom(const struct sched_vcpu *sv)
{
    return sv->vcpu->domain->sched;
}

static enum sched_pri
sv_pri(const struct sched_vcpu *sv)
{
    if (sv->boost)
        return SCHED_PRI_BOOST;
    return sv->credit_ns >= 0 ? SCHED_PRI_UNDER : SCHED_PRI_OVER;
}

/* Higher priority first, then whoever has waited longest. */
static bool
sv_before(const struct sched_vcpu *a, const struct sched_vcpu *b)
{
    if (b == NULL)
        return true;
    if (sv_pri(a) != sv_pri(b))
        return sv_pri(a) > sv_pri(b);
    return a->seq < b->seq;
}

static int64_t
clamp_credit(int64_t c, int64_t hi)
{
    if (c > hi)
        return hi;
    return c < -CREDIT_BOUND_NS ? -CREDIT_BOUND_NS : c;
}

/* ---- credit ---- */

/* CPU time d may use per accounting period (its cap), 0 if uncapped. */
/*@ requires \valid_read(sd);
    assigns \nothing;
    ensures \result == (SCHED_ACCT_PERIOD_NS * sd->cap / 100) % 18446744073709551616;
*/
static uint64_t
cap_budget_ns(const struct sched_domain *sd)
{
    return SCHED_ACCT_PERIOD_NS * sd->cap / 100U;
}

static bool
sv_active(const struct sched_vcpu *sv)
{
    return sched_vcpu_runnable(sv->vcpu) || sv->ran_in_period;
}

/*
 * Share total ns of credit among the domains with active vCPUs, by weight.
 * A capped domain whose fair share is above its budget (times n periods)
 * gets its budget, and the rest is shared again among the others
 * (water-filling: repeat until no capped domain is over).
 */
static void
credit_shares(uint64_t total, unsigned int n, uint64_t grant[MAX_DOMAINS],
              const unsigned int nact[MAX_DOMAINS])
{
    bool settled[MAX_DOMAINS] = { false };
    bool again = true;

    while (again) {
        uint64_t w = 0, rem = total;

        again = false;
        for (unsigned int i = 0; i < MAX_DOMAINS; i++) {
            if (nact[i] == 0)
                continue;
            if (settled[i])
                rem -= grant[i];
            else
                w += domain_table[i]->sched->weight;
        }
        for (unsigned int i = 0; i < MAX_DOMAINS && w != 0; i++) {
            struct sched_domain *sd;

            if (nact[i] == 0 || settled[i])
                continue;
            sd = domain_table[i]->sched;
            grant[i] = rem * sd->weight / w;
            if (sd->cap != 0 && grant[i] > cap_budget_ns(sd) * n) {
                grant[i] = cap_budget_ns(sd) * n;
                settled[i] = again = true;
            }
        }
    }
}

/* Refill credit for n periods and give each capped domain n budgets. */
static void
credit_refill(unsigned int n)
{
    uint64_t grant[MAX_DOMAINS] = { 0 };
    unsigned int nact[MAX_DOMAINS] = { 0 };

    for_each_slot(k) {
        struct sched_vcpu *sv = slot_sv(k);

        if (sv != NULL && sv_active(sv))
            nact[k / MAX_VIRT_CPUS]++;
    }
    credit_shares(SCHED_ACCT_PERIOD_NS * SCHED_NR_CPUS * n, n, grant, nact);
    for_each_slot(k) {
        struct sched_vcpu *sv = slot_sv(k);
        unsigned int di = k / MAX_VIRT_CPUS;
        int64_t hi;

        if (sv == NULL)
            continue;
        if (sv_active(sv))
            sv->credit_ns += (int64_t)(grant[di] / nact[di]);
        hi = sched_vcpu_runnable(sv->vcpu) ? CREDIT_BOUND_NS : CREDIT_IDLE_MAX_NS;
        sv->credit_ns = clamp_credit(sv->credit_ns, hi);
        sv->ran_in_period = false;
    }
    for (unsigned int i = 0; i < MAX_DOMAINS; i++) {
        struct sched_domain *sd = domain_table[i] ? domain_table[i]->sched : NULL;
        uint64_t b;

        if (sd == NULL)
            continue;
        b = cap_budget_ns(sd) * n;
        sd->cap_used_ns = sd->cap_used_ns > b ? sd->cap_used_ns - b : 0;
        sd->parked = sd->cap != 0 && sd->cap_used_ns >= cap_budget_ns(sd);
    }
}

/* Run the accounting when a period boundary has passed. */
static void
credit_acct(uint64_t now)
{
    uint64_t n;

    if (!acct_started || now < last_acct_ns) {     /* first, or clock reset */
        acct_started = true;
        last_acct_ns = now;
        credit_refill(1);
        return;
    }
    if (now - last_acct_ns < SCHED_ACCT_PERIOD_NS)
        return;
    n = (now - last_acct_ns) / SCHED_ACCT_PERIOD_NS;
    last_acct_ns += n * SCHED_ACCT_PERIOD_NS;
    credit_refill(n < ACCT_CATCHUP_MAX ? (unsigned int)n : ACCT_CATCHUP_MAX);
}

static struct sched_vcpu *
credit_pick(uint64_t now, uint64_t *slice_ns)
{
    struct sched_vcpu *best = NULL;
    uint64_t slice;

    credit_acct(now);
    for_each_slot(k) {
        struct sched_vcpu *sv = slot_sv(k);

        if (sv == NULL || !sched_vcpu_runnable(sv->vcpu) || sv_dom(sv)->parked)
            continue;
        if (sv_before(sv, best))
            best = sv;
    }
    /* now - last_acct_ns < period here, so the slice is > 0. */
    slice = MIN(SCHED_SLICE_NS, last_acct_ns + SCHED_ACCT_PERIOD_NS - now);
    if (best != NULL && sv_dom(best)->cap != 0)      /* not parked: > 0 left */
        slice = MIN(slice, cap_budget_ns(sv_dom(best)) - sv_dom(best)->cap_used_ns);
    *slice_ns = slice;
    return best;
}

static void
credit_wake(struct sched_vcpu *sv)
{
    if (sv->credit_ns >= 0 && sv != running)
        sv->boost = true;
}

static void
credit_account(struct sched_vcpu *sv, uint64_t ran_ns)
{
    struct sched_domain *sd = sv_dom(sv);
    uint64_t ran = MIN(ran_ns, (uint64_t)CREDIT_BOUND_NS);

    sv->credit_ns = clamp_credit(sv->credit_ns - (int64_t)ran, CREDIT_BOUND_NS);
    sv->boost = false;
    sv->ran_in_period = true;
    if (sd->cap == 0)
        return;
    sd->cap_used_ns += ran;
    if (sd->cap_used_ns >= cap_budget_ns(sd))
        sd->parked = true;
}

static const struct sched_ops credit_ops = {
    .name = "credit",
    .pick = credit_pick,
    .wake = credit_wake,
    .account = credit_account,
};

/* ---- round-robin ---- */

static struct sched_vcpu *
rr_pick(uint64_t now, uint64_t *slice_ns)
{
    struct sched_vcpu *best = NULL;

    (void)now;                          /* rr keeps no clock */
    for_each_slot(k) {
        struct sched_vcpu *sv = slot_sv(k);

        if (sv != NULL && sched_vcpu_runnable(sv->vcpu) &&
            (best == NULL || sv->seq < best->seq))
            best = sv;
    }
    *slice_ns = SCHED_SLICE_NS;
    return best;
}

static const struct sched_ops rr_ops = {
    .name = "rr",
    .pick = rr_pick,                    /* no boost, no credit */
};

static const struct sched_ops *const sched_table[] = { &credit_ops, &rr_ops };

static const struct sched_ops *
cur_ops(void)
{
    return ops != NULL ? ops : &credit_ops;
}

/* ---- interface ---- */

int
sched_select(const char *name)
{
    if (name == NULL)
        return -EINVAL;
    for (size_t i = 0; i < ARRAY_SIZE(sched_table); i++) {
        if (strcmp(sched_table[i]->name, name) == 0) {
            ops = sched_table[i];
            return 0;
        }
    }
    return -EINVAL;
}

void
sched_reset(void)
{
    acct_started = false;
    last_acct_ns = 0;
    running = NULL;
    resched = false;
}

const char *
sched_name(void)
{
    return cur_ops()->name;
}

int
sched_init_domain(struct domain *d)
{
    struct sched_domain *sd;

    if (d->sched != NULL)
        return -EEXIST;
    sd = xzalloc(struct sched_domain);
    if (sd == NULL)
        return -ENOMEM;
    sd->dom = d;
    sd->weight = SCHED_DEFAULT_WEIGHT;
    sd->cap = 0;
    d->sched = sd;
    return 0;
}

void
sched_destroy_domain(struct domain *d)
{
    for (unsigned int i = 0; i < d->max_vcpus && i < MAX_VIRT_CPUS; i++)
        if (d->vcpu[i] != NULL)
            sched_destroy_vcpu(d->vcpu[i]);
    xfree(d->sched);
    d->sched = NULL;
}

int
sched_init_vcpu(struct vcpu *v)
{
    struct sched_vcpu *sv;

    if (v->domain == NULL || v->domain->sched == NULL)
        return -EINVAL;
    if (v->sched != NULL)
        return -EEXIST;
    sv = xzalloc(struct sched_vcpu);
    if (sv == NULL)
        return -ENOMEM;
    sv->vcpu = v;
    sv->seq = ++next_seq;
    v->sched = sv;
    return 0;
}

void
sched_destroy_vcpu(struct vcpu *v)
{
    if (v->sched == NULL)
        return;
    if (running == v->sched) {
        running = NULL;
        resched = true;
    }
    xfree(v->sched);
    v->sched = NULL;
}

void
sched_wake(struct vcpu *v)
{
    struct sched_vcpu *sv = v->sched;

    if (sv == NULL || sv_dom(sv) == NULL || !sched_vcpu_runnable(v) || sv->queued)
        return;         /* not ours, still asleep, or already waiting/running */
    sv->queued = true;
    sv->seq = ++next_seq;
    if (cur_ops()->wake != NULL)
        cur_ops()->wake(sv);
    if (running == NULL || (sv != running && sv_pri(sv) > sv_pri(running)))
        resched = true;
}

void
sched_sleep(struct vcpu *v)
{
    struct sched_vcpu *sv = v->sched;

    if (sv == NULL)
        return;
    sv->queued = false;
    sv->boost = false;
    if (sv == running)
        resched = true;
}

/* SCHEDOP_yield: v leaves the CPU at its next exit to the guest; the pick
 * puts it behind the other runnable vCPUs of its priority (it may well be
 * picked again when there are none).  Not named sched_yield: the hosted
 * build links libc, whose sched_yield() the sanitizers call. */
void
sched_yield_vcpu(struct vcpu *v)
{
    if (v != NULL && v->sched != NULL && v->sched == running)
        resched = true;
}

bool
sched_need_resched(void)
{
    return resched;
}

/* Note which vCPUs are runnable now: a later sched_wake of one that was
 * not is a real wake-up (and may boost). */
static void
sched_refresh_queued(void)
{
    for_each_slot(k) {
        struct sched_vcpu *sv = slot_sv(k);

        if (sv != NULL)
            sv->queued = sched_vcpu_runnable(sv->vcpu);
    }
}

struct vcpu *
sched_pick_next(uint64_t now_ns, struct vcpu *prev, uint64_t *slice_ns)
{
    struct sched_vcpu *next;

    if (prev != NULL && prev->sched != NULL)
        prev->sched->seq = ++next_seq;          /* to the back of its priority */
    resched = false;
    sched_refresh_queued();
    next = cur_ops()->pick(now_ns, slice_ns);
    ASSERT(*slice_ns > 0);      /* the arch would spin on a zero timer */
    running = next;
    if (next == NULL)
        return NULL;
    next->nr_scheduled++;
    return next->vcpu;
}

void
sched_account(struct vcpu *v, uint64_t ran_ns)
{
    struct sched_vcpu *sv = v->sched;

    if (sv == NULL || sv_dom(sv) == NULL)
        return;
    sv->run_ns += ran_ns;
    if (cur_ops()->account != NULL)
        cur_ops()->account(sv, ran_ns);
}

void
sched_vcpu_stats(const struct vcpu *v, struct sched_vcpu_stats *out)
{
    const struct sched_vcpu *sv = v->sched;

    memset(out, 0, sizeof(*out));
    if (sv == NULL)
        return;
    out->run_ns = sv->run_ns;
    out->nr_scheduled = sv->nr_scheduled;
    out->credit_ns = sv->credit_ns;
    out->pri = sv_pri(sv);
}

int
sched_set_params(struct domain *d, unsigned int weight, unsigned int cap)
{
    if (d->sched == NULL)
        return -EINVAL;
    if (weight < SCHED_WEIGHT_MIN || weight > SCHED_WEIGHT_MAX || cap > SCHED_CAP_MAX)
        return -EINVAL;
    d->sched->weight = weight;
    d->sched->cap = cap;
    /* A new cap applies at once, not from the next period. */
    d->sched->parked = cap != 0 && d->sched->cap_used_ns >= cap_budget_ns(d->sched);
    return 0;
}

void
sched_get_params(const struct domain *d, unsigned int *weight, unsigned int *cap)
{
    *weight = d->sched != NULL ? d->sched->weight : 0;
    *cap = d->sched != NULL ? d->sched->cap : 0;
}
