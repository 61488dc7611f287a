/*
 * libguest/console.c - where a guest's console output goes: the PV
 * console ring of a domU, or the hypervisor's console (console_io).
 *
 * Where it runs: guest only (PV64).
 *
 * A domU that the toolstack built has a console page (start_info
 * console.domU.mfn, an event channel in console.domU.evtchn): struct
 * xencons_interface, served by dom0.  console_write() puts bytes in its
 * "out" ring; console_read() takes bytes from its "in" ring.  dom0 (and
 * any domain without a ring) writes through console_io, which the
 * hypervisor prints as "(dN) ..." on its serial line.
 *
 * The ring itself is xencons.h; each change is followed by an
 * EVTCHNOP_send on the ring's port.  A full out ring is waited on by yielding for at most
 * CONSOLE_WAIT_NS; after that the bytes are dropped, and further writes
 * drop at once until the consumer moves again, so a guest whose backend
 * is gone never hangs and never slows down much.
 */
#include "guest.h"
#include "xencons.h"

#define CONSOLE_WAIT_NS 50000000ULL     /* 50 ms for a stalled backend */

static volatile struct xencons_interface *ring;  /* NULL: console_io only */
static uint32_t ring_port;
static int backend_seen;                /* the port was pending at boot */
static int stalled;                     /* gave up waiting at stalled_cons */
static XENCONS_RING_IDX stalled_cons;

static void
notify(void)
{
    evtchn_send_t s = { .port = ring_port };

    (void)HYPERVISOR_event_channel_op(EVTCHNOP_send, &s);
}

void
console_ring_init(void)
{
    uint64_t mfn = start_info->console.domU.mfn, pfn;

    if ((start_info->flags & SIF_INITDOMAIN) || mfn == 0)
        return;
    pfn = guest_mfn_to_pfn(mfn);
    if (pfn >= start_info->nr_pages || p2m[pfn] != mfn)
        return;                         /* not a frame of ours: ignore */
    ring = guest_pfn_to_va(pfn);
    ring_port = start_info->console.domU.evtchn;
    /* dom0's backend notifies the port once it is connected, before the
     * domain first runs (dom0/console.c); nothing has cleared it yet. */
    backend_seen = ring_port < 64 * 64 &&
        ((shared_info->evtchn_pending[ring_port / 64] >> (ring_port % 64)) & 1);
}

int
console_backend_connected(void)
{
    return backend_seen;
}

int
console_has_ring(void)
{
    return ring != NULL;
}

uint32_t
console_port(void)
{
    return ring ? ring_port : 0;
}

void
console_io_write(const char *s, size_t len)
{
    HYPERVISOR_console_io(CONSOLEIO_write, (unsigned int)len, s);
}

/* Is there room in the out ring?  Waits (yielding) while it is full, up
 * to CONSOLE_WAIT_NS; then, and until the consumer moves, no. */
static int
out_ready(void)
{
    uint64_t until = 0;
    XENCONS_RING_IDX cons;

    for (;;) {
        uint32_t room = xencons_room(xencons_out(ring), &cons);

        if (stalled && cons == stalled_cons)
            return 0;
        stalled = 0;
        if (room)
            return 1;
        notify();
        if (!until)
            until = guest_system_time() + CONSOLE_WAIT_NS;
        if (guest_system_time() >= until) {
            stalled = 1;
            stalled_cons = cons;
            return 0;
        }
        (void)HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
}

void
console_write(const char *s, size_t len)
{
    if (!ring) {
        console_io_write(s, len);
        return;
    }
    while (len && out_ready()) {
        size_t n = xencons_put(xencons_out(ring), s, len);

        s += n;
        len -= n;
    }
    notify();
}

size_t
console_read(char *buf, size_t len)
{
    size_t n = ring ? xencons_get(xencons_in(ring), buf, len) : 0;

    if (n)
        notify();
    return n;
}
