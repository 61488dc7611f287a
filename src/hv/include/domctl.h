/*
 * domctl.h - domctl and sysctl: how dom0's toolstack creates, builds,
 * inspects, pauses and destroys domains, and reads hypervisor state.
 *
 * Environment: hosted and hypervisor (portable core; the arch hooks below
 * are implemented by src/hv/arch/x86 and by sim/).
 *
 * The interface (ops, arguments, errors, who may call) is specified in
 * spec/domctl.md; the binary layout is spec/public/xl_domctl.h.  In short:
 *   - only a privileged domain (dom0) may call either hypercall; anyone else
 *     gets -EPERM before the hypervisor reads the argument;
 *   - the argument is copied in once, its interface_version must match
 *     (-EACCES), every field is checked (decode) before anything changes
 *     (invoke), and the whole struct is copied back on success;
 *   - domain ids are unique: slot i of domain_table holds domain i or
 *     nothing (predicate domids_unique); createdomain keeps that true.
 *
 * No locks: one physical CPU runs the hypervisor and a hypercall runs to
 * completion.
 */
#ifndef XL_DOMCTL_H
#define XL_DOMCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <domain.h>
#include <event.h>
#include <grant_table.h>
#include <mm.h>
#include <xl_errno.h>
#include "public/xl_domctl.h"

/*@ // Who may use domctl and sysctl: a privileged domain.
    predicate domctl_allowed(struct domain *caller) =
        caller != \null && \valid_read(caller) && caller->is_privileged;

    // domids_unique: domain.h.

    // What the build op needs of a domain (domctl_build): its event
    // channels live with a port table (evtchn_domain_init, at
    // createdomain), and its grant table none yet or one that
    // grant_table_reserved_entry takes, apart from what the build writes
    // first (d, its port table, its vCPUs, the frame table).
    predicate domctl_gt_ok(struct domain *d) =
        d->grant_table == \null ||
        (\valid(d->grant_table) &&
         d->grant_table->max_frames <= GNTTAB_MAX_FRAMES &&
         \separated(d->grant_table, d, d->evtchn + (0 .. EVTCHN_MAX_PORTS - 1),
                    frame_table + (0 .. frame_table_nr - 1)) &&
         \forall integer i; 0 <= i < MAX_VIRT_CPUS ==>
             \separated(d->grant_table, d->vcpu[i]));
    predicate domctl_domain_world(struct domain *d) =
        domain_ok(d) && evtchn_live(d) && d->nr_evtchn == EVTCHN_MAX_PORTS &&
        \separated(d, frame_table + (0 .. frame_table_nr - 1)) &&
        domctl_gt_ok(d);

    // Every domain of the table is one (assumed at do_domctl, with
    // domains_ok: see proofs/README.md, Assumed).
    // Each domain's port table is apart from every domain of the table
    // (so a build keeps the ids: domids_unique).
    predicate domctl_world =
        \forall integer i; 0 <= i < MAX_DOMAINS && domain_table[i] != \null ==>
            domctl_domain_world(domain_table[i]) &&
            \forall integer j; 0 <= j < MAX_DOMAINS && domain_table[j] != \null ==>
                \separated(domain_table[j],
                           domain_table[i]->evtchn + (0 .. EVTCHN_MAX_PORTS - 1));
*/

/* Hypercalls 36 and 35.  arg: guest address of struct xl_domctl /
 * struct xl_sysctl.  Results: >= 0 on success (createdomain: the new
 * domid), a negated errno otherwise (spec/domctl.md lists which). */
/*@ requires unique: domids_unique;
    requires domains: domains_ok;
    requires world: domctl_world;
    requires current == \null ||
             (\valid(current) && domain_ok(current->domain));
    ensures unique: domids_unique;
    ensures privileged_only:
        \old(current == \null || !domctl_allowed(current->domain)) ==>
        \result == -EPERM;
*/
long do_domctl(uint64_t arg);

/*@ requires unique: domids_unique;
    requires domains: domains_ok;
    requires current == \null ||
             (\valid(current) && domain_ok(current->domain));
    ensures unique: domids_unique;
    ensures privileged_only:
        \old(current == \null || !domctl_allowed(current->domain)) ==>
        \result == -EPERM;
*/
long do_sysctl(uint64_t arg);

/* The id createdomain would pick for a request of `wanted` (0 or
 * DOMID_INVALID: any): a free id in 1 .. MAX_DOMAINS-1, or -EEXIST (wanted
 * is taken), -EINVAL (wanted is not a usable id), -ENOSPC (table full). */
/*@ requires domids_unique;
    assigns \nothing;
    ensures \result >= 0 ==>
        1 <= \result < MAX_DOMAINS && domain_table[\result] == \null;
    ensures \result >= 0 && wanted != 0 && wanted != DOMID_INVALID ==>
        \result == wanted;
    ensures \result < 0 ==>
        \result == -EEXIST || \result == -EINVAL || \result == -ENOSPC;
*/
int domctl_pick_domid(domid_t wanted);

/* Fill *info for d (getdomaininfo and the list): every byte of it, the
 * padding fields too (it goes to the guest whole).  Proved (module
 * domctl_invoke). */
/*@ requires domain_readable((struct domain *)d) && \valid(info);
    assigns *info;
*/
void domctl_domain_info(const struct domain *d, struct xl_domctl_getdomaininfo *info);

/*
 * ---- arch hooks ----
 *
 * arch_domain_create(d, type): d was just made by domain_create (vCPUs and
 * shared_info exist, nothing runs); set up the arch state of a domain of
 * kind type (XL_DOMCTL_TYPE_*, already checked).  0, or a negated errno
 * (-ENOMEM, -EOPNOTSUPP when the machine cannot run that kind).  On failure
 * the caller still calls arch_domain_destroy(d), so partial state is fine.
 *
 * arch_domain_destroy(d): free what arch_domain_create set up.  Called
 * after domain_kill(d) (every guest frame is gone) and before
 * domain_destroy(d); must accept partial or no arch state.
 *
 * arch_domain_type(d): the kind of d, XL_DOMCTL_TYPE_*; for domains built
 * at boot (dom0) too.
 *
 * arch_domain_build(d, type, image, size, rd, rd_size, cmdline): load the
 * kernel image (size bytes, 1 .. XL_DOMCTL_BUILD_IMAGE_MAX), the optional
 * ramdisk (rd NULL iff rd_size 0) and the command line (NUL-terminated,
 * never NULL, maybe "") into d, which is of kind type == arch_domain_type(d)
 * and fresh (no frames, no vCPU up).  All three buffers are hypervisor
 * copies that live only during the call.  Guest memory comes from
 * alloc_domheap_pages(d, ...) within d->max_pages.  On success vCPU 0 is up
 * and ready to run at the image's entry point (the domain stays paused if
 * it is paused).  0, or a negated errno: -ENOEXEC (not a loadable image),
 * -ENOMEM (max_pages or the machine too small), -EINVAL, -ENOSYS.  On
 * failure d may keep frames: the toolstack destroys it.
 * rings: the domU's two shared pages (struct domain_rings below).  The
 * core has already allocated both event channels (rings->*_port, unbound
 * in d, remote end the caller); the hook picks two frames of d's own
 * memory the guest does not otherwise use (zeroed, outside its free
 * memory), fills rings->*_gfn and *_mfn, and tells the guest frames and
 * ports the Xen way (PV: start_info store_mfn/store_evtchn and
 * console.domU; PVH/HVM: HVM_PARAM_STORE_PFN/EVTCHN, CONSOLE_PFN/EVTCHN).
 * The core then grants both frames to the caller.
 *
 * arch_get_vcpu_context(v, c): v's register state in Xen's
 * vcpu_guest_context layout (v is not running).  0 or negated errno.
 * arch_set_vcpu_context(v, c): load it; v is not running (its domain is
 * paused, or v is not up).  c is a hypervisor copy: the hook checks every
 * field a guest could abuse (selectors, page-table base, callbacks) and
 * returns -EINVAL for a bad one, changing nothing.
 *
 * arch_physinfo_caps(): XL_PHYSCAP_* of this machine.
 * arch_nr_cpus(): physical CPUs the hypervisor runs on.
 * (The CPU frequency is arch_tsc_khz() of xtime.h.)
 */
struct vcpu_guest_context;

/* A domU's console and store rings (Xen's special pages).  gfn is the
 * frame number the guest and its grant entries use: the mfn for PV (not
 * translated), the guest-physical frame for PVH/HVM. */
struct domain_rings {
    uint32_t console_port, store_port;      /* in: unbound ports of d    */
    uint64_t console_gfn, store_gfn;        /* out                        */
    mfn_t console_mfn, store_mfn;           /* out                        */
};

int arch_domain_create(struct domain *d, unsigned int type);
/* Trusted contract (proofs/README.md): d->arch and frames of the frame
 * table change; the arch state behind d->arch and the vCPUs' arch
 * pointers (opaque here) and the heap are also written, which no proved
 * caller reads.  The domain table, ids and current stay. */
/*@ requires \valid(d);
    assigns d->arch, frame_table[0 .. frame_table_nr - 1];
*/
void arch_domain_destroy(struct domain *d);
/* Trusted contract (proofs/README.md): a read of d's kind. */
/*@ requires \valid_read(d);
    assigns \nothing;
*/
unsigned int arch_domain_type(const struct domain *d);
/* Trusted contract (proofs/README.md): d's memory (tot_pages, page_list,
 * frames of the frame table), its vCPUs (vCPU 0 comes up) and the rings'
 * out fields; the arch state behind d->arch and the vCPUs' arch pointers,
 * d's guest memory (start_info, shared_info's clock, the ring pages) and
 * the heap are also written, which no proved caller reads.  The domain
 * table, ids, current, d's event channels and grant table stay. */
/*@ requires \valid(d) && \valid(rings);
    assigns d->tot_pages, d->page_list, d->is_paused,
            *d->vcpu[0 .. MAX_VIRT_CPUS - 1],
            frame_table[0 .. frame_table_nr - 1],
            rings->console_gfn, rings->store_gfn,
            rings->console_mfn, rings->store_mfn;
*/
int arch_domain_build(struct domain *d, unsigned int type, const void *image,
                      size_t size, const void *rd, size_t rd_size,
                      const char *cmdline, struct domain_rings *rings);
int arch_get_vcpu_context(struct vcpu *v, struct vcpu_guest_context *c);
int arch_set_vcpu_context(struct vcpu *v, const struct vcpu_guest_context *c);
/* Trusted contracts (proofs/README.md): reads of the machine. */
/*@ assigns \nothing; */
uint32_t arch_physinfo_caps(void);
/*@ assigns \nothing; */
unsigned int arch_nr_cpus(void);

#endif /* XL_DOMCTL_H */
