/*
 * domain.c - creating, stopping and tearing down domains (see domain.h).
 *
 * Environment: hosted and hypervisor (portable core).
 *
 * Life cycle: domain_create -> (runs; maybe domain_shutdown or
 * domain_crash) -> domain_kill (closes its event channels, drops every
 * reference the domain holds, its frames go back to the allocator) -> domain_destroy (frees
 * shared_info and the structures, clears the domain-table slot).
 *
 * shared_info is owned by the domain (so the guest may map it) with one
 * allocation reference and one permanent PGT_writable_page type reference
 * (so it never becomes a page table), but is not on d->page_list and not
 * counted in tot_pages, as Xen shares its xenheap page; it lives until
 * domain_destroy.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <domain.h>
#include <sched_credit.h>
#include <event.h>
#include <grant_table.h>
#include <lib.h>
#include <mm.h>
#include <pv_mm.h>
#include <xl_errno.h>
#include <xmalloc.h>
#include "public/sched.h"
#include "public/xen.h"

struct domain *domain_table[MAX_DOMAINS];
struct vcpu *current;

static const char *const shutdown_names[] = {
    [SHUTDOWN_poweroff] = "poweroff",
    [SHUTDOWN_reboot] = "reboot",
    [SHUTDOWN_suspend] = "suspend",
    [SHUTDOWN_crash] = "crash",
    [SHUTDOWN_watchdog] = "watchdog",
    [SHUTDOWN_soft_reset] = "soft_reset",
};

/* ---- hypervisor memory charged to a domain (domain.h) ---- */

/* Take bytes from d's allowance: false (nothing taken) if it would pass
 * xenmem_max.  Overflow-safe: xenmem_bytes <= xenmem_max holds. */
static bool
xenmem_charge(struct domain *d, uint64_t bytes)
{
    if (bytes > d->xenmem_max - d->xenmem_bytes) {
        d->xenmem_refused++;
        return false;
    }
    d->xenmem_bytes += bytes;
    return true;
}

static void
xenmem_uncharge(struct domain *d, uint64_t bytes)
{
    BUG_ON(bytes > d->xenmem_bytes);        /* freed more than was charged */
    d->xenmem_bytes -= bytes;
}

void *
domain_xzalloc_bytes(struct domain *d, size_t size)
{
    void *p;

    if (!xenmem_charge(d, size))
        return NULL;
    p = xzalloc_bytes(size);
    if (p == NULL)
        xenmem_uncharge(d, size);
    return p;
}

void *
domain_xzalloc_array(struct domain *d, size_t size, size_t n)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    return domain_xzalloc_bytes(d, size * n);
}

void
domain_xfree(struct domain *d, void *p)
{
    if (p == NULL)
        return;
    xenmem_uncharge(d, xmalloc_size(p));
    xfree(p);
}

struct page_info *
domain_alloc_xen_frame(struct domain *d)
{
    struct page_info *pg;

    if (!xenmem_charge(d, PAGE_SIZE))
        return NULL;
    pg = alloc_frames_zeroed(0);
    if (pg == NULL)
        xenmem_uncharge(d, PAGE_SIZE);
    return pg;
}

void
domain_free_xen_frame(struct domain *d, struct page_info *pg)
{
    xenmem_uncharge(d, PAGE_SIZE);
    free_frames(pg, 0);
}

void
domain_xen_frame_gone(struct domain *d)
{
    xenmem_uncharge(d, PAGE_SIZE);
}

/* The default allowance of a domain of max_pages (saturating). */
/*@ assigns \nothing; */
static uint64_t
xenmem_default_max(uint64_t max_pages)
{
    if (max_pages > (UINT64_MAX - DOMAIN_XENMEM_BASE) / DOMAIN_XENMEM_PER_PAGE)
        return UINT64_MAX;
    return DOMAIN_XENMEM_BASE + max_pages * DOMAIN_XENMEM_PER_PAGE;
}

/*@ requires \valid(d);
    assigns d->vcpu[0 .. MAX_VIRT_CPUS - 1], d->xenmem_bytes;
    ensures \forall integer i; 0 <= i < MAX_VIRT_CPUS ==> d->vcpu[i] == \null;
*/
static void
free_vcpus(struct domain *d)
{
    /*@ loop invariant 0 <= i <= MAX_VIRT_CPUS;
        loop invariant \forall integer j; 0 <= j < i ==> d->vcpu[j] == \null;
        loop assigns i, d->vcpu[0 .. MAX_VIRT_CPUS - 1], d->xenmem_bytes;
        loop variant MAX_VIRT_CPUS - i;
    */
    for (unsigned int i = 0; i < MAX_VIRT_CPUS; i++) {
        domain_xfree(d, d->vcpu[i]);
        d->vcpu[i] = NULL;
    }
}

/* Contract assumed (proofs/README.md): the vCPU structs are fresh heap
 * memory, which an assigns clause need not name. */
/*@ requires \valid(d) && n <= MAX_VIRT_CPUS;
    assigns d->vcpu[0 .. MAX_VIRT_CPUS - 1], d->xenmem_bytes, d->xenmem_refused;
*/
static int
alloc_vcpus(struct domain *d, unsigned int n)
{
    for (unsigned int i = 0; i < n; i++) {
        struct vcpu *v = domain_xzalloc(d, struct vcpu);

        if (v == NULL)
            return -ENOMEM;
        v->vcpu_id = i;
        v->domain = d;
        v->runstate = VCPU_OFFLINE;
        d->vcpu[i] = v;
    }
    return 0;
}

/* Contract assumed (proofs/README.md); the allocator's free lists are not
 * named. */
/*@ requires \valid(d);
    assigns d->shared_info, d->shared_info_mfn, frame_table[0 .. frame_table_nr - 1];
*/
static int
alloc_shared_info(struct domain *d)
{
    struct page_info *pg = alloc_frames_zeroed(0);

    if (pg == NULL)
        return -ENOMEM;
    pg->owner = d;
    pg->count_info = PGC_allocated | 1;
    /* Typed writable for good (Xen's share_xen_page_with_guest): the
     * hypervisor writes it, so it must never become a page table or
     * descriptor page, and a pin could never be dropped (not on page_list). */
    pg->type_info = PGT_writable_page | PGT_validated | 1;
    d->shared_info_mfn = page_to_mfn(pg);
    d->shared_info = page_to_virt(pg);
    return 0;
}

/* The shared_info frame; its last reference must be the allocation one. */
/*@ requires \valid(d);
    assigns d->shared_info, d->shared_info_mfn, frame_table[0 .. frame_table_nr - 1];
*/
static void
free_shared_info(struct domain *d)
{
    struct page_info *pg;

    if (d->shared_info == NULL)
        return;
    pg = mfn_to_page(d->shared_info_mfn);
    BUG_ON(pg->count_info != (PGC_allocated | 1) || pg->owner != d);
    BUG_ON((pg->type_info & PGT_count_mask) != 1);    /* the permanent one */
    pg->count_info = 0;
    pg->type_info = 0;
    pg->owner = NULL;
    free_frames(pg, 0);
    d->shared_info = NULL;
    d->shared_info_mfn = 0;
}

/* The scheduler's per-domain and per-vCPU state (sched_credit.c). */
/* Contract assumed (proofs/README.md); the run queue is not named. */
/*@ requires \valid(d);
    assigns d->sched, *d->vcpu[0 .. MAX_VIRT_CPUS - 1];
*/
static int
sched_setup(struct domain *d)
{
    int rc = sched_init_domain(d);

    for (unsigned int i = 0; rc == 0 && i < d->max_vcpus; i++)
        if (d->vcpu[i])
            rc = sched_init_vcpu(d->vcpu[i]);
    return rc;
}

/* Contract assumed (proofs/README.md); the run queue is not named. */
/*@ requires \valid(d);
    assigns d->sched, *d->vcpu[0 .. MAX_VIRT_CPUS - 1];
*/
static void
sched_teardown(struct domain *d)
{
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (d->vcpu[i] && d->vcpu[i]->sched)
            sched_destroy_vcpu(d->vcpu[i]);
    if (d->sched)
        sched_destroy_domain(d);
}

/* A zeroed struct domain.  Trusted contract (allocator internals,
 * proofs/README.md): the heap hands out memory no live object uses, so it
 * is no domain of the table. */
/*@ assigns \nothing;
    ensures \result == \null ||
        (\valid(\result) && \result->shared_info == \null &&
         \forall integer i; 0 <= i < MAX_DOMAINS ==> domain_table[i] != \result);
*/
static struct domain *
domain_struct_alloc(void)
{
    return xzalloc(struct domain);
}

struct domain *
domain_create(domid_t domid, bool privileged, unsigned int max_vcpus,
              uint64_t max_pages)
{
    struct domain *d;

    if (domid >= MAX_DOMAINS || domain_table[domid] != NULL ||
        max_vcpus == 0 || max_vcpus > MAX_VIRT_CPUS)
        return NULL;
    d = domain_struct_alloc();
    if (d == NULL)
        return NULL;
    d->domain_id = domid;
    d->is_privileged = privileged;
    d->shutdown_reason = SHUTDOWN_REASON_NONE;
    d->max_pages = max_pages;
    d->max_vcpus = max_vcpus;
    d->xenmem_max = xenmem_default_max(max_pages);
    xl_snprintf(d->name, sizeof(d->name), "d%u", (unsigned int)domid);
    if (alloc_vcpus(d, max_vcpus) != 0 || alloc_shared_info(d) != 0 ||
        sched_setup(d) != 0) {
        sched_teardown(d);
        if (d->shared_info)
            free_shared_info(d);
        free_vcpus(d);
        xfree(d);
        return NULL;
    }
    domain_table[domid] = d;
    return d;
}

struct domain *
domain_lookup(domid_t domid)
{
    if (domid == DOMID_SELF)
        return current ? current->domain : NULL;
    if (domid >= MAX_DOMAINS)
        return NULL;
    return domain_table[domid];
}

void
domain_crash(struct domain *d, const char *why)
{
    if (d->is_crashed)
        return;
    printk(XENLOG_ERR "domain %u crashed: %s\n", (unsigned int)d->domain_id,
           why ? why : "(no reason given)");
    d->is_crashed = true;
    if (!d->is_shut_down) {
        d->is_shut_down = true;
        d->shutdown_reason = SHUTDOWN_crash;
    }
    arch_domain_crashed(d);
}

void
domain_shutdown(struct domain *d, int reason)
{
    if (d->is_shut_down)
        return;             /* Xen: the first request wins */
    if (reason >= 0 && (size_t)reason < ARRAY_SIZE(shutdown_names))
        printk(XENLOG_INFO "domain %u shut down: reason %s\n",
               (unsigned int)d->domain_id, shutdown_names[reason]);
    else
        printk(XENLOG_INFO "domain %u shut down: reason unknown (%d)\n",
               (unsigned int)d->domain_id, reason);
    d->is_shut_down = true;
    d->shutdown_reason = reason;
    arch_domain_shutdown(d, reason);
}

void
domain_kill(struct domain *d)
{
    if (d->is_dying)
        return;
    d->is_dying = true;
    evtchn_domain_destroy(d);       /* peers' ports revert to unbound */
    pv_relinquish_memory(d);
    grant_table_destroy(d);         /* after: others' mappings keep frames */
    if (d->tot_pages != 0)
        printk(XENLOG_ERR "domain %u: %llu frames still referenced after kill\n",
               (unsigned int)d->domain_id, (unsigned long long)d->tot_pages);
}

void
domain_destroy(struct domain *d)
{
    domain_kill(d);
    /* Something still holds a reference to one of d's frames: the frame
     * would keep a dangling owner.  Only hypervisor code can hold those. */
    BUG_ON(d->tot_pages != 0 || d->page_list != NULL);
    free_shared_info(d);
    if (current && current->domain == d)
        current = NULL;
    if (d->domain_id < MAX_DOMAINS && domain_table[d->domain_id] == d)
        domain_table[d->domain_id] = NULL;
    sched_teardown(d);
    free_vcpus(d);
    /* Every charged allocation was given back: anything left is a leak. */
    BUG_ON(d->xenmem_bytes != 0);
    xfree(d);
}
