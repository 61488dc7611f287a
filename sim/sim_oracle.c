/*
 * sim_oracle.c - invariant oracles over the simulated machine (see
 * sim_oracle.h).
 *
 * Environment: hosted only.
 *
 * A violated rule longjmps back to the entry point with a message, so the
 * walkers below read like the rules they check.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arch_hooks.h>
#include <domain.h>
#include <event.h>
#include <grant_table.h>
#include <mm.h>
#include <pv_mm.h>
#include "sim_oracle.h"
#include "sim_pv.h"

static jmp_buf oracle_jb;
static char oracle_msg[256];

#define RULE(c, ...)                                                     \
    do {                                                                 \
        if (!(c))                                                        \
            oracle_fail(__LINE__, #c, __VA_ARGS__);                      \
    } while (0)

__attribute__((noreturn, format(printf, 3, 4))) static void
oracle_fail(int line, const char *rule, const char *fmt, ...)
{
    char what[128];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    snprintf(oracle_msg, sizeof(oracle_msg), "oracle: %s: '%s' (sim_oracle.c:%d)",
             what, rule, line);
    longjmp(oracle_jb, 1);
}

/*
 * The frame table read directly: the core's accessors are instrumented
 * (coverage, in fuzz builds) and these walks call them for every frame
 * after every fuzzed call.  Same bounds as the core's ASSERTs.
 */
static inline bool
mfn_ok(mfn_t m)
{
    return m < frame_table_nr;
}

static inline struct page_info *
pg_of(mfn_t m)
{
    if (!mfn_ok(m))
        abort();
    return frame_table + m;
}

static inline mfn_t
mfn_of(const struct page_info *pg)
{
    if (pg < frame_table || pg >= frame_table + frame_table_nr)
        abort();
    return (mfn_t)(pg - frame_table);
}

static inline void *
pg_virt(const struct page_info *pg)
{
    return arch_mfn_to_virt(mfn_of(pg));
}

static bool
domain_live(const struct domain *d)
{
    for (unsigned int i = 0; i < MAX_DOMAINS; i++)
        if (d != NULL && domain_table[i] == d)
            return true;
    return false;
}

/* ------------------------------------------------------------------ */
/* Page types and reference counts.                                    */

struct expect {
    uint64_t gen, type;
    uint64_t lin_entries, lin_uses;
};

static struct expect *ex;
static uint64_t ex_cap;

static bool
is_pt(uint64_t t)
{
    return t >= PGT_l1_page_table && t <= PGT_l4_page_table;
}

static uint64_t
type_of(mfn_t mfn)
{
    return pg_of(mfn)->type_info & PGT_type_mask;
}

static bool grant_pte_ok(const struct domain *d, mfn_t l1, unsigned int i,
                         mfn_t m, uint64_t e);

static void
count_entry(struct page_info *table, unsigned int level, unsigned int i,
            uint64_t e)
{
    mfn_t self = mfn_of(table), m = pte_mfn(e);
    struct page_info *pg;
    uint64_t ttype = table->type_info & PGT_type_mask;

    RULE(mfn_ok(m), "mfn %#llx entry names no frame", (unsigned long long)self);
    pg = pg_of(m);
    /* A frame of another owner (or an orphan) only through a grant. */
    RULE(pg->owner == table->owner ||
         (level == 1 && grant_pte_ok(table->owner, self, i, m, e)),
         "mfn %#llx maps mfn %#llx of another owner",
         (unsigned long long)self, (unsigned long long)m);
    if (level == 1) {
        ex[m].gen++;
        if (e & PTE_RW) {
            ex[m].type++;
            RULE((pg->type_info & PGT_type_mask) == PGT_writable_page,
                 "L1 %#llx maps mfn %#llx writable", (unsigned long long)self,
                 (unsigned long long)m);
        }
        return;
    }
    RULE(!(e & PTE_PSE), "L%u %#llx has a superpage", level, (unsigned long long)self);
    if (m == self) {
        RULE(!(e & PTE_RW), "L%u %#llx maps itself writable", level,
             (unsigned long long)self);
        return;
    }
    ex[m].gen++;
    ex[m].type++;
    RULE(pg->type_info & PGT_validated, "mfn %#llx named by L%u %#llx not validated",
         (unsigned long long)m, level, (unsigned long long)self);
    if ((pg->type_info & PGT_type_mask) == ttype) {
        RULE(!(e & PTE_RW), "linear entry of %#llx writable", (unsigned long long)self);
        ex[self].lin_entries++;
        ex[m].lin_uses++;
    } else {
        RULE((pg->type_info & PGT_type_mask) ==
             ((uint64_t)(level - 1) << PGT_type_shift),
             "L%u %#llx names mfn %#llx of the wrong type", level,
             (unsigned long long)self, (unsigned long long)m);
    }
}

static void
count_table(struct page_info *pg)
{
    uint64_t t = pg->type_info;
    unsigned int level = (unsigned int)((t & PGT_type_mask) >> PGT_type_shift);
    const uint64_t *tab = pg_virt(pg);

    for (unsigned int i = 0; i < PT_ENTRIES; i++) {
        if (level == 4 && i >= PV_L4_XEN_FIRST && i < PV_L4_XEN_END) {
            RULE(tab[i] == SIM_XEN_L4E(i), "L4 %#llx slot %u not the hypervisor's",
                 (unsigned long long)mfn_of(pg), i);
            continue;
        }
        if (tab[i] & PTE_PRESENT)
            count_entry(pg, level, i, tab[i]);
    }
}

static void
count_baseptr(struct domain *d, mfn_t m)
{
    if (m == 0)
        return;
    RULE(mfn_ok(m) && pg_of(m)->owner == d,
         "d%u base pointer %#llx not its own", d->domain_id, (unsigned long long)m);
    ex[m].gen++;
    ex[m].type++;
    RULE(type_of(m) == PGT_l4_page_table, "d%u base pointer %#llx not an L4",
         d->domain_id, (unsigned long long)m);
}

static void
count_roots(void)
{
    for (unsigned int id = 0; id < MAX_DOMAINS; id++) {
        struct domain *d = domain_table[id];
        uint64_t n = 0;

        if (d == NULL)
            continue;
        if (d->shared_info != NULL) {   /* its permanent writable type */
            RULE(type_of(d->shared_info_mfn) == PGT_writable_page,
                 "d%u shared_info not writable-typed", id);
            ex[d->shared_info_mfn].type++;
        }
        for (struct page_info *pg = d->page_list; pg; pg = pg->next) {
            RULE(pg->owner == d, "d%u page list holds mfn %#llx it does not own",
                 id, (unsigned long long)mfn_of(pg));
            RULE(n++ < frame_table_nr, "d%u page list loops", id);
        }
        RULE(n == d->tot_pages, "d%u tot_pages %llu, list %llu", id,
             (unsigned long long)d->tot_pages, (unsigned long long)n);
        RULE(d->tot_pages <= d->max_pages, "d%u over max_pages", id);
        for (unsigned int i = 0; i < d->max_vcpus; i++) {
            count_baseptr(d, d->vcpu[i]->guest_table);
            count_baseptr(d, d->vcpu[i]->guest_table_user);
        }
    }
}

static void
count_frames(void)
{
    for (mfn_t m = 0; m < frame_table_nr; m++) {
        struct page_info *pg = pg_of(m);
        uint64_t t = pg->type_info;

        if (pg->owner == NULL)
            continue;
        RULE(domain_live(pg->owner), "mfn %#llx owned by a dead domain",
             (unsigned long long)m);
        if (pg->count_info & PGC_allocated)
            ex[m].gen++;
        if (t & PGT_pinned) {
            ex[m].gen++;
            ex[m].type++;
            RULE(is_pt(t & PGT_type_mask), "mfn %#llx pinned, not a table",
                 (unsigned long long)m);
        }
        if (is_pt(t & PGT_type_mask) && (t & PGT_count_mask)) {
            RULE(t & PGT_validated, "table %#llx in use, not validated",
                 (unsigned long long)m);
            count_table(pg);
        }
    }
}

static void
compare_frame(mfn_t m)
{
    struct page_info *pg = pg_of(m);
    uint64_t t = pg->type_info, c = pg->count_info;
    uint64_t lin = (t & PGT_linear_mask) >> PGT_linear_shift;
    unsigned long long um = m;

    if (pg->owner == NULL && ((c & PGC_reserved) || ex[m].gen == 0))
        return;
    /* Unowned and referenced: a granted frame whose owner died, still
     * mapped; its counts must be exactly the grants' and the entries'. */
    RULE(pg->owner != NULL || !(c & PGC_allocated), "orphan mfn %#llx allocated", um);
    RULE(!(c & (PGC_free | PGC_reserved)), "owned mfn %#llx free or reserved", um);
    /* exact counts: nothing holds a reference the oracle cannot see */
    RULE((c & PGC_count_mask) == ex[m].gen, "mfn %#llx general count %llu, want %llu",
         um, (unsigned long long)(c & PGC_count_mask), (unsigned long long)ex[m].gen);
    RULE((t & PGT_count_mask) == ex[m].type, "mfn %#llx type count %llu, want %llu",
         um, (unsigned long long)(t & PGT_count_mask), (unsigned long long)ex[m].type);
    RULE((t & PGT_count_mask) <= (c & PGC_count_mask), "mfn %#llx type > general", um);
    if (ex[m].lin_uses) {
        RULE(t & PGT_linear_uses, "mfn %#llx linear target not marked", um);
        RULE(lin == ex[m].lin_uses, "mfn %#llx linear uses", um);
        RULE(ex[m].lin_entries == 0, "mfn %#llx linear both ways", um);
    } else {
        RULE(lin == ex[m].lin_entries, "mfn %#llx linear entries", um);
        RULE(!((t & PGT_linear_uses) && lin), "mfn %#llx stale linear uses", um);
    }
}

/* ------------------------------------------------------------------ */
/* Grant tables (grant_table.h).                                       */

/* L1 entry i of table l1 of d, naming m, is one of d's grant mappings,
 * and is writable only if that mapping is. */
static bool
grant_pte_ok(const struct domain *d, mfn_t l1, unsigned int i, mfn_t m, uint64_t e)
{
    const struct grant_table *gt = d ? d->grant_table : NULL;
    uint64_t maddr = (l1 << PAGE_SHIFT) + i * 8ULL;

    for (unsigned int h = 0; gt && gt->maptrack && h < GNTTAB_MAPTRACK_MAX; h++) {
        const struct grant_maptrack *mt = &gt->maptrack[h];

        if ((mt->flags & GNTMAP_host_map) && mt->pte_maddr == maddr &&
            mt->mfn == m && (!(e & PTE_RW) || !(mt->flags & GNTMAP_readonly)))
            return true;
    }
    return false;
}

static const struct grant_active *
grant_act(const struct domain *rd, grant_ref_t ref)
{
    const struct grant_table *gt = rd->grant_table;

    if (gt == NULL || ref >= gt->nr_frames * GNTTAB_ENTRIES_PER_FRAME)
        return NULL;
    return &gt->active[ref / GNTTAB_ENTRIES_PER_FRAME][ref % GNTTAB_ENTRIES_PER_FRAME];
}

/* Each handle in use: its references, and a matching pin of a live rd. */
static void
count_maptrack(struct domain *d, uint64_t *ro, uint64_t *rw)
{
    struct grant_table *gt = d->grant_table;
    unsigned int used = 0;

    for (unsigned int h = 0; gt->maptrack && h < GNTTAB_MAPTRACK_MAX; h++) {
        const struct grant_maptrack *mt = &gt->maptrack[h];
        bool r = mt->flags & GNTMAP_readonly;
        const struct grant_active *a;

        if (mt->flags == 0)
            continue;
        used++;
        RULE(mt->mfn < frame_table_nr, "d%u handle %u mfn", d->domain_id, h);
        ex[mt->mfn].gen++;
        if (!r) {
            ex[mt->mfn].type++;
            RULE(type_of(mt->mfn) == PGT_writable_page,
                 "d%u handle %u writable on a non-writable frame", d->domain_id, h);
        }
        if (mt->rd == NULL)
            continue;
        RULE(domain_live(mt->rd), "d%u handle %u names a dead domain", d->domain_id, h);
        a = grant_act(mt->rd, mt->ref);
        RULE(a && a->domid == d->domain_id && a->mfn == mt->mfn &&
             (r ? a->pin_ro : a->pin_rw) > 0,
             "d%u handle %u not pinned in d%u ref %u", d->domain_id, h,
             mt->rd->domain_id, mt->ref);
        (*(r ? ro : rw))++;
    }
    RULE(used == gt->maptrack_used, "d%u maptrack_used", d->domain_id);
}

/* Pins and the shared entry's GTF_reading/writing; totals against maps. */
static void
check_active(struct domain *d, uint64_t *ro, uint64_t *rw)
{
    struct grant_table *gt = d->grant_table;

    RULE(gt->nr_frames <= gt->max_frames && gt->max_frames <= GNTTAB_MAX_FRAMES,
         "d%u grant frames", d->domain_id);
    for (unsigned int f = 0; f < gt->nr_frames; f++) {
        const struct grant_entry_v1 *e = page_to_virt(&frame_table[gt->frame[f]]);

        RULE(gt->frame[f] < frame_table_nr && frame_table[gt->frame[f]].owner == d &&
             type_of(gt->frame[f]) == PGT_writable_page,
             "d%u grant frame %u", d->domain_id, f);
        ex[gt->frame[f]].type++;            /* the permanent one */
        for (unsigned int i = 0; i < GNTTAB_ENTRIES_PER_FRAME; i++) {
            const struct grant_active *a = &gt->active[f][i];

            if (a->pin_ro + a->pin_rw == 0)
                continue;
            RULE(e[i].flags & GTF_reading, "d%u ref %u pinned, not reading",
                 d->domain_id, f * 512 + i);
            RULE(a->pin_rw == 0 || (e[i].flags & GTF_writing),
                 "d%u ref %u written, not writing", d->domain_id, f * 512 + i);
            *ro -= a->pin_ro;
            *rw -= a->pin_rw;
        }
    }
}

static void
count_grants(void)
{
    uint64_t ro = 0, rw = 0;

    for (unsigned int id = 0; id < MAX_DOMAINS; id++)
        if (domain_table[id] && domain_table[id]->grant_table)
            count_maptrack(domain_table[id], &ro, &rw);
    for (unsigned int id = 0; id < MAX_DOMAINS; id++)
        if (domain_table[id] && domain_table[id]->grant_table)
            check_active(domain_table[id], &ro, &rw);
    RULE(ro == 0 && rw == 0, "grant pins %lld ro, %lld rw more than mappings",
         -(long long)ro, -(long long)rw);
}

const char *
sim_pv_check(const unsigned int *held, size_t nheld)
{
    if (frame_table_nr > ex_cap) {
        free(ex);
        ex = calloc(frame_table_nr, sizeof(*ex));
        if (ex == NULL)
            abort();
        ex_cap = frame_table_nr;
    }
    memset(ex, 0, frame_table_nr * sizeof(*ex));
    if (setjmp(oracle_jb) != 0)
        return oracle_msg;
    for (mfn_t m = 0; held != NULL && m < frame_table_nr && m < nheld; m++) {
        ex[m].gen += held[m];
        ex[m].type += held[m];
    }
    count_frames();
    count_roots();
    count_grants();
    for (mfn_t m = 0; m < frame_table_nr; m++)
        compare_frame(m);
    return NULL;
}

/* ------------------------------------------------------------------ */
/* Event channels.                                                     */

static void
check_port(struct domain *d, evtchn_port_t p)
{
    struct evtchn *c = &d->evtchn[p];
    unsigned int id = d->domain_id;

    if (c->state == ECS_FREE)
        return;                 /* clean: checked by runs, check_ports */
    RULE(c->state != ECS_RESERVED, "d%u port %u reserved", id, p);
    RULE(c->state <= ECS_IPI, "d%u port %u state %u", id, p, c->state);
    RULE(c->notify_vcpu < d->max_vcpus, "d%u port %u notify vCPU", id, p);
    if (c->state == ECS_INTERDOMAIN) {
        struct domain *rd = c->u.interdomain.remote_dom;
        evtchn_port_t rp = c->u.interdomain.remote_port;

        RULE(domain_live(rd), "d%u port %u bound to a dead domain", id, p);
        RULE(rd->evtchn != NULL && rp > 0 && rp < rd->nr_evtchn,
             "d%u port %u remote port %u", id, p, rp);
        RULE(rd->evtchn[rp].state == ECS_INTERDOMAIN &&
             rd->evtchn[rp].u.interdomain.remote_dom == d &&
             rd->evtchn[rp].u.interdomain.remote_port == p,
             "d%u port %u -> d%u port %u not symmetric", id, p, rd->domain_id, rp);
    } else if (c->state == ECS_VIRQ) {
        uint32_t virq = c->u.virq;
        struct vcpu *v = d->vcpu[virq_is_global(virq) ? 0 : c->notify_vcpu];

        RULE(virq < NR_VIRQS && v->virq_to_port[virq] == p,
             "d%u VIRQ port %u not in virq_to_port", id, p);
    }
}

/*
 * Every port: a free one is clean (all bytes zero, padding included), one
 * memcmp per run of free ports rather than one per port, since this runs
 * over every port of every domain after every fuzzed call; the others
 * by check_port.
 */
static void
check_ports(struct domain *d)
{
    static const struct evtchn zero[EVTCHN_MAX_PORTS];
    evtchn_port_t n = d->nr_evtchn, p = 1;

    while (p < n) {
        evtchn_port_t q = p;

        while (q < n && d->evtchn[q].state == ECS_FREE)
            q++;
        if (q > p && memcmp(&d->evtchn[p], zero, (q - p) * sizeof(zero[0])) != 0)
            for (evtchn_port_t i = p; i < q; i++)
                RULE(memcmp(&d->evtchn[i], zero, sizeof(zero[0])) == 0,
                     "d%u free port %u not clean", d->domain_id, i);
        if (q < n)
            check_port(d, q);   /* in use */
        p = q + 1;
    }
}

static void
check_virq_table(struct domain *d)
{
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        for (uint32_t virq = 0; virq < NR_VIRQS; virq++) {
            evtchn_port_t p = d->vcpu[i]->virq_to_port[virq];

            if (p == 0)
                continue;
            RULE(d->evtchn != NULL && p < d->nr_evtchn &&
                 d->evtchn[p].state == ECS_VIRQ && d->evtchn[p].u.virq == virq,
                 "d%u vCPU %u VIRQ %u names port %u", d->domain_id, i, virq, p);
        }
}

const char *
sim_evtchn_check(void)
{
    if (setjmp(oracle_jb) != 0)
        return oracle_msg;
    for (unsigned int i = 0; i < MAX_DOMAINS; i++) {
        struct domain *d = domain_table[i];

        if (d == NULL)
            continue;
        check_virq_table(d);
        if (d->evtchn == NULL)
            continue;
        RULE(d->nr_evtchn <= EVTCHN_MAX_PORTS && d->evtchn[0].state == ECS_RESERVED,
             "d%u port table", i);
        check_ports(d);
    }
    return NULL;
}
