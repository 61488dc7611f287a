/*
 * guest_access.h - reading and writing the current guest's memory.
 *
 * Environment: hosted and hypervisor (portable core; the copies are arch
 * hooks).
 *
 * Every hypercall argument that is a guest address goes through these
 * calls: copy in once, validate the local copy, act, copy out.  A bad
 * guest address never faults the hypervisor: the copy stops and the call
 * returns -EFAULT to the guest.  Addresses inside the hypervisor's reserved
 * range [HYPERVISOR_VIRT_START, HYPERVISOR_VIRT_END) are refused before any
 * access, as are ranges that wrap.
 *
 * The bare-metal arch copies through the guest's own page tables (the
 * current vCPU's address space is loaded while it makes a hypercall) with
 * an exception fixup; sim copies from a per-domain arena of simulated guest
 * memory.
 */
#ifndef XL_GUEST_ACCESS_H
#define XL_GUEST_ACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Bytes NOT copied: 0 on success. */
size_t arch_copy_from_guest(void *dst, uint64_t guest_va, size_t len);
size_t arch_copy_to_guest(uint64_t guest_va, const void *src, size_t len);

#define XL_HV_START 0xffff800000000000ULL   /* HYPERVISOR_VIRT_START */
#define XL_HV_END   0xffff880000000000ULL   /* HYPERVISOR_VIRT_END */

/* May a guest name [va, va + len)?  Not wrapping, not touching the
 * hypervisor's range.  len == 0 is always fine. */
/*@ // A guest-named range [va, va + len) that does not wrap the 64-bit
    // address space and does not touch the hypervisor's range.
    predicate guest_range_valid(integer va, integer len) =
        len == 0 ||
        (va + len - 1 <= 0xffffffffffffffff &&
         (va + len - 1 < XL_HV_START || va >= XL_HV_END));
*/

/*@ assigns \nothing;
    ensures \result <==> guest_range_valid(va, len);
*/
static inline bool
guest_range_ok(uint64_t va, size_t len)
{
    if (len == 0)
        return true;
    if (va + (len - 1) < va)
        return false;
    return va + (len - 1) < XL_HV_START || va >= XL_HV_END;
}

/* 0 or -EFAULT (14). */
static inline int
copy_from_guest(void *dst, uint64_t guest_va, size_t len)
{
    if (!guest_range_ok(guest_va, len))
        return -14;
    return arch_copy_from_guest(dst, guest_va, len) ? -14 : 0;
}

/* Trusted contract (proofs/README.md): only guest memory is written. */
/*@ assigns \nothing;
    ensures \result == 0 || \result == -14;
*/
static inline int
copy_to_guest(uint64_t guest_va, const void *src, size_t len)
{
    if (!guest_range_ok(guest_va, len))
        return -14;
    return arch_copy_to_guest(guest_va, src, len) ? -14 : 0;
}

#endif /* XL_GUEST_ACCESS_H */
