/*
 * dom0/console.c - the PV console backend: dom0's end of every domU's
 * console ring (backend.h: console_backend_*; console.h: attaching).
 *
 * Where it runs: guest only (dom0).
 *
 * For each domU added: the domU's console port bound to a port of dom0
 * (EVTCHNOP_bind_interdomain), its ring page (grant XL_GREF_CONSOLE)
 * mapped through gntmap.  Every poll empties each "out" ring into that
 * domU's history (and onto dom0's console if attached) and notifies the
 * domU, whose writer may be waiting for room.  The ring rules are
 * xencons.h's (Xen's); the domU may write anything into the page at any
 * time: indices are clamped, never trusted.
 */
#include "guest.h"
#include "backend.h"
#include "console.h"
#include "gntmap.h"
#include "xl.h"
#include "xencons.h"

struct con {
    int used;
    domid_t domid;
    uint32_t port;                      /* dom0's end */
    struct gntmap map;
    volatile struct xencons_interface *ring;    /* map.va */
    uint64_t total;                     /* bytes ever taken from out */
    char hist[CONSOLE_HISTORY];         /* hist[total % size] is next */
};

static struct con cons[XL_MAX_DOMAINS];
static domid_t attached = DOMID_INVALID;

static struct con *
con_of(domid_t domid)
{
    if (domid >= XL_MAX_DOMAINS || !cons[domid].used)
        return NULL;
    return &cons[domid];
}

static void
notify(const struct con *c)
{
    evtchn_send_t s = { .port = c->port };

    (void)HYPERVISOR_event_channel_op(EVTCHNOP_send, &s);
}

static void
close_port(uint32_t port)
{
    evtchn_close_t cl = { .port = port };

    (void)HYPERVISOR_event_channel_op(EVTCHNOP_close, &cl);
}

int
console_backend_add(const struct domu_rings *r)
{
    evtchn_bind_interdomain_t b = { .remote_dom = r->domid,
                                    .remote_port = r->console_port };
    struct con *c;
    long rc;

    if (r->domid == 0 || r->domid >= XL_MAX_DOMAINS || cons[r->domid].used)
        return -XEN_EINVAL;
    c = &cons[r->domid];
    memset(c, 0, sizeof(*c));
    rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &b);
    if (rc)
        return (int)rc;
    c->ring = gntmap_map(&c->map, r->domid, XL_GREF_CONSOLE, 0);
    if (!c->ring) {
        close_port(b.local_port);
        return c->map.rc < 0 ? c->map.rc : -XEN_EINVAL;
    }
    c->port = b.local_port;
    c->domid = r->domid;
    c->used = 1;
    /* Connected: the domU, not yet run, finds its port pending (libguest's
     * console_backend_connected). */
    notify(c);
    return 0;
}

void
console_backend_remove(domid_t domid)
{
    struct con *c = con_of(domid);

    if (!c)
        return;
    if (attached == domid) {
        attached = DOMID_INVALID;
        printk("\n[console: domain %u is going away; back to the shell]\n", domid);
    }
    (void)gntmap_unmap(&c->map);
    close_port(c->port);
    c->used = 0;
    c->ring = NULL;
}

static void
hist_add(struct con *c, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        c->hist[(c->total + i) % CONSOLE_HISTORY] = s[i];
    c->total += n;
}

/* Everything in c's out ring: into the history (and on screen). */
static void
drain(struct con *c)
{
    char buf[256];
    size_t n;
    int moved = 0;

    while ((n = xencons_get(xencons_out(c->ring), buf, sizeof(buf))) > 0) {
        hist_add(c, buf, n);
        if (attached == c->domid)
            console_write(buf, n);
        moved = 1;
    }
    if (moved)
        notify(c);
}

void
console_backend_poll(void)
{
    for (unsigned int d = 1; d < XL_MAX_DOMAINS; d++)
        if (cons[d].used)
            drain(&cons[d]);
}

int
console_served(domid_t domid)
{
    return con_of(domid) != NULL;
}

int
console_attach(domid_t domid)
{
    struct con *c = con_of(domid);
    uint64_t keep, start;

    if (!c)
        return -1;
    drain(c);                           /* up to now: history */
    keep = c->total < CONSOLE_HISTORY ? c->total : CONSOLE_HISTORY;
    start = c->total - keep;
    for (uint64_t i = 0; i < keep; ) {
        uint64_t at = (start + i) % CONSOLE_HISTORY;
        uint64_t run = CONSOLE_HISTORY - at;

        if (run > keep - i)
            run = keep - i;
        console_write(&c->hist[at], (size_t)run);
        i += run;
    }
    attached = domid;
    return 0;
}

domid_t
console_attached(void)
{
    return attached;
}

int
console_input(const char *buf, size_t len)
{
    struct con *c = con_of(attached);
    size_t i;

    if (!c) {
        attached = DOMID_INVALID;
        return 1;
    }
    for (i = 0; i < len && buf[i] != CONSOLE_ESCAPE; i++)
        ;
    if (i && xencons_put(xencons_in(c->ring), buf, i))
        notify(c);
    if (i < len) {
        attached = DOMID_INVALID;
        return 1;
    }
    return 0;
}

uint64_t
console_bytes_from(domid_t domid)
{
    struct con *c = con_of(domid);

    return c ? c->total : 0;
}
