/*
 * spec/public/console_ring.h - the shared page of a guest's PV console.
 *
 * Where it runs: hypervisor / dom0 console backend, guests, tests.
 *
 * Facts from Xen's xen/include/public/io/console.h, written anew.  The
 * page is found through start_info.console.domU (PV) or
 * HVM_PARAM_CONSOLE_PFN/EVTCHN (HVM/PVH).  Two single-producer rings:
 * "out" carries guest output, "in" carries input to the guest.  Indices
 * are free-running 32-bit counters; the slot is index & (ring size - 1).
 * The producer writes data, issues a write barrier, then bumps *_prod and
 * notifies the event channel; the consumer reads *_prod, a read barrier,
 * the data, then bumps *_cons.
 */
#ifndef XENOLITH_PUBLIC_CONSOLE_RING_H
#define XENOLITH_PUBLIC_CONSOLE_RING_H

#include <stdint.h>

typedef uint32_t XENCONS_RING_IDX;

#define XENCONS_IN_SIZE   1024
#define XENCONS_OUT_SIZE  2048
#define MASK_XENCONS_IDX(idx, ring) ((idx) & (sizeof(ring) - 1))

struct xencons_interface {
    char in[XENCONS_IN_SIZE];     /* backend produces, guest consumes */
    char out[XENCONS_OUT_SIZE];   /* guest produces, backend consumes */
    XENCONS_RING_IDX in_cons, in_prod;
    XENCONS_RING_IDX out_cons, out_prod;
};

_Static_assert(sizeof(struct xencons_interface) == 3088, "xencons size");
_Static_assert(__builtin_offsetof(struct xencons_interface, out) == 1024,
               "xencons.out");
_Static_assert(__builtin_offsetof(struct xencons_interface, in_cons) == 3072,
               "xencons.in_cons");
_Static_assert(__builtin_offsetof(struct xencons_interface, out_cons) == 3080,
               "xencons.out_cons");
_Static_assert(__builtin_offsetof(struct xencons_interface, out_prod) == 3084,
               "xencons.out_prod");

#endif /* XENOLITH_PUBLIC_CONSOLE_RING_H */
