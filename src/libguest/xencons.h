/*
 * libguest/xencons.h - the guest's side of a PV console ring (struct
 * xencons_interface, spec/public/console_ring.h): put bytes in "out",
 * take bytes from "in".  Shared by libguest (PV64) and libhvm (PVH/HVM,
 * 32- and 64-bit), which add the waiting and the notifications.
 *
 * Where it runs: guest only.
 *
 * Xen's rules: the producer writes the bytes, a write barrier, then moves
 * *_prod; the consumer reads *_prod, a read barrier, the bytes, a full
 * barrier, then moves *_cons.  The indices are free-running; the other
 * side may write nonsense into them, so every distance is clamped.
 */
#ifndef LIBGUEST_XENCONS_H
#define LIBGUEST_XENCONS_H

#include <stddef.h>
#include <stdint.h>
#include "public/console_ring.h"

#define xencons_wmb() __asm__ volatile ("sfence" ::: "memory")
#define xencons_rmb() __asm__ volatile ("lfence" ::: "memory")
#define xencons_mb()  __asm__ volatile ("mfence" ::: "memory")

/* Free bytes in the out ring (0 when full or the indices make no sense);
 * *cons gets the consumer index it was measured against. */
static inline uint32_t
xencons_out_room(volatile struct xencons_interface *r, XENCONS_RING_IDX *cons)
{
    XENCONS_RING_IDX c = r->out_cons, p = r->out_prod;
    uint32_t used = p - c;

    xencons_rmb();
    *cons = c;
    return used > XENCONS_OUT_SIZE ? 0 : XENCONS_OUT_SIZE - used;
}

/* Put up to len bytes (as many as fit): the number put. */
static inline size_t
xencons_put(volatile struct xencons_interface *r, const char *s, size_t len)
{
    XENCONS_RING_IDX cons, prod = r->out_prod;
    size_t n = xencons_out_room(r, &cons);

    if (n > len)
        n = len;
    for (size_t i = 0; i < n; i++)
        r->out[MASK_XENCONS_IDX(prod + (XENCONS_RING_IDX)i, r->out)] = s[i];
    xencons_wmb();
    r->out_prod = prod + (XENCONS_RING_IDX)n;
    return n;
}

/* Take up to len bytes from the in ring: the number taken. */
static inline size_t
xencons_get(volatile struct xencons_interface *r, char *buf, size_t len)
{
    XENCONS_RING_IDX cons = r->in_cons, prod = r->in_prod;
    size_t n = 0;

    xencons_rmb();
    if (prod - cons > XENCONS_IN_SIZE)
        cons = prod - XENCONS_IN_SIZE;  /* a confused backend: resync */
    while (cons != prod && n < len)
        buf[n++] = r->in[MASK_XENCONS_IDX(cons++, r->in)];
    xencons_mb();
    r->in_cons = cons;
    return n;
}

#endif /* LIBGUEST_XENCONS_H */
