/*
 * domctl.c - domctl and sysctl: dom0's control of domains and its view of
 * the hypervisor (see domctl.h; normative text in spec/domctl.md).
 *
 * Environment: hosted and hypervisor (portable core).
 *
 * Shape of every call: the caller must be privileged (checked before the
 * argument is read), the struct is copied in once and written straight
 * back (so a read-only or unmapped argument fails with -EFAULT before
 * anything changes), the version is checked, then one function per op
 * decodes (every field, the target, the target's state) and invokes.  The
 * struct, with its out fields filled, is copied back on success.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <domain.h>
#include <domctl.h>
#include <sched_credit.h>
#include <event.h>
#include <grant_table.h>
#include <guest_access.h>
#include <hypercall.h>
#include <lib.h>
#include <mm.h>
#include <pv_mm.h>
#include <schedule.h>
#include <xl_errno.h>
#include <xmalloc.h>
#include <xtime.h>
#include "public/xen.h"
#include "public/xl_domctl.h"

/*@ requires current == \null || \valid_read(current);
    assigns \nothing;
    ensures current == \null ==> \result == \null;
    ensures current != \null ==> \result == current->domain;
*/
static struct domain *
caller_domain(void)
{
    return current ? current->domain : NULL;
}

/*@ // What a domctl needs of the machine: unique ids, writable domains,
    // and a caller that is a writable domain's vCPU (or none).
    predicate domctl_state =
        domids_unique && domains_ok &&
        (current == \null || (\valid(current) && domain_ok(current->domain)));

    // The argument struct (a local of do_domctl) is none of the domains.
    predicate domctl_op_apart(struct xl_domctl *op) =
        \forall integer i; 0 <= i < MAX_DOMAINS && domain_table[i] != \null ==>
            \separated(op, domain_table[i]);
*/

/*@ // Slots of the domain table are only emptied between L1 and L2.
    predicate domain_table_shrunk{L1, L2} =
        \forall integer i; 0 <= i < MAX_DOMAINS ==>
            \at(domain_table[i], L2) == \null ||
            \at(domain_table[i], L2) == \at(domain_table[i], L1);
*/

/* The domain op->domain names: DOMID_SELF or an id below MAX_DOMAINS;
 * NULL (-ESRCH) if none. */
/*@ requires domctl_state;
    assigns \nothing;
    ensures \result == \null || domain_ok(\result);
    ensures self: id == DOMID_SELF && current != \null ==> \result == current->domain;
    ensures table: id != DOMID_SELF && \result != \null ==>
        id < MAX_DOMAINS && \result == domain_table[id];
*/
static struct domain *
domctl_target(unsigned int id)  /* a domid_t, widened: see proofs/README.md */
{
    if (id == DOMID_SELF)
        return caller_domain();
    if (id < MAX_DOMAINS)
        return domain_table[array_index_nospec(id, MAX_DOMAINS)];
    return NULL;
}

/*@ assigns \nothing; */
static bool
type_valid(uint32_t type)
{
    return type == XL_DOMCTL_TYPE_PV || type == XL_DOMCTL_TYPE_PVH ||
           type == XL_DOMCTL_TYPE_HVM;
}

/* A limit on frames a domain may own: at least 1, at most the machine. */
/*@ assigns \nothing; */
static bool
max_pages_valid(uint64_t max_pages)
{
    return max_pages >= 1 && max_pages <= frames_total();
}

int
domctl_pick_domid(domid_t wanted)
{
    if (wanted != 0 && wanted != DOMID_INVALID) {
        if (wanted >= MAX_DOMAINS)
            return -EINVAL;
        return domain_table[wanted] != NULL ? -EEXIST : (int)wanted;
    }
    /*@ loop invariant bound: 1 <= i <= MAX_DOMAINS;
        loop assigns i;
        loop variant MAX_DOMAINS - i;
    */
    for (unsigned int i = 1; i < MAX_DOMAINS; i++)
        if (domain_table[i] == NULL)
            return (int)i;
    return -ENOSPC;
}

/* kill (frames back), arch state, then the structures and the slot. */
/* No assigns clause: domain_destroy (proved in module domain) has none
 * (it frees d and its structures). */
/*@ requires unique: domids_unique;
    requires \valid(d);
    requires current == \null || \valid_read(current);
    ensures unique: domids_unique;
    ensures shrunk: domain_table_shrunk{Pre, Post};
*/
static void
domctl_teardown(struct domain *d)
{
    domain_kill(d);
    arch_domain_destroy(d);
    domain_destroy(d);
}

/* ---- domain info ---- */

/*@ requires domain_readable((struct domain *)d) && \valid(online);
    assigns *online;
    ensures *online <= MAX_VIRT_CPUS;
*/
static uint32_t
domain_flags(const struct domain *d, unsigned int *online)
{
    uint32_t flags = 0;
    unsigned int up = 0, blocked = 0;

    /*@ loop invariant 0 <= i <= MAX_VIRT_CPUS && up <= i && blocked <= up;
        loop assigns i, up, blocked, flags;
        loop variant MAX_VIRT_CPUS - i;
    */
    for (unsigned int i = 0; i < d->max_vcpus && i < MAX_VIRT_CPUS; i++) {
        const struct vcpu *v = d->vcpu[i];

        if (v == NULL || !v->is_up)
            continue;
        up++;
        blocked += v->is_blocked;
        if (v->runstate == VCPU_RUNNING)
            flags |= XL_DOMINF_running;
    }
    *online = up;
    if (up != 0 && blocked == up)
        flags |= XL_DOMINF_blocked;
    if (d->is_dying)
        flags |= XL_DOMINF_dying;
    if (d->is_shut_down)
        flags |= XL_DOMINF_shutdown;
    if (d->is_paused)
        flags |= XL_DOMINF_paused;
    if (d->is_crashed)
        flags |= XL_DOMINF_crashed;
    if (d->is_privileged)
        flags |= XL_DOMINF_privileged;
    if (arch_domain_type(d) != XL_DOMCTL_TYPE_PV)
        flags |= XL_DOMINF_hvm;
    return flags;
}

/*@ requires domain_readable((struct domain *)d);
    assigns \nothing;
*/
static uint64_t
domain_cpu_time(const struct domain *d)
{
    uint64_t now = arch_now_ns(), sum = 0;

    /*@ loop invariant 0 <= i <= MAX_VIRT_CPUS;
        loop assigns i, sum;
        loop variant MAX_VIRT_CPUS - i;
    */
    for (unsigned int i = 0; i < d->max_vcpus && i < MAX_VIRT_CPUS; i++) {
        uint64_t t[4], entry;
        int state;

        if (d->vcpu[i] == NULL)
            continue;
        vcpu_runstate_get(d->vcpu[i], now, t, &entry, &state);
        sum += t[VCPU_RUNNING];
    }
    return sum;
}

/* The struct goes to the guest whole: every byte is stored below, the
 * padding fields too (it has no implicit padding: the sizes of its members
 * add up to its size), as the memset + memcpy it had did. */
_Static_assert(sizeof(struct xl_domctl_getdomaininfo) ==
               2 * sizeof(uint16_t) + 5 * sizeof(uint32_t) + 5 * sizeof(uint64_t) +
               sizeof(((struct xl_domctl_getdomaininfo *)0)->name),
               "getdomaininfo has implicit padding");
_Static_assert(sizeof(((struct domain *)0)->name) ==
               sizeof(((struct xl_domctl_getdomaininfo *)0)->name),
               "domain name and getdomaininfo name differ in size");

void
domctl_domain_info(const struct domain *d, struct xl_domctl_getdomaininfo *info)
{
    unsigned int online;

    info->domain = d->domain_id;
    info->_pad0 = 0;
    info->flags = domain_flags(d, &online);
    info->tot_pages = d->tot_pages;
    info->max_pages = d->max_pages;
    info->cpu_time_ns = domain_cpu_time(d);
    info->max_vcpus = d->max_vcpus;
    info->nr_online_vcpus = online;
    info->shutdown_reason = d->is_shut_down ? d->shutdown_reason
                                            : SHUTDOWN_REASON_NONE;
    info->_pad1 = 0;
    /*@ loop invariant 0 <= i <= sizeof(info->name) - 1;
        loop assigns i, info->name[0 .. sizeof(info->name) - 2];
        loop variant sizeof(info->name) - 1 - i;
    */
    for (unsigned int i = 0; i < sizeof(info->name) - 1; i++)
        info->name[i] = d->name[i];
    info->name[sizeof(info->name) - 1] = '\0';
    info->xenmem_bytes = d->xenmem_bytes;
    info->xenmem_max = d->xenmem_max;
}

/* ---- domctl ops: each decodes, then invokes ---- */

/* Invoke: cannot fail for a bad argument, only for want of memory. */
/* Contract assumed (proofs/README.md): domain_create is proved (it keeps
 * domids_unique); the event channels, vCPU masks and arch hook it then
 * sets up write only the new domain's fresh structures (which assigns
 * need not name), and a failure takes the domain out with
 * domctl_teardown (proved). */
/*@ requires unique: domids_unique;
    requires id < MAX_DOMAINS && domain_table[id] == \null;
    requires \valid_read(op);
    assigns domain_table[0 .. MAX_DOMAINS - 1], frame_table[0 .. frame_table_nr - 1];
    ensures unique: domids_unique;
    ensures \result == id || \result < 0;
    ensures fresh: \forall integer i; 0 <= i < MAX_DOMAINS ==>
        domain_table[i] == \null || domain_table[i] == \old(domain_table[i]) ||
        \separated(op, domain_table[i]);
*/
static long
createdomain_invoke(domid_t id, const struct xl_domctl *op)
{
    const struct xl_domctl_createdomain *c = &op->u.createdomain;
    struct domain *d = domain_create(id, false, c->max_vcpus, c->max_pages);
    int rc;

    if (d == NULL)
        return -ENOMEM;
    /* Born paused, as on Xen: the toolstack builds, then unpauses. */
    d->is_paused = true;
    rc = evtchn_domain_init(d);
    if (rc == 0) {
        /* Event delivery starts masked on every vCPU (Xen). */
        for (unsigned int i = 0; i < c->max_vcpus; i++)
            vcpu_info_of(d->vcpu[i])->evtchn_upcall_mask = 1;
        rc = arch_domain_create(d, c->type);
    }
    /* (The scheduler's state comes with domain_create.) */
    if (rc != 0) {
        domctl_teardown(d);
        return rc;
    }
    return id;
}

/* op->domain is set to the picked id before the invoke: do_domctl copies
 * op back only on success, so on failure the value is never seen. */
/*@ requires unique: domids_unique;
    requires \valid(op) && domctl_op_apart(op);
    assigns op->domain, domain_table[0 .. MAX_DOMAINS - 1],
            frame_table[0 .. frame_table_nr - 1];
    ensures unique: domids_unique;
    ensures \result < MAX_DOMAINS;
    ensures \result >= 0 ==> op->domain == \result;
    ensures apart: domctl_op_apart(op);
*/
static long
domctl_createdomain(struct xl_domctl *op)
{
    const struct xl_domctl_createdomain *c = &op->u.createdomain;
    int id;

    if (!type_valid(c->type) || c->max_vcpus == 0 ||
        c->max_vcpus > MAX_VIRT_CPUS || !max_pages_valid(c->max_pages) ||
        c->flags != 0 || c->_pad0 != 0)
        return -EINVAL;
    id = domctl_pick_domid(op->domain);
    if (id < 0)
        return id;
    ASSERT(domain_table[id] == NULL);   /* domids_unique stays true */
    op->domain = (domid_t)id;
    return createdomain_invoke((domid_t)id, op);
}

/*@ requires unique: domids_unique;
    requires \valid(d);
    requires current == \null || \valid_read(current);
    ensures unique: domids_unique;
    ensures shrunk: domain_table_shrunk{Pre, Post};
*/
static long
domctl_destroydomain(struct domain *caller, struct domain *d)
{
    if (d->domain_id == 0)
        return -EPERM;          /* the control domain stays */
    if (d == caller)
        return -EINVAL;         /* SCHEDOP_shutdown is the way out */
    domctl_teardown(d);
    return 0;
}

/*@ requires \valid(d);
    assigns d->is_paused;
*/
static long
domctl_pausedomain(struct domain *caller, struct domain *d)
{
    if (d == caller || d->is_dying)
        return -EINVAL;
    if (d->is_paused)
        return -EBUSY;
    d->is_paused = true;
    return 0;
}

/*@ requires \valid(d);
    assigns d->is_paused;
*/
static long
domctl_unpausedomain(struct domain *caller, struct domain *d)
{
    if (d == caller || d->is_dying || !d->is_paused)
        return -EINVAL;
    d->is_paused = false;
    return 0;
}

/*@ requires \valid(d) && \valid_read(m);
    assigns d->max_pages;
*/
static long
domctl_max_mem(struct domain *d, const struct xl_domctl_max_mem *m)
{
    if (d->is_dying || !max_pages_valid(m->max_pages) ||
        m->max_pages < d->tot_pages)
        return -EINVAL;
    d->max_pages = m->max_pages;
    return 0;
}

/* The vCPU a vcpucontext op names, or NULL. */
/*@ requires domain_ok(d) && \valid_read(c);
    assigns \nothing;
    ensures \result == \null || \valid(\result);
    ensures \result != \null ==> c->vcpu < d->max_vcpus && c->vcpu < MAX_VIRT_CPUS;
    ensures slot: \result != \null ==> \result == d->vcpu[c->vcpu];
*/
static struct vcpu *
context_vcpu(struct domain *d, const struct xl_domctl_vcpucontext *c)
{
    if (c->_pad0 != 0 || c->vcpu >= d->max_vcpus || c->vcpu >= MAX_VIRT_CPUS)
        return NULL;
    return d->vcpu[array_index_nospec(c->vcpu, MAX_VIRT_CPUS)];
}

/* v's context into a fresh zeroed buffer, out to the guest at va.
 * Trusted contract (proofs/README.md): it writes only that fresh heap
 * buffer (allocated and freed here) and guest memory; an assigns clause
 * need not name memory allocated after its pre-state, but WP 25 cannot
 * tell the buffer from the pre-state's memory (no allocation model for
 * xzalloc), and the arch hook and the copy go through `void *`. */
/*@ requires \valid(v);
    assigns \nothing;
*/
static long
vcpu_context_out(struct vcpu *v, uint64_t va)
{
    struct vcpu_guest_context *ctx = xzalloc(struct vcpu_guest_context);
    long rc;

    if (ctx == NULL)
        return -ENOMEM;
    rc = arch_get_vcpu_context(v, ctx);
    if (rc == 0 && copy_to_guest(va, ctx, sizeof(*ctx)) != 0)
        rc = -EFAULT;
    xfree(ctx);
    return rc;
}

/* The guest's context at va, through a fresh buffer, into v.  Trusted
 * contract (proofs/README.md), as vcpu_context_out: the buffer is fresh;
 * the arch hook writes v's arch state (behind v->arch, opaque here). */
/*@ requires \valid(v);
    assigns *v;
*/
static long
vcpu_context_load(struct vcpu *v, uint64_t va)
{
    struct vcpu_guest_context *ctx = xmalloc(struct vcpu_guest_context);
    long rc;

    if (ctx == NULL)
        return -ENOMEM;
    rc = copy_from_guest(ctx, va, sizeof(*ctx));
    if (rc == 0)
        rc = arch_set_vcpu_context(v, ctx);
    xfree(ctx);
    return rc;
}

/*@ requires domain_ok(d) && \valid_read(c);
    assigns \nothing;
*/
static long
domctl_getvcpucontext(struct domain *d, const struct xl_domctl_vcpucontext *c)
{
    struct vcpu *v = context_vcpu(d, c);

    if (v == NULL || v == current)
        return -EINVAL;         /* current's registers are live, not saved */
    return vcpu_context_out(v, c->ctxt);
}

/*@ requires domain_ok(d) && \valid_read(c);
    assigns *d->vcpu[0 .. MAX_VIRT_CPUS - 1];
*/
static long
domctl_setvcpucontext(struct domain *caller, struct domain *d,
                      const struct xl_domctl_vcpucontext *c)
{
    struct vcpu *v = context_vcpu(d, c);

    if (v == NULL || d == caller || d->is_dying)
        return -EINVAL;
    if (v->is_up && !d->is_paused)
        return -EBUSY;          /* it may be running: pause it first */
    return vcpu_context_load(v, c->ctxt);
}

/*@ requires \valid(d) && \valid(s);
    requires d->sched == \null || \valid(d->sched);
    assigns s->weight, s->cap, d->sched->weight, d->sched->cap, d->sched->parked;
*/
static long
domctl_scheduler_op(struct domain *d, struct xl_domctl_scheduler_op *s)
{
    unsigned int weight, cap;

    if (s->sched_id != XL_SCHEDULER_CREDIT)
        return -EINVAL;
    if (s->cmd == XL_DOMCTL_SCHEDOP_putinfo) {
        /* The scheduler checks weight 1..65535 and cap 0..100 (one CPU). */
        if (d->is_dying)
            return -EINVAL;
        return sched_set_params(d, s->weight, s->cap);
    }
    if (s->cmd != XL_DOMCTL_SCHEDOP_getinfo)
        return -EINVAL;
    sched_get_params(d, &weight, &cap);
    s->weight = weight;
    s->cap = cap;
    return 0;
}

/* The build op's buffers, copied in from the caller. */
struct build_bufs {
    void *image, *ramdisk;
    char *cmdline;
};

/*@ requires \valid_read(b);
    assigns \nothing;
*/
static void
build_bufs_free(struct build_bufs *b)
{
    xfree(b->image);
    xfree(b->ramdisk);
    xfree(b->cmdline);
}

/* Copy one guest range into a fresh hypervisor buffer (len may be 0).
 * Trusted contract (proofs/README.md): it writes *out and the block it
 * allocates (len + extra zeroed bytes, filled from the guest), which an
 * assigns clause need not name but WP 25 cannot tell from the pre-state's
 * memory (as vcpu_context_out); xzalloc_bytes has no contract. */
/*@ requires \valid(out);
    assigns *out;
    ensures \result == 0 || \result == -ENOMEM || \result == -EFAULT;
*/
static int
copy_in_alloc(void **out, uint64_t va, size_t len, size_t extra)
{
    *out = xzalloc_bytes(len + extra);
    if (*out == NULL)
        return -ENOMEM;
    return copy_from_guest(*out, va, len);
}

/* The rings' event channels: unbound in d, for the caller to bind.
 * Proved (domctl_invoke) under evtchn_live(d) and a port table (every
 * domain createdomain made has one: evtchn_domain_init), which its caller
 * build_invoke (assumed) has to give it: see proofs/README.md. */
/*@ requires live: evtchn_live(d);
    requires table: d->nr_evtchn != 0;
    requires \valid_read(caller) && \valid(r) && \separated(r, d);
    assigns d->evtchn, d->nr_evtchn, d->xenmem_bytes, d->xenmem_refused,
            d->evtchn[1 .. EVTCHN_MAX_PORTS - 1],
            \at(d->evtchn, Post)[1 .. EVTCHN_MAX_PORTS - 1],
            r->console_port, r->store_port;
    ensures kept: d->evtchn == \old(d->evtchn);
    ensures errno: \result == 0 || \result == -22 || \result == -12 ||
        \result == -28;
    ensures ports: \result == 0 ==>
        0 < r->console_port < d->nr_evtchn && 0 < r->store_port < d->nr_evtchn;
*/
static int
build_ports(struct domain *caller, struct domain *d, struct domain_rings *r)
{
    int con = evtchn_alloc_unbound(d, caller->domain_id);
    int store = con < 0 ? con : evtchn_alloc_unbound(d, caller->domain_id);

    if (store < 0)
        return store;           /* a port already taken goes with d */
    r->console_port = (uint32_t)con;
    r->store_port = (uint32_t)store;
    return 0;
}

/* Grant both ring frames to grantee (Xen's reserved refs).  Trusted
 * contract (proofs/README.md): grant_table_reserved_entry (proved, module
 * grant_decode) has no assigns: it writes d->grant_table, the table (one
 * it may allocate: fresh) and the entry in d's grant frame (direct-map
 * memory behind the label-dependent grant_shared, which an assigns cannot
 * name); its result says nothing of the table's shape, which the second
 * call requires. */
/*@ requires \valid(d) && \valid_read(r);
    requires gt: d->grant_table == \null ||
        (\valid(d->grant_table) && d->grant_table->max_frames <= GNTTAB_MAX_FRAMES);
    assigns d->grant_table, *d->grant_table;
    ensures \result == 0 || \result == -EINVAL || \result == -ENOMEM;
*/
static int
build_grant_refs(struct domain *d, domid_t grantee, const struct domain_rings *r)
{
    int rc = grant_table_reserved_entry(d, XL_GREF_CONSOLE, grantee,
                                        r->console_gfn);

    if (rc == 0)
        rc = grant_table_reserved_entry(d, XL_GREF_XENSTORE, grantee,
                                        r->store_gfn);
    return rc;
}

/* Grant both ring frames to the caller (grantee: its id), and tell it
 * where everything is. */
/*@ requires \valid(d) && \valid_read(r) && \valid(b) && \separated(b, r);
    requires gt: d->grant_table == \null ||
        (\valid(d->grant_table) && d->grant_table->max_frames <= GNTTAB_MAX_FRAMES);
    assigns d->grant_table, *d->grant_table,
            b->console_gfn, b->store_gfn, b->console_port, b->store_port;
    ensures \result == 0 || \result == -EINVAL || \result == -ENOMEM;
*/
static int
build_grants(domid_t grantee, struct domain *d,
             const struct domain_rings *r, struct xl_domctl_build *b)
{
    int rc = build_grant_refs(d, grantee, r);

    if (rc != 0)
        return rc;
    b->console_gfn = r->console_gfn;
    b->store_gfn = r->store_gfn;
    b->console_port = r->console_port;
    b->store_port = r->store_port;
    return 0;
}

/* What a build writes (build_invoke and domctl_build): b's out fields, d's
 * pages, vCPUs and frames, its port table (pre-existing or fresh) and its
 * grant table. */
#define BUILD_ASSIGNS(d, b) \
    b->console_gfn, b->store_gfn, b->console_port, b->store_port, \
    d->tot_pages, d->page_list, d->is_paused, *d->vcpu[0 .. MAX_VIRT_CPUS - 1], \
    frame_table[0 .. frame_table_nr - 1], \
    d->evtchn, d->nr_evtchn, d->xenmem_bytes, d->xenmem_refused, \
    d->evtchn[1 .. EVTCHN_MAX_PORTS - 1], \
    \at(d->evtchn, Post)[1 .. EVTCHN_MAX_PORTS - 1], \
    d->grant_table, *d->grant_table

/* Proved (domctl_build module) under domctl_domain_world(d): the buffers
 * are fresh heap copies of the guest ranges domctl_build checked
 * (copy_in_alloc), the ports (build_ports) and grants (build_grants) are
 * d's, and the arch hook fills d's memory (its trusted contract). */
/*@ requires world: domctl_domain_world(d);
    requires \valid(b) && \valid_read(caller);
    assigns BUILD_ASSIGNS(d, b);
    ensures kept: d->evtchn == \old(d->evtchn);
*/
static long
build_invoke(struct domain *caller, struct domain *d, struct xl_domctl_build *b)
{
    struct build_bufs bufs = { NULL, NULL, NULL };
    struct domain_rings rings = { 0, 0, 0, 0, 0, 0 };
    /* b's sizes and the caller's id, read before d changes */
    size_t image_size = b->image_size, ramdisk_size = b->ramdisk_size;
    domid_t grantee = caller->domain_id;
    void *cmdline = NULL;
    long rc;

    rc = copy_in_alloc(&bufs.image, b->image, image_size, 0);
    if (rc == 0 && ramdisk_size != 0)
        rc = copy_in_alloc(&bufs.ramdisk, b->ramdisk, ramdisk_size, 0);
    if (rc == 0)        /* zeroed, one byte longer: always NUL-terminated */
        rc = copy_in_alloc(&cmdline, b->cmdline, b->cmdline_len, 1);
    bufs.cmdline = cmdline;
    if (rc == 0)
        rc = build_ports(caller, d, &rings);
    if (rc == 0)
        rc = arch_domain_build(d, arch_domain_type(d), bufs.image,
                               image_size, bufs.ramdisk, ramdisk_size,
                               bufs.cmdline, &rings);
    if (rc == 0)
        rc = build_grants(grantee, d, &rings, b);
    build_bufs_free(&bufs);
    return rc;
}

/* A domain is fresh until it is built: no frames, no vCPU up. */
/*@ requires domain_ok(d);
    assigns \nothing;
*/
static bool
domain_fresh(const struct domain *d)
{
    if (d->tot_pages != 0 || d->page_list != NULL)
        return false;
    /*@ loop invariant 0 <= i <= MAX_VIRT_CPUS;
        loop assigns i;
        loop variant MAX_VIRT_CPUS - i;
    */
    for (unsigned int i = 0; i < d->max_vcpus && i < MAX_VIRT_CPUS; i++)
        if (d->vcpu[i] != NULL && d->vcpu[i]->is_up)
            return false;
    return true;
}

/* d is not the caller (domctl_on_target checks: -EINVAL). */
/*@ requires domain_ok(d) && \valid(b) && \valid_read(caller);
    requires world: domctl_domain_world(d);
    assigns BUILD_ASSIGNS(d, b);
    ensures kept: d->evtchn == \old(d->evtchn);
*/
static long
domctl_build(struct domain *caller, struct domain *d, struct xl_domctl_build *b)
{
    if (d->is_dying || b->_pad0 != 0 || b->image_size == 0)
        return -EINVAL;
    if (b->image_size > XL_DOMCTL_BUILD_IMAGE_MAX ||
        b->ramdisk_size > XL_DOMCTL_BUILD_RAMDISK_MAX ||
        b->cmdline_len >= XL_DOMCTL_CMDLINE_MAX)
        return -E2BIG;
    if (!guest_range_ok(b->image, b->image_size) ||
        !guest_range_ok(b->ramdisk, b->ramdisk_size) ||
        !guest_range_ok(b->cmdline, b->cmdline_len))
        return -EFAULT;
    if (!domain_fresh(d))
        return -EBUSY;
    return build_invoke(caller, d, b);
}

/* Ops on an existing target (all but createdomain). */
/*@ requires domctl_state && \valid(op) && domctl_op_apart(op);
    requires world: domctl_world;
    requires current != \null && caller == current->domain;
    ensures unique: domids_unique;
    ensures shrunk: domain_table_shrunk{Pre, Post};
    ensures apart: domctl_op_apart(op);
*/
static long
domctl_on_target(struct domain *caller, struct xl_domctl *op)
{
    struct domain *d = domctl_target(op->domain);

    if (d == NULL)
        return -ESRCH;
    switch (op->cmd) {
    case XL_DOMCTL_destroydomain:  return domctl_destroydomain(caller, d);
    case XL_DOMCTL_pausedomain:    return domctl_pausedomain(caller, d);
    case XL_DOMCTL_unpausedomain:  return domctl_unpausedomain(caller, d);
    case XL_DOMCTL_getdomaininfo:
        domctl_domain_info(d, &op->u.getdomaininfo);
        return 0;
    case XL_DOMCTL_max_mem:        return domctl_max_mem(d, &op->u.max_mem);
    case XL_DOMCTL_getvcpucontext: return domctl_getvcpucontext(d, &op->u.vcpucontext);
    case XL_DOMCTL_setvcpucontext:
        return domctl_setvcpucontext(caller, d, &op->u.vcpucontext);
    case XL_DOMCTL_scheduler_op:   return domctl_scheduler_op(d, &op->u.scheduler_op);
    case XL_DOMCTL_build:
        /* -EINVAL first, as domctl_build's other argument checks: the
         * caller cannot build itself (and its world is not assumed). */
        if (d == caller)
            return -EINVAL;
        /*@ assert apart: \forall integer j; 0 <= j < MAX_DOMAINS &&
                domain_table[j] != \null ==>
                \separated(domain_table[j], d->evtchn + (0 .. EVTCHN_MAX_PORTS - 1));
        */
        return domctl_build(caller, d, &op->u.build);
    }
    return -ENOSYS;
}

/*@ assigns \nothing; */
static bool
domctl_cmd_known(uint32_t cmd)
{
    switch (cmd) {
    case XL_DOMCTL_createdomain: case XL_DOMCTL_destroydomain:
    case XL_DOMCTL_pausedomain: case XL_DOMCTL_unpausedomain:
    case XL_DOMCTL_getdomaininfo: case XL_DOMCTL_max_mem:
    case XL_DOMCTL_setvcpucontext: case XL_DOMCTL_getvcpucontext:
    case XL_DOMCTL_scheduler_op: case XL_DOMCTL_build:
        return true;
    }
    return false;
}

/* The argument, copied in.  Trusted contract (proofs/README.md): a typed
 * view of copy_from_guest, whose byte copy into a struct WP's typed model
 * does not follow.  `world`: do_domctl's precondition, which WP does not
 * carry to here (over the allocation of its local op and the havoc of
 * *op: cvc4 timed out, at 150 s for the call after the copy); it is a
 * frame fact, since op is apart from every domain and table. */
/*@ requires \valid(op);
    assigns *op;
    ensures \result == 0 || \result == -EFAULT;
    ensures world: domctl_world;
*/
static int
domctl_copy_in(struct xl_domctl *op, uint64_t arg)
{
    return copy_from_guest(op, arg, sizeof(*op));
}

long
do_domctl(uint64_t arg)
{
    struct domain *caller = caller_domain();
    struct xl_domctl op;
    long rc;

    if (caller == NULL || !caller->is_privileged)
        return -EPERM;
    if (domctl_copy_in(&op, arg) != 0 ||
        copy_to_guest(arg, &op, sizeof(op)) != 0)   /* writable, too */
        return -EFAULT;
    /*@ assert copied: domids_unique; */
    /*@ assert apart: domctl_op_apart(&op); */
    if (op.interface_version != XL_DOMCTL_INTERFACE_VERSION)
        return -EACCES;
    if (!domctl_cmd_known(op.cmd))
        return -ENOSYS;
    if (op._pad0 != 0 || op._pad1 != 0)
        return -EINVAL;
    if (op.cmd == XL_DOMCTL_createdomain)
        rc = domctl_createdomain(&op);
    else
        rc = domctl_on_target(caller, &op);
    /*@ assert done: domids_unique && domctl_op_apart(&op); */
    /* Cannot fault: the same bytes were written above, and nothing since
     * ran the caller. */
    if (rc >= 0 && copy_to_guest(arg, &op, sizeof(op)) != 0)
        rc = -EFAULT;
    return rc;
}

/* ---- sysctl ops ---- */

/*@ requires \valid(r);
    assigns r->index, r->count;
*/
static long
sysctl_readconsole(struct xl_sysctl_readconsole *r)
{
    char chunk[128];
    size_t pos = r->index, count = MIN((size_t)r->count, (size_t)CONRING_SIZE);
    size_t done = 0, n;

    if (r->_pad0 != 0)
        return -EINVAL;
    if (!guest_range_ok(r->buffer, count))
        return -EFAULT;
    (void)console_ring_read(chunk, 0, &pos);    /* clamp into the ring */
    /*@ loop invariant bound: done <= count;
        loop assigns done, n, pos, chunk[0 .. 127];
    */
    while (done < count) {
        n = console_ring_read(chunk, MIN(sizeof(chunk), count - done), &pos);
        if (n == 0)
            break;
        if (copy_to_guest(r->buffer + done, chunk, n) != 0)
            return -EFAULT;
        done += n;
    }
    r->index = pos;
    r->count = (uint32_t)done;
    return 0;
}

/* Every field is stored, _pad0 too: the struct has no implicit padding
 * (its members' sizes add up to its size), as the memset it had did. */
_Static_assert(sizeof(struct xl_sysctl_physinfo) ==
               4 * sizeof(uint32_t) + 4 * sizeof(uint64_t),
               "physinfo has implicit padding");

/*@ requires \valid(p);
    assigns *p;
    ensures \result == 0;
*/
static long
sysctl_physinfo(struct xl_sysctl_physinfo *p)
{
    struct heap_stats h;

    p->nr_cpus = arch_nr_cpus();
    p->cpu_khz = arch_tsc_khz();
    p->total_pages = frames_total();
    p->free_pages = frames_free_count();
    p->capabilities = arch_physinfo_caps();
    p->_pad0 = 0;
    heap_get_stats(&h);
    p->heap_bytes = h.bytes_in_use;
    p->heap_frames = h.frames;
    return 0;
}

/*@ requires domids_unique && domains_ok && \valid(l);
    assigns l->num_domains;
*/
static long
sysctl_getdomaininfolist(struct xl_sysctl_getdomaininfolist *l)
{
    const size_t esz = sizeof(struct xl_domctl_getdomaininfo);
    uint32_t max = MIN(l->max_domains, (uint32_t)MAX_DOMAINS), n = 0;
    struct xl_domctl_getdomaininfo info;

    if (l->_pad0 != 0 || l->_pad1 != 0)
        return -EINVAL;
    if (!guest_range_ok(l->buffer, (size_t)max * esz))
        return -EFAULT;
    /*@ loop invariant bound: n <= max;
        loop assigns i, n, info;
        loop variant MAX_DOMAINS + 1 - i;
    */
    for (unsigned int i = l->first_domain; i < MAX_DOMAINS && n < max; i++) {
        if (domain_table[i] == NULL)
            continue;
        domctl_domain_info(domain_table[i], &info);
        if (copy_to_guest(l->buffer + (uint64_t)n * esz, &info, esz) != 0)
            return -EFAULT;
        n++;
    }
    l->num_domains = n;
    return 0;
}

/* Trusted contract, as domctl_copy_in. */
/*@ requires \valid(op);
    assigns *op;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
sysctl_copy_in(struct xl_sysctl *op, uint64_t arg)
{
    return copy_from_guest(op, arg, sizeof(*op));
}

long
do_sysctl(uint64_t arg)
{
    struct domain *caller = caller_domain();
    struct xl_sysctl op;
    long rc;

    if (caller == NULL || !caller->is_privileged)
        return -EPERM;
    if (sysctl_copy_in(&op, arg) != 0 ||
        copy_to_guest(arg, &op, sizeof(op)) != 0)
        return -EFAULT;
    if (op.interface_version != XL_SYSCTL_INTERFACE_VERSION)
        return -EACCES;
    switch (op.cmd) {
    case XL_SYSCTL_readconsole:       rc = sysctl_readconsole(&op.u.readconsole); break;
    case XL_SYSCTL_physinfo:          rc = sysctl_physinfo(&op.u.physinfo); break;
    case XL_SYSCTL_getdomaininfolist: rc = sysctl_getdomaininfolist(&op.u.getdomaininfolist); break;
    default:                          return -ENOSYS;
    }
    if (rc >= 0 && copy_to_guest(arg, &op, sizeof(op)) != 0)
        rc = -EFAULT;
    return rc;
}
