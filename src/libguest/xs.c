/*
 * libguest/xs.c - a domU's xenstore client (interface: xs.h).
 *
 * Where it runs: guest only: PV64 domU (libguest), and PVH/HVM domU
 * (libhvm builds this file through hvm/xs.c, which includes hvm.h first:
 * the few platform pieces below differ).
 *
 * The ring rules (Xen's xs_wire.h): indices run freely and are masked;
 * the guest produces req and consumes rsp, the daemon the reverse; read
 * the producer index before the bytes, publish the bytes before the
 * producer index; notify the port after moving either.
 */
#include "xs.h"

#ifdef LIBGUEST_HVM_H
/* libhvm: the errnos it does not name, and what libguest has that it lacks. */
#define XEN_EIO      5
#define XEN_E2BIG    7
#define XEN_EAGAIN  11
#define XEN_ENOMEM  12
#define XEN_EACCES  13
#define XEN_EBUSY   16
#define XEN_EEXIST  17
#define XEN_ENODEV  19
#define XEN_ENOSPC  28
#define XEN_ETIME   62
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
static uint64_t yield_clock;            /* "ns": XENBUS_NS_PER_YIELD a yield */

static uint64_t
now_ns(void)
{
    return yield_clock;
}

static void
evtchn_notify(uint32_t p)
{
    evtchn_send_t s = { .port = p };

    (void)HYPERVISOR_event_channel_op(EVTCHNOP_send, &s);
}

/* The ring from the HVM params; the page is identity-mapped. */
static volatile struct xenstore_domain_interface *
find_ring(uint32_t *p)
{
    uint64_t pfn, evtchn;

    if (!hypercall_page_ready || hvm_param_get(HVM_PARAM_STORE_PFN, &pfn) ||
        pfn == 0 || pfn >= (1ULL << 20) || hvm_param_get(HVM_PARAM_STORE_EVTCHN, &evtchn))
        return NULL;
    *p = (uint32_t)evtchn;
    return (volatile struct xenstore_domain_interface *)(uintptr_t)(pfn * HVM_PAGE_SIZE);
}
#else
#include "traps.h"

static uint64_t
now_ns(void)
{
    return guest_system_time();
}

/* start_info's frame, if it is one of ours (dom0 has none). */
static volatile struct xenstore_domain_interface *
find_ring(uint32_t *p)
{
    uint64_t mfn = start_info->store_mfn, pfn;

    if ((start_info->flags & SIF_INITDOMAIN) || mfn == 0)
        return NULL;
    pfn = guest_mfn_to_pfn(mfn);
    if (pfn >= start_info->nr_pages || p2m[pfn] != mfn)
        return NULL;
    *p = start_info->store_evtchn;
    return guest_pfn_to_va(pfn);
}
#endif

static int
streq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static volatile struct xenstore_domain_interface *ring;
static uint32_t port;
static uint32_t next_id = 1;

/* One message being read from rsp: header then payload. */
static uint8_t rx[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX + 1];
static uint32_t rx_len;

/* Watch events that came while a reply was awaited. */
static struct { char data[512]; uint32_t len; } events[XENBUS_EVENTS];
static unsigned int nevents;
unsigned int xenbus_dropped_events;

#define barrier() __atomic_thread_fence(__ATOMIC_SEQ_CST)

int
xenbus_init(void)
{
    ring = find_ring(&port);
    return ring ? 0 : -XEN_ENODEV;
}

volatile struct xenstore_domain_interface *
xenbus_ring(void)
{
    return ring;
}

uint32_t
xenbus_port(void)
{
    return port;
}

static void
kick(void)
{
    evtchn_notify(port);
}

static int
timed_out(uint64_t deadline)
{
    if (now_ns() >= deadline)
        return 1;
    (void)HYPERVISOR_sched_op(SCHEDOP_yield, 0);
#ifdef LIBGUEST_HVM_H
    yield_clock += XENBUS_NS_PER_YIELD;
#endif
    return 0;
}

int
xenbus_send_raw(const void *bytes, uint32_t len)
{
    const char *p = bytes;
    uint64_t deadline = now_ns() + XENBUS_TIMEOUT_NS;

    if (!ring)
        return -XEN_ENODEV;
    while (len > 0) {
        XENSTORE_RING_IDX cons = ring->req_cons, prod = ring->req_prod;
        uint32_t room, n;

        barrier();
        room = XENSTORE_RING_SIZE - (prod - cons);
        if (room == 0 || room > XENSTORE_RING_SIZE) {
            if (timed_out(deadline))
                return -XEN_ETIME;
            continue;
        }
        n = len < room ? len : room;
        for (uint32_t i = 0; i < n; i++)
            ring->req[MASK_XENSTORE_IDX(prod + i)] = p[i];
        barrier();
        ring->req_prod = prod + n;
        kick();
        p += n;
        len -= n;
    }
    return 0;
}

/* Takes bytes of the next message from rsp; 1 when one is complete in rx. */
static int
receive(void)
{
    const uint32_t hl = sizeof(struct xsd_sockmsg);
    XENSTORE_RING_IDX cons = ring->rsp_cons, prod = ring->rsp_prod;
    int moved = 0;

    barrier();
    if (prod - cons > XENSTORE_RING_SIZE)
        return 0;                       /* nonsense from the daemon: wait */
    for (;;) {
        uint32_t want = rx_len < hl ? hl - rx_len : 0;

        if (rx_len >= hl) {
            const struct xsd_sockmsg *h = (const void *)rx;

            if (h->len > XENSTORE_PAYLOAD_MAX) {
                rx_len = 0;             /* cannot be: resynchronise */
                return 0;
            }
            want = hl + h->len - rx_len;
            if (want == 0)
                break;
        }
        if (cons == prod)
            break;
        rx[rx_len++] = (uint8_t)ring->rsp[MASK_XENSTORE_IDX(cons)];
        cons++;
        moved = 1;
    }
    if (moved) {
        barrier();
        ring->rsp_cons = cons;
        kick();
    }
    return rx_len >= hl && rx_len == hl + ((const struct xsd_sockmsg *)rx)->len;
}

static void
keep_event(void)
{
    uint32_t len = ((const struct xsd_sockmsg *)rx)->len;

    if (nevents == XENBUS_EVENTS || len >= sizeof(events[0].data)) {
        xenbus_dropped_events++;
        return;
    }
    memcpy(events[nevents].data, rx + sizeof(struct xsd_sockmsg), len);
    events[nevents].data[len] = '\0';
    events[nevents].len = len;
    nevents++;
}

long
xenbus_rpc(uint32_t type, const void *payload, uint32_t len,
           uint32_t *rtype, char *rsp, uint32_t rsp_max)
{
    struct xsd_sockmsg h = { .type = type, .req_id = next_id++, .len = len };
    uint64_t deadline = now_ns() + XENBUS_TIMEOUT_NS;
    int rc;

    if (!ring)
        return -XEN_ENODEV;
    if ((rc = xenbus_send_raw(&h, sizeof(h))) || (rc = xenbus_send_raw(payload, len)))
        return rc;
    for (;;) {
        const struct xsd_sockmsg *r = (const void *)rx;

        if (!receive()) {
            if (timed_out(deadline))
                return -XEN_ETIME;
            continue;
        }
        rx_len = 0;
        if (r->type == XS_WATCH_EVENT) {
            keep_event();
            continue;
        }
        if (r->req_id != h.req_id)
            continue;                   /* a reply to an abandoned request */
        *rtype = r->type;
        memcpy(rsp, rx + sizeof(*r), r->len < rsp_max ? r->len : rsp_max);
        return r->len;
    }
}

int
xenbus_errno(const char *name)
{
    static const struct { const char *name; int err; } names[] = {
        { "EINVAL", XEN_EINVAL }, { "EACCES", XEN_EACCES }, { "EEXIST", XEN_EEXIST },
        { "ENOENT", XEN_ENOENT }, { "ENOMEM", XEN_ENOMEM }, { "ENOSPC", XEN_ENOSPC },
        { "ENOSYS", XEN_ENOSYS }, { "E2BIG", XEN_E2BIG },   { "EPERM", XEN_EPERM },
        { "EAGAIN", XEN_EAGAIN }, { "EBUSY", XEN_EBUSY },   { "EQUOTA", XENBUS_EQUOTA },
    };

    for (unsigned int i = 0; i < ARRAY_SIZE(names); i++)
        if (streq(name, names[i].name))
            return names[i].err;
    return 0;
}

/* A request whose arguments are strings joined with NULs (the last one
 * with or without its NUL: with_nul); the reply in buf, or -errno. */
static long
call(uint32_t type, const char *a, const char *b, int with_nul, char *buf, size_t size)
{
    static char req[XENSTORE_PAYLOAD_MAX];
    static char rsp[XENSTORE_PAYLOAD_MAX + 1];
    size_t al = strlen(a) + 1, bl = b ? strlen(b) + (with_nul ? 1 : 0) : 0;
    uint32_t rtype;
    long n;

    if (al + bl > sizeof(req))
        return -XEN_E2BIG;
    memcpy(req, a, al);
    if (b)
        memcpy(req + al, b, bl);
    if (!b && !with_nul)
        al--;
    n = xenbus_rpc(type, req, (uint32_t)(al + bl), &rtype, rsp, XENSTORE_PAYLOAD_MAX);
    if (n < 0)
        return n;
    rsp[n < XENSTORE_PAYLOAD_MAX ? n : XENSTORE_PAYLOAD_MAX] = '\0';
    if (rtype == XS_ERROR) {
        int e = xenbus_errno(rsp);

        return e ? -e : -XEN_EIO;
    }
    if (rtype != type)
        return -XEN_EIO;
    if (buf && size) {
        size_t k = (size_t)n < size - 1 ? (size_t)n : size - 1;

        memcpy(buf, rsp, k);
        buf[k] = '\0';
    }
    return n;
}

/* 0 or the negative errno of a call whose reply is just "OK". */
static int
status(long n)
{
    return n < 0 ? (int)n : 0;
}

long
xenbus_read(const char *path, char *buf, size_t size)
{
    return call(XS_READ, path, NULL, 1, buf, size);
}

int
xenbus_write(const char *path, const char *value)
{
    return status(call(XS_WRITE, path, value, 0, NULL, 0));
}

int
xenbus_mkdir(const char *path)
{
    return status(call(XS_MKDIR, path, NULL, 1, NULL, 0));
}

int
xenbus_rm(const char *path)
{
    return status(call(XS_RM, path, NULL, 1, NULL, 0));
}

long
xenbus_directory(const char *path, char *buf, size_t size)
{
    return call(XS_DIRECTORY, path, NULL, 1, buf, size);
}

int
xenbus_watch(const char *path, const char *token)
{
    return status(call(XS_WATCH, path, token, 1, NULL, 0));
}

int
xenbus_unwatch(const char *path, const char *token)
{
    return status(call(XS_UNWATCH, path, token, 1, NULL, 0));
}

static void
copy_str(char *dst, size_t size, const char *src)
{
    size_t n = strnlen(src, size - 1);

    memcpy(dst, src, n);
    dst[n] = '\0';
}

int
xenbus_wait_event(char *path, size_t psize, char *token, size_t tsize,
                  uint64_t timeout_ns)
{
    uint64_t deadline = now_ns() + timeout_ns;

    if (!ring)
        return -XEN_ENODEV;
    while (nevents == 0) {
        if (receive()) {
            rx_len = 0;
            if (((const struct xsd_sockmsg *)rx)->type == XS_WATCH_EVENT)
                keep_event();
            continue;
        }
        if (timed_out(deadline))
            return -XEN_ETIME;
    }
    copy_str(path, psize, events[0].data);
    copy_str(token, tsize, events[0].data + strnlen(events[0].data, events[0].len) + 1);
    nevents--;
    for (unsigned int i = 0; i < nevents; i++)
        events[i] = events[i + 1];
    return 0;
}

int
xenbus_reconnect(void)
{
    uint64_t deadline = now_ns() + XENBUS_TIMEOUT_NS;

    if (!ring)
        return -XEN_ENODEV;
    rx_len = 0;
    nevents = 0;
    ring->connection = XENSTORE_RECONNECT;
    barrier();
    kick();
    while (ring->connection != XENSTORE_CONNECTED)
        if (timed_out(deadline))
            return -XEN_ETIME;
    return 0;
}
