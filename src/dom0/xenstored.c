/*
 * dom0/xenstored.c - dom0's xenstore daemon: each domU's store ring
 * (granted to dom0 as XL_GREF_XENSTORE) mapped with gntmap, its port bound
 * interdomain, and the store (xs_core.c) polled on every wakeup; plus the
 * shell's `xs` command.
 *
 * Where it runs: guest only (dom0, PV64 on libguest).
 *
 * The store lives in a static arena (XS_ARENA_SIZE): dom0 has no heap.
 * Each domU's quotas (xs_core.h) bound what it can take of it; when the
 * arena is full, requests that need memory get ENOMEM and nothing else
 * breaks.  A domU that breaks the protocol stops being served until it
 * asks to reconnect; the others are not affected.
 */
#include "guest.h"
#include "traps.h"
#include "backend.h"
#include "gntmap.h"
#include "xl.h"
#include "xs_core.h"
#include "xenstored.h"

#define XS_ARENA_SIZE (4UL << 20)

static uint8_t arena[XS_ARENA_SIZE] __aligned(64);
static struct xs_store store;
static struct xs_conn *shell_conn;      /* dom0's own, ring-less */
static int store_state;                 /* 0 not yet, 1 up, -1 failed */

struct xsd_dom {
    int used;
    uint32_t port;                      /* dom0's end */
    struct gntmap map;
    struct xs_conn *conn;
};
static struct xsd_dom doms[XL_MAX_DOMAINS];

static int
store_up(void)
{
    if (store_state == 0) {
        store_state = -1;
        if (xs_init(&store, arena, sizeof(arena)) == 0 &&
            (shell_conn = xs_conn_add(&store, 0, NULL, NULL)) != NULL)
            store_state = 1;
        else
            printk("xenstored: cannot set up the store\n");
    }
    return store_state > 0;
}

int
xenstored_add(const struct domu_rings *r)
{
    evtchn_bind_interdomain_t b = { .remote_dom = r->domid,
                                    .remote_port = r->store_port };
    struct xs_domain_info info = {
        .domid = r->domid, .name = r->name,
        .console_gfn = r->console_gfn, .store_gfn = r->store_gfn,
        .console_port = r->console_port, .store_port = r->store_port,
    };
    struct xsd_dom *d;
    void *ring;
    long rc;

    if (r->domid == 0 || r->domid >= XL_MAX_DOMAINS || doms[r->domid].used)
        return -XEN_EINVAL;
    if (!store_up())
        return -XEN_ENOMEM;
    d = &doms[r->domid];
    memset(d, 0, sizeof(*d));
    rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &b);
    if (rc)
        return (int)rc;
    ring = gntmap_map(&d->map, r->domid, XL_GREF_XENSTORE, 0);
    if (ring == NULL) {
        evtchn_close_port(b.local_port);
        return d->map.rc < 0 ? d->map.rc : -XEN_EINVAL;
    }
    d->conn = xs_conn_add(&store, r->domid, ring, d);
    if (d->conn == NULL || xs_introduce(&store, &info) != 0) {
        if (d->conn)
            xs_conn_remove(&store, d->conn);
        (void)gntmap_unmap(&d->map);
        evtchn_close_port(b.local_port);
        return -XEN_ENOMEM;
    }
    d->port = b.local_port;
    d->used = 1;
    evtchn_notify(d->port);
    return 0;
}

void
xenstored_remove(domid_t domid)
{
    struct xsd_dom *d;

    if (domid == 0 || domid >= XL_MAX_DOMAINS || !doms[domid].used)
        return;
    d = &doms[domid];
    xs_conn_remove(&store, d->conn);
    (void)gntmap_unmap(&d->map);
    evtchn_close_port(d->port);
    d->used = 0;
}

static void
notify(void *ctx, struct xs_conn *c)
{
    (void)ctx;
    evtchn_notify(((struct xsd_dom *)c->priv)->port);
}

void
xenstored_poll(void)
{
    int rounds;

    if (store_state <= 0)
        return;
    /* Clear our ports first: an event after this wakes the next block. */
    for (unsigned int k = 1; k < XL_MAX_DOMAINS; k++)
        if (doms[k].used)
            evtchn_clear(doms[k].port);
    for (rounds = 0; rounds < 8 && xs_poll(&store, notify, NULL); rounds++)
        ;
}

/* ---- the shell's `xs` ---- */

const char *const xenstored_help[] = {
    "  xs ls [path]               xenstore: a node's children and their values (default /)",
    "  xs read <path>             xenstore: a node's value",
    "  xs write <path> <value>    xenstore: set a node (made with its parents if missing)",
    "  xs rm <path>               xenstore: remove a node and everything below it",
    NULL,
};

/* The request as dom0; the reply in store.rbody (NUL-terminated here). */
static uint32_t
ask(uint32_t type, const char *buf, uint32_t len)
{
    uint32_t t = xs_request(&store, shell_conn, type, buf, len);

    store.rbody[store.rlen < XENSTORE_PAYLOAD_MAX ? store.rlen : XENSTORE_PAYLOAD_MAX - 1] = '\0';
    return t;
}

static void
print_value(const char *v, uint32_t len)
{
    for (uint32_t i = 0; i < len; i++) {
        char ch = v[i];

        if (ch >= 0x20 && ch < 0x7f)
            console_write(&ch, 1);
        else
            printk("\\x%02x", (unsigned char)ch);
    }
}

static void
xs_ls(const char *path)
{
    static char names[XENSTORE_PAYLOAD_MAX + 1];
    static char child[XENSTORE_ABS_PATH_MAX + 2];
    size_t pl = strlen(path);
    uint32_t len, off;

    if (ask(XS_DIRECTORY, path, (uint32_t)pl + 1) == XS_ERROR) {
        printk("xs ls %s: %s\n", path, store.rbody);
        return;
    }
    len = store.rlen;
    memcpy(names, store.rbody, len);
    for (off = 0; off < len; off += (uint32_t)strlen(names + off) + 1) {
        size_t nl = strlen(names + off);
        size_t base = (pl == 1 && path[0] == '/') ? 0 : pl;

        if (base + 1 + nl >= sizeof(child))
            continue;
        memcpy(child, path, base);
        child[base] = '/';
        memcpy(child + base + 1, names + off, nl + 1);
        printk("%s = \"", names + off);
        if (ask(XS_READ, child, (uint32_t)(base + nl + 2)) == XS_READ)
            print_value(store.rbody, store.rlen);
        printk("\"\n");
    }
    if (len == 0)
        printk("(no children)\n");
}

void
xenstored_cmd(unsigned int n, char *const w[])
{
    static char buf[XENSTORE_PAYLOAD_MAX];
    const char *sub = n > 1 ? w[1] : "";
    size_t pl, off;

    if (!store_up()) {
        printk("xs: the store is not running\n");
        return;
    }
    if (!strcmp(sub, "ls") && n <= 3) {
        xs_ls(n == 3 ? w[2] : "/");
    } else if (!strcmp(sub, "read") && n == 3) {
        if (ask(XS_READ, w[2], (uint32_t)strlen(w[2]) + 1) == XS_ERROR) {
            printk("xs read %s: %s\n", w[2], store.rbody);
        } else {
            print_value(store.rbody, store.rlen);
            printk("\n");
        }
    } else if (!strcmp(sub, "write") && n >= 4) {
        /* The value is the rest of the line, words joined by one blank. */
        pl = strlen(w[2]);
        if (pl + 1 > sizeof(buf)) {
            printk("xs write: path too long\n");
            return;
        }
        memcpy(buf, w[2], pl + 1);
        off = pl + 1;
        for (unsigned int k = 3; k < n; k++) {
            size_t l = strlen(w[k]);

            if (off + l + 1 > sizeof(buf))
                break;
            if (k > 3)
                buf[off++] = ' ';
            memcpy(buf + off, w[k], l);
            off += l;
        }
        if (ask(XS_WRITE, buf, (uint32_t)off) == XS_ERROR)
            printk("xs write %s: %s\n", w[2], store.rbody);
    } else if (!strcmp(sub, "rm") && n == 3) {
        if (ask(XS_RM, w[2], (uint32_t)strlen(w[2]) + 1) == XS_ERROR)
            printk("xs rm %s: %s\n", w[2], store.rbody);
    } else {
        printk("usage: xs ls [path] | xs read <path> | xs write <path> <value> | xs rm <path>\n");
        return;
    }
    xenstored_poll();                   /* watchers hear of it now */
}
