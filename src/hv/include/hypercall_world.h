/*
 * hypercall_world.h - what every core hypercall handler assumes of the
 * machine when it is entered: one ACSL predicate, hypercall_world.
 *
 * Environment: hosted and hypervisor (portable core); ACSL only.
 *
 * The handlers' contracts each require a world predicate of their own
 * (the PV MMU's pv_mmu_ok, the scheduler's sched_caller_ok and
 * domains_writable, the event channels' evtchn_world and
 * evtchn_world_peers, domctl's
 * domids_unique/domains_ok/domctl_world, the grant table's gnt_hc_world,
 * a readable `current` for
 * xen_version, console_io and vm_assist).  hypercall_world is their
 * conjunction: the dispatcher (hypercall.c) requires it, and its hc_*
 * adapters are proved to establish each handler's precondition from it.
 * Where it comes from: the arch entry code (a syscall/vmcall of the
 * running vCPU, after boot and domain_create built the domains); that is
 * assumed (proofs/README.md, Assumed), as is that a handler keeps it
 * (multicall runs the next sub-call in the world the last one left).
 *
 * Kept out of hypercall.h so that the files which include that header for
 * the dispatcher's prototype (vm_assist.c, version.c, ...) do not parse
 * the PV MMU's, the grant table's and domctl's ACSL.
 */
#ifndef XL_HYPERCALL_WORLD_H
#define XL_HYPERCALL_WORLD_H

#include <domain.h>
#include <domctl.h>
#include <event.h>
#include <grant_table.h>
#include <pv_mm.h>
#include <schedule.h>

/*@ predicate hypercall_world =
        // mmu_update, update_va_mapping, mmuext_op (pv_mm.h); \valid(current)
        pv_mmu_ok &&
        // sched_op, sched_op_compat, set_timer_op, vcpu_op (schedule.h)
        sched_caller_ok && domains_writable &&
        // event_channel_op and its compat form (event.h; evtchn_world_peers
        // for EVTCHNOP_reset's loop of closes)
        evtchn_world && evtchn_world_peers &&
        // domctl, sysctl (domain.h, domctl.h)
        domids_unique && domains_ok && domctl_world &&
        domain_ok(current->domain) &&
        // grant_table_op (grant_table.h): the decoders' and the elements'
        gnt_hc_world;
*/

#endif /* XL_HYPERCALL_WORLD_H */
