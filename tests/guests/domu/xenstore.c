/*
 * tests/guests/domu/xenstore.c - a domU talking to dom0's xenstore over
 * its store ring (libguest/xs.h): the paths the toolstack wrote for it,
 * its own keys, directories, watches, and a hostile guest's requests
 * (outside its subtree, malformed, over quota, a protocol error and the
 * reconnect after it).  The system test runs two of these at once under
 * the real dom0 (tests/system/xenstore/autostart): each must pass while
 * the other misbehaves.
 *
 * Where it runs: guest only (a PV domU built by dom0's toolstack).
 */
#include "test.h"
#include "xs.h"
#include "../../../src/dom0/xs_core.h"   /* the quotas it runs into */

static char buf[XENSTORE_PAYLOAD_MAX + 1];
static unsigned long domid;             /* from "domid" */

static unsigned long
to_ul(const char *s)
{
    unsigned long v = 0;

    while (*s >= '0' && *s <= '9')
        v = v * 10 + (unsigned long)(*s++ - '0');
    return v;
}

/* "<key> = <value>" of a node, or fails the test. */
#define READ_OK(path) do {                                              \
        long _n = xenbus_read((path), buf, sizeof(buf));                \
        CHECK(_n >= 0, "read %s: %ld", (path), _n);                     \
    } while (0)

GUEST_TEST(store_ring)
{
    CHECK_RC(xenbus_init(), 0);
    CHECK(start_info->store_evtchn != 0, "no store event channel");
    CHECK_EQ(xenbus_ring()->server_features,
             XENSTORE_SERVER_FEATURE_RECONNECTION | XENSTORE_SERVER_FEATURE_ERROR);
    test_note("store ring at mfn %#lx, port %u", (unsigned long)start_info->store_mfn,
              start_info->store_evtchn);
}

GUEST_TEST(paths_from_the_toolstack)
{
    char path[64];

    READ_OK("domid");
    domid = to_ul(buf);
    CHECK(domid > 0 && domid < 64, "domid \"%s\"", buf);
    READ_OK("name");
    CHECK(!strcmp(buf, "xenstore"), "name \"%s\"", buf);
    snprintf(path, sizeof(path), "/local/domain/%lu/name", domid);
    READ_OK(path);
    CHECK(!strcmp(buf, "xenstore"), "%s \"%s\"", path, buf);
    READ_OK("console/port");
    CHECK_EQ(to_ul(buf), start_info->console.domU.evtchn);
    READ_OK("store/port");
    CHECK_EQ(to_ul(buf), start_info->store_evtchn);
    READ_OK("console/type");
    CHECK(!strcmp(buf, "xenconsoled"), "console/type \"%s\"", buf);
    READ_OK("console/ring-ref");
    CHECK_EQ(to_ul(buf), start_info->console.domU.mfn);     /* PV: gfn = mfn */
    READ_OK("store/ring-ref");
    CHECK_EQ(to_ul(buf), start_info->store_mfn);
    test_note("domid %lu, name xenstore, console port %u, store ring-ref %s", domid,
              start_info->console.domU.evtchn, buf);
    CHECK(xenbus_directory("console", buf, sizeof(buf)) > 0, "directory console");
}

GUEST_TEST(domain_path)
{
    char want[32];
    uint32_t rtype;
    long n;

    snprintf(buf, sizeof(buf), "%lu", domid);
    n = xenbus_rpc(XS_GET_DOMAIN_PATH, buf, (uint32_t)strlen(buf) + 1, &rtype, buf, 64);
    CHECK(n > 0 && rtype == XS_GET_DOMAIN_PATH, "get_domain_path: %ld type %u", n, rtype);
    snprintf(want, sizeof(want), "/local/domain/%lu", domid);
    CHECK(!strcmp(buf, want), "domain path \"%s\"", buf);
}

GUEST_TEST(own_keys)
{
    char value[48], path[80];

    snprintf(value, sizeof(value), "hello from d%lu", domid);
    CHECK_RC(xenbus_write("data/greeting", value), 0);
    CHECK_RC(xenbus_read("data/greeting", buf, sizeof(buf)), (long)strlen(value));
    CHECK(!strcmp(buf, value), "read back \"%s\"", buf);
    snprintf(path, sizeof(path), "/local/domain/%lu/data/greeting", domid);
    CHECK_RC(xenbus_read(path, buf, sizeof(buf)), (long)strlen(value));
    CHECK_RC(xenbus_write("data/greeting", "second"), 0);
    CHECK_RC(xenbus_read("data/greeting", buf, sizeof(buf)), 6);
    CHECK_RC(xenbus_read("data/none", buf, sizeof(buf)), -XEN_ENOENT);
    CHECK_RC(xenbus_write("data/greeting", value), 0);  /* for dom0's `xs read` */
}

GUEST_TEST(directory)
{
    long n;

    CHECK_RC(xenbus_mkdir("data/dir"), 0);
    CHECK_RC(xenbus_directory("data/dir", buf, sizeof(buf)), 0);
    CHECK_RC(xenbus_write("data/dir/a", "1"), 0);
    CHECK_RC(xenbus_write("data/dir/b/c", "2"), 0);
    n = xenbus_directory("data/dir", buf, sizeof(buf));
    CHECK(n == 4 && !memcmp(buf, "a\0b\0", 4), "directory: %ld bytes", n);
    CHECK_RC(xenbus_rm("data/dir"), 0);
    CHECK_RC(xenbus_directory("data/dir", buf, sizeof(buf)), -XEN_ENOENT);
}

GUEST_TEST(watch_fires)
{
    char path[128], token[32];

    CHECK_RC(xenbus_watch("data/watched", "w1"), 0);
    /* The first event comes at once, as with Xen. */
    CHECK_RC(xenbus_wait_event(path, sizeof(path), token, sizeof(token), 1000000000ULL), 0);
    CHECK(!strcmp(path, "data/watched") && !strcmp(token, "w1"), "first event %s %s",
          path, token);
    CHECK_RC(xenbus_write("data/watched/x", "1"), 0);
    CHECK_RC(xenbus_wait_event(path, sizeof(path), token, sizeof(token), 1000000000ULL), 0);
    CHECK(!strcmp(path, "data/watched/x") && !strcmp(token, "w1"), "event %s %s",
          path, token);
    CHECK_RC(xenbus_rm("data/watched"), 0);
    CHECK_RC(xenbus_wait_event(path, sizeof(path), token, sizeof(token), 1000000000ULL), 0);
    CHECK(!strcmp(path, "data/watched"), "rm event %s", path);
    CHECK_RC(xenbus_unwatch("data/watched", "w1"), 0);
    CHECK_RC(xenbus_unwatch("data/watched", "w1"), -XEN_ENOENT);
    CHECK_RC(xenbus_write("data/watched/y", "2"), 0);
    CHECK_RC(xenbus_wait_event(path, sizeof(path), token, sizeof(token), 200000000ULL),
             -XEN_ETIME);
}

GUEST_TEST(confined_to_its_subtree)
{
    char path[64];

    CHECK_RC(xenbus_write("/local/domain/0/evil", "x"), -XEN_EACCES);
    CHECK_RC(xenbus_write("/evil", "x"), -XEN_EACCES);
    CHECK_RC(xenbus_write("name", "renamed"), -XEN_EACCES);
    CHECK_RC(xenbus_write("console/port", "1"), -XEN_EACCES);
    CHECK_RC(xenbus_read("/local/domain/0/name", buf, sizeof(buf)), -XEN_EACCES);
    CHECK_RC(xenbus_directory("/local/domain", buf, sizeof(buf)), -XEN_EACCES);
    /* The other domains, there or not: the same answer. */
    for (unsigned long d = 1; d < 4; d++) {
        if (d == domid)
            continue;
        snprintf(path, sizeof(path), "/local/domain/%lu/data/greeting", d);
        CHECK_RC(xenbus_read(path, buf, sizeof(buf)), -XEN_EACCES);
        CHECK_RC(xenbus_write(path, "overwritten"), -XEN_EACCES);
    }
    CHECK_RC(xenbus_rm("/local/domain/0"), -XEN_EACCES);
    READ_OK("name");
    CHECK(!strcmp(buf, "xenstore"), "name changed to \"%s\"", buf);
}

GUEST_TEST(malformed_requests)
{
    uint32_t rtype;
    long n;

    n = xenbus_rpc(999, "x", 2, &rtype, buf, 64);
    CHECK(n > 0 && rtype == XS_ERROR && !strcmp(buf, "EINVAL"), "type 999: %ld %u", n, rtype);
    n = xenbus_rpc(XS_READ, "data", 4, &rtype, buf, 64);          /* no NUL */
    CHECK(n > 0 && rtype == XS_ERROR && !strcmp(buf, "EINVAL"), "no NUL: %ld %u", n, rtype);
    CHECK_RC(xenbus_read("data//x", buf, sizeof(buf)), -XEN_EINVAL);
    CHECK_RC(xenbus_read("data/a b", buf, sizeof(buf)), -XEN_EINVAL);
    n = xenbus_rpc(XS_TRANSACTION_START, "", 1, &rtype, buf, 64);
    CHECK(n > 0 && rtype == XS_ERROR && !strcmp(buf, "ENOSYS"), "transaction: %ld %u", n, rtype);
    n = xenbus_rpc(XS_INTRODUCE, "9\0" "1\0" "1\0", 6, &rtype, buf, 64);
    CHECK(n > 0 && rtype == XS_ERROR && !strcmp(buf, "EACCES"), "introduce: %ld %u", n, rtype);
    READ_OK("domid");
}

GUEST_TEST(quotas)
{
    static char big[XS_QUOTA_VALUE + 2];
    char path[32];
    int i, rc = 0;

    memset(big, 'q', XS_QUOTA_VALUE + 1);
    CHECK_RC(xenbus_write("data/big", big), -XEN_E2BIG);
    big[XS_QUOTA_VALUE] = '\0';
    CHECK_RC(xenbus_write("data/big", big), 0);
    CHECK_RC(xenbus_rm("data/big"), 0);
    for (i = 0; i < XS_QUOTA_NODES + 8; i++) {
        snprintf(path, sizeof(path), "data/n/%d", i);
        if ((rc = xenbus_write(path, "x")) != 0)
            break;
    }
    CHECK(rc == -XENBUS_EQUOTA, "node %d: %d, want EQUOTA", i, rc);
    test_note("node quota reached after %d nodes", i);
    CHECK_RC(xenbus_rm("data/n"), 0);
    CHECK_RC(xenbus_write("data/after-quota", "fine"), 0);
}

GUEST_TEST(protocol_error_then_reconnect)
{
    struct xsd_sockmsg h = { .type = XS_READ, .req_id = 4242,
                             .len = XENSTORE_PAYLOAD_MAX + 1 };
    volatile struct xenstore_domain_interface *r = xenbus_ring();
    uint64_t deadline = guest_system_time() + 2000000000ULL;

    CHECK_RC(xenbus_send_raw(&h, sizeof(h)), 0);
    while (r->error == XENSTORE_ERROR_NONE && guest_system_time() < deadline)
        (void)HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    CHECK_EQ(r->error, XENSTORE_ERROR_PROTO);
    /* Not served until it reconnects. */
    CHECK_RC(xenbus_read("domid", buf, sizeof(buf)), -XEN_ETIME);
    CHECK_RC(xenbus_reconnect(), 0);
    CHECK_EQ(r->error, XENSTORE_ERROR_NONE);
    READ_OK("domid");
    CHECK_EQ(to_ul(buf), domid);
    CHECK_RC(xenbus_read("data/greeting", buf, sizeof(buf)) > 0, 1);
}
