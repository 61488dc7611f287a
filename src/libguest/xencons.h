/*
 * libguest/xencons.h - a PV console ring (struct xencons_interface,
 * spec/public/console_ring.h), either side: the guest puts into "out" and
 * gets from "in" (xencons_out / xencons_in), the backend the other way
 * round.  Shared by libguest (PV64), libhvm (PVH/HVM, 32- and 64-bit) and
 * dom0's backend, which add the waiting and the notifications.
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

/* One direction of the page: the bytes (size a power of two) and the two
 * indices. */
struct xencons_dir {
    volatile char *buf;
    uint32_t size;
    volatile XENCONS_RING_IDX *cons, *prod;
};

static inline struct xencons_dir
xencons_out(volatile struct xencons_interface *r)
{
    return (struct xencons_dir){ r->out, XENCONS_OUT_SIZE, &r->out_cons, &r->out_prod };
}

static inline struct xencons_dir
xencons_in(volatile struct xencons_interface *r)
{
    return (struct xencons_dir){ r->in, XENCONS_IN_SIZE, &r->in_cons, &r->in_prod };
}

/* Free bytes for the producer (0 when full or the indices make no
 * sense); *cons gets the consumer index it was measured against. */
static inline uint32_t
xencons_room(struct xencons_dir d, XENCONS_RING_IDX *cons)
{
    XENCONS_RING_IDX c = *d.cons, p = *d.prod;
    uint32_t used = p - c;

    xencons_rmb();
    *cons = c;
    return used > d.size ? 0 : d.size - used;
}

/* Produce up to len bytes (as many as fit): the number put. */
static inline size_t
xencons_put(struct xencons_dir d, const char *s, size_t len)
{
    XENCONS_RING_IDX cons, prod = *d.prod;
    size_t n = xencons_room(d, &cons);

    if (n > len)
        n = len;
    for (size_t i = 0; i < n; i++)
        d.buf[(prod + (XENCONS_RING_IDX)i) & (d.size - 1)] = s[i];
    xencons_wmb();
    *d.prod = prod + (XENCONS_RING_IDX)n;
    return n;
}

/* Consume up to len bytes: the number taken.  A producer index more than
 * a ring ahead is nonsense: the last ring's worth is what is read. */
static inline size_t
xencons_get(struct xencons_dir d, char *buf, size_t len)
{
    XENCONS_RING_IDX cons = *d.cons, prod = *d.prod;
    size_t n = 0;

    xencons_rmb();
    if (prod - cons > d.size)
        cons = prod - d.size;
    while (cons != prod && n < len)
        buf[n++] = d.buf[cons++ & (d.size - 1)];
    xencons_mb();
    *d.cons = cons;
    return n;
}

/*
 * The guest's console on a ring: write (waiting for room by yielding, at
 * most XENCONS_WAIT_YIELDS times, then dropping; later writes drop at
 * once until the consumer moves, so a guest whose backend is gone never
 * hangs) and read, each followed by a notification on the ring's port.
 * The including library provides HYPERVISOR_event_channel_op and
 * HYPERVISOR_sched_op.
 */
#define XENCONS_WAIT_YIELDS 2000

struct xencons_guest {
    volatile struct xencons_interface *ring;    /* NULL: no ring */
    uint32_t port;
    int stalled;                    /* gave up waiting at stalled_at */
    XENCONS_RING_IDX stalled_at;
};

static inline void
xencons_notify(const struct xencons_guest *g)
{
    struct evtchn_send snd = { .port = g->port };

    (void)HYPERVISOR_event_channel_op(EVTCHNOP_send, &snd);
}

/* Room in the out ring now, or after waiting; 0: give up. */
static inline int
xencons_out_ready(struct xencons_guest *g)
{
    XENCONS_RING_IDX at;

    for (unsigned int n = 0;; n++) {
        uint32_t room = xencons_room(xencons_out(g->ring), &at);

        if (g->stalled && at == g->stalled_at)
            return 0;
        g->stalled = 0;
        if (room)
            return 1;
        xencons_notify(g);
        if (n >= XENCONS_WAIT_YIELDS) {
            g->stalled = 1;
            g->stalled_at = at;
            return 0;
        }
        (void)HYPERVISOR_sched_op(SCHEDOP_yield, 0);
    }
}

static inline void
xencons_write(struct xencons_guest *g, const char *s, size_t len)
{
    while (len && xencons_out_ready(g)) {
        size_t n = xencons_put(xencons_out(g->ring), s, len);

        s += n;
        len -= n;
    }
    xencons_notify(g);
}

static inline size_t
xencons_read(struct xencons_guest *g, char *buf, size_t len)
{
    size_t n = xencons_get(xencons_in(g->ring), buf, len);

    if (n)
        xencons_notify(g);
    return n;
}

#endif /* LIBGUEST_XENCONS_H */
