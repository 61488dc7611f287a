/*
 * fuzz_xenstore.c - fuzz harness for the xenstore core (src/dom0/xs_core.c):
 * three hostile domUs writing whatever bytes they like into their store
 * rings, reading (or not reading) their response rings, corrupting the
 * indices, asking to reconnect, and coming and going, next to a dom0 that
 * watches everything.
 *
 * Environment: hosted only.
 *
 * One source, three builds (AFL++ persistent, libFuzzer, replay): see
 * fuzz_main.h; fuzz/README.md has the encoding.  Oracles, after every
 * operation: every message the store wrote to a ring is well framed (len
 * <= XENSTORE_PAYLOAD_MAX, a known type; an XS_ERROR carries one of the
 * known error names); a domU never holds more watches than its quota; the
 * nodes only dom0 may change (sentinels, each domU's name and domid) keep
 * their values.  At the end the store is torn down and must have given
 * back every byte.
 */
#include "../src/dom0/xs_core.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(c)                                                              \
    do {                                                                      \
        if (!(c)) {                                                           \
            fprintf(stderr, "fuzz_xenstore: property '%s' violated at %s:%d\n", \
                    #c, __FILE__, __LINE__);                                  \
            abort();                                                          \
        }                                                                     \
    } while (0)

#define NDOM 3                          /* domUs 1..3 */
#define MAX_OPS 512

struct fdom {
    struct xenstore_domain_interface ring;
    struct xs_conn *c;
    uint8_t rx[XS_MSG_MAX];             /* the message being read back */
    uint32_t rx_len;
    int corrupted;                      /* indices scribbled: framing unknown */
};

static struct xs_store st;
static struct fdom dom0, doms[NDOM];

struct input {
    const uint8_t *p;
    size_t n, off;
};

static uint8_t
next(struct input *in)
{
    return in->off < in->n ? in->p[in->off++] : 0;
}

static const char *const known_errors[] = {
    "EINVAL", "EACCES", "EEXIST", "ENOENT", "ENOMEM", "ENOSPC", "ENOSYS",
    "E2BIG", "EPERM", "EQUOTA", "EAGAIN", "EBUSY",
};

static void
check_message(const uint8_t *m, uint32_t len)
{
    struct xsd_sockmsg h;
    size_t i;

    memcpy(&h, m, sizeof(h));
    CHECK(h.len == len - sizeof(h));
    CHECK(h.type <= XS_DIRECTORY_PART && h.type != 20);
    if (h.type == XS_ERROR) {
        for (i = 0; i < sizeof(known_errors) / sizeof(known_errors[0]); i++)
            if (h.len == strlen(known_errors[i]) + 1 &&
                memcmp(m + sizeof(h), known_errors[i], h.len) == 0)
                break;
        CHECK(i < sizeof(known_errors) / sizeof(known_errors[0]));
    }
    if (h.type == XS_WATCH_EVENT) {
        CHECK(h.req_id == 0 && h.len >= 3 && m[sizeof(h) + h.len - 1] == '\0');
    }
}

/* The guest reads up to max bytes of its response ring, checking framing. */
static void
drain(struct fdom *d, uint32_t max)
{
    const uint32_t hl = sizeof(struct xsd_sockmsg);
    volatile struct xenstore_domain_interface *r = &d->ring;

    while (max-- > 0 && r->rsp_prod != r->rsp_cons) {
        /* A guest that asked to reconnect waits for CONNECTED. */
        if (d->corrupted || r->connection != XENSTORE_CONNECTED ||
            r->rsp_prod - r->rsp_cons > XENSTORE_RING_SIZE)
            return;
        d->rx[d->rx_len++] = (uint8_t)r->rsp[MASK_XENSTORE_IDX(r->rsp_cons)];
        r->rsp_cons++;
        if (d->rx_len >= hl) {
            uint32_t len;

            memcpy(&len, d->rx + 12, 4);
            CHECK(len <= XENSTORE_PAYLOAD_MAX);
            if (d->rx_len == hl + len) {
                check_message(d->rx, d->rx_len);
                d->rx_len = 0;
            }
        }
    }
}

static void
notify(void *ctx, struct xs_conn *c)
{
    (void)ctx;
    (void)c;
}

static void
poll_store(void)
{
    int k;

    for (k = 0; k < 4 && xs_poll(&st, notify, NULL); k++)
        ;
    drain(&dom0, 1u << 20);             /* dom0 always reads */
}

static void
put(struct fdom *d, const void *data, uint32_t len)
{
    const uint8_t *p = data;
    volatile struct xenstore_domain_interface *r = &d->ring;
    uint32_t i;

    for (i = 0; i < len && r->req_prod - r->req_cons < XENSTORE_RING_SIZE; i++) {
        r->req[MASK_XENSTORE_IDX(r->req_prod)] = (char)p[i];
        r->req_prod++;
    }
}

static void
dom_add(int i)
{
    struct fdom *d = &doms[i];
    char name[16];
    struct xs_domain_info info = {
        .domid = (xs_domid_t)(i + 1), .name = name,
        .console_gfn = 100 + i, .store_gfn = 200 + i,
        .console_port = 1, .store_port = 2,
    };

    snprintf(name, sizeof(name), "dom%d", i + 1);
    memset(d, 0, sizeof(*d));
    d->c = xs_conn_add(&st, info.domid, &d->ring, d);
    CHECK(d->c != NULL);
    CHECK(xs_introduce(&st, &info) == 0);
}

/* A string argument from the input: a path-like choice or raw bytes. */
static uint32_t
arg_string(struct input *in, char *out, uint32_t room)
{
    static const char *const paths[] = {
        "data", "data/a", "data/a/b", "/local/domain/1/data", "/local/domain/2",
        "/local/domain/3/data/x", "name", "domid", "/", "/sentinel",
        "/local/domain/0/secret", "console/port", "control/shutdown",
        "@releaseDomain", "@introduceDomain", "data//x", "", "/local/domain",
    };
    uint8_t sel = next(in);
    uint32_t n;

    if (sel < 0xc0) {
        const char *p = paths[sel % (sizeof(paths) / sizeof(paths[0]))];

        n = (uint32_t)strlen(p);
        if (n + 1 > room)
            n = room - 1;
        memcpy(out, p, n);
        out[n] = '\0';
        return n + 1;
    }
    n = next(in) % 64;
    if (n > room)
        n = room;
    for (uint32_t i = 0; i < n; i++)
        out[i] = (char)next(in);
    return n;
}

/* A well-formed request: the header is built here, the payload from
 * string arguments and bytes, so the fuzzer reaches the operations. */
static void
op_request(struct input *in, struct fdom *d)
{
    static uint8_t msg[sizeof(struct xsd_sockmsg) + 1024];
    struct xsd_sockmsg h = { 0 };
    uint8_t flags = next(in);
    uint32_t len = 0, nargs = 1 + (flags & 3), i;
    char *body = (char *)msg + sizeof(h);

    h.type = next(in) % 24;
    h.req_id = next(in);
    h.tx_id = (flags & 0x80) ? next(in) : 0;
    for (i = 0; i < nargs && len < 1000; i++)
        len += arg_string(in, body + len, 1000 - len);
    if (flags & 0x40) {                 /* a long value: many bytes */
        uint32_t extra = (uint32_t)next(in) * 8;

        if (extra > sizeof(msg) - sizeof(h) - len)
            extra = (uint32_t)(sizeof(msg) - sizeof(h) - len);
        memset(body + len, 'v', extra);
        len += extra;
    }
    h.len = len;
    memcpy(msg, &h, sizeof(h));
    put(d, msg, (uint32_t)sizeof(h) + len);
}

static void
op_raw(struct input *in, struct fdom *d)
{
    uint8_t buf[256];
    uint32_t n = next(in), i;

    for (i = 0; i < n; i++)
        buf[i] = next(in);
    put(d, buf, n);
}

static void
op_special(struct input *in, int i)
{
    struct fdom *d = &doms[i];
    uint8_t what = next(in) % 6;

    switch (what) {
    case 0:                             /* ask to reconnect */
        d->ring.connection = XENSTORE_RECONNECT;
        d->rx_len = 0;
        d->corrupted = 0;
        break;
    case 1:                             /* scribble on an index */
        (&d->ring.req_cons)[next(in) % 4] += (uint32_t)next(in) << (8 * (next(in) % 4));
        d->corrupted = 1;
        break;
    case 2:                             /* the domain goes away and comes back */
        xs_conn_remove(&st, d->c);
        dom_add(i);
        break;
    case 3:                             /* a huge length: protocol error */
        {
            struct xsd_sockmsg h = { .type = XS_READ, .len = 0x10000u + next(in) };

            put(d, &h, sizeof(h));
        }
        break;
    case 4:                             /* dom0 writes into the domain */
        {
            char req[64];
            int n = snprintf(req, sizeof(req), "/local/domain/%d/data/d0", i + 1);

            memcpy(req + n + 1, "x", 1);
            (void)xs_request(&st, dom0.c, XS_WRITE, req, (uint32_t)n + 2);
        }
        break;
    default:                            /* dom0 grants read of dom i's data to the next */
        {
            char req[64];
            int n = snprintf(req, sizeof(req), "/local/domain/%d/data", i + 1);
            int m = snprintf(req + n + 1, sizeof(req) - (size_t)n - 1, "n%d", i + 1);
            int k = snprintf(req + n + m + 2, sizeof(req) - (size_t)(n + m + 2), "r%d", (i + 1) % NDOM + 1);

            (void)xs_request(&st, dom0.c, XS_SET_PERMS, req, (uint32_t)(n + m + k + 3));
        }
        break;
    }
}

static void
check_value(const char *path, const char *want)
{
    uint32_t t = xs_request(&st, dom0.c, XS_READ, path, (uint32_t)strlen(path) + 1);

    CHECK(t == XS_READ);
    CHECK(st.rlen == strlen(want) && memcmp(st.rbody, want, st.rlen) == 0);
}

/* The quotas after every operation; the values dom0 alone may change
 * every 32 operations and at the end (a change cannot be undone by whom
 * may not make it). */
static void
check_invariants(int ops)
{
    char path[64], want[16];
    int i;

    for (i = 0; i < NDOM; i++) {
        CHECK(doms[i].c->nwatches <= XS_QUOTA_WATCHES);
        CHECK(doms[i].c->out_len <= XS_OUT_SIZE);
    }
    if (ops % 32 != 31)
        return;
    check_value("/sentinel", "dom0 only");
    check_value("/local/domain/0/secret", "s");
    for (i = 0; i < NDOM; i++) {
        snprintf(path, sizeof(path), "/local/domain/%d/name", i + 1);
        snprintf(want, sizeof(want), "dom%d", i + 1);
        check_value(path, want);
        snprintf(path, sizeof(path), "/local/domain/%d/domid", i + 1);
        snprintf(want, sizeof(want), "%d", i + 1);
        check_value(path, want);
    }
}

static void
fuzz_one(const uint8_t *data, size_t size)
{
    struct input in = { data, size, 0 };
    int ops, i;

    CHECK(xs_init(&st, NULL, 0) == 0);
    memset(&dom0, 0, sizeof(dom0));
    dom0.c = xs_conn_add(&st, 0, &dom0.ring, &dom0);
    CHECK(dom0.c != NULL);
    for (i = 0; i < NDOM; i++)
        dom_add(i);
    CHECK(xs_request(&st, dom0.c, XS_WRITE, "/sentinel\0dom0 only", 19) == XS_WRITE);
    CHECK(xs_request(&st, dom0.c, XS_WRITE, "/local/domain/0/secret\0s", 24) == XS_WRITE);
    CHECK(xs_request(&st, dom0.c, XS_SET_PERMS, "/sentinel\0r0", 13) == XS_SET_PERMS);
    put(&dom0, "\x04\0\0\0\0\0\0\0\0\0\0\0\x06\0\0\0/\0all\0", 22);    /* watch "/" */

    for (ops = 0; ops < MAX_OPS && in.off < in.n; ops++) {
        uint8_t op = next(&in);
        int di = (op >> 4) % NDOM;

        switch (op & 0xf) {
        case 0: case 1: case 2: case 3: case 4: case 5:
            op_request(&in, &doms[di]);
            break;
        case 6: case 7:
            op_raw(&in, &doms[di]);
            break;
        case 8: case 9: case 10:
            poll_store();
            break;
        case 11: case 12:
            drain(&doms[di], (uint32_t)next(&in) * 16 + 1);
            break;
        case 13:
            op_special(&in, di);
            break;
        default:
            poll_store();
            drain(&doms[di], 1u << 20);
            break;
        }
        check_invariants(ops);
    }
    for (i = 0; i < 8; i++) {           /* settle: everyone reads */
        poll_store();
        for (int k = 0; k < NDOM; k++)
            drain(&doms[k], 1u << 20);
    }
    check_invariants(31);
    xs_fini(&st);
    CHECK(st.bytes_in_use == 0);
}

#include "fuzz_main.h"
