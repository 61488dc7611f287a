/*
 * hypercall.c - the hypercall table and dispatcher (see hypercall.h).
 *
 * Environment: hosted and hypervisor (portable core).
 *
 * Each slot adapts the six raw argument registers to the handler's Xen
 * prototype (truncating what Xen declares as int / unsigned int); a NULL
 * slot means "ask the arch".
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <console.h>
#include <domain.h>
#include <domctl.h>
#include <event.h>
#include <grant_table.h>
#include <hypercall.h>
#include <hypercall_world.h>
#include <lib.h>
#include <pv_mm.h>
#include <schedule.h>
#include <xl_errno.h>
#include "public/xen.h"

typedef long hypercall_fn_t(const uint64_t a[6]);

/*@ requires args: \valid_read(a + (0 .. 5));
    requires world: hypercall_world;
*/
static long
hc_mmu_update(const uint64_t a[6])
{
    return do_mmu_update(a[0], (unsigned int)a[1], a[2], (unsigned int)a[3]);
}

/*@ requires args: \valid_read(a + (0 .. 5));
    requires world: hypercall_world;
*/
static long
hc_update_va_mapping(const uint64_t a[6])
{
    return do_update_va_mapping(a[0], a[1], a[2]);
}

/*@ requires args: \valid_read(a + (0 .. 5));
    requires world: hypercall_world;
*/
static long
hc_mmuext_op(const uint64_t a[6])
{
    return do_mmuext_op(a[0], (unsigned int)a[1], a[2], (unsigned int)a[3]);
}

/*@ requires args: \valid_read(a + (0 .. 5));
    requires world: hypercall_world;
*/
static long
hc_multicall(const uint64_t a[6])
{
    return do_multicall(a[0], (unsigned int)a[1]);
}

/*@ requires args: \valid_read(a + (0 .. 5));
    requires world: hypercall_world;
*/
static long
hc_set_timer_op(const uint64_t a[6])
{
    return do_set_timer_op(a[0]);
}

/*@ requires args: \valid_read(a + (0 .. 5));
    requires world: hypercall_world;
*/
static long
hc_event_channel_op_compat(const uint64_t a[6])
{
    return do_event_channel_op_compat(a[0]);
}

/*@ requires args: \valid_read(a + (0 .. 5));
    requires world: hypercall_world;
*/
static long
hc_xen_version(const uint64_t a[6])
{
    return do_xen_version((int)a[0], a[1]);
}

/*@ requires args: \valid_read(a + (0 .. 5));
    requires world: hypercall_world;
*/
static long
hc_console_io(const uint64_t a[6])
{
    return do_console_io((int)a[0], (unsigned int)a[1], a[2]);
}

/*@ requires args: \valid_read(a + (0 .. 5));
    requires world: hypercall_world;
*/
static long
hc_vcpu_op(const uint64_t a[6])
{
    return do_vcpu_op((int)a[0], (unsigned int)a[1], a[2]);
}

/*@ requires args: \valid_read(a + (0 .. 5));
    requires world: hypercall_world;
*/
static long
hc_sched_op(const uint64_t a[6])
{
    return do_sched_op((int)a[0], a[1]);
}

/*@ requires args: \valid_read(a + (0 .. 5));
    requires world: hypercall_world;
*/
static long
hc_sched_op_compat(const uint64_t a[6])
{
    return do_sched_op_compat((int)a[0], a[1]);
}

/*@ requires args: \valid_read(a + (0 .. 5));
    requires world: hypercall_world;
*/
static long
hc_event_channel_op(const uint64_t a[6])
{
    return do_event_channel_op((int)a[0], a[1]);
}

/*@ requires args: \valid_read(a + (0 .. 5));
    requires world: hypercall_world;
*/
static long
hc_grant_table_op(const uint64_t a[6])
{
    return do_grant_table_op((unsigned int)a[0], a[1], (unsigned int)a[2]);
}

/*@ requires args: \valid_read(a + (0 .. 5));
    requires world: hypercall_world;
*/
static long
hc_vm_assist(const uint64_t a[6])
{
    return do_vm_assist((unsigned int)a[0], (unsigned int)a[1]);
}

/*@ requires args: \valid_read(a + (0 .. 5));
    requires world: hypercall_world;
*/
static long
hc_domctl(const uint64_t a[6])
{
    return do_domctl(a[0]);
}

/*@ requires args: \valid_read(a + (0 .. 5));
    requires world: hypercall_world;
*/
static long
hc_sysctl(const uint64_t a[6])
{
    return do_sysctl(a[0]);
}

static hypercall_fn_t *const hypercall_table[NR_HYPERCALLS] = {
    [__HYPERVISOR_vm_assist]               = hc_vm_assist,
    [__HYPERVISOR_mmu_update]              = hc_mmu_update,
    [__HYPERVISOR_sched_op_compat]         = hc_sched_op_compat,
    [__HYPERVISOR_multicall]               = hc_multicall,
    [__HYPERVISOR_update_va_mapping]       = hc_update_va_mapping,
    [__HYPERVISOR_set_timer_op]            = hc_set_timer_op,
    [__HYPERVISOR_event_channel_op_compat] = hc_event_channel_op_compat,
    [__HYPERVISOR_xen_version]             = hc_xen_version,
    [__HYPERVISOR_console_io]              = hc_console_io,
    [__HYPERVISOR_vcpu_op]                 = hc_vcpu_op,
    [__HYPERVISOR_mmuext_op]               = hc_mmuext_op,
    [__HYPERVISOR_sched_op]                = hc_sched_op,
    [__HYPERVISOR_event_channel_op]        = hc_event_channel_op,
    [__HYPERVISOR_grant_table_op]          = hc_grant_table_op,
    [__HYPERVISOR_sysctl]                  = hc_sysctl,
    [__HYPERVISOR_domctl]                  = hc_domctl,
};

/* [NR_HYPERCALLS] is the out-of-range bucket. */
static uint64_t hypercall_counts[NR_HYPERCALLS + 1];

/* Run a table slot.  Trusted contract (proofs/README.md): WP (Frama-C 25)
 * does not implement \valid_function, the RTE guard of an indirect call;
 * fn is a non-NULL entry of the const table above, so a function of the
 * hypercall_fn_t type, one of the hc_* adapters, whose contracts require
 * what this one does (args readable, hypercall_world) and are proved
 * (module hc_adapters).  `world` after the call: every handler keeps
 * hypercall_world (assumed: no handler's contract ensures its world). */
/*@ requires \exists integer k; 0 <= k < NR_HYPERCALLS && fn == hypercall_table[k];
    requires fn != \null;
    requires \valid_read(args + (0 .. 5));
    requires world: hypercall_world;
    ensures world: hypercall_world;
*/
static long
call_slot(hypercall_fn_t *fn, const uint64_t args[6])
{
    return fn(args);
}

/* Run arch_hypercall (hypercall.h).  Trusted contract (proofs/README.md,
 * Assumed): the arch's own hypercalls keep hypercall_world, as the core
 * handlers do (call_slot); no assigns clause, so WP takes it as writing
 * anything. */
/*@ requires world: hypercall_world;
    requires \valid(handled);
    ensures world: hypercall_world;
*/
static long
call_arch(struct vcpu *v, uint64_t nr, const uint64_t args[6], bool *handled)
{
    return arch_hypercall(v, nr, args, handled);
}

/* hypercall.h's contract, and the world every handler assumes
 * (hypercall_world.h; kept out of hypercall.h, see there). */
/*@ requires world: hypercall_world;
    ensures world: hypercall_world;
*/
long
hypercall_dispatch(struct vcpu *v, uint64_t nr, const uint64_t args[6])
{
    hypercall_fn_t *fn = NULL;
    bool handled = false;
    long rc;

    ASSERT(v != NULL && v == current);
    if (!arch_hypercall_permitted(v, nr))
        return -ENOSYS;                 /* e.g. PV-only calls from HVM */
    if (nr < NR_HYPERCALLS) {
        uint64_t i = array_index_nospec(nr, NR_HYPERCALLS);

        /*@ assert clamp_is_identity: i == nr && i < NR_HYPERCALLS; */

        hypercall_counts[i]++;
        fn = hypercall_table[i];
    } else {
        hypercall_counts[NR_HYPERCALLS]++;
    }
    if (fn != NULL)
        return call_slot(fn, args);
    rc = call_arch(v, nr, args, &handled);
    return handled ? rc : -ENOSYS;
}

/*@ assigns \nothing;
    ensures nr < NR_HYPERCALLS ==> \result == hypercall_counts[nr];
    ensures nr >= NR_HYPERCALLS ==> \result == hypercall_counts[NR_HYPERCALLS];
*/
uint64_t
hypercall_count(uint64_t nr)
{
    return hypercall_counts[nr < NR_HYPERCALLS ? nr : NR_HYPERCALLS];
}

/*@ assigns hypercall_counts[0 .. NR_HYPERCALLS];
    ensures \forall integer k; 0 <= k <= NR_HYPERCALLS ==> hypercall_counts[k] == 0;
*/
void
hypercall_counts_reset(void)
{
    /*@ loop invariant 0 <= i <= NR_HYPERCALLS + 1;
        loop invariant \forall integer k; 0 <= k < i ==> hypercall_counts[k] == 0;
        loop assigns i, hypercall_counts[0 .. NR_HYPERCALLS];
        loop variant NR_HYPERCALLS + 1 - i; */
    for (size_t i = 0; i < ARRAY_SIZE(hypercall_counts); i++)
        hypercall_counts[i] = 0;
}
