/*
 * test_xencons.c - the PV console ring code that guests (libguest, libhvm)
 * and dom0's backend share (src/libguest/xencons.h), run hosted: bytes
 * round-trip in order across the 32-bit index wrap, the consumer never
 * reads more than a ring's worth whatever the producer index says, a
 * producer facing nonsense indices puts nothing, and a guest whose
 * backend never consumes waits a bounded number of yields once, then
 * drops at once, and writes again when the consumer moves.
 *
 * Environment: hosted only (cmocka, ASan/UBSan).  The two hypercalls the
 * guest writer makes are counted by the stubs below.
 */
#include "unit.h"
#include "public/event_channel.h"
#include "public/sched.h"

static unsigned int sends, yields;
static uint32_t sent_port;

#define HYPERVISOR_event_channel_op(cmd, arg) \
    (assert_int_equal((cmd), EVTCHNOP_send), \
     sent_port = ((const struct evtchn_send *)(arg))->port, sends++, 0)
#define HYPERVISOR_sched_op(cmd, arg) \
    ((void)(arg), assert_int_equal((cmd), SCHEDOP_yield), yields++, 0)
#include "../../src/libguest/xencons.h"

static struct xencons_interface page;

static int
reset(void **state)
{
    memset(&page, 0, sizeof(page));
    sends = yields = 0;
    return 0;
}

#define T(f) cmocka_unit_test_setup_teardown(f, reset, NULL)

static void
test_round_trip_across_index_wrap(void **state)
{
    char out[600];
    size_t got = 0;

    page.out_cons = page.out_prod = 0xffffff00u;    /* wraps mid-way */
    for (unsigned int round = 0; round < 20; round++) {
        char msg[300];

        for (unsigned int i = 0; i < sizeof(msg); i++)
            msg[i] = (char)(round * 7 + i);
        assert_int_equal(xencons_put(xencons_out(&page), msg, sizeof(msg)), sizeof(msg));
        got = xencons_get(xencons_out(&page), out, sizeof(out));
        assert_int_equal(got, sizeof(msg));
        assert_memory_equal(out, msg, sizeof(msg));
    }
    assert_true(page.out_prod < 0xffffff00u);       /* it did wrap */
    assert_int_equal(page.out_cons, page.out_prod);
}

static void
test_put_stops_when_full(void **state)
{
    static char big[XENCONS_IN_SIZE + 100];
    XENCONS_RING_IDX at;

    assert_int_equal(xencons_put(xencons_in(&page), big, sizeof(big)), XENCONS_IN_SIZE);
    assert_int_equal(xencons_room(xencons_in(&page), &at), 0);
    assert_int_equal(xencons_put(xencons_in(&page), big, 1), 0);
}

static void
test_hostile_indices(void **state)
{
    static char buf[4 * XENCONS_OUT_SIZE];
    XENCONS_RING_IDX at;

    /* A producer index far ahead: at most the last ring's worth is read,
     * and the consumer index ends equal to it. */
    page.out_prod = 123456789u;
    page.out_cons = 5;
    assert_int_equal(xencons_get(xencons_out(&page), buf, sizeof(buf)), XENCONS_OUT_SIZE);
    assert_int_equal(page.out_cons, page.out_prod);
    /* A consumer index ahead of the producer: no room, nothing put. */
    page.in_cons = 1000;
    page.in_prod = 10;
    assert_int_equal(xencons_room(xencons_in(&page), &at), 0);
    assert_int_equal(xencons_put(xencons_in(&page), buf, 10), 0);
    assert_int_equal(page.in_prod, 10);
}

static void
test_guest_writer_never_hangs(void **state)
{
    struct xencons_guest g = { .ring = &page, .port = 3 };
    static char line[XENCONS_OUT_SIZE];
    char c;

    memset(line, 'x', sizeof(line));
    xencons_write(&g, line, sizeof(line));          /* fills it exactly */
    assert_int_equal(yields, 0);
    assert_int_equal(page.out_prod, XENCONS_OUT_SIZE);
    /* Nobody consumes: a bounded wait, then the bytes are dropped ... */
    xencons_write(&g, "more", 4);
    assert_int_equal(yields, XENCONS_WAIT_YIELDS);
    assert_int_equal(page.out_prod, XENCONS_OUT_SIZE);
    /* ... and later writes drop at once. */
    xencons_write(&g, "again", 5);
    assert_int_equal(yields, XENCONS_WAIT_YIELDS);
    /* The consumer moves: writing works again. */
    assert_int_equal(xencons_get(xencons_out(&page), &c, 1), 1);
    xencons_write(&g, "y", 1);
    assert_int_equal(page.out_prod, XENCONS_OUT_SIZE + 1);
    assert_true(sends > 0);
    assert_int_equal(sent_port, 3);
}

static void
test_guest_reads_typed_bytes(void **state)
{
    struct xencons_guest g = { .ring = &page, .port = 3 };
    char buf[8];

    assert_int_equal(xencons_read(&g, buf, sizeof(buf)), 0);
    assert_int_equal(sends, 0);                     /* nothing read: no notify */
    assert_int_equal(xencons_put(xencons_in(&page), "hi\r", 3), 3);
    assert_int_equal(xencons_read(&g, buf, sizeof(buf)), 3);
    assert_memory_equal(buf, "hi\r", 3);
    assert_int_equal(sends, 1);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_round_trip_across_index_wrap),
        T(test_put_stops_when_full),
        T(test_hostile_indices),
        T(test_guest_writer_never_hangs),
        T(test_guest_reads_typed_bytes),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
