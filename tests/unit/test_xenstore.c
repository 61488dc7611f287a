/*
 * test_xenstore.c - the xenstore core (src/dom0/xs_core.c): every
 * operation over real rings, permissions, quotas, watches, malformed and
 * hostile input, connections coming and going.
 *
 * Environment: hosted only.
 *
 * Each test domain is a struct xenstore_domain_interface in test memory
 * plus its connection: the test writes requests into req[] as a guest
 * would, runs xs_poll(), and reads replies out of rsp[].
 */
#include "unit.h"
#include "../../src/dom0/xs_core.h"

struct tdom {
    struct xenstore_domain_interface ring;
    struct xs_conn *c;
    unsigned int kicks;
    uint8_t rx[XS_MSG_MAX];             /* a reply being read, rx_len bytes */
    uint32_t rx_len;
    /* Watch events that came before a reply (allowed, as with Xen). */
    char ev[8][256];
    uint32_t ev_len[8];
    int nev;
};

static struct xs_store st;
static struct tdom d0, d1, d2;
static uint32_t next_req = 1;
static struct xsd_sockmsg rh;           /* the last reply read */
static char rb[XENSTORE_PAYLOAD_MAX + 1];

static void
notify(void *ctx, struct xs_conn *c)
{
    ((struct tdom *)c->priv)->kicks++;
}

static void
poll_all(void)
{
    int k;

    for (k = 0; k < 100 && xs_poll(&st, notify, NULL); k++)
        ;
    assert_true(k < 100);
}

static void
add_dom(struct tdom *t, xs_domid_t id, const char *name)
{
    struct xs_domain_info info = {
        .domid = id, .name = name, .console_gfn = 0x1000 + id,
        .store_gfn = 0x2000 + id, .console_port = 1, .store_port = 2,
    };

    memset(t, 0, sizeof(*t));
    t->c = xs_conn_add(&st, id, &t->ring, t);
    assert_non_null(t->c);
    if (id != 0)
        assert_int_equal(xs_introduce(&st, &info), 0);
}

static int
setup(void **state)
{
    assert_int_equal(xs_init(&st, NULL, 0), 0);
    add_dom(&d0, 0, NULL);
    add_dom(&d1, 1, "one");
    add_dom(&d2, 2, "two");
    return 0;
}

static int
teardown(void **state)
{
    xs_fini(&st);
    assert_int_equal(st.bytes_in_use, 0);  /* everything given back */
    return 0;
}

/* Raw bytes into the request ring, as space allows: a full ring is
 * drained by polling the store in between (a message may exceed it). */
static void
put_bytes(struct tdom *t, const void *data, uint32_t len)
{
    const uint8_t *p = data;
    uint32_t i = 0;
    int stuck = 0;

    while (i < len) {
        if (t->ring.req_prod - t->ring.req_cons == XENSTORE_RING_SIZE) {
            poll_all();
            assert_true(++stuck < 100);
            continue;
        }
        t->ring.req[MASK_XENSTORE_IDX(t->ring.req_prod)] = (char)p[i++];
        t->ring.req_prod++;
    }
}

static uint32_t
send_msg(struct tdom *t, uint32_t type, const void *payload, uint32_t len)
{
    struct xsd_sockmsg h = { .type = type, .req_id = next_req++, .len = len };

    put_bytes(t, &h, sizeof(h));
    put_bytes(t, payload, len);
    return h.req_id;
}

static uint32_t
rsp_avail(const struct tdom *t)
{
    return t->ring.rsp_prod - t->ring.rsp_cons;
}

/* One message from the response ring into rh / rb (NUL-terminated),
 * gathered across calls (a message may be longer than the ring); false if
 * it is not complete yet. */
static bool
recv_msg(struct tdom *t)
{
    const uint32_t hl = sizeof(struct xsd_sockmsg);
    struct xsd_sockmsg h;

    for (;;) {
        uint32_t want = t->rx_len < hl ? hl - t->rx_len : 0;

        if (t->rx_len >= hl) {
            memcpy(&h, t->rx, hl);
            assert_true(h.len <= XENSTORE_PAYLOAD_MAX);
            want = hl + h.len - t->rx_len;
            if (want == 0)
                break;
        }
        if (rsp_avail(t) == 0)
            return false;
        t->rx[t->rx_len++] = (uint8_t)t->ring.rsp[MASK_XENSTORE_IDX(t->ring.rsp_cons)];
        t->ring.rsp_cons++;
    }
    rh = h;
    memcpy(rb, t->rx + hl, h.len);
    rb[h.len] = '\0';
    t->rx_len = 0;
    return true;
}

/* Request, poll, the reply (which must echo the request's id). */
static uint32_t
rpc(struct tdom *t, uint32_t type, const void *payload, uint32_t len)
{
    uint32_t id = send_msg(t, type, payload, len);
    int tries = 0;

    for (;;) {
        poll_all();
        assert_true(++tries < 50);
        if (!recv_msg(t))
            continue;
        if (rh.type != XS_WATCH_EVENT)
            break;
        assert_true(t->nev < 8 && rh.len < 256);
        memcpy(t->ev[t->nev], rb, rh.len + 1);
        t->ev_len[t->nev++] = rh.len;
    }
    assert_int_equal(rh.req_id, id);
    return rh.type;
}

static uint32_t
rpc_str(struct tdom *t, uint32_t type, const char *arg)
{
    return rpc(t, type, arg, (uint32_t)strlen(arg) + 1);
}

static uint32_t
do_write(struct tdom *t, const char *path, const char *value)
{
    char buf[XENSTORE_PAYLOAD_MAX];
    size_t pl = strlen(path), vl = strlen(value);

    memcpy(buf, path, pl + 1);
    memcpy(buf + pl + 1, value, vl);
    return rpc(t, XS_WRITE, buf, (uint32_t)(pl + 1 + vl));
}

static uint32_t
do_watch(struct tdom *t, uint32_t type, const char *path, const char *token)
{
    char buf[XENSTORE_PAYLOAD_MAX];
    size_t pl = strlen(path), tl = strlen(token);

    memcpy(buf, path, pl + 1);
    memcpy(buf + pl + 1, token, tl + 1);
    return rpc(t, type, buf, (uint32_t)(pl + tl + 2));
}

#define assert_ok(call) do {                                              \
        if ((call) == XS_ERROR)                                           \
            fail_msg("%s: XS_ERROR %s", #call, rb);                        \
        assert_string_equal(rb, "OK");                                   \
    } while (0)
#define assert_err(call, name) do { assert_int_equal((call), XS_ERROR); assert_string_equal(rb, name); } while (0)

static void
assert_read(struct tdom *t, const char *path, const char *value)
{
    assert_int_equal(rpc_str(t, XS_READ, path), XS_READ);
    assert_int_equal(rh.len, strlen(value));
    assert_string_equal(rb, value);
}

/* The names a DIRECTORY reply listed, joined with ','. */
static const char *
dir_list(struct tdom *t, const char *path)
{
    static char out[XENSTORE_PAYLOAD_MAX];
    uint32_t i;

    assert_int_equal(rpc_str(t, XS_DIRECTORY, path), XS_DIRECTORY);
    for (i = 0; i < rh.len; i++)
        out[i] = rb[i] ? rb[i] : ',';
    out[rh.len ? rh.len - 1 : 0] = '\0';
    return out;
}

/* A watch event must be next on t's ring: path and token. */
static void
assert_event(struct tdom *t, const char *path, const char *token)
{
    if (t->nev > 0) {                   /* one that came before a reply */
        rh.type = XS_WATCH_EVENT;
        rh.len = t->ev_len[0];
        memcpy(rb, t->ev[0], sizeof(t->ev[0]));
        memmove(t->ev[0], t->ev[1], sizeof(t->ev[0]) * 7);
        memmove(t->ev_len, t->ev_len + 1, sizeof(t->ev_len[0]) * 7);
        t->nev--;
    } else {
        poll_all();
        assert_true(recv_msg(t));
    }
    assert_int_equal(rh.type, XS_WATCH_EVENT);
    assert_string_equal(rb, path);
    assert_string_equal(rb + strlen(rb) + 1, token);
    assert_int_equal(rh.len, strlen(path) + strlen(token) + 2);
}

static void
assert_no_msg(struct tdom *t)
{
    poll_all();
    assert_int_equal(t->nev, 0);
    assert_int_equal(rsp_avail(t), 0);
}

/* ------------------------------------------------------------- layout */

static void
test_dom0_nodes(void **state)
{
    assert_read(&d0, "/local/domain/0/name", "Domain-0");
    assert_read(&d0, "/local/domain/0/domid", "0");
    assert_read(&d0, "name", "Domain-0");       /* relative for dom0 too */
}

static void
test_introduce_layout(void **state)
{
    assert_read(&d1, "domid", "1");
    assert_read(&d1, "name", "one");
    assert_read(&d1, "console/port", "1");
    assert_read(&d1, "console/ring-ref", "4097");
    assert_read(&d1, "console/type", "xenconsoled");
    assert_read(&d1, "console/limit", "1048576");
    assert_read(&d1, "store/port", "2");
    assert_read(&d1, "store/ring-ref", "8193");
    assert_read(&d1, "/local/domain/1/name", "one");
    assert_string_equal(dir_list(&d1, "store"), "ring-ref,port");
    assert_int_equal(rpc_str(&d1, XS_GET_PERMS, "/local/domain/1"), XS_GET_PERMS);
    assert_memory_equal(rb, "n0\0r1\0", 6);
    assert_int_equal(rh.len, 6);
    assert_int_equal(rpc_str(&d1, XS_GET_PERMS, "data"), XS_GET_PERMS);
    assert_memory_equal(rb, "n1\0", 3);
    assert_int_equal(rh.len, 3);
    assert_int_equal(d1.ring.server_features,
                     XENSTORE_SERVER_FEATURE_RECONNECTION | XENSTORE_SERVER_FEATURE_ERROR);
}

static void
test_introduce_twice_and_bad_ids(void **state)
{
    struct xs_domain_info info = { .domid = 0, .name = "x" };

    assert_int_equal(xs_introduce(&st, &info), -1);
    info.domid = 0x7ff0;
    assert_int_equal(xs_introduce(&st, &info), -1);
    assert_null(xs_conn_add(&st, 1, NULL, NULL));       /* one per domain */
}

/* ------------------------------------------------------ read / write */

static void
test_write_read_relative_and_absolute(void **state)
{
    assert_ok(do_write(&d1, "data/key", "value"));
    assert_read(&d1, "data/key", "value");
    assert_read(&d1, "/local/domain/1/data/key", "value");
    assert_read(&d0, "/local/domain/1/data/key", "value");
    assert_ok(do_write(&d1, "data/key", ""));           /* empty value */
    assert_read(&d1, "data/key", "");
}

static void
test_write_binary_value(void **state)
{
    static const char req[] = "data/bin\0a\0b";

    assert_int_equal(rpc(&d1, XS_WRITE, req, sizeof(req) - 1), XS_WRITE);
    assert_int_equal(rpc_str(&d1, XS_READ, "data/bin"), XS_READ);
    assert_int_equal(rh.len, 3);
    assert_memory_equal(rb, "a\0b", 3);
}

static void
test_write_creates_parents(void **state)
{
    assert_ok(do_write(&d1, "data/a/b/c", "deep"));
    assert_string_equal(dir_list(&d1, "data/a"), "b");
    assert_read(&d1, "data/a/b", "");
    assert_int_equal(rpc_str(&d1, XS_GET_PERMS, "data/a/b"), XS_GET_PERMS);
    assert_string_equal(rb, "n1");                      /* the creator owns */
}

static void
test_read_missing(void **state)
{
    assert_err(rpc_str(&d1, XS_READ, "data/nothing"), "ENOENT");
    assert_err(rpc_str(&d0, XS_READ, "/no/such/node"), "ENOENT");
}

static void
test_domu_confined(void **state)
{
    assert_err(do_write(&d1, "/local/domain/2/data/x", "v"), "EACCES");
    assert_err(do_write(&d1, "/evil", "v"), "EACCES");
    assert_err(do_write(&d1, "/local/domain/1/evil", "v"), "EACCES"); /* dom0's dir */
    assert_err(do_write(&d1, "name", "renamed"), "EACCES");
    assert_err(do_write(&d1, "console/port", "9"), "EACCES");
    assert_err(rpc_str(&d1, XS_READ, "/local/domain/2/name"), "EACCES");
    assert_err(rpc_str(&d1, XS_READ, "/local/domain/0/name"), "EACCES");
    /* A node that does not exist where it may not look: no existence leak. */
    assert_err(rpc_str(&d1, XS_READ, "/local/domain/2/nothing"), "EACCES");
    assert_err(rpc_str(&d1, XS_DIRECTORY, "/"), "EACCES");
    assert_err(rpc_str(&d1, XS_DIRECTORY, "/local/domain"), "EACCES");
    assert_err(rpc_str(&d1, XS_MKDIR, "/local/domain/2/data/m"), "EACCES");
    assert_err(rpc_str(&d1, XS_RM, "/local/domain/2/data"), "EACCES");
    assert_err(rpc_str(&d1, XS_RM, "/local/domain/1"), "EACCES");
    assert_read(&d2, "name", "two");                    /* untouched */
    assert_ok(do_write(&d0, "/local/domain/2/data/by-dom0", "x"));  /* dom0: all */
    assert_read(&d0, "/local/domain/2/data/by-dom0", "x");
    assert_int_equal(rpc_str(&d0, XS_GET_PERMS, "/local/domain/2/data/by-dom0"), XS_GET_PERMS);
    assert_string_equal(rb, "n2");                      /* inherits: dom2's */
}

static void
test_bad_paths(void **state)
{
    char longp[XENSTORE_ABS_PATH_MAX + 8];

    assert_err(rpc_str(&d1, XS_READ, ""), "EINVAL");
    assert_err(rpc_str(&d1, XS_READ, "data//x"), "EINVAL");
    assert_err(rpc_str(&d1, XS_READ, "data/"), "EINVAL");
    assert_err(rpc_str(&d1, XS_READ, "data/a b"), "EINVAL");
    assert_err(rpc_str(&d1, XS_READ, "data/\xff"), "EINVAL");
    assert_err(rpc_str(&d1, XS_READ, "@releaseDomain"), "EINVAL");
    memset(longp, 'a', sizeof(longp));
    longp[0] = '/';
    longp[XENSTORE_ABS_PATH_MAX + 1] = '\0';
    assert_err(rpc_str(&d0, XS_READ, longp), "EINVAL");
    longp[XENSTORE_ABS_PATH_MAX] = '\0';                /* exactly the limit */
    assert_err(rpc_str(&d0, XS_READ, longp), "ENOENT");
    memset(longp, 'a', XENSTORE_REL_PATH_MAX + 1);
    longp[XENSTORE_REL_PATH_MAX + 1] = '\0';
    assert_err(rpc_str(&d1, XS_READ, longp), "EINVAL");
    /* Payload without its NUL, with two strings, empty. */
    assert_err(rpc(&d1, XS_READ, "data", 4), "EINVAL");
    assert_err(rpc(&d1, XS_READ, "data\0x", 7), "EINVAL");
    assert_err(rpc(&d1, XS_READ, "", 0), "EINVAL");
    assert_err(rpc(&d1, XS_WRITE, "data/nonul", 10), "EINVAL");
    assert_err(rpc(&d1, XS_WRITE, "", 0), "EINVAL");
}

static void
test_unknown_and_reserved_types(void **state)
{
    assert_err(rpc_str(&d1, 20, "x"), "EINVAL");        /* removed XS_RESTRICT */
    assert_err(rpc_str(&d1, 999, "x"), "EINVAL");
    assert_err(rpc_str(&d1, XS_WATCH_EVENT, "x"), "EINVAL");
    assert_err(rpc_str(&d1, XS_ERROR, "x"), "EINVAL");
    assert_err(rpc_str(&d1, XS_DIRECTORY_PART, "data"), "EINVAL");
    assert_err(rpc_str(&d1, XS_INTRODUCE, "5"), "EACCES");
    assert_err(rpc_str(&d1, XS_RELEASE, "2"), "EACCES");
    assert_err(rpc_str(&d1, XS_CONTROL, "log"), "EACCES");
    assert_err(rpc_str(&d1, XS_SET_TARGET, "2"), "EACCES");
    assert_err(rpc_str(&d0, XS_INTRODUCE, "5"), "ENOSYS");
    assert_read(&d1, "name", "one");                    /* still served */
}

static void
test_transactions_refused(void **state)
{
    struct xsd_sockmsg h = { .type = XS_READ, .req_id = 77, .tx_id = 5, .len = 5 };

    assert_err(rpc(&d1, XS_TRANSACTION_START, "", 1), "ENOSYS");
    assert_err(rpc_str(&d1, XS_TRANSACTION_END, "T"), "ENOENT");
    put_bytes(&d1, &h, sizeof(h));
    put_bytes(&d1, "name", 5);
    poll_all();
    assert_true(recv_msg(&d1));
    assert_int_equal(rh.type, XS_ERROR);
    assert_int_equal(rh.req_id, 77);
    assert_int_equal(rh.tx_id, 5);                      /* echoed */
    assert_string_equal(rb, "ENOENT");
}

/* --------------------------------------------------------- mkdir / rm */

static void
test_mkdir(void **state)
{
    assert_ok(rpc_str(&d1, XS_MKDIR, "data/dir/sub"));
    assert_read(&d1, "data/dir/sub", "");
    assert_string_equal(dir_list(&d1, "data/dir/sub"), "");
    assert_ok(do_write(&d1, "data/dir/sub", "v"));
    assert_ok(rpc_str(&d1, XS_MKDIR, "data/dir/sub"));  /* exists: fine */
    assert_read(&d1, "data/dir/sub", "v");              /* ...and unchanged */
    assert_err(rpc_str(&d1, XS_MKDIR, "data/bad/"), "EINVAL");
}

static void
test_rm(void **state)
{
    assert_ok(do_write(&d1, "data/t/a/x", "1"));
    assert_ok(do_write(&d1, "data/t/b", "2"));
    assert_ok(rpc_str(&d1, XS_RM, "data/t/a"));
    assert_err(rpc_str(&d1, XS_READ, "data/t/a/x"), "ENOENT");
    assert_string_equal(dir_list(&d1, "data/t"), "b");
    assert_ok(rpc_str(&d1, XS_RM, "data/t/a"));         /* gone, parent there */
    assert_err(rpc_str(&d1, XS_RM, "data/none/x"), "ENOENT");
    assert_ok(rpc_str(&d1, XS_RM, "data/t"));
    assert_string_equal(dir_list(&d1, "data"), "");
    assert_err(rpc_str(&d0, XS_RM, "/"), "EINVAL");
    assert_ok(do_write(&d0, "/tool/x", "1"));
    assert_ok(rpc_str(&d0, XS_RM, "/tool"));
    assert_err(rpc_str(&d0, XS_READ, "/tool/x"), "ENOENT");
}

static void
test_rm_returns_quota(void **state)
{
    uint32_t nodes = d1.c->nodes, bytes = d1.c->bytes;

    assert_ok(do_write(&d1, "data/q/a/b/c", "some value"));
    assert_true(d1.c->nodes == nodes + 4);
    assert_true(d1.c->bytes > bytes);
    assert_ok(rpc_str(&d1, XS_RM, "data/q"));
    assert_int_equal(d1.c->nodes, nodes);
    assert_int_equal(d1.c->bytes, bytes);
}

/* ---------------------------------------------------------- directory */

static void
test_directory(void **state)
{
    assert_ok(do_write(&d1, "data/z", "1"));
    assert_ok(do_write(&d1, "data/a", "2"));
    assert_ok(do_write(&d1, "data/m/x", "3"));
    assert_string_equal(dir_list(&d1, "data"), "z,a,m");     /* made in order */
    assert_err(rpc_str(&d1, XS_DIRECTORY, "data/none"), "ENOENT");
    assert_string_equal(dir_list(&d0, "/local/domain"), "0,1,2");
}

static void
test_directory_too_big(void **state)
{
    char path[128];
    int i;

    /* 50 children with 100-byte names: more than one payload. */
    for (i = 0; i < 50; i++) {
        snprintf(path, sizeof(path), "/big/%02d%098d", i, 0);
        assert_ok(do_write(&d0, path, "x"));
    }
    assert_err(rpc_str(&d0, XS_DIRECTORY, "/big"), "E2BIG");
    assert_ok(rpc_str(&d0, XS_RM, "/big"));
}

/* -------------------------------------------------------- permissions */

static void
test_set_perms(void **state)
{
    static const char grant[] = "data/shared\0n1\0r2";
    static const char give[] = "data/shared\0n2";
    static const char badp[] = "data/shared\0x1";
    static const char many[] = "data/shared\0n1\0r2\0r3\0r4\0r5\0r6";

    assert_ok(do_write(&d1, "data/shared", "hello"));
    assert_err(rpc_str(&d2, XS_READ, "/local/domain/1/data/shared"), "EACCES");
    assert_int_equal(rpc(&d1, XS_SET_PERMS, grant, sizeof(grant)), XS_SET_PERMS);
    assert_string_equal(rb, "OK");
    assert_int_equal(rpc_str(&d1, XS_GET_PERMS, "data/shared"), XS_GET_PERMS);
    assert_int_equal(rh.len, 6);
    assert_memory_equal(rb, "n1\0r2\0", 6);
    assert_read(&d2, "/local/domain/1/data/shared", "hello");
    assert_err(do_write(&d2, "/local/domain/1/data/shared", "x"), "EACCES");
    assert_err(rpc(&d1, XS_SET_PERMS, give, sizeof(give)), "EPERM");
    assert_err(rpc(&d2, XS_SET_PERMS, "/local/domain/1/data/shared\0n2",
                   sizeof("/local/domain/1/data/shared\0n2")), "EACCES");    /* not owner */
    assert_err(rpc(&d1, XS_SET_PERMS, badp, sizeof(badp)), "EINVAL");
    assert_err(rpc(&d1, XS_SET_PERMS, many, sizeof(many)), "E2BIG");
    assert_err(rpc(&d1, XS_SET_PERMS, "data/shared", 12), "EINVAL");   /* no perms */
    assert_err(rpc(&d1, XS_SET_PERMS, "data/x\0n1", 9), "EINVAL");      /* no NUL */
    assert_err(rpc(&d1, XS_SET_PERMS, "data/none\0n1", 13), "ENOENT");
    /* dom0 may give it away: the quota moves with it. */
    uint32_t n1 = d1.c->nodes, n2 = d2.c->nodes;
    assert_int_equal(rpc(&d0, XS_SET_PERMS, "/local/domain/1/data/shared\0b2",
                         sizeof("/local/domain/1/data/shared\0b2")), XS_SET_PERMS);
    assert_int_equal(d1.c->nodes, n1 - 1);
    assert_int_equal(d2.c->nodes, n2 + 1);
    assert_ok(do_write(&d1, "data/shared", "everyone may"));  /* b = others rw */
}

/* Write access through an ACL entry is not ownership: no SET_PERMS. */
static void
test_set_perms_needs_ownership(void **state)
{
    assert_ok(do_write(&d1, "data/w2", "x"));
    assert_ok(rpc(&d1, XS_SET_PERMS, "data/w2\0n1\0w2", sizeof("data/w2\0n1\0w2")));
    assert_ok(do_write(&d2, "/local/domain/1/data/w2", "written by 2"));
    assert_err(rpc(&d2, XS_SET_PERMS, "/local/domain/1/data/w2\0n1\0b2",
                   sizeof("/local/domain/1/data/w2\0n1\0b2")), "EACCES");
    assert_err(do_watch(&d1, XS_UNWATCH, "data//w2", "t"), "EINVAL");
}

static void
test_get_perms_errors(void **state)
{
    assert_err(rpc_str(&d1, XS_GET_PERMS, "data/none"), "ENOENT");
    assert_err(rpc_str(&d1, XS_GET_PERMS, "/local/domain/2"), "EACCES");
    assert_err(rpc(&d1, XS_GET_PERMS, "data", 4), "EINVAL");
}

/* ------------------------------------------------------------ watches */

static void
test_watch_initial_event_and_fire(void **state)
{
    assert_ok(do_watch(&d1, XS_WATCH, "data", "tok"));
    assert_event(&d1, "data", "tok");                   /* first, as Xen */
    assert_ok(do_write(&d1, "data/x", "1"));
    assert_event(&d1, "data/x", "tok");                 /* relative path */
    assert_no_msg(&d1);
    assert_ok(do_write(&d0, "/local/domain/1/data/y/z", "2"));
    assert_event(&d1, "data/y/z", "tok");
    assert_ok(rpc_str(&d1, XS_MKDIR, "data/dir"));
    assert_event(&d1, "data/dir", "tok");
    assert_ok(do_write(&d1, "control/shutdown", "poweroff"));
    assert_no_msg(&d1);                                 /* not below data */
}

static void
test_watch_absolute_and_dom0(void **state)
{
    assert_ok(do_watch(&d0, XS_WATCH, "/local/domain", "all"));
    assert_event(&d0, "/local/domain", "all");
    assert_ok(do_write(&d2, "data/k", "v"));
    assert_event(&d0, "/local/domain/2/data/k", "all");
    assert_ok(do_watch(&d1, XS_WATCH, "/local/domain/1/data", "abs"));
    assert_event(&d1, "/local/domain/1/data", "abs");
    assert_ok(do_write(&d1, "data/q", "v"));
    assert_event(&d1, "/local/domain/1/data/q", "abs");
    assert_event(&d0, "/local/domain/1/data/q", "all");
}

static void
test_watch_rm_recursive(void **state)
{
    assert_ok(do_write(&d1, "data/a/b/c", "1"));
    assert_ok(do_watch(&d1, XS_WATCH, "data/a/b/c", "below"));
    assert_event(&d1, "data/a/b/c", "below");
    assert_ok(do_watch(&d1, XS_WATCH, "data", "above"));
    assert_event(&d1, "data", "above");
    assert_ok(rpc_str(&d1, XS_RM, "data/a"));
    assert_event(&d1, "data/a/b/c", "below");           /* the watch's own path */
    assert_event(&d1, "data/a", "above");
    assert_no_msg(&d1);
}

static void
test_watch_needs_read_access(void **state)
{
    /* dom2 may watch dom1's data, but hears nothing it may not read. */
    assert_ok(do_watch(&d2, XS_WATCH, "/local/domain/1/data", "spy"));
    assert_event(&d2, "/local/domain/1/data", "spy");
    assert_ok(do_write(&d1, "data/secret", "s"));
    assert_no_msg(&d2);
    assert_int_equal(rpc(&d1, XS_SET_PERMS, "data/secret\0n1\0r2",
                         sizeof("data/secret\0n1\0r2")), XS_SET_PERMS);
    assert_event(&d2, "/local/domain/1/data/secret", "spy");
}

static void
test_unwatch_and_duplicates(void **state)
{
    assert_ok(do_watch(&d1, XS_WATCH, "data", "t"));
    assert_event(&d1, "data", "t");
    assert_err(do_watch(&d1, XS_WATCH, "data", "t"), "EEXIST");
    assert_ok(do_watch(&d1, XS_WATCH, "/local/domain/1/data", "t2"));
    assert_event(&d1, "/local/domain/1/data", "t2");
    assert_ok(do_watch(&d1, XS_UNWATCH, "data", "t"));
    assert_err(do_watch(&d1, XS_UNWATCH, "data", "t"), "ENOENT");
    assert_err(do_watch(&d1, XS_UNWATCH, "data", "other"), "ENOENT");
    assert_ok(do_write(&d1, "data/x", "1"));
    assert_event(&d1, "/local/domain/1/data/x", "t2");
    assert_no_msg(&d1);
    assert_int_equal(d1.c->nwatches, 1);
    assert_ok(rpc(&d1, XS_RESET_WATCHES, "", 0));
    assert_int_equal(d1.c->nwatches, 0);
    assert_ok(do_write(&d1, "data/x", "2"));
    assert_no_msg(&d1);
}

static void
test_watch_bad_args(void **state)
{
    assert_err(rpc(&d1, XS_WATCH, "data\0tok", 8), "EINVAL");       /* no NUL */
    assert_err(rpc(&d1, XS_WATCH, "data", 5), "EINVAL");            /* no token */
    assert_err(rpc(&d1, XS_WATCH, "data\0a\0b\0", 9), "EINVAL");    /* three */
    assert_err(do_watch(&d1, XS_WATCH, "data//x", "t"), "EINVAL");
    assert_err(do_watch(&d1, XS_WATCH, "@releaseDomain", "t"), "EACCES");
    assert_err(do_watch(&d0, XS_WATCH, "@other", "t"), "EINVAL");
    assert_int_equal(d1.c->nwatches, 0);
}

static void
test_special_watches(void **state)
{
    struct tdom d5;

    assert_ok(do_watch(&d0, XS_WATCH, "@introduceDomain", "in"));
    assert_event(&d0, "@introduceDomain", "in");
    assert_ok(do_watch(&d0, XS_WATCH, "@releaseDomain", "out"));
    assert_event(&d0, "@releaseDomain", "out");
    add_dom(&d5, 5, "five");
    assert_event(&d0, "@introduceDomain", "in");
    assert_no_msg(&d0);
    xs_conn_remove(&st, d5.c);
    assert_event(&d0, "@releaseDomain", "out");
    assert_no_msg(&d0);
}

static void
test_watch_quota(void **state)
{
    char tok[16];
    int i;

    for (i = 0; i < XS_QUOTA_WATCHES; i++) {
        snprintf(tok, sizeof(tok), "t%d", i);
        assert_ok(do_watch(&d1, XS_WATCH, "data", tok));
        assert_event(&d1, "data", tok);
    }
    assert_err(do_watch(&d1, XS_WATCH, "data", "one-too-many"), "EQUOTA");
    assert_ok(do_watch(&d0, XS_WATCH, "data", "dom0-has-none"));
}

/* Events for a guest that never reads are dropped, not hoarded. */
static void
test_events_dropped_when_not_read(void **state)
{
    char path[32];
    size_t before;
    int i;

    assert_ok(do_watch(&d2, XS_WATCH, "/local/domain/1/data", "flood"));
    assert_ok(rpc(&d1, XS_SET_PERMS, "data\0n1\0r2", sizeof("data\0n1\0r2")));
    before = st.bytes_in_use;
    for (i = 0; i < 400; i++) {
        snprintf(path, sizeof(path), "data/%d", i % 50);
        assert_ok(do_write(&d1, path, "v"));
    }
    assert_true(d2.c->dropped_events > 0);
    assert_true(d2.c->out_len <= XS_OUT_SIZE);
    assert_int_equal(rsp_avail(&d2), XENSTORE_RING_SIZE);    /* ring full */
    assert_true(st.bytes_in_use < before + 50 * 512);        /* only nodes grew */
    /* dom2 still gets answers once it reads. */
    do {
        while (recv_msg(&d2))
            assert_int_equal(rh.type, XS_WATCH_EVENT);
        poll_all();
    } while (rsp_avail(&d2) != 0);
    assert_read(&d2, "name", "two");
}

/* -------------------------------------------------------------- quotas */

static void
test_value_quota(void **state)
{
    static char big[XENSTORE_PAYLOAD_MAX];

    memset(big, 'v', sizeof(big));
    big[XS_QUOTA_VALUE] = '\0';
    assert_ok(do_write(&d1, "data/v", big));
    big[XS_QUOTA_VALUE] = 'v';
    big[XS_QUOTA_VALUE + 1] = '\0';
    assert_err(do_write(&d1, "data/v", big), "E2BIG");
    big[XENSTORE_PAYLOAD_MAX - 20] = '\0';
    assert_ok(do_write(&d0, "/v", big));                /* dom0: no quota */
}

static void
test_node_quota(void **state)
{
    char path[32];
    int i, ok = 0;

    for (i = 0; i < XS_QUOTA_NODES + 10; i++) {
        snprintf(path, sizeof(path), "data/n%d", i);
        if (do_write(&d1, path, "x") == XS_WRITE)
            ok++;
        else
            break;
    }
    assert_string_equal(rb, "EQUOTA");
    assert_true(ok > XS_QUOTA_NODES - 20);
    assert_true(d1.c->nodes <= XS_QUOTA_NODES);
    assert_err(rpc_str(&d1, XS_MKDIR, "data/more"), "EQUOTA");
    assert_ok(do_write(&d2, "data/other-domain", "fine"));   /* per domain */
    assert_ok(do_write(&d0, "/local/domain/1/data/dom0", "fine"));
    assert_ok(rpc_str(&d1, XS_RM, "data/n0"));
    assert_err(do_write(&d1, "data/again", "x"), "EQUOTA");  /* dom0's node counts */
    assert_ok(rpc_str(&d1, XS_RM, "data/n1"));
    assert_ok(do_write(&d1, "data/again", "x"));
}

static void
test_byte_quota(void **state)
{
    static char val[XS_QUOTA_VALUE + 1];
    char path[32];
    int i;

    memset(val, 'b', XS_QUOTA_VALUE);
    for (i = 0; i < XS_QUOTA_NODES; i++) {
        snprintf(path, sizeof(path), "data/b%d", i);
        if (do_write(&d1, path, val) != XS_WRITE)
            break;
    }
    assert_string_equal(rb, "EQUOTA");
    assert_true(i < XS_QUOTA_NODES / 4);                /* bytes ran out first */
    assert_true(d1.c->bytes <= XS_QUOTA_BYTES);
    /* Replacing a value is charged by the difference only. */
    snprintf(path, sizeof(path), "data/b%d", i - 1);
    assert_ok(do_write(&d1, path, "small"));
}

static void
test_arena_exhaustion(void **state)
{
    static uint8_t arena[96 * 1024];
    struct xs_store s2;
    struct xs_conn *c;
    char path[64];
    int i, nomem = 0;

    assert_int_equal(xs_init(&s2, arena, sizeof(arena)), 0);
    c = xs_conn_add(&s2, 0, NULL, NULL);
    assert_non_null(c);
    for (i = 0; i < 2000 && !nomem; i++) {
        snprintf(path, sizeof(path), "/fill/%d", i);
        if (xs_request(&s2, c, XS_WRITE, path, (uint32_t)strlen(path) + 1) == XS_ERROR) {
            assert_string_equal(s2.rbody, "ENOMEM");
            nomem = 1;
        }
    }
    assert_true(nomem);
    assert_int_equal(xs_request(&s2, c, XS_RM, "/fill", 6), XS_RM);
    assert_int_equal(xs_request(&s2, c, XS_WRITE, "/again\0ok", 9), XS_WRITE);
    assert_int_equal(xs_request(&s2, c, XS_READ, "/again", 7), XS_READ);
    assert_int_equal(s2.rlen, 2);
    assert_memory_equal(s2.rbody, "ok", 2);
    /* Room for one node but not three: the first is taken back. */
    assert_int_equal(xs_request(&s2, c, XS_RM, "/again", 7), XS_RM);
    nomem = 0;
    for (i = 0; i < 4000 && !nomem; i++) {
        snprintf(path, sizeof(path), "/f/%d", i);
        nomem = xs_request(&s2, c, XS_MKDIR, path, (uint32_t)strlen(path) + 1) == XS_ERROR;
    }
    assert_true(nomem);
    snprintf(path, sizeof(path), "/f/%d", i - 2);       /* frees one node's block */
    assert_int_equal(xs_request(&s2, c, XS_RM, path, (uint32_t)strlen(path) + 1), XS_RM);
    {
        size_t before = s2.bytes_in_use;
        uint32_t nodes = xs_node_count(&s2);

        assert_int_equal(xs_request(&s2, c, XS_MKDIR, "/x/y/z", 7), XS_ERROR);
        assert_string_equal(s2.rbody, "ENOMEM");
        assert_int_equal(s2.bytes_in_use, before);
        assert_int_equal(xs_node_count(&s2), nodes);
        assert_int_equal(xs_request(&s2, c, XS_READ, "/x", 3), XS_ERROR);
        assert_string_equal(s2.rbody, "ENOENT");
    }
    xs_fini(&s2);
    assert_int_equal(s2.bytes_in_use, 0);
    assert_int_equal(xs_init(&s2, arena, 100), -1);     /* too small for a root */
}

/* ------------------------------------------------ the ring and framing */

static void
test_partial_messages(void **state)
{
    struct xsd_sockmsg h = { .type = XS_READ, .req_id = 900, .len = 5 };

    put_bytes(&d1, &h, 7);                              /* half a header */
    assert_no_msg(&d1);
    put_bytes(&d1, (char *)&h + 7, sizeof(h) - 7);
    assert_no_msg(&d1);
    put_bytes(&d1, "na", 2);                            /* half a payload */
    assert_no_msg(&d1);
    put_bytes(&d1, "me", 3);
    poll_all();
    assert_true(recv_msg(&d1));
    assert_int_equal(rh.req_id, 900);
    assert_string_equal(rb, "one");
}

static void
test_ring_wraps(void **state)
{
    int i;

    /* Enough traffic to go around both rings several times. */
    for (i = 0; i < 200; i++) {
        char path[32], val[32];

        snprintf(path, sizeof(path), "data/w%d", i % 7);
        snprintf(val, sizeof(val), "value-%d", i);
        assert_ok(do_write(&d1, path, val));
        assert_read(&d1, path, val);
    }
    assert_true(d1.ring.req_prod > 4 * XENSTORE_RING_SIZE);
    assert_true(d1.ring.rsp_prod > 4 * XENSTORE_RING_SIZE);
    assert_true(d1.kicks > 0);
}

static void
test_indices_near_wrap(void **state)
{
    /* Free-running indices close to 2^32 wrap like any others. */
    d1.ring.req_cons = d1.ring.req_prod = 0xfffffff0u;
    d1.ring.rsp_cons = d1.ring.rsp_prod = 0xfffffff8u;
    assert_read(&d1, "name", "one");
    assert_read(&d1, "domid", "1");
    assert_true(d1.ring.rsp_prod < 0x100);
}

/* Replies wait in the FIFO while the response ring is full, in order. */
static void
test_response_ring_full(void **state)
{
    static char big[1500];
    uint32_t ids[8];
    int i;

    memset(big, 'x', sizeof(big) - 1);
    assert_ok(do_write(&d1, "data/big", big));
    for (i = 0; i < 8; i++) {
        ids[i] = send_msg(&d1, XS_READ, "data/big", 9);
        poll_all();
    }
    for (i = 0; i < 8; i++) {
        int tries = 0;

        while (!recv_msg(&d1)) {
            poll_all();
            assert_true(++tries < 10);
        }
        assert_int_equal(rh.type, XS_READ);
        assert_int_equal(rh.req_id, ids[i]);
        assert_int_equal(rh.len, sizeof(big) - 1);
    }
    assert_no_msg(&d1);
}

static void
test_oversized_message_is_protocol_error(void **state)
{
    struct xsd_sockmsg h = { .type = XS_READ, .req_id = 5, .len = XENSTORE_PAYLOAD_MAX + 1 };

    put_bytes(&d1, &h, sizeof(h));
    put_bytes(&d1, "name", 5);
    poll_all();
    assert_int_equal(d1.ring.error, XENSTORE_ERROR_PROTO);
    assert_int_equal(d1.c->protocol_errors, 1);
    assert_int_equal(rsp_avail(&d1), 0);
    send_msg(&d1, XS_READ, "name", 5);                  /* ignored now */
    assert_no_msg(&d1);
    assert_read(&d2, "name", "two");                    /* others served */
    /* The guest asks to reconnect: a clean ring, served again. */
    d1.ring.connection = XENSTORE_RECONNECT;
    poll_all();
    assert_int_equal(d1.ring.connection, XENSTORE_CONNECTED);
    assert_int_equal(d1.ring.error, XENSTORE_ERROR_NONE);
    assert_int_equal(d1.ring.req_prod, 0);
    assert_read(&d1, "name", "one");
}

static void
test_payload_max_is_fine(void **state)
{
    static char req[XENSTORE_PAYLOAD_MAX];

    memcpy(req, "/max", 5);
    memset(req + 5, 'm', sizeof(req) - 5);
    /* A full-size message is more than the ring: written in pieces. */
    struct xsd_sockmsg h = { .type = XS_WRITE, .req_id = 6, .len = sizeof(req) };
    uint32_t off = 0;

    put_bytes(&d0, &h, sizeof(h));
    while (off < sizeof(req)) {
        uint32_t n = XENSTORE_RING_SIZE - (d0.ring.req_prod - d0.ring.req_cons);

        if (n > sizeof(req) - off)
            n = sizeof(req) - off;
        put_bytes(&d0, req + off, n);
        off += n;
        poll_all();
    }
    assert_true(recv_msg(&d0));
    assert_int_equal(rh.req_id, 6);
    assert_string_equal(rb, "OK");
    assert_int_equal(rpc_str(&d0, XS_READ, "/max"), XS_READ);
    assert_int_equal(rh.len, sizeof(req) - 5);
}

static void
test_bad_ring_indices(void **state)
{
    d1.ring.req_prod = d1.ring.req_cons + XENSTORE_RING_SIZE + 1;
    poll_all();
    assert_int_equal(d1.ring.error, XENSTORE_ERROR_RINGIDX);
    assert_read(&d2, "name", "two");
    d1.ring.connection = XENSTORE_RECONNECT;
    poll_all();
    assert_read(&d1, "name", "one");
    /* A response ring the guest corrupted. */
    d1.ring.rsp_cons = d1.ring.rsp_prod + 5000;
    send_msg(&d1, XS_READ, "name", 5);
    poll_all();
    assert_int_equal(d1.ring.error, XENSTORE_ERROR_RINGIDX);
}

static void
test_reconnect_drops_watches(void **state)
{
    assert_ok(do_watch(&d1, XS_WATCH, "data", "w"));
    assert_int_equal(d1.c->nwatches, 1);
    send_msg(&d1, XS_READ, "name", 5);                  /* in flight */
    d1.ring.connection = XENSTORE_RECONNECT;
    poll_all();
    assert_int_equal(d1.c->nwatches, 0);
    assert_int_equal(rsp_avail(&d1), 0);
    assert_read(&d1, "domid", "1");
}

static void
test_many_requests_in_one_go(void **state)
{
    uint32_t ids[40];
    int i;

    /* More than XS_REQS_PER_POLL small requests queued at once. */
    for (i = 0; i < 40; i++)
        ids[i] = send_msg(&d1, XS_GET_DOMAIN_PATH, "1", 2);
    for (i = 0; i < 40; i++) {
        while (!recv_msg(&d1))
            poll_all();
        assert_int_equal(rh.req_id, ids[i]);
        assert_string_equal(rb, "/local/domain/1");
    }
}

/* ------------------------------------------------- misc operations */

static void
test_get_domain_path_and_introduced(void **state)
{
    assert_int_equal(rpc_str(&d1, XS_GET_DOMAIN_PATH, "7"), XS_GET_DOMAIN_PATH);
    assert_string_equal(rb, "/local/domain/7");
    assert_int_equal(rh.len, sizeof("/local/domain/7"));
    assert_err(rpc_str(&d1, XS_GET_DOMAIN_PATH, "x7"), "EINVAL");
    assert_err(rpc_str(&d1, XS_GET_DOMAIN_PATH, "32752"), "EINVAL");   /* 0x7ff0 */
    assert_err(rpc_str(&d1, XS_GET_DOMAIN_PATH, ""), "EINVAL");
    assert_int_equal(rpc_str(&d1, XS_IS_DOMAIN_INTRODUCED, "2"), XS_IS_DOMAIN_INTRODUCED);
    assert_string_equal(rb, "T");
    assert_int_equal(rpc_str(&d1, XS_IS_DOMAIN_INTRODUCED, "9"), XS_IS_DOMAIN_INTRODUCED);
    assert_string_equal(rb, "F");
    assert_err(rpc_str(&d1, XS_IS_DOMAIN_INTRODUCED, "-1"), "EINVAL");
}

static void
test_remove_domain(void **state)
{
    uint32_t count;

    assert_ok(do_write(&d0, "/shared", "x"));
    assert_ok(rpc(&d0, XS_SET_PERMS, "/shared\0b0", sizeof("/shared\0b0")));
    assert_ok(do_write(&d2, "/shared/made-by-2", "y"));
    assert_ok(do_watch(&d0, XS_WATCH, "/local/domain/2", "gone"));
    assert_event(&d0, "/local/domain/2", "gone");
    assert_ok(do_watch(&d2, XS_WATCH, "data", "mine"));
    assert_event(&d2, "data", "mine");
    count = xs_node_count(&st);
    xs_conn_remove(&st, d2.c);
    assert_event(&d0, "/local/domain/2", "gone");
    assert_null(xs_conn_find(&st, 2));
    assert_true(xs_node_count(&st) < count);
    assert_err(rpc_str(&d0, XS_READ, "/local/domain/2/name"), "ENOENT");
    assert_int_equal(rpc_str(&d0, XS_GET_PERMS, "/shared/made-by-2"), XS_GET_PERMS);
    assert_string_equal(rb, "b0");                      /* now dom0's */
    /* A new domain 2 starts clean. */
    add_dom(&d2, 2, "again");
    assert_read(&d2, "name", "again");
    assert_int_equal(d2.c->nwatches, 0);
    assert_err(rpc_str(&d2, XS_READ, "data/k"), "ENOENT");
}

static void
test_local_request_for_the_shell(void **state)
{
    struct xs_conn *c = xs_conn_find(&st, 0);

    /* dom0's shell asks through its own ring-less connection when it has
     * none; here dom0 has one, a second is refused: use a fresh store. */
    assert_non_null(c);
    assert_int_equal(xs_request(&st, c, XS_WRITE, "/sh\0v", 5), XS_WRITE);
    assert_int_equal(st.rhdr.len, 3);
    assert_int_equal(xs_request(&st, c, XS_READ, "/sh", 4), XS_READ);
    assert_memory_equal(st.rbody, "v", 1);
    assert_int_equal(xs_request(&st, c, XS_READ, "/nope", 6), XS_ERROR);
    assert_string_equal(st.rbody, "ENOENT");
    assert_int_equal(xs_request(&st, c, XS_READ, "/x", XENSTORE_PAYLOAD_MAX + 1), XS_ERROR);
    assert_string_equal(st.rbody, "E2BIG");
    assert_int_equal(xs_request(&st, c, XS_WATCH, "/sh\0t", 6), XS_WATCH);
    assert_int_equal(rsp_avail(&d0), 0);                /* no event queued */
}

static void
test_deep_tree(void **state)
{
    static char path[XENSTORE_ABS_PATH_MAX + 1];
    size_t n = 0;

    /* ~1500 levels: removal and teardown must not recurse. */
    while (n + 2 < XENSTORE_ABS_PATH_MAX) {
        path[n++] = '/';
        path[n++] = 'd';
    }
    path[n] = '\0';
    assert_ok(do_write(&d0, path, "bottom"));
    assert_read(&d0, path, "bottom");
    assert_true(xs_node_count(&st) > 1500);
    assert_ok(rpc_str(&d0, XS_RM, "/d/d/d"));
    assert_ok(do_write(&d0, path, "again"));            /* teardown frees it */
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_dom0_nodes),
        T(test_introduce_layout),
        T(test_introduce_twice_and_bad_ids),
        T(test_write_read_relative_and_absolute),
        T(test_write_binary_value),
        T(test_write_creates_parents),
        T(test_read_missing),
        T(test_domu_confined),
        T(test_bad_paths),
        T(test_unknown_and_reserved_types),
        T(test_transactions_refused),
        T(test_mkdir),
        T(test_rm),
        T(test_rm_returns_quota),
        T(test_directory),
        T(test_directory_too_big),
        T(test_set_perms),
        T(test_set_perms_needs_ownership),
        T(test_get_perms_errors),
        T(test_watch_initial_event_and_fire),
        T(test_watch_absolute_and_dom0),
        T(test_watch_rm_recursive),
        T(test_watch_needs_read_access),
        T(test_unwatch_and_duplicates),
        T(test_watch_bad_args),
        T(test_special_watches),
        T(test_watch_quota),
        T(test_events_dropped_when_not_read),
        T(test_value_quota),
        T(test_node_quota),
        T(test_byte_quota),
        T(test_arena_exhaustion),
        T(test_partial_messages),
        T(test_ring_wraps),
        T(test_indices_near_wrap),
        T(test_response_ring_full),
        T(test_oversized_message_is_protocol_error),
        T(test_payload_max_is_fine),
        T(test_bad_ring_indices),
        T(test_reconnect_drops_watches),
        T(test_many_requests_in_one_go),
        T(test_get_domain_path_and_introduced),
        T(test_remove_domain),
        T(test_local_request_for_the_shell),
        T(test_deep_tree),
    };
#undef T
    return cmocka_run_group_tests_name("xenstore", tests, NULL, NULL);
}
