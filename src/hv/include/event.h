/*
 * event.h - event channels, Xen's 2-level ABI.
 *
 * Environment: hosted and hypervisor (portable core).
 *
 * An event channel is a port number in one domain.  Each domain has a port
 * table (d->evtchn, d->nr_evtchn entries, allocated by evtchn_domain_init);
 * port 0 is reserved and never bound, so a zero port means "none" in
 * v->virq_to_port[].  A port is in one of these states:
 *
 *   free         nobody uses it; EVTCHNOP_close made it so, or it never was
 *   unbound      offered to remote_dom, who may bind_interdomain to it
 *   interdomain  joined to (remote_dom, remote_port); the remote port is
 *                interdomain too and points back here (symmetric binding)
 *   virq         a virtual IRQ of vcpu notify_vcpu (per-vCPU VIRQs) or of
 *                the domain (global VIRQs, listed on vCPU 0)
 *   ipi          a vCPU-to-vCPU doorbell inside the domain
 *
 * Raising an event (evtchn_set_pending) sets the port's pending bit in
 * shared_info; unless the port is masked it also sets the selector bit of
 * the pending word in the notified vCPU's vcpu_info.evtchn_pending_sel and
 * evtchn_upcall_pending, wakes the vCPU if it blocked, and asks the arch to
 * bounce to the guest's event callback (arch_vcpu_kick).  The guest's
 * evtchn_upcall_mask is its virtual interrupt flag: the arch checks it
 * before the upcall, the core never does.
 *
 * Who calls what:
 *   - guests: do_event_channel_op (hypercall 32) and the old compat form
 *     (hypercall 16);
 *   - the core: send_guest_vcpu_virq / send_guest_global_virq (timers,
 *     console input), evtchn_set_pending;
 *   - domain_create / domain_kill: evtchn_domain_init / evtchn_domain_destroy
 *     (event calls also create the table on first use, so a domain built
 *     without evtchn_domain_init still works).
 * No locks: one physical CPU (SMP will add a per-domain event lock).
 *
 * Interdomain bindings keep a pointer to the remote domain, so a domain's
 * ports must all be closed (evtchn_domain_destroy) before it is freed; that
 * turns every peer back into an unbound port offered to the dead domain's
 * id, exactly as EVTCHNOP_close does.
 */
#ifndef XL_EVENT_H
#define XL_EVENT_H

#include <stdbool.h>
#include <stdint.h>
#include <domain.h>
#include "public/xen.h"
#include "public/event_channel.h"

/* Ports 1 .. EVTCHN_MAX_PORTS-1 are usable; 0 is reserved. */
#define EVTCHN_MAX_PORTS 1024
_Static_assert(EVTCHN_MAX_PORTS <= NR_EVENT_CHANNELS,
               "the 2-level ABI has room for every port");

enum evtchn_state {
    ECS_FREE = 0,
    ECS_RESERVED,           /* port 0 */
    ECS_UNBOUND,
    ECS_INTERDOMAIN,
    ECS_VIRQ,
    ECS_IPI,
};

struct evtchn {
    uint8_t state;                          /* enum evtchn_state */
    uint8_t _pad0;
    uint16_t notify_vcpu;                   /* vCPU that gets the upcall */
    union {
        struct {                            /* state == ECS_UNBOUND */
            domid_t remote_dom;             /* who may bind to it */
        } unbound;
        struct {                            /* state == ECS_INTERDOMAIN */
            struct domain *remote_dom;      /* never NULL */
            evtchn_port_t remote_port;
        } interdomain;
        uint32_t virq;                      /* state == ECS_VIRQ */
    } u;
};

/* A VIRQ is per vCPU (bound once on each vCPU) or global (bound once, on
 * vCPU 0, for the whole domain). */
/*@ assigns \nothing; */
bool virq_is_global(uint32_t virq);

/*@
  // d's port table: nr_evtchn entries, valid, apart from d itself.
  predicate evtchn_table_ok(struct domain *d) =
      \valid_read(d) && d->nr_evtchn <= EVTCHN_MAX_PORTS &&
      (d->nr_evtchn == 0 ||
       (\valid(d->evtchn + (0 .. d->nr_evtchn - 1)) &&
        \separated(d, d->evtchn + (0 .. d->nr_evtchn - 1))));

  predicate evtchn_port_valid(struct domain *d, integer p) =
      evtchn_table_ok(d) && 0 < p < d->nr_evtchn;

  // vCPU n of d exists and knows d.
  predicate evtchn_vcpu_ok(struct domain *d, integer n) =
      0 <= n < d->max_vcpus && n < MAX_VIRT_CPUS &&
      \valid(d->vcpu[n]) && d->vcpu[n]->domain == d;

  // d's vCPU slots: NULL or a vCPU of d, apart from d and its port table.
  predicate evtchn_vcpus_ok(struct domain *d) =
      \forall integer i; 0 <= i < MAX_VIRT_CPUS && d->vcpu[i] != \null ==>
        \valid(d->vcpu[i]) && d->vcpu[i]->domain == d &&
        \separated(d->vcpu[i], d) &&
        (d->nr_evtchn == 0 ||
         \separated(d->vcpu[i], d->evtchn + (0 .. d->nr_evtchn - 1)));

  // A closed port is free: nothing refers to it, it can be reused.
  predicate evtchn_closed_is_free(struct domain *d, integer p) =
      evtchn_port_valid(d, p) ==> d->evtchn[p].state == ECS_FREE;

  // An interdomain binding is symmetric: the remote end is an interdomain
  // port of the remote domain that points back at (d, p), and it is
  // another port (two tables, or two ports of one table).
  predicate evtchn_interdomain_symmetric(struct domain *d, integer p) =
      evtchn_port_valid(d, p) && d->evtchn[p].state == ECS_INTERDOMAIN ==>
        (\let rd = d->evtchn[p].u.interdomain.remote_dom;
         \let rp = d->evtchn[p].u.interdomain.remote_port;
         evtchn_port_valid(rd, rp) &&
         rd->evtchn[rp].state == ECS_INTERDOMAIN &&
         rd->evtchn[rp].u.interdomain.remote_dom == d &&
         rd->evtchn[rp].u.interdomain.remote_port == p &&
         (rd == d ? rp != p :
            \separated(rd, d->evtchn + (0 .. d->nr_evtchn - 1)) &&
            \separated(d, rd->evtchn + (0 .. rd->nr_evtchn - 1)) &&
            \separated(rd->evtchn + (0 .. rd->nr_evtchn - 1),
                       d->evtchn + (0 .. d->nr_evtchn - 1))));

  // A port that can raise an event (interdomain, IPI) or become
  // interdomain (unbound) names a vCPU of its domain.
  predicate evtchn_notify_ok(struct domain *d, integer p) =
      evtchn_port_valid(d, p) &&
      (d->evtchn[p].state == ECS_INTERDOMAIN || d->evtchn[p].state == ECS_IPI ||
       d->evtchn[p].state == ECS_UNBOUND) ==>
        evtchn_vcpu_ok(d, d->evtchn[p].notify_vcpu);

  // Port q's entry holds at L the four fields evtchn_port_inv reads as it
  // did at K (the bridges of a store that leaves q's entry alone).
  predicate evtchn_entry_kept{L, K}(struct domain *d, integer q) =
      \at(d->evtchn[q].state, L) == \at(d->evtchn[q].state, K) &&
      \at(d->evtchn[q].notify_vcpu, L) == \at(d->evtchn[q].notify_vcpu, K) &&
      \at(d->evtchn[q].u.interdomain.remote_dom, L) ==
          \at(d->evtchn[q].u.interdomain.remote_dom, K) &&
      \at(d->evtchn[q].u.interdomain.remote_port, L) ==
          \at(d->evtchn[q].u.interdomain.remote_port, K);

  // What holds of each port of d between hypercalls: both ends of an
  // interdomain binding agree and name a vCPU.
  predicate evtchn_port_inv(struct domain *d, integer p) =
      evtchn_notify_ok(d, p) && evtchn_interdomain_symmetric(d, p) &&
      (evtchn_port_valid(d, p) && d->evtchn[p].state == ECS_INTERDOMAIN ==>
         evtchn_notify_ok(d->evtchn[p].u.interdomain.remote_dom,
                          d->evtchn[p].u.interdomain.remote_port));

  // d->shared_info seen as a struct shared_info (the C cast; WP's typed
  // memory model cannot follow a cast from void *).
  axiomatic Xl_shinfo {
    logic struct shared_info *xl_shinfo_of(void *p);
  }
  logic struct shared_info *xl_shinfo(struct domain *d) =
      xl_shinfo_of(d->shared_info);

  // d's shared_info frame, when there is one, is apart from d and its
  // port table.
  predicate evtchn_shinfo_ok(struct domain *d) =
      d->shared_info != \null ==>
        \valid(xl_shinfo(d)) && \separated(xl_shinfo(d), d) &&
        (d->nr_evtchn == 0 ||
         \separated(xl_shinfo(d), d->evtchn + (0 .. d->nr_evtchn - 1)));

  // Port 0 is reserved, never bound.
  predicate evtchn_port0_ok(struct domain *d) =
      d->nr_evtchn > 0 ==> d->evtchn[0].state == ECS_RESERVED;

  predicate evtchn_ports_ok(struct domain *d) =
      \forall integer p; 0 < p < d->nr_evtchn ==> evtchn_port_inv(d, p);

  predicate evtchn_inv(struct domain *d) =
      evtchn_table_ok(d) && evtchn_vcpus_ok(d) && evtchn_port0_ok(d) &&
      evtchn_ports_ok(d);

  // d's event-mask words (native or 32-bit layout) inside shared_info,
  // as mask_words computes them (a cast WP cannot follow).
  axiomatic Xl_mask_words {
    logic xen_ulong_t *xl_mask_words_of(void *p, integer compat);
  }
  logic xen_ulong_t *xl_mask_words(struct domain *d) =
      xl_mask_words_of(d->shared_info, d->shinfo_compat);

  // A live domain as the event hypercalls find it (domain_create makes
  // vCPU 0 and shared_info; a table may be missing until first use).
  predicate evtchn_live(struct domain *d) =
      \valid(d) && evtchn_table_ok(d) && evtchn_vcpus_ok(d) &&
      evtchn_port0_ok(d) && evtchn_ports_ok(d) && evtchn_shinfo_ok(d) &&
      d->shared_info != \null && evtchn_vcpu_ok(d, 0) &&
      \valid(xl_mask_words(d) + (0 .. EVTCHN_MAX_PORTS / 64 - 1));

  // a's objects (the struct, its table, shared_info, vCPUs) do not
  // overlap b or b's table.
  predicate evtchn_objs_apart(struct domain *a, struct domain *b) =
      \separated(a, b) &&
      (a->shared_info == \null || \separated(xl_shinfo(a), b)) &&
      (\forall integer i; 0 <= i < MAX_VIRT_CPUS && a->vcpu[i] != \null ==>
         \separated(a->vcpu[i], b)) &&
      (b->nr_evtchn == 0 ||
       (\separated(a, b->evtchn + (0 .. b->nr_evtchn - 1)) &&
        (a->nr_evtchn == 0 ||
         \separated(a->evtchn + (0 .. a->nr_evtchn - 1),
                    b->evtchn + (0 .. b->nr_evtchn - 1))) &&
        (a->shared_info == \null ||
         \separated(xl_shinfo(a), b->evtchn + (0 .. b->nr_evtchn - 1))) &&
        (\forall integer i; 0 <= i < MAX_VIRT_CPUS && a->vcpu[i] != \null ==>
           \separated(a->vcpu[i], b->evtchn + (0 .. b->nr_evtchn - 1)))));

  // Two different domains' event structures are apart (separate
  // allocations; an assumption of the decoders, README).
  predicate evtchn_apart(struct domain *a, struct domain *b) =
      a != b ==> evtchn_objs_apart(a, b) && evtchn_objs_apart(b, a);

  // d's vCPUs are apart from the remote end of d's port p.
  predicate evtchn_peer_vsep(struct domain *d, integer p) =
      d->evtchn[p].state == ECS_INTERDOMAIN ==>
        \forall integer i; 0 <= i < MAX_VIRT_CPUS && d->vcpu[i] != \null ==>
          \separated(d->vcpu[i], d->evtchn[p].u.interdomain.remote_dom->evtchn +
                                 d->evtchn[p].u.interdomain.remote_port);

  // Closing d's port p writes d's entry p, d's vCPUs' VIRQ slots and, for
  // an interdomain p, the remote end of p.  What the invariant of another
  // port q of d reads is apart from all of these when q is bound to
  // another domain r: r and q's remote entry apart from d's vCPUs and from
  // p's remote end, r's vCPUs apart from d's entry p and p's remote end;
  // and d's vCPUs apart from p's remote end (evtchn_peer_vsep).
  predicate evtchn_close_sep(struct domain *d, integer p, integer q) =
      evtchn_peer_vsep(d, p) &&
      (d->evtchn[q].state == ECS_INTERDOMAIN &&
       d->evtchn[q].u.interdomain.remote_dom != d ==>
       (\let r = d->evtchn[q].u.interdomain.remote_dom;
        \let rq = r->evtchn + d->evtchn[q].u.interdomain.remote_port;
        (\forall integer i; 0 <= i < MAX_VIRT_CPUS && d->vcpu[i] != \null ==>
           \separated(d->vcpu[i], r) && \separated(d->vcpu[i], rq)) &&
        (\forall integer i; 0 <= i < MAX_VIRT_CPUS && r->vcpu[i] != \null ==>
           \separated(r->vcpu[i], d->evtchn + p)) &&
        (d->evtchn[p].state == ECS_INTERDOMAIN ==>
           (\let pe = d->evtchn[p].u.interdomain.remote_dom->evtchn +
                      d->evtchn[p].u.interdomain.remote_port;
            \separated(r, pe) && \separated(rq, pe) &&
            \forall integer i; 0 <= i < MAX_VIRT_CPUS && r->vcpu[i] != \null ==>
              \separated(r->vcpu[i], pe)))));

  // What freeing d's entry p needs to keep the invariant of d's port q:
  // q's remote end is not p, and the vCPUs of q's remote domain are apart
  // from d's entry p.
  predicate evtchn_free_sep(struct domain *d, integer p, integer q) =
      d->evtchn[q].state == ECS_INTERDOMAIN ==>
        (d->evtchn[q].u.interdomain.remote_dom == d ==>
           d->evtchn[q].u.interdomain.remote_port != p) &&
        (d->evtchn[q].u.interdomain.remote_dom != d ==>
           \forall integer i; 0 <= i < MAX_VIRT_CPUS &&
             d->evtchn[q].u.interdomain.remote_dom->vcpu[i] != \null ==>
             \separated(d->evtchn[q].u.interdomain.remote_dom->vcpu[i],
                        d->evtchn + p));

  // The peers of d's ports are apart from what closing any other port of
  // d writes (separate allocations; two ports of d never share a remote
  // end, by symmetry).  What a loop of closes needs beside evtchn_ports_ok.
  predicate evtchn_peers_ok(struct domain *d) =
      \forall integer p, q; 0 < p < d->nr_evtchn && 0 < q < d->nr_evtchn &&
        p != q ==> evtchn_close_sep(d, p, q);

  // Every port's remote end is apart from d's vCPUs (evtchn_peers_ok says
  // so of a port only when d has another port).
  predicate evtchn_vseps_ok(struct domain *d) =
      \forall integer p; 0 < p < d->nr_evtchn ==> evtchn_peer_vsep(d, p);

  // The entry that closing d's port p writes besides p's own: p's remote
  // end for an interdomain port, else p's own entry again.  Only an
  // interdomain port's union holds a pointer, so no other port's close
  // names a location through it (evtchn_close's `assigns`: a loop of
  // closes can then name the remote ends the ports had before it, README
  // "Why the rest", event (3)).
  logic struct evtchn *evtchn_peer_loc(struct domain *d, integer p) =
      d->evtchn[p].state == ECS_INTERDOMAIN ?
        d->evtchn[p].u.interdomain.remote_dom->evtchn +
          d->evtchn[p].u.interdomain.remote_port :
        d->evtchn + p;

  // The caller: a live domain, current is its vCPU vcpu_id.
  predicate evtchn_current_ok =
      \valid(current) && evtchn_live(current->domain) &&
      current->vcpu_id < MAX_VIRT_CPUS &&
      current->vcpu_id < current->domain->max_vcpus &&
      current->domain->vcpu[current->vcpu_id] == current;

  // What the decoders assume on entry: the caller is live, and so is every
  // domain of the domain table, apart from the caller's.
  predicate evtchn_world =
      evtchn_current_ok &&
      \forall integer i; 0 <= i < MAX_DOMAINS && domain_table[i] != \null ==>
        evtchn_live(domain_table[i]) &&
        evtchn_apart(current->domain, domain_table[i]);

  // What evtchn_reset assumes beside evtchn_world: the remote ends of the
  // ports of the caller's and of every table domain are apart from what
  // closing another port of that domain writes, and from its vCPUs
  // (evtchn_peers_ok, evtchn_vseps_ok: separate allocations, two ports
  // never share a remote end).  Assumed by the dispatchers
  // (hypercall_world; README, Assumed).
  predicate evtchn_world_peers =
      evtchn_peers_ok(current->domain) && evtchn_vseps_ok(current->domain) &&
      \forall integer i; 0 <= i < MAX_DOMAINS && domain_table[i] != \null ==>
        evtchn_peers_ok(domain_table[i]) && evtchn_vseps_ok(domain_table[i]);

  // A table t just made (evtchn_table_new): port 0 reserved, every other
  // port free, and apart from every object that was valid at L1.
  predicate evtchn_fresh{L1, L2}(struct evtchn *t) =
      \valid{L2}(t + (0 .. EVTCHN_MAX_PORTS - 1)) &&
      \at(t[0].state, L2) == ECS_RESERVED &&
      (\forall integer p; 0 < p < EVTCHN_MAX_PORTS ==>
         \at(t[p].state, L2) == ECS_FREE && \at(t[p].notify_vcpu, L2) == 0) &&
      (\forall struct evtchn *q, integer n; n > 0 &&
         \valid_read{L1}(q + (0 .. n - 1)) ==>
         \separated(q + (0 .. n - 1), t + (0 .. EVTCHN_MAX_PORTS - 1))) &&
      (\forall struct domain *q; \valid_read{L1}(q) ==>
         \separated(q, t + (0 .. EVTCHN_MAX_PORTS - 1))) &&
      (\forall struct vcpu *q; \valid_read{L1}(q) ==>
         \separated(q, t + (0 .. EVTCHN_MAX_PORTS - 1))) &&
      (\forall struct shared_info *q; \valid_read{L1}(q) ==>
         \separated(q, t + (0 .. EVTCHN_MAX_PORTS - 1)));

  // t (made after L1) is apart from every vCPU and shared_info valid at
  // L1: the separation part of evtchn_fresh, once its ports are in use.
  predicate evtchn_new_apart{L1}(struct evtchn *t) =
      (\forall struct vcpu *q; \valid_read{L1}(q) ==>
         \separated(q, t + (0 .. EVTCHN_MAX_PORTS - 1))) &&
      (\forall struct shared_info *q; \valid_read{L1}(q) ==>
         \separated(q, t + (0 .. EVTCHN_MAX_PORTS - 1)));

  // d's table between L1 and L2: the same one, or (there was none) a
  // fresh one.
  predicate evtchn_table_grown{L1, L2}(struct domain *d) =
      (\at(d->evtchn, L2) == \at(d->evtchn, L1) &&
       \at(d->nr_evtchn, L2) == \at(d->nr_evtchn, L1)) ||
      (\at(d->nr_evtchn, L1) == 0 && \at(d->evtchn, L1) == \null &&
       \at(d->nr_evtchn, L2) == EVTCHN_MAX_PORTS &&
       evtchn_fresh{L1, L2}(\at(d->evtchn, L2)));

  // Send raises an event only on a bound port (interdomain or IPI); an
  // unbound port swallows it (Xen), anything else is -EINVAL.
  predicate evtchn_send_ok(struct domain *d, integer p) =
      evtchn_port_valid(d, p) &&
      (d->evtchn[p].state == ECS_INTERDOMAIN ||
       d->evtchn[p].state == ECS_IPI ||
       d->evtchn[p].state == ECS_UNBOUND);
*/

/* Allocate d's port table (port 0 reserved).  0 or -ENOMEM.  Idempotent. */
/*@ requires \valid(d) && evtchn_table_ok(d);
    assigns d->evtchn, d->nr_evtchn, d->xenmem_bytes, d->xenmem_refused;
    ensures \result == 0 || \result == -12;
    ensures table: evtchn_table_ok(d);
    ensures grown: evtchn_table_grown{Pre, Post}(d);
    ensures made: \result == 0 && \old(d->evtchn) == \null ==>
        d->nr_evtchn == EVTCHN_MAX_PORTS;
    ensures live: \old(evtchn_live(d)) ==> evtchn_live(d);
*/
int evtchn_domain_init(struct domain *d);

/* Close every port of d (peers of interdomain ports revert to unbound,
 * VIRQ bindings are dropped) and free the table.  Proved (module
 * event_close_all): evtchn_close_all's preconditions hold (so every port
 * above 0 is closed, free or reserved, before the free) and the table is
 * gone (`gone`).  A postcondition about the old table's entries would
 * read freed memory (EVA reports it invalid there).  No `assigns` yet:
 * what it writes is evtchn_close_all's (d's entries, the remote ends
 * its ports had, d's pending words and VIRQ slots) and d's table fields,
 * but WP checks that on the path where evtchn_close_all or domain_xfree
 * exits as one goal with both cases merged, which timed out at 40 s
 * (README, "Why the rest"); its caller domain_kill is not proved. */
/*@ requires \valid(d);
    requires table: evtchn_table_ok(d) && evtchn_vcpus_ok(d);
    requires ports: evtchn_port0_ok(d) && evtchn_ports_ok(d);
    requires peers: evtchn_peers_ok(d) && evtchn_vseps_ok(d);
    requires shinfo: evtchn_shinfo_ok(d);
    ensures gone: d->evtchn == \null && d->nr_evtchn == 0;
*/
void evtchn_domain_destroy(struct domain *d);

/* Hypercalls 32 and 16. */
long do_event_channel_op(int cmd, uint64_t arg);
long do_event_channel_op_compat(uint64_t arg);

/* Invoke-level operations, also used by the core and by tests.  Each
 * returns 0 / a port number, or a negated errno; the caller is
 * `current->domain` where a caller matters. */

/*@ requires table: evtchn_table_ok(d) && evtchn_vcpus_ok(d);
    requires port_inv: evtchn_port0_ok(d) && evtchn_port_inv(d, port);
    requires shinfo: evtchn_shinfo_ok(d);
    assigns d->evtchn[port], *evtchn_peer_loc(d, port),
            xl_shinfo(d)->evtchn_pending[port / 64],
            d->vcpu[0 .. MAX_VIRT_CPUS - 1]->virq_to_port[0 .. NR_VIRQS - 1];
    ensures \result == 0 || \result == -22;
    ensures open: \result == 0 <==>
        \old(port < d->nr_evtchn && d->evtchn[port].state != ECS_FREE &&
             d->evtchn[port].state != ECS_RESERVED);
    ensures closed_is_free: \result == 0 ==> evtchn_closed_is_free(d, port);
    ensures peer_unbound: \result == 0 &&
        \old(d->evtchn[port].state) == ECS_INTERDOMAIN ==>
        \let r = \old(&d->evtchn[port].u.interdomain.remote_dom->evtchn[
                           d->evtchn[port].u.interdomain.remote_port]);
        r->state == ECS_UNBOUND && r->u.unbound.remote_dom == \old(d->domain_id);
    ensures kept: d->evtchn == \old(d->evtchn) && d->nr_evtchn == \old(d->nr_evtchn) &&
        d->shared_info == \old(d->shared_info);
    ensures dom: evtchn_table_ok(d) && evtchn_port0_ok(d) && evtchn_shinfo_ok(d);
    ensures free_kept: \forall integer q; 0 < q < d->nr_evtchn &&
        \old(d->evtchn[q].state) == ECS_FREE ==> d->evtchn[q].state == ECS_FREE;
    // d's vCPUs keep naming d, given them apart from the peer's entry
    ensures vcpus: \old(evtchn_peer_vsep(d, port)) ==> evtchn_vcpus_ok(d);
    // every port of d keeps its invariant, given the peers apart (what a
    // loop of closes needs)
    behavior keep_inv:
      assumes \true;
      ensures inv: \old(evtchn_ports_ok(d) && evtchn_peers_ok(d)) ==>
          evtchn_ports_ok(d);
      ensures peers: \old(evtchn_ports_ok(d) && evtchn_peers_ok(d)) ==>
          evtchn_peers_ok(d);
*/
int evtchn_close(struct domain *d, evtchn_port_t port);

/* A new unbound port of d that remote may bind to (EVTCHNOP_alloc_unbound,
 * also the domain builder's): the port, or -EINVAL (d dying), -ENOMEM,
 * -ENOSPC. */
/*@ requires live: evtchn_live(d);
    assigns d->evtchn, d->nr_evtchn, d->xenmem_bytes, d->xenmem_refused,
            \at(d->evtchn, Post)[1 .. EVTCHN_MAX_PORTS - 1];
    ensures live: evtchn_live(d);
    ensures kept: \old(d->nr_evtchn) != 0 ==>
        d->evtchn == \old(d->evtchn) && d->nr_evtchn == \old(d->nr_evtchn);
    ensures offered: \result >= 0 ==>
        0 < \result < d->nr_evtchn && d->evtchn[\result].state == ECS_UNBOUND &&
        d->evtchn[\result].u.unbound.remote_dom == remote &&
        evtchn_port_inv(d, \result);
    ensures errno: \result < 0 ==>
        \result == -22 || \result == -12 || \result == -28;
*/
int evtchn_alloc_unbound(struct domain *d, domid_t remote);

/*@ requires table: evtchn_table_ok(d);
    requires port_inv: evtchn_port0_ok(d) && evtchn_port_inv(d, port);
    ensures \result == 0 || \result == -22;
    ensures send_ok: \result == 0 <==> \old(evtchn_send_ok(d, port));
*/
int evtchn_send(struct domain *d, evtchn_port_t port);

/* Raise port of v's domain towards v (v == the port's notify vCPU normally).
 * A free or out-of-range port is ignored (hypervisor callers only).
 * Trusted contract (proofs/README.md): besides what assigns names it
 * wakes v in the scheduler (sched_wake) and calls arch_vcpu_kick; it never
 * touches a port table. */
/*@ requires \valid(v) && \valid_read(v->domain);
    assigns *xl_shinfo(v->domain), v->is_blocked,
            v->runstate, v->runstate_entry_ns, v->runstate_time_ns[0 .. 3];
*/
void evtchn_set_pending(struct vcpu *v, evtchn_port_t port);

/* Is port pending / masked in d's shared_info? (false if out of range) */
bool evtchn_is_pending(const struct domain *d, evtchn_port_t port);
bool evtchn_is_masked(const struct domain *d, evtchn_port_t port);

/* Raise a VIRQ: per-vCPU ones on v, global ones on the domain (through the
 * port bound on vCPU 0, delivered to its notify vCPU).  Nothing happens if
 * the guest has not bound it. */
void send_guest_vcpu_virq(struct vcpu *v, uint32_t virq);
void send_guest_global_virq(struct domain *d, uint32_t virq);

/* The vcpu_info slot of v inside its domain's shared_info. */
struct vcpu_info *vcpu_info_of(const struct vcpu *v);

/*
 * ---- arch hook ----
 *
 * arch_vcpu_kick(v): v's evtchn_upcall_pending was just set (and, if v was
 * blocked, the core has already made it runnable: v->is_blocked is false).
 * Before v next executes guest code the arch must look at v's vcpu_info:
 * if evtchn_upcall_pending && !evtchn_upcall_mask, bounce to the guest's
 * event callback (PV: build the exception-style frame, set the mask, as
 * Xen does).  If v is current, doing it on the way out of this hypercall or
 * interrupt is enough; if v runs on another physical CPU (SMP, later),
 * send it an IPI.  Must not call back into event code.
 */
void arch_vcpu_kick(struct vcpu *v);

#endif /* XL_EVENT_H */
