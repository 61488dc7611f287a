/*
 * hypercall.h - the hypercall dispatcher, multicall, xen_version, and the
 * arch hooks the dispatcher falls back on.
 *
 * Environment: hosted and hypervisor (portable core).
 *
 * The arch entry code (syscall from a PV guest, vmcall/vmmcall from HVM
 * later) saves the guest registers, sets `current`, and calls
 *
 *     rax = hypercall_dispatch(current, rax, (uint64_t[6]){ rdi, rsi, rdx,
 *                                                         r10, r8, r9 });
 *
 * The dispatcher bounds-checks the guest-chosen number (and clamps it with
 * array_index_nospec before the table read), counts the call, and runs the
 * core handler do_<name> for that number.  A number with no core handler
 * goes to arch_hypercall(); if the arch does not handle it either, the
 * result is -ENOSYS.  Each core handler takes Xen's argument types: an
 * argument Xen declares as `unsigned int` or `int` is truncated to 32 bits
 * exactly as a Xen guest expects (the upper half of the register is
 * ignored).
 *
 * Results: >= 0 on success (most calls return 0), a negated Xen errno
 * (xl_errno.h) on failure.  No call here is preemptible yet: there are no
 * hypercall continuations, so every call runs to completion (bounded work:
 * see console_io and multicall for the limits that implies).
 */
#ifndef XL_HYPERCALL_H
#define XL_HYPERCALL_H

#include <stdbool.h>
#include <stdint.h>
#include <domain.h>
#include <xl_errno.h>

struct vcpu;

/* Numbers below this have a table slot and their own counter; every other
 * number is counted in one "out of range" bucket and refused with -ENOSYS
 * unless the arch takes it. */
#define NR_HYPERCALLS 64

/*
 * Mask that is all ones when idx < size and zero otherwise, computed without
 * a branch so a mispredicted bounds check cannot steer a speculative load
 * (the idea behind Xen's and Linux's array_index_nospec).  size must be
 * non-zero and below 2^63.
 */
/*@ // Trusted primitive (proofs/README.md): checked by hand above and by
    // the unit tests; WP has no theory of the sign-extending shift.
    requires 0 < size < 0x8000000000000000;
    assigns \nothing;
    ensures in_range: idx < size ==> \result == 0xffffffffffffffff;
    ensures out_of_range: idx >= size ==> \result == 0;
*/
static inline uint64_t
array_index_mask_nospec(uint64_t idx, uint64_t size)
{
    return (uint64_t)((int64_t)~(idx | (size - 1 - idx)) >> 63);
}

/* idx clamped to [0, size): idx itself when in range, 0 otherwise.  Use it
 * after the architectural bounds check, on the value that indexes. */
#define array_index_nospec(idx, size) \
    ((idx) & array_index_mask_nospec((idx), (size)))

/* The contract goes on at the definition (hypercall.c): it also requires
 * and keeps hypercall_world (hypercall_world.h), every handler's world,
 * which the caller (the arch entry) is trusted to provide. */
/*@ requires \valid(v) && v == current;
    requires \valid_read(args + (0 .. 5));
*/
long hypercall_dispatch(struct vcpu *v, uint64_t nr, const uint64_t args[6]);

/* Calls seen for number nr since boot (or the last reset); any nr >=
 * NR_HYPERCALLS reads the out-of-range bucket.  For a debug key and the
 * toolstack. */
uint64_t hypercall_count(uint64_t nr);
void hypercall_counts_reset(void);

/* Core handlers (Xen's names and argument types). */
long do_multicall(uint64_t call_list, unsigned int nr_calls);
long do_xen_version(int cmd, uint64_t arg);

/* vm_assist: cmd 0 (enable) or 1 (disable) one of the assists a 64-bit PV
 * guest may use (Xen's VMASST_TYPE_* 0..5 and 32).  Proved: the guest's
 * type is bounded (< 64) before it is used as a shift count, an unknown cmd
 * is -ENOSYS, a refused call changes nothing.  Which exact types pass is a
 * bit-mask fact the SMT provers here do not settle; the unit tests pin it. */
/*@ requires \valid(current) && \valid(current->domain);
    assigns current->domain->vm_assist;
    ensures \result == 0 || \result == -ENOSYS || \result == -EINVAL;
    ensures \result == -ENOSYS <==> cmd != 0 && cmd != 1;
    ensures \result == 0 ==> type < 64;
    ensures \result != 0 ==>
        current->domain->vm_assist == \old(current->domain->vm_assist);
*/
long do_vm_assist(unsigned int cmd, unsigned int type);

/* The boot command line XENVER_commandline reports (dom0 only); the boot
 * code records it once.  Truncated to 1023 bytes. */
void xen_version_set_cmdline(const char *s);

/* True while do_multicall runs its sub-calls (one physical CPU, and a
 * multicall is never preempted, so this is global state). */
bool in_multicall(void);

/*
 * ---- arch hooks ----
 *
 * arch_hypercall: run hypercall nr for v (== current) if the arch
 * implements it (set_trap_table, iret, set_segment_base, callbacks, GDT,
 * memory_op, physdev_op, ...).  Set *handled = true and return the result,
 * or leave *handled false (return value ignored) for "not mine".  Called
 * for every number whose core slot is empty, including nr >=
 * NR_HYPERCALLS.  Also called for sub-calls of a multicall: there, an iret
 * sub-call ends the multicall (see multicall.c), so arch_hypercall must not
 * assume it is the outermost call.
 */
long arch_hypercall(struct vcpu *v, uint64_t nr, const uint64_t args[6],
                    bool *handled);

/*
 * arch_hypercall_permitted: may v's kind of guest make hypercall nr at
 * all?  (An HVM guest may not use the PV-only calls such as mmu_update or
 * iret.)  false makes the call -ENOSYS before any handler runs, for
 * multicall sub-calls too.
 */
bool arch_hypercall_permitted(const struct vcpu *v, uint64_t nr);

/* arch_domain_features: XENFEAT_* bits (submap 0) that depend on the kind
 * of guest, e.g. hvm_callback_vector for HVM/PVH guests.  Trusted contract
 * (proofs/README.md): a read of d's kind. */
/*@ requires \valid_read(d);
    assigns \nothing;
*/
uint32_t arch_domain_features(const struct domain *d);

#endif /* XL_HYPERCALL_H */
