/*
 * tests/guests/domu/pong.c - the far end of dom0's event-channel ping-pong
 * (tests/guests/domu/pingpong.c): binds the port dom0 offered it
 * ("port=N" on its command line) and answers every event on it with one
 * event back, from its event handler; otherwise it blocks.  dom0 destroys
 * it when done.
 *
 * Where it runs: guest only (a PV domU on xenolith).
 */
#include "test.h"

static volatile uint32_t local_port;
static volatile unsigned int pings;

static void
on_event(uint32_t port)
{
    struct evtchn_send s = { .port = port };

    if (port != local_port)
        return;
    pings++;
    (void)HYPERVISOR_event_channel_op(EVTCHNOP_send, &s);
}

static uint32_t
offered_port(void)
{
    const char *c = strstr((const char *)start_info->cmd_line, "port=");
    uint32_t n = 0;

    for (c = c ? c + 5 : ""; *c >= '0' && *c <= '9'; c++)
        n = n * 10 + (uint32_t)(*c - '0');
    return n;
}

GUEST_TEST(answer_pings)
{
    struct evtchn_bind_interdomain b = { .remote_dom = 0, .remote_port = offered_port() };

    CHECK(b.remote_port != 0, "no port= on the command line");
    evtchn_mask_events();
    event_hook = on_event;
    CHECK_RC(HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &b), 0);
    local_port = b.local_port;
    test_note("pong: bound dom0's port %u as %u; answering", b.remote_port, b.local_port);
    for (;;) {
        HYPERVISOR_sched_op(SCHEDOP_block, NULL);     /* unmasks; the upcall answers */
        evtchn_mask_events();
    }
}
