/*
 * event.c - event channels, 2-level ABI (see event.h).
 *
 * Environment: hosted and hypervisor (portable core).
 *
 * Xen facts followed (xen/common/event_channel.c, event_2l.c, Xen 4.17):
 *   - bind_virq: virq >= NR_VIRQS -> -EINVAL; a global VIRQ on a vCPU other
 *     than 0 -> -EINVAL; no such vCPU -> -ENOENT; already bound on that vCPU
 *     -> -EEXIST;
 *   - alloc_unbound: dom other than the caller needs privilege (-EPERM);
 *     unknown dom -> -ESRCH; remote_dom DOMID_SELF means the *caller*; the
 *     remote domain need not exist yet;
 *   - bind_interdomain: unknown remote -> -ESRCH; remote port not unbound or
 *     not offered to us -> -EINVAL; afterwards the new local port is made
 *     pending (events sent while it was unbound are lost, so the guest must
 *     look);
 *   - close of a free / reserved / out-of-range port -> -EINVAL; the peer of
 *     an interdomain port becomes unbound, offered to the closer's id;
 *     closing clears the port's pending bit;
 *   - send: interdomain raises the peer, IPI raises the local port, an
 *     unbound port drops the event and returns 0, anything else -EINVAL;
 *   - status of another domain's port needs privilege (-EPERM), after the
 *     lookup (-ESRCH); bind_vcpu moves global VIRQ, unbound and interdomain
 *     ports only (-EINVAL otherwise);
 *   - full table -> -ENOSPC; unknown sub-op (FIFO set-up included, so Linux
 *     falls back to 2-level) -> -ENOSYS.
 * Beyond Xen: if the port number cannot be copied back to the guest, the new
 * port is closed again and the call fails with -EFAULT (Xen leaks it).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <domain.h>
#include <event.h>
#include <guest_access.h>
#include <hypercall.h>
#include <lib.h>
#include <schedule.h>
#include <xl_errno.h>
#include <xmalloc.h>

#define BITS_PER_WORD 64U

/* ---- shared_info bits ---- */

/* Trusted contract (proofs/README.md): the cast. */
/*@ requires \valid_read(d) && d->shared_info != \null;
    assigns \nothing;
    ensures \result == xl_shinfo(d);
*/
static struct shared_info *
shinfo(const struct domain *d)
{
    ASSERT(d->shared_info != NULL);
    return (struct shared_info *)d->shared_info;
}

struct vcpu_info *
vcpu_info_of(const struct vcpu *v)
{
    ASSERT(v->vcpu_id < XEN_LEGACY_MAX_VCPUS);
    return &shinfo(v->domain)->vcpu_info[v->vcpu_id];
}

static bool
bit_test_and_set(xen_ulong_t *w, unsigned int bit)
{
    xen_ulong_t m = 1ULL << bit;

    return (__atomic_fetch_or(w, m, __ATOMIC_SEQ_CST) & m) != 0;
}

/* Trusted contract (proofs/README.md): an atomic builtin. */
/*@ requires \valid(w);
    assigns *w;
*/
static bool
bit_test_and_clear(xen_ulong_t *w, unsigned int bit)
{
    xen_ulong_t m = 1ULL << bit;

    return (__atomic_fetch_and(w, ~m, __ATOMIC_SEQ_CST) & m) != 0;
}

/* Trusted contract (proofs/README.md): an atomic builtin. */
/*@ requires \valid_read(w);
    assigns \nothing;
*/
static bool
bit_test(const xen_ulong_t *w, unsigned int bit)
{
    return (__atomic_load_n(w, __ATOMIC_SEQ_CST) >> bit) & 1;
}

/*
 * The two shared_info layouts.  Xen gives a 32-bit guest 32-bit words:
 * the pending bitmap is byte for byte the same (little endian, ports below
 * 1024), but the mask bitmap starts right after a 128-byte pending array,
 * and the per-vCPU selector is a 32-bit word at offset 4 whose bit i
 * stands for 32-bit word i.
 */
#define COMPAT_MASK_OFFSET  (2048 + 128)

/* Trusted contract (proofs/README.md): the casts. */
/*@ requires \valid_read(d) && d->shared_info != \null;
    assigns \nothing;
    ensures \result == xl_mask_words(d);
*/
static xen_ulong_t *
mask_words(const struct domain *d)
{
    if (d->shinfo_compat)
        return (xen_ulong_t *)((char *)d->shared_info + COMPAT_MASK_OFFSET);
    return shinfo(d)->evtchn_mask;
}

/* Set the selector bit of port's word; true if it was already set.
 * Trusted contract (proofs/README.md): a cast and an atomic builtin on v's
 * vcpu_info, inside the domain's shared_info. */
/*@ requires \valid(v) && \valid_read(v->domain);
    assigns *xl_shinfo(v->domain);
*/
static bool
sel_test_and_set(struct vcpu *v, evtchn_port_t port)
{
    struct vcpu_info *vi = vcpu_info_of(v);

    if (v->domain->shinfo_compat) {
        uint32_t *sel = (uint32_t *)((char *)vi + 4), m = 1u << (port / 32);

        return (__atomic_fetch_or(sel, m, __ATOMIC_SEQ_CST) & m) != 0;
    }
    return bit_test_and_set(&vi->evtchn_pending_sel, port / BITS_PER_WORD);
}

bool
evtchn_is_pending(const struct domain *d, evtchn_port_t port)
{
    if (port >= EVTCHN_MAX_PORTS || d->shared_info == NULL)
        return false;
    return bit_test(&shinfo(d)->evtchn_pending[port / BITS_PER_WORD],
                    port % BITS_PER_WORD);
}

bool
evtchn_is_masked(const struct domain *d, evtchn_port_t port)
{
    if (port >= EVTCHN_MAX_PORTS || d->shared_info == NULL)
        return false;
    return bit_test(&mask_words(d)[port / BITS_PER_WORD], port % BITS_PER_WORD);
}

/* Upcall pending on v: wake it if it blocked and let the arch bounce.
 * Trusted contract (proofs/README.md), as evtchn_set_pending's. */
/*@ requires \valid(v) && \valid_read(v->domain);
    assigns *xl_shinfo(v->domain), v->is_blocked,
            v->runstate, v->runstate_entry_ns, v->runstate_time_ns[0 .. 3];
*/
static void
vcpu_mark_events_pending(struct vcpu *v)
{
    struct vcpu_info *vi = vcpu_info_of(v);

    if (__atomic_exchange_n(&vi->evtchn_upcall_pending, 1, __ATOMIC_SEQ_CST))
        return;
    vcpu_unblock(v);
    arch_vcpu_kick(v);
}

void
evtchn_set_pending(struct vcpu *v, evtchn_port_t port)
{
    struct domain *d = v->domain;
    struct shared_info *s;
    unsigned int word = port / BITS_PER_WORD;

    if (port == 0 || port >= d->nr_evtchn || d->shared_info == NULL)
        return;
    s = shinfo(d);
    if (bit_test_and_set(&s->evtchn_pending[word], port % BITS_PER_WORD))
        return;
    if (bit_test(&mask_words(d)[word], port % BITS_PER_WORD))
        return;
    if (sel_test_and_set(v, port))
        return;
    vcpu_mark_events_pending(v);
}

/* ---- the port table ---- */

bool
virq_is_global(uint32_t virq)
{
    switch (virq) {
    case VIRQ_TIMER:
    case VIRQ_DEBUG:
    case VIRQ_XENOPROF:
    case VIRQ_XENPMU:
        return false;
    default:
        return true;
    }
}

/* A new port table for d, charged to d: zeroed (every port free, notify
 * vCPU 0), port 0 reserved; NULL when the charge or memory runs out.
 * Trusted contract (proofs/README.md): the allocator's zeroed, fresh
 * memory seen as a struct evtchn array (WP has no allocation model: it
 * reports \fresh as not implemented); the allocator's own state is not in
 * assigns, no proved function reads it. */
/*@ requires \valid(d);
    assigns d->xenmem_bytes, d->xenmem_refused;
    ensures new: \result != \null ==> evtchn_fresh{Pre, Post}(\result);
*/
static struct evtchn *
evtchn_table_new(struct domain *d)
{
    struct evtchn *t = domain_xzalloc_array(d, sizeof(struct evtchn),
                                            EVTCHN_MAX_PORTS);

    if (t != NULL)
        t[0].state = ECS_RESERVED;
    return t;
}

int
evtchn_domain_init(struct domain *d)
{
    struct evtchn *t;

    if (d->evtchn != NULL)
        return 0;
    t = evtchn_table_new(d);
    if (t == NULL)
        return -ENOMEM;
    d->evtchn = t;
    d->nr_evtchn = EVTCHN_MAX_PORTS;
    /* A fresh table keeps d live: every port free, apart from d's
     * objects (they were valid before the allocation). */
    //@ assert t_ok: evtchn_table_ok(d) && evtchn_port0_ok(d);
    /*@ assert t_free: \forall integer p; 0 < p < d->nr_evtchn ==>
            d->evtchn[p].state == ECS_FREE; */
    //@ assert t_ports: evtchn_ports_ok(d);
    /*@ assert t_vcpus: \at(evtchn_vcpus_ok(d), Pre) ==> evtchn_vcpus_ok(d); */
    /*@ assert t_shinfo: \at(evtchn_shinfo_ok(d), Pre) ==> evtchn_shinfo_ok(d); */
    /*@ assert t_vcpu0: \at(evtchn_vcpu_ok(d, 0), Pre) ==> evtchn_vcpu_ok(d, 0); */
    return 0;
}

/*@ requires evtchn_table_ok(d);
    assigns \nothing;
    ensures \result == \null <==> port >= d->nr_evtchn;
    ensures \result != \null ==> \result == &d->evtchn[port];
*/
static struct evtchn *
port_get(const struct domain *d, evtchn_port_t port)
{
    if (d->evtchn == NULL || port >= d->nr_evtchn)
        return NULL;
    return &d->evtchn[array_index_nospec(port, d->nr_evtchn)];
}

/*@ requires \valid_read(d);
    assigns \nothing;
    ensures \result != \null ==>
        id < d->max_vcpus && id < MAX_VIRT_CPUS && \result == d->vcpu[id];
*/
static struct vcpu *
domain_vcpu(const struct domain *d, uint32_t id)
{
    if (id >= d->max_vcpus || id >= MAX_VIRT_CPUS)
        return NULL;
    return d->vcpu[array_index_nospec(id, MAX_VIRT_CPUS)];
}

/* Lowest free port of d, or -EINVAL (d is dying) / -ENOMEM / -ENOSPC.
 * The table is d's own or, if d had none, a fresh one (evtchn_table_new);
 * no entry is written. */
/*@ requires \valid(d) && evtchn_table_ok(d);
    assigns d->evtchn, d->nr_evtchn, d->xenmem_bytes, d->xenmem_refused;
    ensures table: evtchn_table_ok(d);
    ensures grown: evtchn_table_grown{Pre, Post}(d);
    ensures port: \result >= 0 ==>
        0 < \result < d->nr_evtchn && d->evtchn[\result].state == ECS_FREE;
    ensures lowest: \result >= 0 ==>
        \forall integer q; 0 < q < \result ==> d->evtchn[q].state != ECS_FREE;
    ensures errno: \result < 0 ==>
        \result == -22 || \result == -12 || \result == -28;
    ensures live: \old(evtchn_live(d)) ==> evtchn_live(d);
*/
static int
get_free_port(struct domain *d)
{
    int rc;

    /* A dying domain's table is gone for good: a new one would leak (Xen). */
    if (d->is_dying)
        return -EINVAL;
    rc = evtchn_domain_init(d);
    if (rc)
        return rc;
    /*@ loop invariant bound: 1 <= p && (p <= d->nr_evtchn || p == 1);
        loop invariant used: \forall integer q; 0 < q < p ==>
            d->evtchn[q].state != ECS_FREE;
        loop assigns p;
    */
    for (evtchn_port_t p = 1; p < d->nr_evtchn; p++)
        if (d->evtchn[p].state == ECS_FREE)
            return (int)p;
    return -ENOSPC;
}

_Static_assert(sizeof(((struct evtchn *)0)->u) ==
               sizeof(((struct evtchn *)0)->u.interdomain),
               "evtchn_clear_u zeroes the whole union");

/* All bytes of chn->u zero (its largest member is interdomain). */
/*@ requires \valid(chn);
    assigns chn->u.interdomain;
    exits \false;
    ensures chn->u.interdomain.remote_dom == \null &&
            chn->u.interdomain.remote_port == 0;
*/
static void
evtchn_clear_u(struct evtchn *chn)
{
    chn->u.interdomain.remote_dom = NULL;
    chn->u.interdomain.remote_port = 0;
}

/*@ requires evtchn_table_ok(d) && evtchn_shinfo_ok(d) && port < d->nr_evtchn;
    assigns d->evtchn[port],
            xl_shinfo(d)->evtchn_pending[port / 64];
    ensures d->evtchn[port].state == ECS_FREE;
    // an interdomain port's remote end, apart from the entry, is untouched
    // (evtchn_close's `peer_unbound`)
    ensures peer_kept: \old(d->evtchn[port].state) == ECS_INTERDOMAIN ==>
        \let r = \old(&d->evtchn[port].u.interdomain.remote_dom->evtchn[
                           d->evtchn[port].u.interdomain.remote_port]);
        \separated(r, \old(d->evtchn + port)) ==>
        r->state == \old(r->state) &&
        r->u.unbound.remote_dom == \old(r->u.unbound.remote_dom);
    // every other port of d keeps its invariant, given d's vCPUs and q's
    // remote end apart from the freed entry (evtchn_close's `inv`)
    ensures others: \forall integer q; 0 < q < d->nr_evtchn && q != port ==>
        \old(evtchn_vcpus_ok(d) && evtchn_port_inv(d, q) &&
             evtchn_free_sep(d, port, q)) ==>
        evtchn_port_inv(d, q);
    // every two other ports stay apart as evtchn_peers_ok says, and a
    // port's remote end stays apart from d's vCPUs (evtchn_close's `peers`)
    ensures pairs: \forall integer p, q; 0 < p < d->nr_evtchn && 0 < q < d->nr_evtchn &&
        p != q && p != port && q != port ==>
        \old(evtchn_close_sep(d, p, q) && evtchn_interdomain_symmetric(d, p) &&
             evtchn_interdomain_symmetric(d, q)) ==>
        evtchn_close_sep(d, p, q);
    ensures vsep: \forall integer q; 0 < q < d->nr_evtchn && q != port ==>
        \old(evtchn_peer_vsep(d, q) && evtchn_interdomain_symmetric(d, q)) ==>
        evtchn_peer_vsep(d, q);
    ensures freed: \forall integer q; 0 < q < d->nr_evtchn && q != port ==>
        \old(evtchn_close_sep(d, port, q) && evtchn_interdomain_symmetric(d, q)) ==>
        evtchn_close_sep(d, port, q);
*/
static void
evtchn_free(struct domain *d, evtchn_port_t port)
{
    struct evtchn *chn = &d->evtchn[port];

    if (d->shared_info != NULL)
        (void)bit_test_and_clear(&shinfo(d)->evtchn_pending[port / BITS_PER_WORD],
                                 port % BITS_PER_WORD);
    /* Field by field, not memset: WP's typed memory model follows
     * neither a byte-wise store nor a copy of a struct holding a union. */
    chn->state = ECS_FREE;
    chn->_pad0 = 0;
    chn->notify_vcpu = 0;
    evtchn_clear_u(chn);
    /* Every other port keeps its invariant (`others`): bridges, each
     * relative to Pre, as in evtchn_set_virq. */
    /*@ assert f0: XL_WP_ONLY(\forall integer q; 0 < q < d->nr_evtchn && q != port ==>
            evtchn_entry_kept{Here, Pre}(d, q)); */
    /*@ assert f1: XL_WP_ONLY(\forall integer q; 0 < q < d->nr_evtchn && q != port ==>
            \at(evtchn_vcpus_ok(d) && evtchn_notify_ok(d, q), Pre) ==>
            evtchn_notify_ok(d, q)); */
    /*@ assert f2: XL_WP_ONLY(\forall integer q; 0 < q < d->nr_evtchn && q != port ==>
            \at(evtchn_interdomain_symmetric(d, q) && evtchn_free_sep(d, port, q), Pre) ==>
            evtchn_interdomain_symmetric(d, q)); */
    /*@ assert f3: XL_WP_ONLY(\forall integer q; 0 < q < d->nr_evtchn && q != port &&
            d->evtchn[q].state == ECS_INTERDOMAIN ==>
            \at(evtchn_vcpus_ok(d) && evtchn_port_inv(d, q) &&
                evtchn_free_sep(d, port, q), Pre) ==>
            evtchn_notify_ok(d->evtchn[q].u.interdomain.remote_dom,
                             d->evtchn[q].u.interdomain.remote_port)); */
    /* The domain fields evtchn_close_sep reads (d's, and a remote
     * domain's, which is apart from d's table): for `pairs`, `vsep`. */
    /*@ assert f_d: XL_WP_ONLY(d->evtchn == \at(d->evtchn, Pre) &&
            \forall integer i; 0 <= i < MAX_VIRT_CPUS ==> d->vcpu[i] == \at(d->vcpu[i], Pre)); */
    /*@ assert f_r: XL_WP_ONLY(\forall integer q; 0 < q < d->nr_evtchn && q != port ==>
            \at(evtchn_interdomain_symmetric(d, q) &&
                d->evtchn[q].state == ECS_INTERDOMAIN, Pre) ==>
            \let r = d->evtchn[q].u.interdomain.remote_dom;
            r->evtchn == \at(r->evtchn, Pre) &&
            \forall integer i; 0 <= i < MAX_VIRT_CPUS ==> r->vcpu[i] == \at(r->vcpu[i], Pre)); */
    /*@ assert f_v: XL_WP_ONLY(\forall integer q; 0 < q < d->nr_evtchn && q != port ==>
            \at(evtchn_peer_vsep(d, q) && evtchn_interdomain_symmetric(d, q), Pre) ==>
            evtchn_peer_vsep(d, q)); */
    /*@ assert f_pa: XL_WP_ONLY(\forall integer p, q; 0 < p < d->nr_evtchn && 0 < q < d->nr_evtchn &&
            p != q && p != port && q != port &&
            d->evtchn[q].state == ECS_INTERDOMAIN &&
            d->evtchn[q].u.interdomain.remote_dom != d ==>
            \at(evtchn_close_sep(d, p, q) && evtchn_interdomain_symmetric(d, q), Pre) ==>
            \let r = d->evtchn[q].u.interdomain.remote_dom;
            \let rq = r->evtchn + d->evtchn[q].u.interdomain.remote_port;
            (\forall integer i; 0 <= i < MAX_VIRT_CPUS && d->vcpu[i] != \null ==>
               \separated(d->vcpu[i], r) && \separated(d->vcpu[i], rq)) &&
            (\forall integer i; 0 <= i < MAX_VIRT_CPUS && r->vcpu[i] != \null ==>
               \separated(r->vcpu[i], d->evtchn + p))); */
    /*@ assert f_pb: XL_WP_ONLY(\forall integer p, q; 0 < p < d->nr_evtchn && 0 < q < d->nr_evtchn &&
            p != q && p != port && q != port &&
            d->evtchn[q].state == ECS_INTERDOMAIN &&
            d->evtchn[q].u.interdomain.remote_dom != d &&
            d->evtchn[p].state == ECS_INTERDOMAIN ==>
            \at(evtchn_close_sep(d, p, q) && evtchn_interdomain_symmetric(d, p) &&
                evtchn_interdomain_symmetric(d, q), Pre) ==>
            \let r = d->evtchn[q].u.interdomain.remote_dom;
            \let rq = r->evtchn + d->evtchn[q].u.interdomain.remote_port;
            \let pe = d->evtchn[p].u.interdomain.remote_dom->evtchn +
                      d->evtchn[p].u.interdomain.remote_port;
            \separated(r, pe) && \separated(rq, pe) &&
            \forall integer i; 0 <= i < MAX_VIRT_CPUS && r->vcpu[i] != \null ==>
              \separated(r->vcpu[i], pe)); */
    /* `pairs` in two cases of q's remote end (f_pc: another domain's,
     * from f_v, f_pa, f_pb; f_pd: none, or d's own). */
    /*@ assert f_pc: XL_WP_ONLY(\forall integer p, q; 0 < p < d->nr_evtchn && 0 < q < d->nr_evtchn &&
            p != q && p != port && q != port &&
            d->evtchn[q].state == ECS_INTERDOMAIN &&
            d->evtchn[q].u.interdomain.remote_dom != d ==>
            \at(evtchn_close_sep(d, p, q) && evtchn_interdomain_symmetric(d, p) &&
                evtchn_interdomain_symmetric(d, q), Pre) ==>
            evtchn_close_sep(d, p, q)); */
    /*@ assert f_pd: XL_WP_ONLY(\forall integer p, q; 0 < p < d->nr_evtchn && 0 < q < d->nr_evtchn &&
            p != q && p != port && q != port &&
            !(d->evtchn[q].state == ECS_INTERDOMAIN &&
              d->evtchn[q].u.interdomain.remote_dom != d) ==>
            \at(evtchn_close_sep(d, p, q) && evtchn_interdomain_symmetric(d, p), Pre) ==>
            evtchn_close_sep(d, p, q)); */
}

/* A domain id as the caller means it (DOMID_SELF resolved). */
/*@ requires \valid_read(current) && \valid_read(current->domain);
    assigns \nothing;
    ensures \result == (dom == DOMID_SELF ? current->domain->domain_id : dom);
*/
static domid_t
resolve_domid(domid_t dom)
{
    return dom == DOMID_SELF ? current->domain->domain_id : dom;
}

/* The domain a sub-op names: the caller, or (privileged callers only) any.
 * Lookup first (-ESRCH), then the permission check (-EPERM), as Xen. */
/*@ requires world: evtchn_world;
    requires \valid(rc);
    assigns *rc;
    ensures found: \result != \null ==> *rc == 0 &&
        evtchn_live(\result) && evtchn_apart(current->domain, \result);
    ensures peers: \result != \null && evtchn_world_peers ==>
        evtchn_peers_ok(\result) && evtchn_vseps_ok(\result);
    ensures errno: \result == \null ==> *rc == -3 || *rc == -1;
*/
static struct domain *
target_domain(domid_t dom, int *rc)
{
    struct domain *cd = current->domain;
    struct domain *d;

    dom = resolve_domid(dom);
    d = dom == cd->domain_id ? cd : domain_lookup(dom);
    if (d == NULL) {
        *rc = -ESRCH;
        return NULL;
    }
    if (d != cd && !cd->is_privileged) {
        *rc = -EPERM;
        return NULL;
    }
    *rc = 0;
    return d;
}

/* ---- invoke ---- */

/* Undo what binding port did outside its own entry: a VIRQ's slot in the
 * vCPUs' virq_to_port, an interdomain port's remote end (it becomes
 * unbound, offered to d).  port's own entry is left to evtchn_free.  Split
 * from evtchn_close so that the close is one path for the provers. */
/* The bridges of evtchn_close_sep for every two other ports (`pairs`),
 * the same on the VIRQ and the interdomain path of evtchn_unbind: the
 * domain fields it reads are kept (R), then its parts (PA, PB), the
 * peers' vCPUs (V) and the pairs themselves (PAIRS). */
#define UNBIND_PAIRS_R \
    \forall integer q; 0 < q < d->nr_evtchn && q != port && d->evtchn[q].state == ECS_INTERDOMAIN ==> \
    \at(evtchn_interdomain_symmetric(d, q) && evtchn_close_sep(d, port, q), Pre) ==> \
    \let r = d->evtchn[q].u.interdomain.remote_dom; r->evtchn == \at(r->evtchn, Pre) && \forall integer i; 0 <= i < MAX_VIRT_CPUS ==> \
    r->vcpu[i] == \at(r->vcpu[i], Pre)
#define UNBIND_PAIRS_PA \
    \forall integer p, q; 0 < p < d->nr_evtchn && 0 < q < d->nr_evtchn && p != q && p != port && q != port && d->evtchn[q].state == ECS_INTERDOMAIN && d->evtchn[q].u.interdomain.remote_dom != d ==> \
    \at(evtchn_close_sep(d, p, q) && evtchn_close_sep(d, port, p) && evtchn_close_sep(d, port, q) && evtchn_interdomain_symmetric(d, q), Pre) ==> \
    \let r = d->evtchn[q].u.interdomain.remote_dom; \let rq = r->evtchn + d->evtchn[q].u.interdomain.remote_port; (\forall integer i; 0 <= i < MAX_VIRT_CPUS && d->vcpu[i] != \null ==> \
    \separated(d->vcpu[i], r) && \separated(d->vcpu[i], rq)) && (\forall integer i; 0 <= i < MAX_VIRT_CPUS && r->vcpu[i] != \null ==> \
    \separated(r->vcpu[i], d->evtchn + p))
#define UNBIND_PAIRS_PB \
    \forall integer p, q; 0 < p < d->nr_evtchn && 0 < q < d->nr_evtchn && p != q && p != port && q != port && d->evtchn[q].state == ECS_INTERDOMAIN && d->evtchn[q].u.interdomain.remote_dom != d && d->evtchn[p].state == ECS_INTERDOMAIN ==> \
    \at(evtchn_close_sep(d, p, q) && evtchn_close_sep(d, port, p) && evtchn_close_sep(d, port, q) && evtchn_interdomain_symmetric(d, p) && evtchn_interdomain_symmetric(d, q), Pre) ==> \
    \let r = d->evtchn[q].u.interdomain.remote_dom; \let rq = r->evtchn + d->evtchn[q].u.interdomain.remote_port; \let pe = d->evtchn[p].u.interdomain.remote_dom->evtchn + d->evtchn[p].u.interdomain.remote_port; \separated(r, pe) && \separated(rq, pe) && \forall integer i; 0 <= i < MAX_VIRT_CPUS && r->vcpu[i] != \null ==> \
    \separated(r->vcpu[i], pe)
#define UNBIND_PAIRS_V \
    \forall integer q; 0 < q < d->nr_evtchn && q != port ==> \
    \at(evtchn_peer_vsep(d, q) && evtchn_close_sep(d, port, q) && evtchn_interdomain_symmetric(d, q), Pre) ==> \
    evtchn_peer_vsep(d, q)
#define UNBIND_PAIRS_PAIRS \
    \forall integer p, q; 0 < p < d->nr_evtchn && 0 < q < d->nr_evtchn && p != q && p != port && q != port ==> \
    \at(evtchn_close_sep(d, p, q) && evtchn_close_sep(d, port, p) && evtchn_close_sep(d, port, q) && evtchn_interdomain_symmetric(d, p) && evtchn_interdomain_symmetric(d, q), Pre) ==> \
    evtchn_close_sep(d, p, q)

/*@ requires table: evtchn_table_ok(d) && evtchn_vcpus_ok(d);
    requires port_inv: evtchn_port0_ok(d) && 0 < port < d->nr_evtchn &&
        evtchn_port_inv(d, port);
    requires shinfo: evtchn_shinfo_ok(d);
    assigns *evtchn_peer_loc(d, port),
            d->vcpu[0 .. MAX_VIRT_CPUS - 1]->virq_to_port[0 .. NR_VIRQS - 1];
    ensures kept: d->evtchn == \old(d->evtchn) && d->nr_evtchn == \old(d->nr_evtchn) &&
        d->shared_info == \old(d->shared_info) && d->max_vcpus == \old(d->max_vcpus);
    ensures k_vcpu: \forall integer i; 0 <= i < MAX_VIRT_CPUS ==>
        d->vcpu[i] == \old(d->vcpu[i]);
    ensures own: d->evtchn[port].state == \old(d->evtchn[port].state) &&
        d->evtchn[port].u.interdomain.remote_dom ==
            \old(d->evtchn[port].u.interdomain.remote_dom) &&
        d->evtchn[port].u.interdomain.remote_port ==
            \old(d->evtchn[port].u.interdomain.remote_port);
    ensures peer: \old(d->evtchn[port].state) == ECS_INTERDOMAIN ==>
        \let r = \old(&d->evtchn[port].u.interdomain.remote_dom->evtchn[
                           d->evtchn[port].u.interdomain.remote_port]);
        r->state == ECS_UNBOUND && r->u.unbound.remote_dom == \old(d->domain_id) &&
        \separated(r, d->evtchn + port);
    ensures dom: evtchn_table_ok(d) && evtchn_port0_ok(d) && evtchn_shinfo_ok(d);
    ensures free_kept: \forall integer q; 0 < q < d->nr_evtchn &&
        \old(d->evtchn[q].state) == ECS_FREE ==> d->evtchn[q].state == ECS_FREE;
    ensures vcpus: \old(evtchn_peer_vsep(d, port)) ==> evtchn_vcpus_ok(d);
    // every other port keeps its invariant, and is then apart from what
    // evtchn_free writes
    ensures others: \forall integer q; 0 < q < d->nr_evtchn && q != port ==>
        \old(evtchn_port_inv(d, q) && evtchn_close_sep(d, port, q)) ==>
        evtchn_port_inv(d, q) && evtchn_free_sep(d, port, q);
    // every two other ports stay apart as evtchn_peers_ok says (the peer,
    // in d when rd == d, is unbound: its pairs hold vacuously), port's
    // remote end stays apart from d's vCPUs (evtchn_close's `peers`)
    ensures pairs: \forall integer p, q; 0 < p < d->nr_evtchn && 0 < q < d->nr_evtchn &&
        p != q && p != port && q != port ==>
        \old(evtchn_close_sep(d, p, q) && evtchn_close_sep(d, port, p) &&
             evtchn_close_sep(d, port, q) && evtchn_interdomain_symmetric(d, p) &&
             evtchn_interdomain_symmetric(d, q)) ==>
        evtchn_close_sep(d, p, q);
    ensures vsep: \forall integer q; 0 < q < d->nr_evtchn && q != port ==>
        \old(evtchn_peer_vsep(d, q) && evtchn_close_sep(d, port, q) &&
             evtchn_interdomain_symmetric(d, q)) ==>
        evtchn_peer_vsep(d, q);
    ensures freed: \forall integer q; 0 < q < d->nr_evtchn && q != port ==>
        \old(evtchn_close_sep(d, port, q) && evtchn_interdomain_symmetric(d, q)) ==>
        evtchn_close_sep(d, port, q);
*/
static void
evtchn_unbind(struct domain *d, evtchn_port_t port)
{
    struct evtchn *chn = &d->evtchn[port];

    switch (chn->state) {
    case ECS_VIRQ:
        /* The slots are apart from d, its table (evtchn_vcpus_ok) and, for
         * another port bound to another domain, from that domain and the
         * port's remote end (evtchn_close_sep): kept_* for `others`. */
        /*@ loop invariant bound: 0 <= i <= MAX_VIRT_CPUS;
            loop invariant kept_d: d->nr_evtchn == \at(d->nr_evtchn, Pre) &&
                d->max_vcpus == \at(d->max_vcpus, Pre);
            loop invariant kept_q: \forall integer q; 0 < q < d->nr_evtchn ==>
                d->evtchn[q].u.interdomain.remote_port ==
                    \at(d->evtchn[q].u.interdomain.remote_port, Pre);
            loop invariant kept_r: \forall integer q; 0 < q < d->nr_evtchn && q != port ==>
                \at(evtchn_interdomain_symmetric(d, q) && evtchn_close_sep(d, port, q) &&
                    d->evtchn[q].state == ECS_INTERDOMAIN &&
                    d->evtchn[q].u.interdomain.remote_dom != d, Pre) ==>
                \let r = \at(d->evtchn[q].u.interdomain.remote_dom, Pre);
                \let rp = \at(d->evtchn[q].u.interdomain.remote_port, Pre);
                r->nr_evtchn == \at(r->nr_evtchn, Pre) &&
                r->max_vcpus == \at(r->max_vcpus, Pre) &&
                r->evtchn[rp].u.interdomain.remote_port ==
                    \at(r->evtchn[rp].u.interdomain.remote_port, Pre);
            loop assigns i,
                d->vcpu[0 .. MAX_VIRT_CPUS - 1]->virq_to_port[0 .. NR_VIRQS - 1];
        */
        for (unsigned int i = 0; i < d->max_vcpus && i < MAX_VIRT_CPUS; i++)
            if (d->vcpu[i] != NULL && chn->u.virq < NR_VIRQS &&
                d->vcpu[i]->virq_to_port[chn->u.virq] == port)
                d->vcpu[i]->virq_to_port[chn->u.virq] = 0;
        /* Only VIRQ slots changed: bridges for `others` (the fields every
         * other port's invariant reads, each relative to Pre). */
        /*@ assert v0: XL_WP_ONLY(\forall integer q; 0 < q < d->nr_evtchn ==>
                evtchn_entry_kept{Here, Pre}(d, q)); */
        /*@ assert v1: XL_WP_ONLY(\forall integer q; 0 < q < d->nr_evtchn && q != port ==>
                \at(evtchn_notify_ok(d, q), Pre) ==> evtchn_notify_ok(d, q)); */
        /*@ assert v2: XL_WP_ONLY(\forall integer q; 0 < q < d->nr_evtchn && q != port ==>
                \at(evtchn_interdomain_symmetric(d, q) &&
                    evtchn_close_sep(d, port, q), Pre) ==>
                evtchn_interdomain_symmetric(d, q)); */
        /*@ assert v3: XL_WP_ONLY(\forall integer q; 0 < q < d->nr_evtchn && q != port &&
                d->evtchn[q].state == ECS_INTERDOMAIN ==>
                \at(evtchn_port_inv(d, q) && evtchn_close_sep(d, port, q), Pre) ==>
                evtchn_notify_ok(d->evtchn[q].u.interdomain.remote_dom,
                                 d->evtchn[q].u.interdomain.remote_port)); */
        /*@ assert vf: XL_WP_ONLY(\forall integer q; 0 < q < d->nr_evtchn && q != port ==>
                \at(evtchn_port_inv(d, q) && evtchn_close_sep(d, port, q), Pre) ==>
                evtchn_free_sep(d, port, q)); */
        /* evtchn_close_sep of every two other ports (`pairs`): the
         * domain fields it reads are kept, then its parts. */
        //@ assert v_r: XL_WP_ONLY(UNBIND_PAIRS_R);
        //@ assert v_pa: XL_WP_ONLY(UNBIND_PAIRS_PA);
        //@ assert v_pb: XL_WP_ONLY(UNBIND_PAIRS_PB);
        //@ assert v_v: XL_WP_ONLY(UNBIND_PAIRS_V);
        //@ assert v_pairs: XL_WP_ONLY(UNBIND_PAIRS_PAIRS);
        break;
    case ECS_INTERDOMAIN: {
        struct domain *rd = chn->u.interdomain.remote_dom;
        struct evtchn *rchn = port_get(rd, chn->u.interdomain.remote_port);

        /* Symmetry is our invariant, not the guest's doing. */
        BUG_ON(rchn == NULL || rchn->state != ECS_INTERDOMAIN ||
               rchn->u.interdomain.remote_dom != d ||
               rchn->u.interdomain.remote_port != port);
#if XL_PLANT_BUG != 3   /* planted bug 3 (fuzz/README.md): asymmetric close */
        evtchn_clear_u(rchn);
        rchn->state = ECS_UNBOUND;
        rchn->u.unbound.remote_dom = d->domain_id;
#endif
        /*@ assert d_kept: XL_WP_ONLY(d->evtchn == \at(d->evtchn, Pre) &&
                d->nr_evtchn == \at(d->nr_evtchn, Pre) &&
                d->shared_info == \at(d->shared_info, Pre) &&
                d->evtchn[port].state == ECS_INTERDOMAIN); */
        //@ assert peer_state: XL_WP_ONLY(rchn->state == ECS_UNBOUND);
        //@ assert peer_dom: XL_WP_ONLY(rchn->u.unbound.remote_dom == \at(d->domain_id, Pre));
        //@ assert peer_apart: XL_WP_ONLY(\separated(rchn, chn));
        /* Only the peer's entry changed: bridges for `others` as above;
         * the peer itself (in d when rd == d) becomes unbound. */
        /*@ assert x0: XL_WP_ONLY(\forall integer q; 0 < q < d->nr_evtchn &&
                (rd != d || q != \at(d->evtchn[port].u.interdomain.remote_port, Pre)) ==>
                d->evtchn[q].state == \at(d->evtchn[q].state, Pre) &&
                d->evtchn[q].notify_vcpu == \at(d->evtchn[q].notify_vcpu, Pre) &&
                d->evtchn[q].u.interdomain.remote_dom ==
                    \at(d->evtchn[q].u.interdomain.remote_dom, Pre) &&
                d->evtchn[q].u.interdomain.remote_port ==
                    \at(d->evtchn[q].u.interdomain.remote_port, Pre)); */
        /* (x0 spelt out, not evtchn_entry_kept: as the predicate, the
         * bridges x1..xf after it cost cvc4 1.5-2.4x the steps.) */
        /*@ assert x_d: XL_WP_ONLY(d->max_vcpus == \at(d->max_vcpus, Pre) &&
                \forall integer i; 0 <= i < MAX_VIRT_CPUS ==>
                d->vcpu[i] == \at(d->vcpu[i], Pre) &&
                (\at(evtchn_peer_vsep(d, port), Pre) && d->vcpu[i] != \null ==>
                   d->vcpu[i]->domain == \at(d->vcpu[i]->domain, Pre))); */
        /*@ assert x1: XL_WP_ONLY(\forall integer q; 0 < q < d->nr_evtchn && q != port ==>
                \at(evtchn_notify_ok(d, q) && evtchn_peer_vsep(d, port), Pre) ==>
                evtchn_notify_ok(d, q)); */
        /*@ assert x2: XL_WP_ONLY(\forall integer q; 0 < q < d->nr_evtchn && q != port ==>
                \at(evtchn_interdomain_symmetric(d, q) &&
                    evtchn_close_sep(d, port, q), Pre) ==>
                evtchn_interdomain_symmetric(d, q)); */
        /*@ assert x3: XL_WP_ONLY(\forall integer q; 0 < q < d->nr_evtchn && q != port &&
                d->evtchn[q].state == ECS_INTERDOMAIN ==>
                \at(evtchn_interdomain_symmetric(d, q) &&
                    evtchn_notify_ok(d->evtchn[q].u.interdomain.remote_dom,
                                     d->evtchn[q].u.interdomain.remote_port) &&
                    evtchn_close_sep(d, port, q), Pre) ==>
                evtchn_notify_ok(d->evtchn[q].u.interdomain.remote_dom,
                                 d->evtchn[q].u.interdomain.remote_port)); */
        /*@ assert xf: XL_WP_ONLY(\forall integer q; 0 < q < d->nr_evtchn && q != port ==>
                \at(evtchn_port_inv(d, q) && evtchn_close_sep(d, port, q), Pre) ==>
                evtchn_free_sep(d, port, q)); */
        /* evtchn_close_sep of every two other ports (`pairs`): the
         * domain fields it reads are kept, then its parts. */
        //@ assert y_r: XL_WP_ONLY(UNBIND_PAIRS_R);
        //@ assert y_pa: XL_WP_ONLY(UNBIND_PAIRS_PA);
        //@ assert y_pb: XL_WP_ONLY(UNBIND_PAIRS_PB);
        //@ assert y_v: XL_WP_ONLY(UNBIND_PAIRS_V);
        //@ assert y_pairs: XL_WP_ONLY(UNBIND_PAIRS_PAIRS);
        break;
    }
    default:
        break;
    }
}

int
evtchn_close(struct domain *d, evtchn_port_t port)
{
    struct evtchn *chn = port_get(d, port);

    if (chn == NULL || chn->state == ECS_FREE || chn->state == ECS_RESERVED)
        return -EINVAL;
    evtchn_unbind(d, port);
    evtchn_free(d, port);
    /* d's own fields are as they were and, given d's vCPUs apart from the
     * peer's entry (evtchn_peer_vsep), its vCPUs still name d: bridges for
     * `kept`, `dom` and `vcpus` (what a loop of closes needs of d). */
    /*@ assert k_d: XL_WP_ONLY(d->evtchn == \at(d->evtchn, Pre) &&
            d->nr_evtchn == \at(d->nr_evtchn, Pre) &&
            d->shared_info == \at(d->shared_info, Pre) &&
            d->max_vcpus == \at(d->max_vcpus, Pre)); */
    /*@ assert k_vcpu: XL_WP_ONLY(\forall integer i; 0 <= i < MAX_VIRT_CPUS ==>
            d->vcpu[i] == \at(d->vcpu[i], Pre)); */
    /*@ assert k_vdom: XL_WP_ONLY(\at(evtchn_peer_vsep(d, port), Pre) ==>
            \forall integer i; 0 <= i < MAX_VIRT_CPUS && d->vcpu[i] != \null ==>
            d->vcpu[i]->domain == \at(d->vcpu[i]->domain, Pre)); */
    /* Every other port keeps its invariant through both steps (their
     * `others`), the closed port is free: `inv`. */
    /*@ for keep_inv: assert i_q: XL_WP_ONLY(\forall integer q; 0 < q < d->nr_evtchn && q != port ==>
            \at(evtchn_port_inv(d, q) && evtchn_close_sep(d, port, q), Pre) ==>
            evtchn_port_inv(d, q)); */
    /* Every two ports stay apart (the steps' `pairs`, `freed`, `vsep`;
     * the closed port is free): `peers`. */
    /*@ for keep_inv: assert i_pairs: XL_WP_ONLY(\forall integer p, q; 0 < p < d->nr_evtchn &&
            0 < q < d->nr_evtchn && p != q && p != port && q != port ==>
            \at(evtchn_close_sep(d, p, q) && evtchn_close_sep(d, port, p) &&
                evtchn_close_sep(d, port, q) && evtchn_port_inv(d, p) &&
                evtchn_port_inv(d, q), Pre) ==>
            evtchn_close_sep(d, p, q)); */
    /*@ for keep_inv: assert i_port: XL_WP_ONLY(\forall integer q; 0 < q < d->nr_evtchn && q != port ==>
            \at(evtchn_close_sep(d, port, q) && evtchn_port_inv(d, q), Pre) ==>
            evtchn_close_sep(d, port, q)); */
    /*@ for keep_inv: assert i_vsep: XL_WP_ONLY(\forall integer q; 0 < q < d->nr_evtchn && q != port ==>
            \at(evtchn_close_sep(d, q, port) && evtchn_close_sep(d, port, q) &&
                evtchn_port_inv(d, q), Pre) ==>
            evtchn_close_sep(d, q, port)); */
    /*@ for keep_inv: assert i_pp: XL_WP_ONLY(\at(evtchn_ports_ok(d) && evtchn_peers_ok(d), Pre) ==>
            \forall integer p, q; 0 < p < d->nr_evtchn &&
            0 < q < d->nr_evtchn && p != q && p != port && q != port ==>
            evtchn_close_sep(d, p, q)); */
    /*@ for keep_inv: assert i_pq: XL_WP_ONLY(\at(evtchn_ports_ok(d) && evtchn_peers_ok(d), Pre) ==>
            \forall integer q; 0 < q < d->nr_evtchn && q != port ==>
            evtchn_close_sep(d, port, q) && evtchn_close_sep(d, q, port)); */
    /*@ for keep_inv: assert i_all: XL_WP_ONLY(\at(evtchn_ports_ok(d) && evtchn_peers_ok(d), Pre) ==>
            \forall integer p, q; 0 < p < d->nr_evtchn &&
            0 < q < d->nr_evtchn && p != q ==> evtchn_close_sep(d, p, q)); */
    return 0;
}

int
evtchn_send(struct domain *d, evtchn_port_t port)
{
    struct evtchn *chn = port_get(d, port);
    struct evtchn *rchn;
    struct domain *rd;

    if (chn == NULL)
        return -EINVAL;
    switch (chn->state) {
    case ECS_INTERDOMAIN:
        rd = chn->u.interdomain.remote_dom;
        rchn = &rd->evtchn[chn->u.interdomain.remote_port];
        evtchn_set_pending(rd->vcpu[rchn->notify_vcpu],
                           chn->u.interdomain.remote_port);
        return 0;
    case ECS_IPI:
        evtchn_set_pending(d->vcpu[chn->notify_vcpu], port);
        return 0;
    case ECS_UNBOUND:
        return 0;                       /* nobody listens yet: dropped */
    default:
        return -EINVAL;
    }
}

/* The free port `port` of d becomes VIRQ virq of vCPU vcpu; every other
 * port keeps its invariant (`inv`, as evtchn_offer/evtchn_set_ipi). */
/*@ requires inv: evtchn_inv(d) && virq < NR_VIRQS;
    requires free: evtchn_port_valid(d, port) && d->evtchn[port].state == ECS_FREE;
    assigns d->evtchn[port].state, d->evtchn[port].notify_vcpu,
            d->evtchn[port].u.virq;
    ensures dom: evtchn_table_ok(d) && evtchn_vcpus_ok(d) && evtchn_port0_ok(d);
    ensures virq: d->evtchn[port].state == ECS_VIRQ &&
        d->evtchn[port].u.virq == virq && evtchn_port_inv(d, port);
    ensures inv: evtchn_inv(d);
*/
static void
evtchn_set_virq(struct domain *d, evtchn_port_t port, uint32_t virq,
                uint32_t vcpu)
{
    d->evtchn[port].state = ECS_VIRQ;
    d->evtchn[port].notify_vcpu = (uint16_t)vcpu;
    d->evtchn[port].u.virq = virq;
    //@ assert new_inv: evtchn_port_inv(d, port);
    /* Every other port keeps its invariant (bridges, as evtchn_set_ipi);
     * o0: the union store leaves every other entry's fields alone. */
    /*@ assert o0: \forall integer p; 0 < p < d->nr_evtchn && p != port ==>
            evtchn_entry_kept{Here, Pre}(d, p); */
    /*@ assert o1: \forall integer p; 0 < p < d->nr_evtchn && p != port ==>
            \at(evtchn_notify_ok(d, p), Pre) ==> evtchn_notify_ok(d, p); */
    /*@ assert o2: \forall integer p; 0 < p < d->nr_evtchn && p != port ==>
            \at(evtchn_interdomain_symmetric(d, p), Pre) ==>
            evtchn_interdomain_symmetric(d, p); */
    /*@ assert o3a: \forall integer p; 0 < p < d->nr_evtchn && p != port &&
            \at(d->evtchn[p].state, Pre) == ECS_INTERDOMAIN &&
            \at(d->evtchn[p].u.interdomain.remote_dom, Pre) == d ==>
            \at(evtchn_interdomain_symmetric(d, p), Pre) ==>
            \at(d->evtchn[p].u.interdomain.remote_port, Pre) != port; */
    /*@ assert o3b: \forall integer p; 0 < p < d->nr_evtchn && p != port &&
            \at(d->evtchn[p].state, Pre) == ECS_INTERDOMAIN &&
            \at(d->evtchn[p].u.interdomain.remote_dom, Pre) != d ==>
            \at(evtchn_interdomain_symmetric(d, p), Pre) ==>
            \separated(\at(d->evtchn[p].u.interdomain.remote_dom->evtchn +
                               d->evtchn[p].u.interdomain.remote_port, Pre),
                       d->evtchn + port); */
    /*@ assert o3s: \forall integer p; 0 < p < d->nr_evtchn && p != port &&
            d->evtchn[p].state == ECS_INTERDOMAIN ==>
            \at(evtchn_interdomain_symmetric(d, p), Pre) ==>
            \separated(d->evtchn[p].u.interdomain.remote_dom->evtchn +
                           d->evtchn[p].u.interdomain.remote_port,
                       d->evtchn + port); */
    /*@ assert o3: \forall integer p; 0 < p < d->nr_evtchn && p != port &&
            d->evtchn[p].state == ECS_INTERDOMAIN ==>
            \at(evtchn_notify_ok(d->evtchn[p].u.interdomain.remote_dom,
                                 d->evtchn[p].u.interdomain.remote_port), Pre) ==>
            evtchn_notify_ok(d->evtchn[p].u.interdomain.remote_dom,
                             d->evtchn[p].u.interdomain.remote_port); */
    /*@ assert others: \forall integer p; 0 < p < d->nr_evtchn && p != port ==>
            \at(evtchn_port_inv(d, p), Pre) ==> evtchn_port_inv(d, p); */
}

/*@ requires live: evtchn_live(d);
    assigns d->evtchn, d->nr_evtchn, d->xenmem_bytes, d->xenmem_refused,
            \at(d->evtchn, Post)[1 .. EVTCHN_MAX_PORTS - 1],
            d->vcpu[0 .. MAX_VIRT_CPUS - 1]->virq_to_port[0 .. NR_VIRQS - 1];
    // d's own structure; every port's invariant is kept up to the vCPU's
    // virq_to_port store (evtchn_set_virq), see README
    ensures dom: evtchn_table_ok(d) && evtchn_vcpus_ok(d) &&
        evtchn_port0_ok(d) && evtchn_shinfo_ok(d) && evtchn_vcpu_ok(d, 0);
    ensures bound: \result >= 0 ==>
        0 < \result < d->nr_evtchn && virq < NR_VIRQS &&
        d->evtchn[\result].state == ECS_VIRQ && d->evtchn[\result].u.virq == virq &&
        evtchn_port_inv(d, \result) &&
        d->vcpu[vcpu]->virq_to_port[virq] == \result;
    ensures errno: \result < 0 ==> \result == -22 || \result == -2 ||
        \result == -17 || \result == -12 || \result == -28;
*/
static int
evtchn_bind_virq(struct domain *d, uint32_t virq, uint32_t vcpu)
{
    struct vcpu *v;
    int port;

    if (virq >= NR_VIRQS)
        return -EINVAL;
    virq = array_index_nospec(virq, NR_VIRQS);
    if (virq_is_global(virq) && vcpu != 0)
        return -EINVAL;
    v = domain_vcpu(d, vcpu);
    if (v == NULL)
        return -ENOENT;
    if (v->virq_to_port[virq] != 0)
        return -EEXIST;
    port = get_free_port(d);
    if (port < 0)
        return port;
    evtchn_set_virq(d, (evtchn_port_t)port, virq, vcpu);
    v->virq_to_port[virq] = (uint32_t)port;
    return port;
}

/* The free port `port` of d becomes an IPI port notifying vCPU vcpu. */
/*@ requires inv: evtchn_inv(d) && evtchn_vcpu_ok(d, vcpu);
    requires free: evtchn_port_valid(d, port) && d->evtchn[port].state == ECS_FREE;
    assigns d->evtchn[port].state, d->evtchn[port].notify_vcpu;
    ensures inv: evtchn_inv(d);
    ensures ipi: d->evtchn[port].state == ECS_IPI &&
        d->evtchn[port].notify_vcpu == vcpu && evtchn_port_inv(d, port);
*/
static void
evtchn_set_ipi(struct domain *d, evtchn_port_t port, uint32_t vcpu)
{
    d->evtchn[port].state = ECS_IPI;
    d->evtchn[port].notify_vcpu = (uint16_t)vcpu;
    //@ assert new_inv: evtchn_port_inv(d, port);
    /* Every other port keeps its invariant: each step a bridge between the
     * predicate before and after, so that the provers unfold both. */
    /*@ assert o1: \forall integer p; 0 < p < d->nr_evtchn && p != port ==>
            \at(evtchn_notify_ok(d, p), Pre) ==> evtchn_notify_ok(d, p); */
    /*@ assert o2: \forall integer p; 0 < p < d->nr_evtchn && p != port ==>
            \at(evtchn_interdomain_symmetric(d, p), Pre) ==>
            evtchn_interdomain_symmetric(d, p); */
    /*@ assert o3s: \forall integer p; 0 < p < d->nr_evtchn && p != port &&
            d->evtchn[p].state == ECS_INTERDOMAIN ==>
            \at(evtchn_interdomain_symmetric(d, p), Pre) ==>
            \separated(d->evtchn[p].u.interdomain.remote_dom->evtchn +
                           d->evtchn[p].u.interdomain.remote_port,
                       d->evtchn + port); */
    /*@ assert o3: \forall integer p; 0 < p < d->nr_evtchn && p != port &&
            d->evtchn[p].state == ECS_INTERDOMAIN ==>
            \at(evtchn_notify_ok(d->evtchn[p].u.interdomain.remote_dom,
                                 d->evtchn[p].u.interdomain.remote_port), Pre) ==>
            evtchn_notify_ok(d->evtchn[p].u.interdomain.remote_dom,
                             d->evtchn[p].u.interdomain.remote_port); */
    /*@ assert others: \forall integer p; 0 < p < d->nr_evtchn && p != port ==>
            \at(evtchn_port_inv(d, p), Pre) ==> evtchn_port_inv(d, p); */
}

/*@ requires live: evtchn_live(d);
    assigns d->evtchn, d->nr_evtchn, d->xenmem_bytes, d->xenmem_refused,
            \at(d->evtchn, Post)[1 .. EVTCHN_MAX_PORTS - 1];
    ensures live: evtchn_live(d);
    ensures bound: \result >= 0 ==>
        0 < \result < d->nr_evtchn && d->evtchn[\result].state == ECS_IPI &&
        d->evtchn[\result].notify_vcpu == vcpu && evtchn_port_inv(d, \result);
    ensures errno: \result < 0 ==> \result == -22 || \result == -2 ||
        \result == -12 || \result == -28;
*/
static int
evtchn_bind_ipi(struct domain *d, uint32_t vcpu)
{
    int port;

    if (domain_vcpu(d, vcpu) == NULL)
        return -ENOENT;
    port = get_free_port(d);
    if (port < 0)
        return port;
    evtchn_set_ipi(d, (evtchn_port_t)port, vcpu);
    return port;
}

/* Make the free port `port` of d unbound, offered to remote (notify vCPU
 * 0, as a free port has). */
/*@ requires inv: evtchn_inv(d) && evtchn_vcpu_ok(d, 0);
    requires free: evtchn_port_valid(d, port) && d->evtchn[port].state == ECS_FREE;
    assigns d->evtchn[port].state, d->evtchn[port].notify_vcpu,
            d->evtchn[port].u.unbound;
    ensures inv: evtchn_inv(d);
    ensures offered: d->evtchn[port].state == ECS_UNBOUND &&
        d->evtchn[port].u.unbound.remote_dom == remote &&
        evtchn_port_inv(d, port);
*/
static void
evtchn_offer(struct domain *d, evtchn_port_t port, domid_t remote)
{
    d->evtchn[port].state = ECS_UNBOUND;
    d->evtchn[port].notify_vcpu = 0;    /* as it was: a free port names 0 */
    d->evtchn[port].u.unbound.remote_dom = remote;
    //@ assert new_inv: evtchn_port_inv(d, port);
    /* Every other port keeps its invariant: each step a bridge between the
     * predicate before and after, so that the provers unfold both. */
    /*@ assert o1: \forall integer p; 0 < p < d->nr_evtchn && p != port ==>
            \at(evtchn_notify_ok(d, p), Pre) ==> evtchn_notify_ok(d, p); */
    /*@ assert o2: \forall integer p; 0 < p < d->nr_evtchn && p != port ==>
            \at(evtchn_interdomain_symmetric(d, p), Pre) ==>
            evtchn_interdomain_symmetric(d, p); */
    /*@ assert o3s: \forall integer p; 0 < p < d->nr_evtchn && p != port &&
            d->evtchn[p].state == ECS_INTERDOMAIN ==>
            \at(evtchn_interdomain_symmetric(d, p), Pre) ==>
            \separated(d->evtchn[p].u.interdomain.remote_dom->evtchn +
                           d->evtchn[p].u.interdomain.remote_port,
                       d->evtchn + port); */
    /*@ assert o3: \forall integer p; 0 < p < d->nr_evtchn && p != port &&
            d->evtchn[p].state == ECS_INTERDOMAIN ==>
            \at(evtchn_notify_ok(d->evtchn[p].u.interdomain.remote_dom,
                                 d->evtchn[p].u.interdomain.remote_port), Pre) ==>
            evtchn_notify_ok(d->evtchn[p].u.interdomain.remote_dom,
                             d->evtchn[p].u.interdomain.remote_port); */
    /*@ assert others: \forall integer p; 0 < p < d->nr_evtchn && p != port ==>
            \at(evtchn_port_inv(d, p), Pre) ==> evtchn_port_inv(d, p); */
}

int
evtchn_alloc_unbound(struct domain *d, domid_t remote)
{
    int port = get_free_port(d);

    if (port < 0)
        return port;
    evtchn_offer(d, (evtchn_port_t)port, remote);
    return port;
}

/* Join (ld, lport) and (rd, rport) into one interdomain binding: each end
 * names the other.  The caller checked both ports; rchn's union is zeroed
 * first (it held the unbound offer). */
/*@ requires evtchn_port_valid(ld, lport) && evtchn_port_valid(rd, rport);
    requires rd == ld ? lport != rport :
        \separated(rd, ld->evtchn + (0 .. ld->nr_evtchn - 1)) &&
        \separated(ld, rd->evtchn + (0 .. rd->nr_evtchn - 1)) &&
        \separated(rd->evtchn + (0 .. rd->nr_evtchn - 1),
                   ld->evtchn + (0 .. ld->nr_evtchn - 1));
    assigns ld->evtchn[lport].state, ld->evtchn[lport].u.interdomain,
            rd->evtchn[rport].state, rd->evtchn[rport].u.interdomain;
    exits \false;
    ensures linked: ld->evtchn[lport].state == ECS_INTERDOMAIN &&
        ld->evtchn[lport].u.interdomain.remote_dom == rd &&
        ld->evtchn[lport].u.interdomain.remote_port == rport;
    ensures rlinked: rd->evtchn[rport].state == ECS_INTERDOMAIN &&
        rd->evtchn[rport].u.interdomain.remote_dom == ld &&
        rd->evtchn[rport].u.interdomain.remote_port == lport;
    ensures symmetric_l: evtchn_interdomain_symmetric(ld, lport);
    ensures symmetric_r: evtchn_interdomain_symmetric(rd, rport);
    ensures tables_kept: ld->nr_evtchn == \old(ld->nr_evtchn) &&
        ld->evtchn == \old(ld->evtchn) &&
        rd->nr_evtchn == \old(rd->nr_evtchn) && rd->evtchn == \old(rd->evtchn);
*/
static void
evtchn_link(struct domain *ld, evtchn_port_t lport,
            struct domain *rd, evtchn_port_t rport)
{
    struct evtchn *lchn = &ld->evtchn[lport];
    struct evtchn *rchn = &rd->evtchn[rport];

    lchn->state = ECS_INTERDOMAIN;
    lchn->u.interdomain.remote_dom = rd;
    lchn->u.interdomain.remote_port = rport;
    evtchn_clear_u(rchn);
    rchn->state = ECS_INTERDOMAIN;
    rchn->u.interdomain.remote_dom = ld;
    rchn->u.interdomain.remote_port = lport;
    /*@ assert tables_kept: ld->nr_evtchn == \at(ld->nr_evtchn, Pre) &&
            ld->evtchn == \at(ld->evtchn, Pre) &&
            rd->nr_evtchn == \at(rd->nr_evtchn, Pre) &&
            rd->evtchn == \at(rd->evtchn, Pre); */
    /*@ assert ends_valid: evtchn_port_valid(ld, lport) &&
            evtchn_port_valid(rd, rport); */
    /*@ assert l_end: ld->evtchn[lport].state == ECS_INTERDOMAIN &&
            ld->evtchn[lport].u.interdomain.remote_dom == rd &&
            ld->evtchn[lport].u.interdomain.remote_port == rport; */
    /*@ assert r_end: rd->evtchn[rport].state == ECS_INTERDOMAIN &&
            rd->evtchn[rport].u.interdomain.remote_dom == ld &&
            rd->evtchn[rport].u.interdomain.remote_port == lport; */
}

/* The checked pair becomes one binding: the free port lport of ld names
 * vCPU vcpu, then both ends name each other (evtchn_link).  Both ends
 * then hold evtchn_port_inv. */
/*@ requires ports: evtchn_port_valid(ld, lport) && evtchn_port_valid(rd, rport);
    requires apart: rd == ld ? lport != rport :
        \separated(rd, ld->evtchn + (0 .. ld->nr_evtchn - 1)) &&
        \separated(ld, rd->evtchn + (0 .. rd->nr_evtchn - 1)) &&
        \separated(rd->evtchn + (0 .. rd->nr_evtchn - 1),
                   ld->evtchn + (0 .. ld->nr_evtchn - 1));
    requires own: \separated(ld, ld->evtchn + (0 .. ld->nr_evtchn - 1)) &&
        \separated(rd, rd->evtchn + (0 .. rd->nr_evtchn - 1));
    requires lvcpu: evtchn_vcpu_ok(ld, vcpu) &&
        \separated(ld->vcpu[vcpu], ld->evtchn + (0 .. ld->nr_evtchn - 1)) &&
        \separated(ld->vcpu[vcpu], rd->evtchn + (0 .. rd->nr_evtchn - 1));
    requires rvcpu: evtchn_vcpu_ok(rd, rd->evtchn[rport].notify_vcpu) &&
        \separated(rd->vcpu[rd->evtchn[rport].notify_vcpu],
                   ld->evtchn + (0 .. ld->nr_evtchn - 1)) &&
        \separated(rd->vcpu[rd->evtchn[rport].notify_vcpu],
                   rd->evtchn + (0 .. rd->nr_evtchn - 1));
    assigns ld->evtchn[lport].notify_vcpu,
            ld->evtchn[lport].state, ld->evtchn[lport].u.interdomain,
            rd->evtchn[rport].state, rd->evtchn[rport].u.interdomain;
    exits \false;
    ensures linked: ld->evtchn[lport].state == ECS_INTERDOMAIN &&
        ld->evtchn[lport].u.interdomain.remote_dom == rd &&
        ld->evtchn[lport].u.interdomain.remote_port == rport &&
        ld->evtchn[lport].notify_vcpu == vcpu;
    ensures l_inv: evtchn_port_inv(ld, lport);
    ensures r_inv: evtchn_port_inv(rd, rport);
    ensures kept: ld->evtchn == \old(ld->evtchn) &&
        ld->nr_evtchn == \old(ld->nr_evtchn) &&
        rd->evtchn == \old(rd->evtchn) && rd->nr_evtchn == \old(rd->nr_evtchn) &&
        ld->shared_info == \old(ld->shared_info) &&
        ld->vcpu[vcpu] == \old(ld->vcpu[vcpu]);
*/
static void
evtchn_join(struct domain *ld, evtchn_port_t lport, struct domain *rd,
            evtchn_port_t rport, uint32_t vcpu)
{
    //@ assert v_range: vcpu < MAX_VIRT_CPUS;
    ld->evtchn[lport].notify_vcpu = (uint16_t)vcpu;
    //@ assert l_set: ld->evtchn[lport].notify_vcpu == vcpu;
    //@ assert r_vcpu: evtchn_vcpu_ok(rd, rd->evtchn[rport].notify_vcpu);
    evtchn_link(ld, lport, rd, rport);
    //@ assert l_notify: ld->evtchn[lport].notify_vcpu == vcpu;
    /*@ assert l_vcpu: ld->max_vcpus == \at(ld->max_vcpus, Pre) &&
            ld->vcpu[vcpu] == \at(ld->vcpu[vcpu], Pre) &&
            ld->vcpu[vcpu]->domain == ld; */
    //@ assert l_vcpu_ok: evtchn_vcpu_ok(ld, vcpu);
    //@ assert l_ok: evtchn_notify_ok(ld, lport);
    /*@ assert r_n_kept: rd->evtchn[rport].notify_vcpu ==
            \at(rd->evtchn[rport].notify_vcpu, Pre); */
    /*@ assert r_d_kept: rd->max_vcpus == \at(rd->max_vcpus, Pre) &&
            rd->vcpu[rd->evtchn[rport].notify_vcpu] ==
                \at(rd->vcpu[rd->evtchn[rport].notify_vcpu], Pre); */
    //@ assert r_v_kept: rd->vcpu[rd->evtchn[rport].notify_vcpu]->domain == rd;
    //@ assert r_vcpu_ok: evtchn_vcpu_ok(rd, rd->evtchn[rport].notify_vcpu);
    //@ assert r_ok: evtchn_notify_ok(rd, rport);
}

/* Raise the new port lport of ld (bound to rd's rport) towards its notify
 * vCPU: what evtchn_set_pending writes (ld's shared_info, that vCPU's run
 * state) is apart from both ends, so both keep evtchn_port_inv. */
/*@ requires pair: evtchn_port_valid(ld, lport) &&
        ld->evtchn[lport].state == ECS_INTERDOMAIN &&
        ld->evtchn[lport].u.interdomain.remote_dom == rd &&
        ld->evtchn[lport].u.interdomain.remote_port == rport &&
        evtchn_port_inv(ld, lport) && evtchn_port_inv(rd, rport);
    requires v_dom: ld->vcpu[ld->evtchn[lport].notify_vcpu]->domain == ld;
    requires s_l: \separated(xl_shinfo(ld), ld) &&
        \separated(xl_shinfo(ld), ld->evtchn + (0 .. ld->nr_evtchn - 1)) &&
        \separated(ld->vcpu[ld->evtchn[lport].notify_vcpu], ld) &&
        \separated(ld->vcpu[ld->evtchn[lport].notify_vcpu],
                   ld->evtchn + (0 .. ld->nr_evtchn - 1));
    requires s_r: \separated(xl_shinfo(ld), rd) &&
        \separated(xl_shinfo(ld), rd->evtchn + (0 .. rd->nr_evtchn - 1)) &&
        \separated(ld->vcpu[ld->evtchn[lport].notify_vcpu], rd) &&
        \separated(ld->vcpu[ld->evtchn[lport].notify_vcpu],
                   rd->evtchn + (0 .. rd->nr_evtchn - 1));
    assigns *xl_shinfo(ld),
            ld->vcpu[ld->evtchn[lport].notify_vcpu]->is_blocked,
            ld->vcpu[ld->evtchn[lport].notify_vcpu]->runstate,
            ld->vcpu[ld->evtchn[lport].notify_vcpu]->runstate_entry_ns,
            ld->vcpu[ld->evtchn[lport].notify_vcpu]->runstate_time_ns[0 .. 3];
    ensures pair: evtchn_port_valid(ld, lport) &&
        ld->evtchn[lport].state == ECS_INTERDOMAIN &&
        ld->evtchn[lport].u.interdomain.remote_dom == rd &&
        ld->evtchn[lport].u.interdomain.remote_port == rport;
    ensures l_inv: evtchn_port_inv(ld, lport);
    ensures r_inv: evtchn_port_inv(rd, rport);
    ensures kept: ld->evtchn == \old(ld->evtchn) &&
        ld->nr_evtchn == \old(ld->nr_evtchn);
*/
static void
evtchn_raise_new(struct domain *ld, evtchn_port_t lport, struct domain *rd,
                 evtchn_port_t rport)
{
    (void)rd;           /* the far end: named by the contract only */
    (void)rport;
    evtchn_set_pending(ld->vcpu[ld->evtchn[lport].notify_vcpu], lport);
    /* Every field the two invariants read, as it was (bridges). */
    /*@ assert k_l: ld->nr_evtchn == \at(ld->nr_evtchn, Pre) &&
            ld->max_vcpus == \at(ld->max_vcpus, Pre) &&
            ld->evtchn[lport].state == \at(ld->evtchn[lport].state, Pre) &&
            ld->evtchn[lport].u.interdomain.remote_port ==
                \at(ld->evtchn[lport].u.interdomain.remote_port, Pre); */
    /*@ assert k_r: rd->nr_evtchn == \at(rd->nr_evtchn, Pre) &&
            rd->max_vcpus == \at(rd->max_vcpus, Pre) &&
            rd->evtchn[rport].state == \at(rd->evtchn[rport].state, Pre) &&
            rd->evtchn[rport].u.interdomain.remote_port ==
                \at(rd->evtchn[rport].u.interdomain.remote_port, Pre); */
}

/* After the checks: a free port of ld joined to the unbound port rport of
 * rd (offered to ld), then made pending (events sent while rport was
 * unbound are lost, so the guest must look).  The preconditions are the
 * facts of evtchn_live/evtchn_apart this step reads, spelt out
 * (evtchn_bind_found proves them), so that the provers need not
 * instantiate the quantified invariants here. */
/*@ requires ld_ok: \valid(ld) && evtchn_table_ok(ld) &&
        ld->shared_info != \null && \valid(xl_shinfo(ld));
    requires offered: evtchn_port_valid(rd, rport) &&
        rd->evtchn[rport].state == ECS_UNBOUND &&
        evtchn_vcpu_ok(rd, rd->evtchn[rport].notify_vcpu);
    requires cur: \valid(current) && current->domain == ld &&
        current->vcpu_id < MAX_VIRT_CPUS && current->vcpu_id < ld->max_vcpus &&
        ld->vcpu[current->vcpu_id] == current;
    requires sep_l: \separated(current, ld) && \separated(xl_shinfo(ld), ld) &&
        \separated(rd->vcpu[rd->evtchn[rport].notify_vcpu], ld) &&
        (ld->nr_evtchn == 0 ||
         (\separated(current, ld->evtchn + (0 .. ld->nr_evtchn - 1)) &&
          \separated(xl_shinfo(ld), ld->evtchn + (0 .. ld->nr_evtchn - 1)) &&
          \separated(rd->vcpu[rd->evtchn[rport].notify_vcpu],
                     ld->evtchn + (0 .. ld->nr_evtchn - 1))));
    requires sep_r: \separated(current, rd) && \separated(xl_shinfo(ld), rd) &&
        \separated(current, rd->evtchn + (0 .. rd->nr_evtchn - 1)) &&
        \separated(xl_shinfo(ld), rd->evtchn + (0 .. rd->nr_evtchn - 1)) &&
        \separated(rd->vcpu[rd->evtchn[rport].notify_vcpu],
                   rd->evtchn + (0 .. rd->nr_evtchn - 1));
    requires apart: rd != ld ==> \separated(rd, ld) &&
        \separated(ld, rd->evtchn + (0 .. rd->nr_evtchn - 1)) &&
        (ld->nr_evtchn == 0 ||
         (\separated(rd, ld->evtchn + (0 .. ld->nr_evtchn - 1)) &&
          \separated(rd->evtchn + (0 .. rd->nr_evtchn - 1),
                     ld->evtchn + (0 .. ld->nr_evtchn - 1))));
    requires ld_inv: evtchn_port0_ok(ld) && evtchn_vcpus_ok(ld);
    requires ld_vr: rd != ld ==> \forall integer i; 0 <= i < MAX_VIRT_CPUS &&
        ld->vcpu[i] != \null ==>
        \separated(ld->vcpu[i], rd->evtchn + (0 .. rd->nr_evtchn - 1));
    assigns ld->evtchn, ld->nr_evtchn, ld->xenmem_bytes, ld->xenmem_refused,
            \at(ld->evtchn, Post)[1 .. EVTCHN_MAX_PORTS - 1],
            rd->evtchn[rport],
            *xl_shinfo(ld), current->is_blocked, current->runstate,
            current->runstate_entry_ns, current->runstate_time_ns[0 .. 3];
    ensures kept: \old(ld->evtchn) != \null ==> ld->evtchn == \old(ld->evtchn);
    ensures bound: \result >= 0 ==>
        0 < \result < ld->nr_evtchn &&
        ld->evtchn[\result].state == ECS_INTERDOMAIN &&
        ld->evtchn[\result].u.interdomain.remote_dom == rd &&
        ld->evtchn[\result].u.interdomain.remote_port == rport &&
        evtchn_port_inv(ld, \result) && evtchn_port_inv(rd, rport);
    // what evtchn_close needs of ld (new_port_out after a failed copy-out)
    ensures ld_ok: \result >= 0 ==>
        evtchn_table_ok(ld) && evtchn_vcpus_ok(ld) && evtchn_port0_ok(ld) &&
        evtchn_shinfo_ok(ld);
    ensures errno: \result < 0 ==>
        \result == -22 || \result == -12 || \result == -28;
*/
static int
evtchn_bind_checked(struct domain *ld, struct domain *rd, evtchn_port_t rport)
{
    int lport = get_free_port(ld);

    if (lport < 0)
        return lport;
    /* ld's table is the one it had, or (it had none; then rd != ld) a
     * fresh one apart from every object valid before. */
    /*@ assert grown: (ld->evtchn == \at(ld->evtchn, Pre) &&
            ld->nr_evtchn == \at(ld->nr_evtchn, Pre)) ||
            (\at(ld->nr_evtchn, Pre) == 0 && rd != ld &&
             ld->nr_evtchn == EVTCHN_MAX_PORTS &&
             evtchn_fresh{Pre, Here}(ld->evtchn)); */
    /*@ assert ld_mid: evtchn_table_ok(ld) && evtchn_port0_ok(ld) &&
            ((ld->evtchn == \at(ld->evtchn, Pre) &&
              ld->nr_evtchn == \at(ld->nr_evtchn, Pre)) ||
             (\at(ld->evtchn, Pre) == \null &&
              evtchn_new_apart{Pre}(ld->evtchn))); */
    /*@ assert m_v: \forall integer i; 0 <= i < MAX_VIRT_CPUS ==>
            ld->vcpu[i] == \at(ld->vcpu[i], Pre) &&
            (ld->vcpu[i] != \null ==>
             ld->vcpu[i]->domain == \at(ld->vcpu[i]->domain, Pre)); */
    //@ assert m_vcpus: evtchn_vcpus_ok(ld);
    //@ assert m_shinfo: evtchn_shinfo_ok(ld);
Mid: __attribute__((unused));
    /*@ assert r_fields: rd->evtchn == \at(rd->evtchn, Pre) &&
            rd->nr_evtchn == \at(rd->nr_evtchn, Pre) &&
            rd->max_vcpus == \at(rd->max_vcpus, Pre) &&
            rd->vcpu[rd->evtchn[rport].notify_vcpu] ==
                \at(rd->vcpu[rd->evtchn[rport].notify_vcpu], Pre); */
    /*@ assert r_kept: evtchn_port_valid(rd, rport) &&
            rd->evtchn[rport].state == ECS_UNBOUND &&
            evtchn_vcpu_ok(rd, rd->evtchn[rport].notify_vcpu) &&
            (rd == ld ==> lport != rport); */
    /*@ assert l_fields: ld->shared_info == \at(ld->shared_info, Pre) &&
            ld->max_vcpus == \at(ld->max_vcpus, Pre) &&
            ld->vcpu[current->vcpu_id] == current; */
    /*@ assert new_apart: ld->evtchn != \at(ld->evtchn, Pre) ==>
            \separated(rd, ld->evtchn + (0 .. ld->nr_evtchn - 1)) &&
            \separated(rd->evtchn + (0 .. rd->nr_evtchn - 1),
                       ld->evtchn + (0 .. ld->nr_evtchn - 1)) &&
            \separated(current, ld->evtchn + (0 .. ld->nr_evtchn - 1)) &&
            \separated(xl_shinfo(ld), ld->evtchn + (0 .. ld->nr_evtchn - 1)) &&
            \separated(rd->vcpu[rd->evtchn[rport].notify_vcpu],
                       ld->evtchn + (0 .. ld->nr_evtchn - 1)); */
    /*@ assert tables: rd != ld ==>
            \separated(rd, ld->evtchn + (0 .. ld->nr_evtchn - 1)) &&
            \separated(ld, rd->evtchn + (0 .. rd->nr_evtchn - 1)) &&
            \separated(rd->evtchn + (0 .. rd->nr_evtchn - 1),
                       ld->evtchn + (0 .. ld->nr_evtchn - 1)); */
    /*@ assert lv: \separated(current, ld->evtchn + (0 .. ld->nr_evtchn - 1)) &&
            \separated(rd->vcpu[rd->evtchn[rport].notify_vcpu],
                       ld->evtchn + (0 .. ld->nr_evtchn - 1)) &&
            \separated(xl_shinfo(ld), ld->evtchn + (0 .. ld->nr_evtchn - 1)); */
    /*@ assert own: \separated(ld, ld->evtchn + (0 .. ld->nr_evtchn - 1)) &&
            \separated(rd, rd->evtchn + (0 .. rd->nr_evtchn - 1)); */
    /*@ assert m_vr: rd != ld ==> \forall integer i; 0 <= i < MAX_VIRT_CPUS &&
            ld->vcpu[i] != \null ==>
            \separated(ld->vcpu[i], rd->evtchn + (0 .. rd->nr_evtchn - 1)); */
    /*@ assert m_sep: \forall integer i; 0 <= i < MAX_VIRT_CPUS &&
            ld->vcpu[i] != \null ==>
            \separated(ld->vcpu[i], ld->evtchn + lport) &&
            \separated(ld->vcpu[i], rd->evtchn + rport); */
    evtchn_join(ld, (evtchn_port_t)lport, rd, rport, current->vcpu_id);
    /* ld's table pointer, port 0, shared_info and vCPUs as at Mid
     * (bridges across the join, then the raise). */
    /*@ assert j_t: ld->evtchn == \at(ld->evtchn, Mid) &&
            ld->nr_evtchn == \at(ld->nr_evtchn, Mid) &&
            ld->evtchn[0].state == \at(ld->evtchn[0].state, Mid); */
    /*@ assert j_s: ld->shared_info == \at(ld->shared_info, Mid) &&
            ld->max_vcpus == \at(ld->max_vcpus, Mid); */
    /*@ assert j_v: \forall integer i; 0 <= i < MAX_VIRT_CPUS ==>
            ld->vcpu[i] == \at(ld->vcpu[i], Mid); */
    /*@ assert j_vd: \forall integer i; 0 <= i < MAX_VIRT_CPUS &&
            ld->vcpu[i] != \null ==>
            ld->vcpu[i]->domain == \at(ld->vcpu[i]->domain, Mid); */
    //@ assert j_vcpus: evtchn_vcpus_ok(ld);
J: __attribute__((unused));
    //@ assert v_dom: ld->vcpu[ld->evtchn[lport].notify_vcpu] == current;
    evtchn_raise_new(ld, (evtchn_port_t)lport, rd, rport);
    /*@ assert e_t: ld->evtchn == \at(ld->evtchn, J) &&
            ld->nr_evtchn == \at(ld->nr_evtchn, J) &&
            ld->evtchn[0].state == \at(ld->evtchn[0].state, J); */
    /*@ assert e_s: ld->shared_info == \at(ld->shared_info, J) &&
            ld->max_vcpus == \at(ld->max_vcpus, J); */
    /*@ assert e_v: \forall integer i; 0 <= i < MAX_VIRT_CPUS ==>
            ld->vcpu[i] == \at(ld->vcpu[i], J); */
    /*@ assert e_vd: \forall integer i; 0 <= i < MAX_VIRT_CPUS &&
            ld->vcpu[i] != \null ==>
            ld->vcpu[i]->domain == \at(ld->vcpu[i]->domain, J); */
    //@ assert e_vcpus: evtchn_vcpus_ok(ld);
    //@ assert e_shinfo: evtchn_shinfo_ok(ld);
    return lport;
}

/* rd found (ld itself, or a live domain apart from it): check its port. */
/*@ requires live: evtchn_live(ld) && evtchn_live(rd) && evtchn_apart(ld, rd);
    requires cur: \valid(current) && current->domain == ld &&
        current->vcpu_id < MAX_VIRT_CPUS && current->vcpu_id < ld->max_vcpus &&
        ld->vcpu[current->vcpu_id] == current;
    assigns ld->evtchn, ld->nr_evtchn, ld->xenmem_bytes, ld->xenmem_refused,
            \at(ld->evtchn, Post)[1 .. EVTCHN_MAX_PORTS - 1],
            rd->evtchn[1 .. EVTCHN_MAX_PORTS - 1],
            *xl_shinfo(ld), current->is_blocked, current->runstate,
            current->runstate_entry_ns, current->runstate_time_ns[0 .. 3];
    ensures kept: \old(ld->evtchn) != \null ==> ld->evtchn == \old(ld->evtchn);
    ensures bound: \result >= 0 ==>
        0 < \result < ld->nr_evtchn &&
        ld->evtchn[\result].state == ECS_INTERDOMAIN &&
        ld->evtchn[\result].u.interdomain.remote_dom == rd &&
        ld->evtchn[\result].u.interdomain.remote_port == rport &&
        evtchn_port_inv(ld, \result) && evtchn_port_inv(rd, rport);
    ensures ld_ok: \result >= 0 ==>
        evtchn_table_ok(ld) && evtchn_vcpus_ok(ld) && evtchn_port0_ok(ld) &&
        evtchn_shinfo_ok(ld);
    ensures errno: \result < 0 ==>
        \result == -22 || \result == -12 || \result == -28;
*/
static int
evtchn_bind_found(struct domain *ld, struct domain *rd, evtchn_port_t rport)
{
    struct evtchn *rchn = port_get(rd, rport);

    if (rchn == NULL || rchn->state != ECS_UNBOUND ||
        rchn->u.unbound.remote_dom != ld->domain_id)
        return -EINVAL;
    rport = array_index_nospec(rport, rd->nr_evtchn);
    //@ assert same: rport == \at(rport, Pre);
    //@ assert r_inv: evtchn_port_inv(rd, rport);
    //@ assert r_notify: evtchn_vcpu_ok(rd, rd->evtchn[rport].notify_vcpu);
    /*@ assert r_vcpu: \separated(rd->vcpu[rd->evtchn[rport].notify_vcpu], rd) &&
            \separated(rd->vcpu[rd->evtchn[rport].notify_vcpu],
                       rd->evtchn + (0 .. rd->nr_evtchn - 1)); */
    /*@ assert r_vcpu_l: \separated(rd->vcpu[rd->evtchn[rport].notify_vcpu], ld) &&
            (ld->nr_evtchn == 0 ||
             \separated(rd->vcpu[rd->evtchn[rport].notify_vcpu],
                        ld->evtchn + (0 .. ld->nr_evtchn - 1))); */
    return evtchn_bind_checked(ld, rd, rport);
}

/*@ requires world: evtchn_world && ld == current->domain;
    assigns ld->evtchn, ld->nr_evtchn, ld->xenmem_bytes, ld->xenmem_refused,
            ld->evtchn[1 .. EVTCHN_MAX_PORTS - 1],
            \at(ld->evtchn, Post)[1 .. EVTCHN_MAX_PORTS - 1],
            domain_table[0 .. MAX_DOMAINS - 1]->evtchn[0 .. EVTCHN_MAX_PORTS - 1],
            *xl_shinfo(ld), current->is_blocked, current->runstate,
            current->runstate_entry_ns, current->runstate_time_ns[0 .. 3];
    // the new pair is symmetric, and both ends keep the port invariant
    ensures bound: \result >= 0 ==>
        0 < \result < ld->nr_evtchn &&
        ld->evtchn[\result].state == ECS_INTERDOMAIN &&
        ld->evtchn[\result].u.interdomain.remote_port == rport &&
        evtchn_port_inv(ld, \result) &&
        evtchn_port_inv(ld->evtchn[\result].u.interdomain.remote_dom, rport);
    // what evtchn_close needs of ld (new_port_out after a failed copy-out)
    ensures ld_ok: \result >= 0 ==>
        evtchn_table_ok(ld) && evtchn_vcpus_ok(ld) && evtchn_port0_ok(ld) &&
        evtchn_shinfo_ok(ld);
    ensures errno: \result < 0 ==> \result == -3 || \result == -22 ||
        \result == -12 || \result == -28;
*/
static int
evtchn_bind_interdomain(struct domain *ld, domid_t rdom, evtchn_port_t rport)
{
    struct domain *rd;

    rdom = resolve_domid(rdom);
    rd = rdom == ld->domain_id ? ld : domain_lookup(rdom);
    if (rd == NULL)
        return -ESRCH;
    //@ assert found: rd == ld || (rd == domain_table[rdom] && rdom < MAX_DOMAINS);
    return evtchn_bind_found(ld, rd, rport);
}

_Static_assert(sizeof(((struct evtchn_status *)0)->u) ==
               sizeof(((struct evtchn_status *)0)->u.interdomain),
               "evtchn_status zeroes the whole union through interdomain");

/*@ requires world: evtchn_world;
    requires \valid(st);
    assigns *st;
    ensures \result == 0 || \result == -3 || \result == -1 || \result == -22;
*/
static int
evtchn_status(struct evtchn_status *st)
{
    struct evtchn *chn;
    struct domain *d;
    int rc;

    d = target_domain(st->dom, &rc);
    if (d == NULL)
        return rc;
    chn = port_get(d, st->port);
    if (chn == NULL)
        return -EINVAL;
    //@ assert p_inv: 0 < st->port ==> evtchn_port_inv(d, st->port);
    /*@ assert r_ok: chn->state == ECS_INTERDOMAIN ==>
            \valid_read(chn->u.interdomain.remote_dom); */
    /* Field by field, not memset (WP, see evtchn_free); interdomain is
     * the union's widest member. */
    st->u.interdomain.dom = 0;
    st->u.interdomain._pad0 = 0;
    st->u.interdomain.port = 0;
    switch (chn->state) {
    case ECS_UNBOUND:
        st->status = EVTCHNSTAT_unbound;
        st->u.unbound.dom = chn->u.unbound.remote_dom;
        break;
    case ECS_INTERDOMAIN:
        st->status = EVTCHNSTAT_interdomain;
        st->u.interdomain.dom = chn->u.interdomain.remote_dom->domain_id;
        st->u.interdomain.port = chn->u.interdomain.remote_port;
        break;
    case ECS_VIRQ:
        st->status = EVTCHNSTAT_virq;
        st->u.virq = chn->u.virq;
        break;
    case ECS_IPI:
        st->status = EVTCHNSTAT_ipi;
        break;
    default:
        st->status = EVTCHNSTAT_closed;
        break;
    }
    st->vcpu = chn->notify_vcpu;
    return 0;
}

/*@ requires evtchn_table_ok(d) && evtchn_vcpus_ok(d);
    requires evtchn_notify_ok(d, port);
    assigns d->evtchn[port].notify_vcpu;
    ensures \result == 0 || \result == -22 || \result == -2;
    // the guest's vCPU number is checked before it is stored: the port
    // keeps naming a vCPU of d
    ensures notify: evtchn_notify_ok(d, port);
    ensures \result == 0 ==> d->evtchn[port].notify_vcpu == vcpu;
*/
static int
evtchn_bind_vcpu(struct domain *d, evtchn_port_t port, uint32_t vcpu)
{
    struct evtchn *chn;

    if (domain_vcpu(d, vcpu) == NULL)
        return -ENOENT;
    chn = port_get(d, port);
    if (chn == NULL)
        return -EINVAL;
    switch (chn->state) {
    case ECS_VIRQ:
        if (!virq_is_global(chn->u.virq))
            return -EINVAL;
        break;
    case ECS_UNBOUND:
    case ECS_INTERDOMAIN:
        break;
    default:
        return -EINVAL;
    }
    chn->notify_vcpu = (uint16_t)vcpu;
    return 0;
}

/*@ requires live: evtchn_live(d);
    assigns xl_mask_words(d)[0 .. EVTCHN_MAX_PORTS / 64 - 1],
            *xl_shinfo(d),
            d->vcpu[0 .. MAX_VIRT_CPUS - 1]->is_blocked,
            d->vcpu[0 .. MAX_VIRT_CPUS - 1]->runstate,
            d->vcpu[0 .. MAX_VIRT_CPUS - 1]->runstate_entry_ns,
            d->vcpu[0 .. MAX_VIRT_CPUS - 1]->runstate_time_ns[0 .. 3];
    ensures \result == 0 || \result == -22;
*/
static int
evtchn_unmask(struct domain *d, evtchn_port_t port)
{
    struct evtchn *chn = port_get(d, port);
    unsigned int word = port / BITS_PER_WORD, bit = port % BITS_PER_WORD;
    struct shared_info *s;
    struct vcpu *v;

    if (chn == NULL)
        return -EINVAL;
    s = shinfo(d);
    v = domain_vcpu(d, chn->notify_vcpu);
    if (bit_test_and_clear(&mask_words(d)[word], bit) &&
        bit_test(&s->evtchn_pending[word], bit) && v != NULL &&
        !sel_test_and_set(v, port))
        vcpu_mark_events_pending(v);
    return 0;
}

/* One step of the loop of closes of evtchn_reset and
 * evtchn_domain_destroy: close d's port `port` if it is open.  A reserved
 * port is left alone, as Xen's reset does (evtchn_close refuses it with
 * -EINVAL, same behaviour).  Proved (module event_reset): the contract is
 * what the loop's invariant needs of one step -- the port is closed, a
 * free or reserved port stays so, d and every port keep their invariants,
 * a later port keeps evtchn_peer_vsep and, while interdomain, the remote
 * end it had (`peer`), so that the loop can name the remote ends the
 * ports had on entry (evtchn_close_all, module event_close_all). */
/*@ requires table: evtchn_table_ok(d) && evtchn_vcpus_ok(d);
    requires ports: evtchn_port0_ok(d) && evtchn_ports_ok(d) && evtchn_peers_ok(d);
    requires port: 0 < port < d->nr_evtchn;
    requires vsep: \forall integer q; port <= q < d->nr_evtchn ==>
        evtchn_peer_vsep(d, q);
    requires shinfo: evtchn_shinfo_ok(d);
    assigns d->evtchn[port], *evtchn_peer_loc(d, port),
            xl_shinfo(d)->evtchn_pending[port / 64],
            d->vcpu[0 .. MAX_VIRT_CPUS - 1]->virq_to_port[0 .. NR_VIRQS - 1];
    ensures kept: d->evtchn == \old(d->evtchn) && d->nr_evtchn == \old(d->nr_evtchn) &&
        d->shared_info == \old(d->shared_info);
    ensures k_vcpu: \forall integer i; 0 <= i < MAX_VIRT_CPUS ==>
        d->vcpu[i] == \old(d->vcpu[i]);
    ensures dom: evtchn_table_ok(d) && evtchn_vcpus_ok(d) && evtchn_port0_ok(d) &&
        evtchn_shinfo_ok(d);
    ensures ports: evtchn_ports_ok(d) && evtchn_peers_ok(d);
    ensures closed: d->evtchn[port].state == ECS_FREE ||
        d->evtchn[port].state == ECS_RESERVED;
    ensures free_kept: \forall integer q; 0 < q < d->nr_evtchn &&
        \old(d->evtchn[q].state) == ECS_FREE ==> d->evtchn[q].state == ECS_FREE;
    ensures res_kept: \forall integer q; 0 < q < d->nr_evtchn &&
        \old(d->evtchn[q].state) == ECS_RESERVED ==>
        d->evtchn[q].state == ECS_RESERVED;
    ensures vsep: \forall integer q; port < q < d->nr_evtchn ==>
        evtchn_peer_vsep(d, q);
    ensures peer: \forall integer q; port < q < d->nr_evtchn &&
        d->evtchn[q].state == ECS_INTERDOMAIN ==>
        \old(d->evtchn[q].state) == ECS_INTERDOMAIN &&
        evtchn_peer_loc(d, q) == \old(evtchn_peer_loc(d, q));
*/
static void
evtchn_close_next(struct domain *d, evtchn_port_t port)
{
    if (d->evtchn[port].state == ECS_FREE || d->evtchn[port].state == ECS_RESERVED)
        return;
    /* What the close writes besides port's entry (its remote end) is apart
     * from d, from a reserved port and from a later port's remote domain
     * (evtchn_port_inv of port, evtchn_close_sep): bridges for `k_vcpu`,
     * `res_kept` and `peer`. */
    //@ assert a_inv: XL_WP_ONLY(evtchn_port_inv(d, port));
    /*@ assert a_sy0: XL_WP_ONLY(\forall integer q; port < q < d->nr_evtchn ==>
            evtchn_port_inv(d, q) && evtchn_interdomain_symmetric(d, q)); */
    /*@ assert a_sym: XL_WP_ONLY(\forall integer q; port < q < d->nr_evtchn ==>
            evtchn_interdomain_symmetric(d, q) &&
            (d->evtchn[q].state == ECS_INTERDOMAIN &&
             d->evtchn[q].u.interdomain.remote_dom != d ==>
            \separated(d->evtchn[q].u.interdomain.remote_dom,
                       d->evtchn + (0 .. d->nr_evtchn - 1)))); */
    //@ assert a_d: XL_WP_ONLY(\separated(d, evtchn_peer_loc(d, port)));
    /*@ assert a_own: XL_WP_ONLY(d->evtchn[port].state != ECS_INTERDOMAIN ==>
            evtchn_peer_loc(d, port) == d->evtchn + port); */
    /*@ assert a_pt: XL_WP_ONLY(d->evtchn[port].state == ECS_INTERDOMAIN ==>
            (\let rd = d->evtchn[port].u.interdomain.remote_dom;
             \let rp = d->evtchn[port].u.interdomain.remote_port;
             evtchn_peer_loc(d, port) == rd->evtchn + rp &&
             rd->evtchn[rp].state == ECS_INTERDOMAIN &&
             (rd == d ? 0 < rp < d->nr_evtchn && rp != port :
                \separated(d, rd->evtchn + (0 .. rd->nr_evtchn - 1)) &&
                \separated(rd->evtchn + (0 .. rd->nr_evtchn - 1),
                           d->evtchn + (0 .. d->nr_evtchn - 1)) &&
                0 < rp < rd->nr_evtchn))); */
    /*@ assert a_q: XL_WP_ONLY(\forall integer q; 0 < q < d->nr_evtchn &&
            d->evtchn + q != evtchn_peer_loc(d, port) ==>
            \separated(d->evtchn + q, evtchn_peer_loc(d, port))); */
    /*@ assert a_res: XL_WP_ONLY(\forall integer q; 0 < q < d->nr_evtchn &&
            d->evtchn[q].state == ECS_RESERVED ==>
            \separated(d->evtchn + q, evtchn_peer_loc(d, port))); */
    /*@ assert a_rd: XL_WP_ONLY(\forall integer q; port < q < d->nr_evtchn &&
            d->evtchn[q].state == ECS_INTERDOMAIN &&
            d->evtchn[q].u.interdomain.remote_dom == d ==>
            \separated(d->evtchn[q].u.interdomain.remote_dom, d->evtchn + port) &&
            \separated(d->evtchn[q].u.interdomain.remote_dom,
                       evtchn_peer_loc(d, port))); */
    /*@ assert a_cs: XL_WP_ONLY(\forall integer q; port < q < d->nr_evtchn ==>
            evtchn_close_sep(d, port, q) && evtchn_port_inv(d, q)); */
    /*@ assert a_rs1: XL_WP_ONLY(\forall integer q; port < q < d->nr_evtchn &&
            d->evtchn[q].state == ECS_INTERDOMAIN &&
            d->evtchn[q].u.interdomain.remote_dom != d ==>
            \separated(d->evtchn[q].u.interdomain.remote_dom, d->evtchn + port)); */
    /*@ assert a_rs2: XL_WP_ONLY(\forall integer q; port < q < d->nr_evtchn &&
            d->evtchn[q].state == ECS_INTERDOMAIN &&
            d->evtchn[q].u.interdomain.remote_dom != d ==>
            \separated(d->evtchn[q].u.interdomain.remote_dom,
                       evtchn_peer_loc(d, port))); */
    /*@ assert a_rq: XL_WP_ONLY(\forall integer q; port < q < d->nr_evtchn &&
            d->evtchn[q].state == ECS_INTERDOMAIN ==>
            \separated(d->evtchn[q].u.interdomain.remote_dom, d->evtchn + port) &&
            \separated(d->evtchn[q].u.interdomain.remote_dom,
                       evtchn_peer_loc(d, port))); */
    (void)evtchn_close(d, port);
    //@ assert c_pv: XL_WP_ONLY(evtchn_port_valid(d, port));
    //@ assert c_fr: XL_WP_ONLY(d->evtchn[port].state == ECS_FREE);
    /*@ assert c_res: XL_WP_ONLY(\forall integer q; 0 < q < d->nr_evtchn &&
            \at(d->evtchn[q].state, Pre) == ECS_RESERVED ==>
            d->evtchn[q].state == ECS_RESERVED); */
    /*@ assert c_st: XL_WP_ONLY(\forall integer q; port < q < d->nr_evtchn &&
            \at(d->evtchn + q != evtchn_peer_loc(d, port), Pre) ==>
            d->evtchn[q].state == \at(d->evtchn[q].state, Pre)); */
    /*@ assert c_rdm: XL_WP_ONLY(\forall integer q; port < q < d->nr_evtchn &&
            \at(d->evtchn + q != evtchn_peer_loc(d, port), Pre) ==>
            d->evtchn[q].u.interdomain.remote_dom ==
                \at(d->evtchn[q].u.interdomain.remote_dom, Pre)); */
    /*@ assert c_rp: XL_WP_ONLY(\forall integer q; port < q < d->nr_evtchn &&
            \at(d->evtchn + q != evtchn_peer_loc(d, port), Pre) ==>
            d->evtchn[q].u.interdomain.remote_port ==
                \at(d->evtchn[q].u.interdomain.remote_port, Pre)); */
    /*@ assert c_q: XL_WP_ONLY(\forall integer q; port < q < d->nr_evtchn &&
            d->evtchn[q].state == ECS_INTERDOMAIN ==>
            \at(d->evtchn[q].state, Pre) == ECS_INTERDOMAIN &&
            d->evtchn[q].u.interdomain.remote_dom ==
                \at(d->evtchn[q].u.interdomain.remote_dom, Pre) &&
            d->evtchn[q].u.interdomain.remote_port ==
                \at(d->evtchn[q].u.interdomain.remote_port, Pre)); */
    /*@ assert c_rq: XL_WP_ONLY(\forall integer q; port < q < d->nr_evtchn &&
            d->evtchn[q].state == ECS_INTERDOMAIN ==>
            d->evtchn[q].u.interdomain.remote_dom->evtchn ==
                \at(d->evtchn[q].u.interdomain.remote_dom->evtchn, Pre)); */
    /*@ assert c_v: XL_WP_ONLY(\forall integer i; 0 <= i < MAX_VIRT_CPUS ==>
            d->vcpu[i] == \at(d->vcpu[i], Pre)); */
}

/* Close every open port of d but port 0, lowest first (evtchn_reset,
 * evtchn_domain_destroy): one evtchn_close_next per port.  Proved (module
 * event_close_all): afterwards every port above 0 is free or reserved, d
 * and every port keep their invariants (evtchn_ports_ok, evtchn_peers_ok);
 * what it writes is d's entries, the remote ends its ports had on entry
 * (evtchn_peer_loc), d's pending words and its vCPUs' VIRQ slots.  The
 * loop's `assigns` names every location through the state on entry
 * (\at(.., Pre)), so that the call's writes are placed by `kept`, `k_vcpu`
 * and a_in alone. */
/*@ requires table: evtchn_table_ok(d) && evtchn_vcpus_ok(d);
    requires ports: evtchn_port0_ok(d) && evtchn_ports_ok(d);
    requires peers: evtchn_peers_ok(d) && evtchn_vseps_ok(d);
    requires shinfo: evtchn_shinfo_ok(d);
    assigns d->evtchn[1 .. d->nr_evtchn - 1],
            *{ evtchn_peer_loc(d, i) | integer i; 0 < i < d->nr_evtchn },
            xl_shinfo(d)->evtchn_pending[0 .. EVTCHN_MAX_PORTS / 64 - 1],
            d->vcpu[0 .. MAX_VIRT_CPUS - 1]->virq_to_port[0 .. NR_VIRQS - 1];
    ensures closed: \forall integer p; 0 < p < d->nr_evtchn ==>
        d->evtchn[p].state == ECS_FREE || d->evtchn[p].state == ECS_RESERVED;
    ensures kept: d->evtchn == \old(d->evtchn) && d->nr_evtchn == \old(d->nr_evtchn) &&
        d->shared_info == \old(d->shared_info);
    ensures dom: evtchn_table_ok(d) && evtchn_vcpus_ok(d) && evtchn_port0_ok(d) &&
        evtchn_shinfo_ok(d);
    ensures ports: evtchn_ports_ok(d) && evtchn_peers_ok(d);
*/
static void
evtchn_close_all(struct domain *d)
{
    /*@ loop invariant bound: 1 <= p && (p <= d->nr_evtchn || p == 1);
        loop invariant kept: XL_WP_ONLY(d->evtchn == \at(d->evtchn, Pre) &&
            d->nr_evtchn == \at(d->nr_evtchn, Pre) &&
            d->shared_info == \at(d->shared_info, Pre));
        loop invariant k_vcpu: XL_WP_ONLY(\forall integer i; 0 <= i < MAX_VIRT_CPUS ==>
            d->vcpu[i] == \at(d->vcpu[i], Pre));
        loop invariant dom: XL_WP_ONLY(evtchn_table_ok(d) && evtchn_vcpus_ok(d) &&
            evtchn_port0_ok(d) && evtchn_shinfo_ok(d));
        loop invariant ports: XL_WP_ONLY(evtchn_ports_ok(d) && evtchn_peers_ok(d));
        loop invariant vsep: XL_WP_ONLY(\forall integer q; p <= q < d->nr_evtchn ==>
            evtchn_peer_vsep(d, q));
        loop invariant closed: XL_WP_ONLY(\forall integer q; 0 < q < p && q < d->nr_evtchn ==>
            d->evtchn[q].state == ECS_FREE || d->evtchn[q].state == ECS_RESERVED);
        loop invariant peer: XL_WP_ONLY(\forall integer q; p <= q < d->nr_evtchn &&
            d->evtchn[q].state == ECS_INTERDOMAIN ==>
            evtchn_peer_loc(d, q) == \at(evtchn_peer_loc(d, q), Pre));
        loop assigns p, \at(d->evtchn, Pre)[1 .. \at(d->nr_evtchn, Pre) - 1],
            *{ \at(evtchn_peer_loc(d, i), Pre) | integer i; 0 < i < \at(d->nr_evtchn, Pre) },
            \at(xl_shinfo(d), Pre)->evtchn_pending[0 .. EVTCHN_MAX_PORTS / 64 - 1],
            \at(d->vcpu[0 .. MAX_VIRT_CPUS - 1], Pre)->virq_to_port[0 .. NR_VIRQS - 1];
    */
    for (evtchn_port_t p = 1; p < d->nr_evtchn; p++) {
        /* What the call writes, placed in the loop's `assigns`: p's remote
         * end is its own entry or one named on entry (a_loc, a_in; `peer`),
         * the pending word is one of the shared_info of entry (a_sh, a_pw). */
        /*@ assert a_loc: XL_WP_ONLY(\let k = (integer)p; evtchn_peer_loc(d, k) == d->evtchn + k ||
                evtchn_peer_loc(d, k) == \at(evtchn_peer_loc(d, k), Pre)); */
        /*@ assert a_in: XL_WP_ONLY(evtchn_peer_loc(d, p) == d->evtchn + p ||
                \exists integer i; 0 < i < \at(d->nr_evtchn, Pre) &&
                evtchn_peer_loc(d, p) == \at(evtchn_peer_loc(d, i), Pre)); */
        //@ assert a_sh: XL_WP_ONLY(xl_shinfo(d) == \at(xl_shinfo(d), Pre));
        //@ assert a_pw: 0 <= p / 64 < EVTCHN_MAX_PORTS / 64;
        evtchn_close_next(d, p);
        /* `closed` in three steps (one step: 20 s of cvc4): the ports
         * below p keep their state, so stay closed, and p is closed. */
        /*@ assert c_kept: XL_WP_ONLY(\forall integer q; 0 < q < p ==>
                (\at(d->evtchn[q].state, LoopCurrent) == ECS_FREE ==>
                 d->evtchn[q].state == ECS_FREE) &&
                (\at(d->evtchn[q].state, LoopCurrent) == ECS_RESERVED ==>
                 d->evtchn[q].state == ECS_RESERVED)); */
        /*@ assert c_below: XL_WP_ONLY(\forall integer q; 0 < q < p ==>
                d->evtchn[q].state == ECS_FREE || d->evtchn[q].state == ECS_RESERVED); */
        /*@ assert c_upto: XL_WP_ONLY(\forall integer q; 0 < q <= p ==>
                d->evtchn[q].state == ECS_FREE || d->evtchn[q].state == ECS_RESERVED); */
    }
}

/* Proved (module event_close_all): the target found, every port of it
 * above 0 is closed by evtchn_close_all, whose preconditions hold
 * (evtchn_live and, from evtchn_world_peers, target_domain's `peers`). */
/*@ requires world: evtchn_world;
    requires peers: evtchn_world_peers;
    ensures errno: \result == 0 || \result == -ESRCH || \result == -EPERM;
*/
static int
evtchn_reset(domid_t dom)
{
    struct domain *d;
    int rc;

    d = target_domain(dom, &rc);
    if (d == NULL)
        return rc;
    evtchn_close_all(d);
    return 0;
}

void
evtchn_domain_destroy(struct domain *d)
{
    if (d->evtchn == NULL)
        return;
    evtchn_close_all(d);
    domain_xfree(d, d->evtchn);
    d->evtchn = NULL;
    d->nr_evtchn = 0;
}

/* ---- VIRQs ---- */

/* Proved (module event_virq): the VIRQ is checked < NR_VIRQS before
 * virq_to_port; the raise is evtchn_set_pending's (trusted) contract. */
/*@ requires vcpu: \valid(v) && \valid_read(v->domain);
    assigns *xl_shinfo(v->domain), v->is_blocked,
            v->runstate, v->runstate_entry_ns, v->runstate_time_ns[0 .. 3];
*/
void
send_guest_vcpu_virq(struct vcpu *v, uint32_t virq)
{
    evtchn_port_t port;

    if (virq >= NR_VIRQS)
        return;
    port = v->virq_to_port[virq];
    if (port != 0)
        evtchn_set_pending(v, port);
}

/* Proved (module event_virq): the VIRQ < NR_VIRQS before virq_to_port,
 * vCPU 0 and the notify vCPU through domain_vcpu (a vCPU of d), the port
 * < nr_evtchn through port_get before the table is read. */
/*@ requires table: \valid(d) && evtchn_table_ok(d) && evtchn_vcpus_ok(d);
    assigns *xl_shinfo(d), d->vcpu[0 .. MAX_VIRT_CPUS - 1]->is_blocked,
            d->vcpu[0 .. MAX_VIRT_CPUS - 1]->runstate,
            d->vcpu[0 .. MAX_VIRT_CPUS - 1]->runstate_entry_ns,
            d->vcpu[0 .. MAX_VIRT_CPUS - 1]->runstate_time_ns[0 .. 3];
*/
void
send_guest_global_virq(struct domain *d, uint32_t virq)
{
    struct vcpu *v0 = domain_vcpu(d, 0);
    struct evtchn *chn;
    struct vcpu *v;

    if (v0 == NULL || virq >= NR_VIRQS || v0->virq_to_port[virq] == 0)
        return;
    chn = port_get(d, v0->virq_to_port[virq]);
    if (chn == NULL)
        return;
    v = domain_vcpu(d, chn->notify_vcpu);
    /* The raised vCPU is a slot of d: what assigns names. */
    /*@ assert raised: \let w = (v != \null ? v : v0);
            w->domain == d &&
            (w == d->vcpu[0] || w == d->vcpu[chn->notify_vcpu]); */
    evtchn_set_pending(v != NULL ? v : v0, v0->virq_to_port[virq]);
}

/* ---- decode: hypercall 32 ---- */

/*
 * Typed guest copies of the argument blocks.  Trusted contracts
 * (proofs/README.md, Assumed): copy_from_guest/copy_to_guest go through
 * `void *`, which WP's typed memory model does not follow; a read writes
 * exactly its object, a write reads its object and writes nothing of the
 * hypervisor's.  A put_* copies the block out with the new port in its
 * out field (a copy of the block: the caller's stays as it was).
 */
/*@ requires \valid(dst);
    assigns *dst;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
guest_read_alloc_unbound(struct evtchn_alloc_unbound *dst, uint64_t va)
{
    return copy_from_guest(dst, va, sizeof(*dst));
}

/*@ requires \valid(dst);
    assigns *dst;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
guest_read_bind_interdomain(struct evtchn_bind_interdomain *dst, uint64_t va)
{
    return copy_from_guest(dst, va, sizeof(*dst));
}

/*@ requires \valid(dst);
    assigns *dst;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
guest_read_bind_virq(struct evtchn_bind_virq *dst, uint64_t va)
{
    return copy_from_guest(dst, va, sizeof(*dst));
}

/*@ requires \valid(dst);
    assigns *dst;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
guest_read_bind_ipi(struct evtchn_bind_ipi *dst, uint64_t va)
{
    return copy_from_guest(dst, va, sizeof(*dst));
}

/*@ requires \valid(dst);
    assigns *dst;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
guest_read_status(struct evtchn_status *dst, uint64_t va)
{
    return copy_from_guest(dst, va, sizeof(*dst));
}

/*@ requires \valid(dst);
    assigns *dst;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
guest_read_bind_vcpu(struct evtchn_bind_vcpu *dst, uint64_t va)
{
    return copy_from_guest(dst, va, sizeof(*dst));
}

/*@ requires \valid(dst);
    assigns *dst;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
guest_read_reset(struct evtchn_reset *dst, uint64_t va)
{
    return copy_from_guest(dst, va, sizeof(*dst));
}

/* A port (close, send, unmask) or the compat form's cmd word. */
/*@ requires \valid(dst);
    assigns *dst;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
guest_read_u32(uint32_t *dst, uint64_t va)
{
    return copy_from_guest(dst, va, sizeof(*dst));
}

/*@ requires \valid_read(src);
    assigns \nothing;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
guest_write_status(uint64_t va, const struct evtchn_status *src)
{
    return copy_to_guest(va, src, sizeof(*src));
}

/*@ requires \valid_read(a);
    assigns \nothing;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
put_alloc_unbound(uint64_t va, const struct evtchn_alloc_unbound *a,
                  evtchn_port_t port)
{
    struct evtchn_alloc_unbound o = *a;

    o.port = port;
    return copy_to_guest(va, &o, sizeof(o));
}

/*@ requires \valid_read(a);
    assigns \nothing;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
put_bind_interdomain(uint64_t va, const struct evtchn_bind_interdomain *a,
                     evtchn_port_t port)
{
    struct evtchn_bind_interdomain o = *a;

    o.local_port = port;
    return copy_to_guest(va, &o, sizeof(o));
}

/*@ requires \valid_read(a);
    assigns \nothing;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
put_bind_virq(uint64_t va, const struct evtchn_bind_virq *a, evtchn_port_t port)
{
    struct evtchn_bind_virq o = *a;

    o.port = port;
    return copy_to_guest(va, &o, sizeof(o));
}

/*@ requires \valid_read(a);
    assigns \nothing;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
put_bind_ipi(uint64_t va, const struct evtchn_bind_ipi *a, evtchn_port_t port)
{
    struct evtchn_bind_ipi o = *a;

    o.port = port;
    return copy_to_guest(va, &o, sizeof(o));
}

/* The new port went back to the guest (fault == 0), or could not: then it
 * is closed again and the call fails (beyond Xen, which leaks it).  What
 * evtchn_close needs of the new port and its domain is established by the
 * bind that made it. */
/*@ requires d_ok: evtchn_table_ok(d) && evtchn_vcpus_ok(d) &&
        evtchn_port0_ok(d) && evtchn_shinfo_ok(d);
    requires port: 0 < port && evtchn_port_inv(d, port);
    ensures \result == 0 || \result == -EFAULT;
*/
static long
new_port_out(struct domain *d, int port, int fault)
{
    if (fault) {
        (void)evtchn_close(d, (evtchn_port_t)port);
        return -EFAULT;
    }
    return 0;
}

/*@ requires world: evtchn_world;
    ensures errno: \result == 0 || \result == -EFAULT || \result == -ESRCH ||
        \result == -EPERM || \result == -EINVAL || \result == -ENOMEM ||
        \result == -ENOSPC;
*/
static long
op_alloc_unbound(uint64_t arg)
{
    struct evtchn_alloc_unbound a;
    struct domain *d;
    int rc;

    if (guest_read_alloc_unbound(&a, arg))
        return -EFAULT;
    d = target_domain(a.dom, &rc);
    if (d == NULL)
        return rc;
    rc = evtchn_alloc_unbound(d, resolve_domid(a.remote_dom));
    if (rc < 0)
        return rc;
    return new_port_out(d, rc, put_alloc_unbound(arg, &a, (evtchn_port_t)rc));
}

/*@ requires world: evtchn_world;
    ensures errno: \result == 0 || \result == -EFAULT || \result == -ESRCH ||
        \result == -EINVAL || \result == -ENOMEM || \result == -ENOSPC;
*/
static long
op_bind_interdomain(uint64_t arg)
{
    struct evtchn_bind_interdomain a;
    struct domain *d = current->domain;
    int rc;

    if (guest_read_bind_interdomain(&a, arg))
        return -EFAULT;
    rc = evtchn_bind_interdomain(d, a.remote_dom, a.remote_port);
    if (rc < 0)
        return rc;
    return new_port_out(d, rc, put_bind_interdomain(arg, &a, (evtchn_port_t)rc));
}

/*@ requires world: evtchn_world;
    ensures errno: \result == 0 || \result == -EFAULT || \result == -EINVAL ||
        \result == -ENOENT || \result == -EEXIST || \result == -ENOMEM ||
        \result == -ENOSPC;
*/
static long
op_bind_virq(uint64_t arg)
{
    struct evtchn_bind_virq a;
    struct domain *d = current->domain;
    int rc;

    if (guest_read_bind_virq(&a, arg))
        return -EFAULT;
    rc = evtchn_bind_virq(d, a.virq, a.vcpu);
    if (rc < 0)
        return rc;
    return new_port_out(d, rc, put_bind_virq(arg, &a, (evtchn_port_t)rc));
}

/*@ requires world: evtchn_world;
    ensures errno: \result == 0 || \result == -EFAULT || \result == -EINVAL ||
        \result == -ENOENT || \result == -ENOMEM || \result == -ENOSPC;
*/
static long
op_bind_ipi(uint64_t arg)
{
    struct evtchn_bind_ipi a;
    struct domain *d = current->domain;
    int rc;

    if (guest_read_bind_ipi(&a, arg))
        return -EFAULT;
    rc = evtchn_bind_ipi(d, a.vcpu);
    if (rc < 0)
        return rc;
    return new_port_out(d, rc, put_bind_ipi(arg, &a, (evtchn_port_t)rc));
}

/*@ requires world: evtchn_world;
    ensures errno: \result == 0 || \result == -EFAULT || \result == -ESRCH ||
        \result == -EPERM || \result == -EINVAL;
*/
static long
op_status(uint64_t arg)
{
    struct evtchn_status a;
    int rc;

    if (guest_read_status(&a, arg))
        return -EFAULT;
    rc = evtchn_status(&a);
    if (rc)
        return rc;
    return guest_write_status(arg, &a) ? -EFAULT : 0;
}

/* Sub-ops whose block is a single port (close, send, unmask): the guest's
 * port goes to the operation as it is; each bounds it (port_get). */
/*@ requires world: evtchn_world;
    ensures errno: \result == 0 || \result == -EFAULT || \result == -EINVAL;
*/
static long
op_port(int cmd, uint64_t arg)
{
    evtchn_port_t port;
    struct domain *d;

    if (guest_read_u32(&port, arg))
        return -EFAULT;
    d = current->domain;
    /* port's invariant, from every port's (ports_ok) or vacuous */
    //@ assert p_inv: 0 < port < d->nr_evtchn ==> evtchn_port_inv(d, port);
    //@ assert p_any: evtchn_port_inv(d, port);
    switch (cmd) {
    case EVTCHNOP_close:
        return evtchn_close(d, port);
    case EVTCHNOP_send:
        return evtchn_send(d, port);
    default:
        return evtchn_unmask(d, port);
    }
}

/*@ requires world: evtchn_world;
    ensures errno: \result == 0 || \result == -EFAULT || \result == -EINVAL ||
        \result == -ENOENT;
*/
static long
op_bind_vcpu(uint64_t arg)
{
    struct evtchn_bind_vcpu a;
    struct domain *d;

    if (guest_read_bind_vcpu(&a, arg))
        return -EFAULT;
    d = current->domain;
    //@ assert p_inv: 0 < a.port < d->nr_evtchn ==> evtchn_port_inv(d, a.port);
    //@ assert p_notify: evtchn_notify_ok(d, a.port);
    return evtchn_bind_vcpu(d, a.port, a.vcpu);
}

/*@ requires world: evtchn_world;
    requires peers: evtchn_world_peers;
    ensures errno: \result == 0 || \result == -EFAULT || \result == -ESRCH ||
        \result == -EPERM;
*/
static long
op_reset(uint64_t arg)
{
    struct evtchn_reset a;

    if (guest_read_reset(&a, arg))
        return -EFAULT;
    return evtchn_reset(a.dom);
}

/* Proved (module event_decode): each sub-op's block is read through its
 * typed copy, and the operation is called with its preconditions (the
 * world the dispatcher assumes: evtchn_world). */
/*@ requires world: evtchn_world;
    requires peers: evtchn_world_peers;
    ensures unknown: (cmd < EVTCHNOP_bind_interdomain || cmd > EVTCHNOP_reset ||
        cmd == EVTCHNOP_bind_pirq) ==> \result == -ENOSYS;
    ensures errno: \result == 0 || \result == -EFAULT || \result == -ESRCH ||
        \result == -EPERM || \result == -EINVAL || \result == -ENOMEM ||
        \result == -ENOSPC || \result == -ENOENT || \result == -EEXIST ||
        \result == -ENOSYS;
*/
long
do_event_channel_op(int cmd, uint64_t arg)
{
    switch (cmd) {
    case EVTCHNOP_alloc_unbound:    return op_alloc_unbound(arg);
    case EVTCHNOP_bind_interdomain: return op_bind_interdomain(arg);
    case EVTCHNOP_bind_virq:        return op_bind_virq(arg);
    case EVTCHNOP_bind_ipi:         return op_bind_ipi(arg);
    case EVTCHNOP_close:
    case EVTCHNOP_send:
    case EVTCHNOP_unmask:           return op_port(cmd, arg);
    case EVTCHNOP_status:           return op_status(arg);
    case EVTCHNOP_bind_vcpu:        return op_bind_vcpu(arg);
    case EVTCHNOP_reset:            return op_reset(arg);
    default:                        return -ENOSYS;
    }
}

/* Hypercall 16: struct evtchn_op { cmd; union } -- the block sits 4 bytes
 * in, with the same layout, so the modern decoder reads it in place. */
/*@ requires world: evtchn_world;
    requires peers: evtchn_world_peers;
    ensures errno: \result == 0 || \result == -EFAULT || \result == -ESRCH ||
        \result == -EPERM || \result == -EINVAL || \result == -ENOMEM ||
        \result == -ENOSPC || \result == -ENOENT || \result == -EEXIST ||
        \result == -ENOSYS;
*/
long
do_event_channel_op_compat(uint64_t arg)
{
    uint32_t cmd;

    if (guest_read_u32(&cmd, arg))
        return -EFAULT;
    return do_event_channel_op((int)cmd, arg + offsetof(struct evtchn_op, u));
}
