/*
 * tests/guests/hvm/pvh_xenstore.c - a PVH domU talking to dom0's xenstore
 * through libhvm's client (the same xs.c as libguest's: HVM_PARAM_STORE_PFN
 * and _EVTCHN): the paths the toolstack wrote, its own keys, a directory,
 * a watch, its confinement, and a protocol error with the reconnect after
 * it.  Run by the xenstore system test next to two PV domUs.
 *
 * Where it runs: guest only (a 64-bit PVH domU built by dom0's toolstack).
 */
#include "hvm.h"
#include "../xs.h"

static char buf[512];
static unsigned long domid;

static unsigned long
to_ul(const char *s)
{
    unsigned long v = 0;

    while (*s >= '0' && *s <= '9')
        v = v * 10 + (unsigned long)(*s++ - '0');
    return v;
}

static int
same(const char *a, const char *b)
{
    size_t n = strlen(a);

    return n == strlen(b) && !strncmp(a, b, n);
}

HVM_TEST(store_from_hvm_params)
{
    uint64_t pfn = 0, port = 0;

    CHECK_RC(xenbus_init(), 0);
    CHECK_RC(hvm_param_get(HVM_PARAM_STORE_PFN, &pfn), 0);
    CHECK_RC(hvm_param_get(HVM_PARAM_STORE_EVTCHN, &port), 0);
    CHECK_EQ(xenbus_ring()->server_features,
             XENSTORE_SERVER_FEATURE_RECONNECTION | XENSTORE_SERVER_FEATURE_ERROR);
    test_note("store ring at gfn %#llx, port %llu", (unsigned long long)pfn,
              (unsigned long long)port);
    CHECK(xenbus_read("store/ring-ref", buf, sizeof(buf)) > 0, "store/ring-ref");
    CHECK_EQ(to_ul(buf), pfn);
    CHECK(xenbus_read("store/port", buf, sizeof(buf)) > 0, "store/port");
    CHECK_EQ(to_ul(buf), port);
}

HVM_TEST(domid_and_name)
{
    CHECK(xenbus_read("domid", buf, sizeof(buf)) > 0, "domid");
    domid = to_ul(buf);
    CHECK(domid > 0 && domid < 64, "domid \"%s\"", buf);
    CHECK(xenbus_read("name", buf, sizeof(buf)) > 0, "name");
    CHECK(same(buf, "xspvh"), "name \"%s\"", buf);
    CHECK(xenbus_read("console/port", buf, sizeof(buf)) > 0, "console/port");
    test_note("domid %lu, name xspvh, console port %s", domid, buf);
}

HVM_TEST(own_keys_and_directory)
{
    long n;

    CHECK_RC(xenbus_write("data/pvh", "hello from a PVH domU"), 0);
    CHECK_RC(xenbus_read("data/pvh", buf, sizeof(buf)), 21);
    CHECK(same(buf, "hello from a PVH domU"), "read back \"%s\"", buf);
    CHECK_RC(xenbus_write("data/d/x", "1"), 0);
    CHECK_RC(xenbus_write("data/d/y", "2"), 0);
    n = xenbus_directory("data/d", buf, sizeof(buf));
    CHECK(n == 4 && !memcmp(buf, "x\0y\0", 4), "directory: %ld bytes", n);
    CHECK_RC(xenbus_rm("data/d"), 0);
    CHECK_RC(xenbus_read("data/d/x", buf, sizeof(buf)), -XEN_ENOENT);
}

HVM_TEST(watch)
{
    char path[64], token[16];

    CHECK_RC(xenbus_watch("data/w", "pvh"), 0);
    CHECK_RC(xenbus_wait_event(path, sizeof(path), token, sizeof(token), 1000000000ULL), 0);
    CHECK(same(path, "data/w") && same(token, "pvh"), "first event %s %s", path, token);
    CHECK_RC(xenbus_write("data/w/k", "v"), 0);
    CHECK_RC(xenbus_wait_event(path, sizeof(path), token, sizeof(token), 1000000000ULL), 0);
    CHECK(same(path, "data/w/k"), "event %s", path);
    CHECK_RC(xenbus_unwatch("data/w", "pvh"), 0);
}

HVM_TEST(confined)
{
    CHECK_RC(xenbus_write("/local/domain/0/evil", "x"), -13);       /* EACCES */
    CHECK_RC(xenbus_write("name", "renamed"), -13);
    CHECK_RC(xenbus_read("/local/domain/1/data/greeting", buf, sizeof(buf)), -13);
    CHECK_RC(xenbus_read("/local/domain/0/name", buf, sizeof(buf)), -13);
}

HVM_TEST(protocol_error_then_reconnect)
{
    struct xsd_sockmsg h = { .type = XS_READ, .req_id = 7, .len = XENSTORE_PAYLOAD_MAX + 1 };
    volatile struct xenstore_domain_interface *r = xenbus_ring();
    unsigned long spins;

    CHECK_RC(xenbus_send_raw(&h, sizeof(h)), 0);
    for (spins = 0; r->error == XENSTORE_ERROR_NONE && spins < 1000000; spins++)
        (void)HYPERVISOR_sched_op(SCHEDOP_yield, 0);
    CHECK_EQ(r->error, XENSTORE_ERROR_PROTO);
    CHECK_RC(xenbus_reconnect(), 0);
    CHECK(xenbus_read("domid", buf, sizeof(buf)) > 0, "no reply after the reconnect");
    CHECK_EQ(to_ul(buf), domid);
}
