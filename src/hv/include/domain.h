/*
 * domain.h - domains and virtual CPUs: the objects every hypercall acts on.
 *
 * Environment: hosted and hypervisor (portable core).
 *
 * A domain owns machine frames (its page list, tot_pages <= max_pages),
 * a shared_info frame, and up to max_vcpus vCPUs.  Domain 0 is created by
 * the boot code from the first boot module and is privileged; other
 * domains come later from dom0's toolstack (domctl).  A domain is destroyed
 * in two steps: domain_kill() drops every reference it holds (page tables
 * unpinned and devalidated, mappings and pages put) and domain_destroy()
 * frees what is left; afterwards every frame it owned is back in the
 * allocator (the "no frame leaks" invariant the tests check).
 *
 * Who may call what:
 *   - domain_create/kill/destroy: boot code and (later) domctl;
 *   - domain_crash(d): anything that catches a guest misbehaving; the
 *     domain stops running, prints why, and is torn down by its controller;
 *   - domain_shutdown(d, reason): the guest itself (SCHEDOP_shutdown).
 * No locks yet: one physical CPU runs the hypervisor (SMP later).
 *
 * Subsystems keep their per-domain and per-vCPU state in their own structs
 * (struct domain_mm in pv_mm.h, struct domain_events in event.h, ...),
 * embedded here, so each subsystem edits only its own header.
 */
#ifndef XL_DOMAIN_H
#define XL_DOMAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <mm.h>

typedef uint16_t domid_t;

#define MAX_VIRT_CPUS       32      /* = XEN_LEGACY_MAX_VCPUS: vcpu_info slots */
#define MAX_DOMAINS         64

/*
 * Hypervisor memory a domain may make the hypervisor spend on it (its
 * "xenmem", spec/limits.md): heap bytes and whole frames charged through
 * domain_xzalloc_bytes / domain_alloc_xen_frame.  The limit is fixed at
 * creation: a base that covers every fixed-size structure (32 vCPUs, the
 * event-channel table, a full grant table and maptrack) plus a share per
 * guest page for what grows with memory (an HVM p2m: 8 bytes per gfn and
 * one nested-table frame per 512).  Reaching it is -ENOMEM for the
 * allocation that would cross it, whoever asked.
 */
#define DOMAIN_XENMEM_BASE      (1024ULL * 1024)
#define DOMAIN_XENMEM_PER_PAGE  16ULL

/* Why a domain stopped (the SHUTDOWN_* values of Xen's sched.h). */
#define SHUTDOWN_REASON_NONE    (-1)

struct vcpu;
struct arch_domain;                 /* defined by the arch (opaque here) */
struct grant_table;                 /* grant_table.h */
struct sched_domain;                /* sched_credit.h */
struct sched_vcpu;
struct arch_vcpu;

enum vcpu_runstate {                /* Xen's RUNSTATE_* numbering */
    VCPU_RUNNING = 0, VCPU_RUNNABLE = 1, VCPU_BLOCKED = 2, VCPU_OFFLINE = 3,
};

struct vcpu {
    unsigned int vcpu_id;
    struct domain *domain;
    bool is_up;                     /* started (dom0's vCPU 0 at boot) */
    bool is_blocked;                /* SCHEDOP_block: waits for an event */
    enum vcpu_runstate runstate;
    uint64_t runstate_entry_ns;     /* when runstate last changed */
    uint64_t runstate_time_ns[4];   /* total time in each runstate */

    /* PV page tables: machine frames of the kernel and user L4 (0 = none).
     * Each holds a type reference of PGT_l4_page_table. (pv_mm) */
    mfn_t guest_table;
    mfn_t guest_table_user;

    /* Timers (schedule.c): 0 = not armed.  Absolute system time in ns. */
    uint64_t singleshot_deadline_ns;
    uint64_t periodic_period_ns;
    uint64_t periodic_next_ns;

    /* Event-channel VIRQ bindings of this vCPU: port or 0 (event.c). */
    uint32_t virq_to_port[24];

    struct sched_vcpu *sched;       /* run queue, credit, run time (sched_credit.c) */
    struct arch_vcpu *arch;         /* registers, trap table, callbacks (arch) */
};

struct domain {
    domid_t domain_id;
    bool is_privileged;             /* dom0: may use domctl, console read */
    bool is_dying;                  /* domain_kill() started */
    bool is_shut_down;              /* guest asked (SCHEDOP_shutdown) */
    bool is_crashed;                /* domain_crash() */
    int shutdown_reason;            /* SHUTDOWN_*, or SHUTDOWN_REASON_NONE */
    bool is_paused;                 /* paused by the controller */
    uint64_t vm_assist;             /* VMASST_TYPE_* bits enabled (vm_assist.c) */
    bool shinfo_compat;             /* shared_info in Xen's 32-bit layout: a 32-bit
                                       HVM guest (latched when it sets its callback) */
    char name[32];

    /* Memory (pv_mm.c and page_alloc): frames owned by this domain are on
     * this list, linked through page_info.next/prev. */
    struct page_info *page_list;
    uint64_t tot_pages;             /* frames owned now */
    uint64_t max_pages;             /* limit set at creation / by domctl */

    /* Hypervisor memory charged to this domain (domain_xzalloc_bytes,
     * domain_alloc_xen_frame): heap bytes requested plus PAGE_SIZE per
     * frame.  xenmem_bytes <= xenmem_max always; 0 when it is destroyed. */
    uint64_t xenmem_bytes;
    uint64_t xenmem_max;
    uint64_t xenmem_refused;        /* charges refused at the limit */

    /* shared_info: one frame, owned by the domain, mapped by the guest. */
    mfn_t shared_info_mfn;
    void *shared_info;              /* hypervisor view (struct shared_info) */

    unsigned int max_vcpus;
    struct vcpu *vcpu[MAX_VIRT_CPUS];

    /* Grant table v1 (grant_table.c): NULL until set up. */
    struct grant_table *grant_table;

    /* Scheduler (sched_credit.c): weight, cap, credit. */
    struct sched_domain *sched;

    /* Event channels (event.c): the port table. */
    struct evtchn *evtchn;
    unsigned int nr_evtchn;

    struct arch_domain *arch;
};

/* The domain table; NULL slots are free.  domid < MAX_DOMAINS. */
extern struct domain *domain_table[MAX_DOMAINS];

/* The vCPU running now (set by the scheduler / arch entry code). */
extern struct vcpu *current;

/*@ // Domain ids are unique: a used slot i holds the domain whose id is i,
    // so no two slots hold the same domain and no id names two domains.
    predicate domids_unique =
        \forall integer i; 0 <= i < MAX_DOMAINS && domain_table[i] != \null ==>
            \valid_read(domain_table[i]) && domain_table[i]->domain_id == i;

    // A domain the hypervisor may write, and its vCPUs (domctl).
    predicate domain_ok(struct domain *d) =
        \valid(d) && (d->sched == \null || \valid(d->sched)) &&
        \forall integer i; 0 <= i < MAX_VIRT_CPUS &&
            d->vcpu[i] != \null ==> \valid(d->vcpu[i]) && \separated(d, d->vcpu[i]);

    // A domain the hypervisor may read, and its vCPUs (domctl's info).
    predicate domain_readable(struct domain *d) =
        \valid_read(d) &&
        \forall integer i; 0 <= i < MAX_VIRT_CPUS &&
            d->vcpu[i] != \null ==> \valid_read(d->vcpu[i]);

    // Every domain of the table is one (true of xzalloc'd domains).
    predicate domains_ok =
        \forall integer i; 0 <= i < MAX_DOMAINS && domain_table[i] != \null ==>
            domain_ok(domain_table[i]);

    // The table as it was at label L, slot for slot.
    predicate domain_table_same{L1, L2} =
        \forall integer i; 0 <= i < MAX_DOMAINS ==>
            \at(domain_table[i], L1) == \at(domain_table[i], L2);
*/

/* A new domain in slot domid: NULL if domid is out of range or taken,
 * max_vcpus is not 1 .. MAX_VIRT_CPUS, or memory is short (then the table
 * is as it was).  The id stays unique. */
/*@ requires unique: domids_unique;
    ensures unique: domids_unique;
    ensures refused: \old(domid >= MAX_DOMAINS || domain_table[domid] != \null)
        ==> \result == \null;
    ensures created: \result != \null ==>
        domid < MAX_DOMAINS && \old(domain_table[domid]) == \null &&
        domain_table[domid] == \result && \valid(\result) &&
        \result->domain_id == domid;
    ensures others: \forall integer i; 0 <= i < MAX_DOMAINS && i != domid ==>
        domain_table[i] == \old(domain_table[i]);
    ensures failed: \result == \null ==> domain_table_same{Pre, Post};
    ensures current == \old(current);
*/
struct domain *domain_create(domid_t domid, bool privileged, unsigned int max_vcpus,
                             uint64_t max_pages);

/* Trusted contract (proofs/README.md): its callees (evtchn_domain_destroy,
 * pv_relinquish_memory, grant_table_destroy) have no contracts; none of
 * them touches the domain table, a domain id or current, or frees d.
 * assigns names d and the frame table; the peers' event-channel entries,
 * the grant and maptrack tables and the allocator's lists it also writes
 * are not named (no proved caller reads them). */
/*@ requires \valid(d);
    requires unique: domids_unique;
    assigns *d, frame_table[0 .. frame_table_nr - 1];
    ensures unique: domids_unique;
    ensures table: domain_table_same{Pre, Post};
    ensures id: d->domain_id == \old(d->domain_id);
    ensures current == \old(current);
    ensures d->is_dying;
*/
void domain_kill(struct domain *d);

/* Frees d and empties its slot (only its own: slot d->domain_id, and only
 * if it holds d). */
/*@ requires \valid(d);
    requires unique: domids_unique;
    requires current == \null || \valid_read(current);
    ensures unique: domids_unique;
    ensures gone: \forall integer i; 0 <= i < MAX_DOMAINS ==>
        (\old(domain_table[i]) == d ==> domain_table[i] == \null) &&
        (\old(domain_table[i]) != d ==> domain_table[i] == \old(domain_table[i]));
*/
void domain_destroy(struct domain *d);

/* The domain domid names (DOMID_SELF, 0x7FF0: the caller's), or NULL. */
/*@ requires current == \null || \valid_read(current);
    assigns \nothing;
    ensures self: domid == 0x7FF0 && current == \null ==> \result == \null;
    ensures self_cur: domid == 0x7FF0 && current != \null ==>
        \result == current->domain;
    ensures table: domid != 0x7FF0 && domid < MAX_DOMAINS ==>
        \result == domain_table[domid];
    ensures none: domid != 0x7FF0 && domid >= MAX_DOMAINS ==> \result == \null;
*/
struct domain *domain_lookup(domid_t domid);          /* NULL if none */
void domain_crash(struct domain *d, const char *why);
void domain_shutdown(struct domain *d, int reason);

/*
 * Charged allocations (see DOMAIN_XENMEM_BASE).  Each returns NULL when
 * the charge would take d past xenmem_max or memory is short; nothing is
 * charged then.  Memory comes zeroed.  Frees give the charge back; a NULL
 * pointer is ignored.  A frame from domain_alloc_xen_frame has no owner
 * and no counts: the caller sets what it needs and clears it before
 * domain_free_xen_frame.
 */
void *domain_xzalloc_bytes(struct domain *d, size_t size);
void *domain_xzalloc_array(struct domain *d, size_t size, size_t n);
/*@ requires \valid(d);
    assigns d->xenmem_bytes;
*/
void domain_xfree(struct domain *d, void *p);
struct page_info *domain_alloc_xen_frame(struct domain *d);
void domain_free_xen_frame(struct domain *d, struct page_info *pg);
/* A charged frame whose last reference is dropped elsewhere (a grant-table
 * frame another domain still maps): only the charge goes back. */
void domain_xen_frame_gone(struct domain *d);
#define domain_xzalloc(d, T) ((T *)domain_xzalloc_bytes((d), sizeof(T)))

#endif /* XL_DOMAIN_H */
