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
 * The ring, the notifications and the waiting for room (a guest whose
 * backend is gone never hangs) are xencons.h's.
 */
#include "guest.h"
#include "xencons.h"

static struct xencons_guest cons;       /* cons.ring NULL: console_io only */
static int backend_seen;                /* the port was pending at boot */

void
console_ring_init(void)
{
    uint64_t mfn = start_info->console.domU.mfn, pfn;
    uint32_t port = start_info->console.domU.evtchn;

    if ((start_info->flags & SIF_INITDOMAIN) || mfn == 0)
        return;
    pfn = guest_mfn_to_pfn(mfn);
    if (pfn >= start_info->nr_pages || p2m[pfn] != mfn)
        return;                         /* not a frame of ours: ignore */
    cons.ring = guest_pfn_to_va(pfn);
    cons.port = port;
    /* dom0's backend notifies the port once it is connected, before the
     * domain first runs (dom0/console.c); nothing has cleared it yet. */
    backend_seen = port < 64 * 64 &&
        ((shared_info->evtchn_pending[port / 64] >> (port % 64)) & 1);
}

int
console_backend_connected(void)
{
    return backend_seen;
}

int
console_has_ring(void)
{
    return cons.ring != NULL;
}

uint32_t
console_port(void)
{
    return cons.ring ? cons.port : 0;
}

void
console_io_write(const char *s, size_t len)
{
    HYPERVISOR_console_io(CONSOLEIO_write, (unsigned int)len, s);
}

void
console_write(const char *s, size_t len)
{
    if (cons.ring)
        xencons_write(&cons, s, len);
    else
        console_io_write(s, len);
}

size_t
console_read(char *buf, size_t len)
{
    return cons.ring ? xencons_read(&cons, buf, len) : 0;
}
