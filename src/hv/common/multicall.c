/*
 * multicall.c - HYPERVISOR_multicall: a batch of hypercalls in one entry.
 *
 * Environment: hosted and hypervisor (portable core).
 *
 * What Xen does (xen/common/multicall.c, xen/arch/x86/pv/hypercall.c, Xen
 * 4.11 and later), and so what we do:
 *   - a multicall inside a multicall is refused with -EINVAL (that becomes
 *     the inner entry's result; the outer multicall goes on);
 *   - only the start of the list is checked before anything runs
 *     (-EFAULT); each entry is read when its turn comes, so one that
 *     cannot be read, or whose result cannot be written, stops the batch
 *     with -EFAULT after the entries before it have run and have their
 *     results (a count of 0xffffffff runs up to the first unreadable
 *     entry, as on Xen 4.17: tests/guests/pv_adv.c);
 *   - each entry runs through the normal dispatcher, so an unknown number
 *     gets -ENOSYS in its result and the batch goes on;
 *   - no hypercall is refused for being mode-switching: __HYPERVISOR_iret
 *     runs, and then ends the batch at once; its result is written back
 *     (best effort) and becomes the multicall's return value (for iret:
 *     the guest's restored %rax, so the return path leaves it intact);
 *     stack_switch and the rest are ordinary sub-calls.  (Xen also stops a
 *     batch whose sub-call left the guest in user mode and restarts the
 *     rest later; only iret can do that here, so it is covered.)
 * No continuations yet: a batch runs to its end in one go.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <domain.h>
#include <guest_access.h>
#include <hypercall.h>
#include <hypercall_world.h>
#include <lib.h>
#include <xl_errno.h>
#include "public/xen.h"

static bool multicall_running;

/*@ assigns \nothing;
    ensures \result == multicall_running;
*/
bool
in_multicall(void)
{
    return multicall_running;
}

/* Decode: the list starts in guest space (Xen checks no more; the
 * entries are copied one by one). */
/*@ assigns \nothing;
    ensures \result == 0 || \result == -EFAULT;
    ensures \result == 0 <==> nr_calls == 0 ||
        guest_range_valid(call_list, sizeof(struct multicall_entry));
*/
static int
multicall_list_ok(uint64_t call_list, unsigned int nr_calls)
{
    if (nr_calls != 0 && !guest_range_ok(call_list, sizeof(struct multicall_entry)))
        return -EFAULT;
    return 0;
}

/* Entry va of the list into *e: 0 or -EFAULT.  Trusted contract
 * (proofs/README.md): a guest copy writes exactly the bytes of *e. */
/*@ requires \valid(e);
    assigns *e;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
read_entry(struct multicall_entry *e, uint64_t va)
{
    return copy_from_guest(e, va, sizeof(*e));
}

/* An entry's result back to the guest: 0 or -EFAULT.  Trusted contract
 * (README): writes guest memory only, nothing of the hypervisor's. */
/*@ assigns \nothing;
    ensures \result == 0 || \result == -EFAULT;
*/
static int
write_result(uint64_t va, uint64_t result)
{
    return copy_to_guest(va + offsetof(struct multicall_entry, result),
                         &result, sizeof(result));
}

/* The vCPU making the hypercall.  Trusted contract (README): the arch
 * entry code sets `current` to a valid vCPU before any hypercall runs and
 * nothing a sub-call does replaces it while the batch runs (a yield
 * switches vCPUs on the way out of the hypercall, not inside it). */
/*@ assigns \nothing;
    ensures \valid(\result) && \result == current;
*/
static struct vcpu *
caller(void)
{
    return current;
}

/* Each entry runs through the dispatcher, which requires hypercall_world
 * and leaves it (its trusted call_slot: every handler keeps it). */
/*@ requires world: hypercall_world;
    ensures world: hypercall_world;
*/
static long
multicall_run(uint64_t call_list, unsigned int nr_calls)
{
    const uint64_t esz = sizeof(struct multicall_entry);

    /*@ loop invariant bound: 0 <= i <= nr_calls;
        loop invariant world: hypercall_world; */
    for (unsigned int i = 0; i < nr_calls; i++) {
        uint64_t va = call_list + i * esz;
        struct multicall_entry e;
        long rc;

        if (read_entry(&e, va))
            return -EFAULT;
        rc = hypercall_dispatch(caller(), e.op, e.args);
        e.result = (uint64_t)rc;
        if (e.op == __HYPERVISOR_iret) {
            (void)write_result(va, e.result);
            return rc;
        }
        if (write_result(va, e.result))
            return -EFAULT;
    }
    return 0;
}

/*@ requires world: hypercall_world;
    ensures world: hypercall_world;
    ensures nested: \old(multicall_running) ==>
        \result == -EINVAL && multicall_running;
    ensures cleared: !\old(multicall_running) ==> !multicall_running;
    ensures list_checked: !\old(multicall_running) && nr_calls != 0 &&
        !guest_range_valid(call_list, sizeof(struct multicall_entry)) ==>
        \result == -EFAULT;
*/
long
do_multicall(uint64_t call_list, unsigned int nr_calls)
{
    long rc;

    if (multicall_running)
        return -EINVAL;
    rc = multicall_list_ok(call_list, nr_calls);
    if (rc)
        return rc;
    multicall_running = true;
    rc = multicall_run(call_list, nr_calls);
    multicall_running = false;
    return rc;
}
