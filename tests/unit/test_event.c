/*
 * test_event.c - event channels: every sub-op, Xen's errors, delivery, invariants.
 *
 * Environment: hosted only (cmocka + sim, ASan/UBSan).
 */
#include "unit.h"
#include <console.h>
#include <domain.h>
#include <event.h>
#include <guest_access.h>
#include <hypercall.h>
#include <schedule.h>
#include <xl_errno.h>
#include <xtime.h>
#include <sim_guest.h>
#include <sim_hc.h>
#include "public/xen.h"
#include "public/event_channel.h"
#include "public/sched.h"
#include "public/vcpu.h"
#include "public/version.h"

#include "hc_fixture.h"

#define OFF 0x2000

static long
op(int cmd, void *blk, size_t size)
{
    uint64_t va = sim_guest_put(current->domain, OFF, blk, size);
    long rc = do_event_channel_op(cmd, va);

    memcpy(blk, sim_guest_ptr(current->domain, va, size), size);
    return rc;
}

static long
bind_virq(uint32_t virq, uint32_t vcpu)
{
    struct evtchn_bind_virq b = { .virq = virq, .vcpu = vcpu };
    long rc = op(EVTCHNOP_bind_virq, &b, sizeof(b));

    return rc ? rc : (long)b.port;
}

static long
bind_ipi(uint32_t vcpu)
{
    struct evtchn_bind_ipi b = { .vcpu = vcpu };
    long rc = op(EVTCHNOP_bind_ipi, &b, sizeof(b));

    return rc ? rc : (long)b.port;
}

static long
alloc_unbound(domid_t dom, domid_t remote)
{
    struct evtchn_alloc_unbound a = { .dom = dom, .remote_dom = remote };
    long rc = op(EVTCHNOP_alloc_unbound, &a, sizeof(a));

    return rc ? rc : (long)a.port;
}

static long
bind_interdomain(domid_t rdom, evtchn_port_t rport)
{
    struct evtchn_bind_interdomain b = { .remote_dom = rdom, .remote_port = rport };
    long rc = op(EVTCHNOP_bind_interdomain, &b, sizeof(b));

    return rc ? rc : (long)b.local_port;
}

static long
port_op(int cmd, evtchn_port_t port)
{
    return op(cmd, &port, sizeof(port));
}

static long
status(domid_t dom, evtchn_port_t port, struct evtchn_status *st)
{
    memset(st, 0, sizeof(*st));
    st->dom = dom;
    st->port = port;
    return op(EVTCHNOP_status, st, sizeof(*st));
}

/* Every interdomain port points at a port that points back; every VIRQ
 * binding names a VIRQ port of that VIRQ. */
static void
check_invariants(void)
{
    for (unsigned int i = 0; i < MAX_DOMAINS; i++) {
        struct domain *d = domain_table[i];

        if (d == NULL)
            continue;
        assert_int_equal(d->evtchn[0].state, ECS_RESERVED);
        for (evtchn_port_t p = 1; p < d->nr_evtchn; p++) {
            struct evtchn *c = &d->evtchn[p];

            assert_true(c->state <= ECS_IPI && c->state != ECS_RESERVED);
            if (c->state == ECS_INTERDOMAIN) {
                struct domain *rd = c->u.interdomain.remote_dom;
                struct evtchn *rc = &rd->evtchn[c->u.interdomain.remote_port];

                assert_int_equal(rc->state, ECS_INTERDOMAIN);
                assert_ptr_equal(rc->u.interdomain.remote_dom, d);
                assert_int_equal(rc->u.interdomain.remote_port, p);
            }
            if (c->state == ECS_FREE)
                assert_false(evtchn_is_pending(d, p));
        }
        for (unsigned int j = 0; j < d->max_vcpus; j++)
            for (unsigned int q = 0; q < NR_VIRQS; q++) {
                evtchn_port_t p = d->vcpu[j]->virq_to_port[q];

                if (p == 0)
                    continue;
                assert_int_equal(d->evtchn[p].state, ECS_VIRQ);
                assert_int_equal(d->evtchn[p].u.virq, q);
            }
    }
}

static void
test_bind_virq_rules(void **state)
{
    assert_int_equal(bind_virq(VIRQ_TIMER, 0), 1);
    assert_int_equal(bind_virq(VIRQ_TIMER, 0), -EEXIST);
    assert_int_equal(bind_virq(VIRQ_TIMER, 1), 2);
    assert_int_equal(bind_virq(VIRQ_CONSOLE, 1), -EINVAL);   /* global */
    assert_int_equal(bind_virq(VIRQ_CONSOLE, 0), 3);
    assert_int_equal(bind_virq(VIRQ_CONSOLE, 0), -EEXIST);
    assert_int_equal(bind_virq(NR_VIRQS, 0), -EINVAL);
    assert_int_equal(bind_virq(0xffffffff, 0), -EINVAL);
    assert_int_equal(bind_virq(VIRQ_TIMER, 2), -ENOENT);
    assert_int_equal(bind_virq(VIRQ_TIMER, 0xffffffff), -ENOENT);
    assert_int_equal(bind_virq(VIRQ_DEBUG, 32), -ENOENT);
    assert_int_equal(d0->vcpu[1]->virq_to_port[VIRQ_TIMER], 2);
    check_invariants();
}

static void
test_virq_delivery(void **state)
{
    long p = bind_virq(VIRQ_TIMER, 1);

    vinfo(d0, 1)->evtchn_upcall_mask = 0;
    send_guest_vcpu_virq(d0->vcpu[1], VIRQ_TIMER);
    assert_true(evtchn_is_pending(d0, (evtchn_port_t)p));
    assert_int_equal(vinfo(d0, 1)->evtchn_pending_sel, 1ULL << (p / 64));
    assert_int_equal(vinfo(d0, 1)->evtchn_upcall_pending, 1);
    assert_int_equal(vinfo(d0, 0)->evtchn_upcall_pending, 0);
    assert_int_equal(sim_kicks(d0->vcpu[1]), 1);
    /* Already pending: no second kick. */
    send_guest_vcpu_virq(d0->vcpu[1], VIRQ_TIMER);
    assert_int_equal(sim_kicks(d0->vcpu[1]), 1);
    /* Unbound VIRQs and bad numbers are ignored. */
    send_guest_vcpu_virq(d0->vcpu[0], VIRQ_TIMER);
    send_guest_vcpu_virq(d0->vcpu[0], 999);
    send_guest_global_virq(d0, VIRQ_DOM_EXC);
    send_guest_global_virq(d0, 999);
    assert_int_equal(sim_kicks(d0->vcpu[0]), 0);
}

static void
test_mask_and_unmask(void **state)
{
    long p = bind_ipi(0);
    struct shared_info *s = d0->shared_info;

    s->evtchn_mask[0] |= 1ULL << p;
    assert_int_equal(port_op(EVTCHNOP_send, (evtchn_port_t)p), 0);
    assert_true(evtchn_is_pending(d0, (evtchn_port_t)p));
    assert_int_equal(vinfo(d0, 0)->evtchn_pending_sel, 0);
    assert_int_equal(vinfo(d0, 0)->evtchn_upcall_pending, 0);
    assert_int_equal(port_op(EVTCHNOP_unmask, (evtchn_port_t)p), 0);
    assert_false(evtchn_is_masked(d0, (evtchn_port_t)p));
    assert_int_equal(vinfo(d0, 0)->evtchn_pending_sel, 1);
    assert_int_equal(vinfo(d0, 0)->evtchn_upcall_pending, 1);
    assert_int_equal(sim_kicks(d0->vcpu[0]), 1);
    assert_int_equal(port_op(EVTCHNOP_unmask, EVTCHN_MAX_PORTS), -EINVAL);
    assert_int_equal(port_op(EVTCHNOP_unmask, 0xffffffff), -EINVAL);
}

static void
test_ipi(void **state)
{
    long p = bind_ipi(1);

    assert_true(p > 0);
    assert_int_equal(bind_ipi(2), -ENOENT);
    assert_int_equal(bind_ipi(0xffffffff), -ENOENT);
    assert_int_equal(port_op(EVTCHNOP_send, (evtchn_port_t)p), 0);
    assert_int_equal(vinfo(d0, 1)->evtchn_upcall_pending, 1);
    assert_int_equal(vinfo(d0, 0)->evtchn_upcall_pending, 0);
}

static void
test_interdomain_bind_send_close(void **state)
{
    struct evtchn_status st;
    long up, lp;

    use(d1, 0);
    up = alloc_unbound(DOMID_SELF, 0);
    assert_true(up > 0);
    assert_int_equal(status(DOMID_SELF, (evtchn_port_t)up, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_unbound);
    assert_int_equal(st.u.unbound.dom, 0);
    /* Sending on an unbound port is dropped, not an error. */
    assert_int_equal(port_op(EVTCHNOP_send, (evtchn_port_t)up), 0);
    assert_false(evtchn_is_pending(d1, (evtchn_port_t)up));

    use(d0, 0);
    lp = bind_interdomain(1, (evtchn_port_t)up);
    assert_true(lp > 0);
    assert_true(evtchn_is_pending(d0, (evtchn_port_t)lp));   /* Xen's rule */
    assert_int_equal(status(DOMID_SELF, (evtchn_port_t)lp, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_interdomain);
    assert_int_equal(st.u.interdomain.dom, 1);
    assert_int_equal(st.u.interdomain.port, up);
    assert_int_equal(status(1, (evtchn_port_t)up, &st), 0);   /* dom0 may */
    assert_int_equal(st.u.interdomain.port, lp);
    check_invariants();

    assert_int_equal(port_op(EVTCHNOP_send, (evtchn_port_t)lp), 0);
    assert_true(evtchn_is_pending(d1, (evtchn_port_t)up));
    assert_int_equal(sim_kicks(d1->vcpu[0]), 1);

    assert_int_equal(port_op(EVTCHNOP_close, (evtchn_port_t)lp), 0);
    assert_int_equal(port_op(EVTCHNOP_close, (evtchn_port_t)lp), -EINVAL);
    assert_int_equal(status(1, (evtchn_port_t)up, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_unbound);
    assert_int_equal(st.u.unbound.dom, 0);
    assert_int_equal(port_op(EVTCHNOP_send, (evtchn_port_t)lp), -EINVAL);
    check_invariants();
    /* ... and it can be bound again. */
    assert_true(bind_interdomain(1, (evtchn_port_t)up) > 0);
    check_invariants();
}

static void
test_interdomain_errors(void **state)
{
    long up;

    use(d1, 0);
    up = alloc_unbound(DOMID_SELF, 1);           /* offered to itself */
    use(d0, 0);
    assert_int_equal(bind_interdomain(1, (evtchn_port_t)up), -EINVAL);
    assert_int_equal(bind_interdomain(7, 1), -ESRCH);
    assert_int_equal(bind_interdomain(0x7ff5, 1), -ESRCH);
    assert_int_equal(bind_interdomain(1, 0), -EINVAL);
    assert_int_equal(bind_interdomain(1, 999), -EINVAL);          /* free */
    assert_int_equal(bind_interdomain(1, EVTCHN_MAX_PORTS), -EINVAL);
    assert_int_equal(bind_interdomain(1, 0xffffffff), -EINVAL);
    /* To itself: loopback inside dom1 works. */
    use(d1, 0);
    assert_true(bind_interdomain(DOMID_SELF, (evtchn_port_t)up) > 0);
    check_invariants();
}

static void
test_alloc_unbound_privilege(void **state)
{
    struct evtchn_status st;
    long p;

    use(d1, 0);
    assert_int_equal(alloc_unbound(0, 1), -EPERM);
    assert_int_equal(alloc_unbound(7, 1), -ESRCH);
    assert_int_equal(status(0, 1, &st), -EPERM);
    assert_int_equal(status(9, 1, &st), -ESRCH);
    use(d0, 0);
    p = alloc_unbound(1, 0);                     /* dom0 builds for dom1 */
    assert_true(p > 0);
    assert_int_equal(d1->evtchn[p].state, ECS_UNBOUND);
    assert_int_equal(d1->evtchn[p].u.unbound.remote_dom, 0);
    /* remote DOMID_SELF means the caller, not the target. */
    p = alloc_unbound(1, DOMID_SELF);
    assert_int_equal(d1->evtchn[p].u.unbound.remote_dom, 0);
}

static void
test_close_rules(void **state)
{
    long p = bind_virq(VIRQ_TIMER, 0);

    assert_int_equal(port_op(EVTCHNOP_close, 0), -EINVAL);
    assert_int_equal(port_op(EVTCHNOP_close, 500), -EINVAL);
    assert_int_equal(port_op(EVTCHNOP_close, EVTCHN_MAX_PORTS), -EINVAL);
    assert_int_equal(port_op(EVTCHNOP_close, 0xffffffff), -EINVAL);
    send_guest_vcpu_virq(d0->vcpu[0], VIRQ_TIMER);
    assert_true(evtchn_is_pending(d0, (evtchn_port_t)p));
    assert_int_equal(port_op(EVTCHNOP_close, (evtchn_port_t)p), 0);
    assert_false(evtchn_is_pending(d0, (evtchn_port_t)p));
    assert_int_equal(d0->vcpu[0]->virq_to_port[VIRQ_TIMER], 0);
    assert_int_equal(port_op(EVTCHNOP_close, (evtchn_port_t)p), -EINVAL);
    assert_int_equal(bind_virq(VIRQ_TIMER, 0), p);   /* lowest free again */
    check_invariants();
}

static void
test_send_rules(void **state)
{
    long v = bind_virq(VIRQ_DEBUG, 0);

    assert_int_equal(port_op(EVTCHNOP_send, (evtchn_port_t)v), -EINVAL);
    assert_int_equal(port_op(EVTCHNOP_send, 0), -EINVAL);
    assert_int_equal(port_op(EVTCHNOP_send, 77), -EINVAL);
    assert_int_equal(port_op(EVTCHNOP_send, 0x80000000U), -EINVAL);
}

static void
test_status_of_each_state(void **state)
{
    struct evtchn_status st;
    long v = bind_virq(VIRQ_CONSOLE, 0);
    long i = bind_ipi(1);

    assert_int_equal(status(DOMID_SELF, (evtchn_port_t)v, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_virq);
    assert_int_equal(st.u.virq, VIRQ_CONSOLE);
    assert_int_equal(status(0, (evtchn_port_t)i, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_ipi);
    assert_int_equal(st.vcpu, 1);
    assert_int_equal(status(DOMID_SELF, 600, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_closed);
    assert_int_equal(status(DOMID_SELF, 0, &st), 0);
    assert_int_equal(st.status, EVTCHNSTAT_closed);
    assert_int_equal(status(DOMID_SELF, EVTCHN_MAX_PORTS, &st), -EINVAL);
}

static void
test_bind_vcpu(void **state)
{
    long g = bind_virq(VIRQ_CONSOLE, 0);
    long t = bind_virq(VIRQ_TIMER, 0);
    long i = bind_ipi(0);
    long u = alloc_unbound(DOMID_SELF, 1);

    struct evtchn_bind_vcpu b = { .port = (evtchn_port_t)g, .vcpu = 1 };
    assert_int_equal(op(EVTCHNOP_bind_vcpu, &b, sizeof(b)), 0);
    vinfo(d0, 1)->evtchn_upcall_mask = 0;
    send_guest_global_virq(d0, VIRQ_CONSOLE);
    assert_int_equal(vinfo(d0, 1)->evtchn_upcall_pending, 1);
    assert_int_equal(vinfo(d0, 0)->evtchn_upcall_pending, 0);
    b.port = (evtchn_port_t)t;
    assert_int_equal(op(EVTCHNOP_bind_vcpu, &b, sizeof(b)), -EINVAL);
    b.port = (evtchn_port_t)i;
    assert_int_equal(op(EVTCHNOP_bind_vcpu, &b, sizeof(b)), -EINVAL);
    b.port = (evtchn_port_t)u;
    assert_int_equal(op(EVTCHNOP_bind_vcpu, &b, sizeof(b)), 0);
    b.port = 900;
    assert_int_equal(op(EVTCHNOP_bind_vcpu, &b, sizeof(b)), -EINVAL);
    b.port = (evtchn_port_t)u;
    b.vcpu = 2;
    assert_int_equal(op(EVTCHNOP_bind_vcpu, &b, sizeof(b)), -ENOENT);
}

static void
test_reset_and_destroy(void **state)
{
    struct evtchn_reset r = { .dom = DOMID_SELF };
    long up, lp;

    use(d1, 0);
    up = alloc_unbound(DOMID_SELF, 0);
    use(d0, 0);
    lp = bind_interdomain(1, (evtchn_port_t)up);
    bind_virq(VIRQ_TIMER, 0);
    assert_int_equal(op(EVTCHNOP_reset, &r, sizeof(r)), 0);
    for (evtchn_port_t p = 1; p < d0->nr_evtchn; p++)
        assert_int_equal(d0->evtchn[p].state, ECS_FREE);
    assert_int_equal(d1->evtchn[up].state, ECS_UNBOUND);
    check_invariants();
    use(d1, 0);
    r.dom = 0;
    assert_int_equal(op(EVTCHNOP_reset, &r, sizeof(r)), -EPERM);
    /* Destroying d0's table reverts d1's end too. */
    use(d0, 0);
    assert_int_equal(bind_interdomain(1, (evtchn_port_t)up), lp);
    evtchn_domain_destroy(d0);
    assert_null(d0->evtchn);
    assert_int_equal(d1->evtchn[up].state, ECS_UNBOUND);
    assert_int_equal(d1->evtchn[up].u.unbound.remote_dom, 0);
}

static void
test_table_full(void **state)
{
    for (unsigned int i = 1; i < EVTCHN_MAX_PORTS; i++)
        assert_int_equal(bind_ipi(0), i);
    assert_int_equal(bind_ipi(0), -ENOSPC);
    assert_int_equal(alloc_unbound(DOMID_SELF, 1), -ENOSPC);
    assert_int_equal(port_op(EVTCHNOP_close, 77), 0);
    assert_int_equal(bind_ipi(1), 77);
}

static void
test_unknown_and_bad_pointers(void **state)
{
    assert_int_equal(do_event_channel_op(EVTCHNOP_bind_pirq, sim_guest_va(0)), -ENOSYS);
    assert_int_equal(do_event_channel_op(EVTCHNOP_init_control, sim_guest_va(0)), -ENOSYS);
    assert_int_equal(do_event_channel_op(99, 0), -ENOSYS);
    assert_int_equal(do_event_channel_op(-1, 0), -ENOSYS);
    for (int cmd = 0; cmd <= EVTCHNOP_reset; cmd++) {
        if (cmd == EVTCHNOP_bind_pirq)
            continue;
        assert_int_equal(do_event_channel_op(cmd, 0), -EFAULT);
        assert_int_equal(do_event_channel_op(cmd, XL_HV_START), -EFAULT);
        assert_int_equal(do_event_channel_op(cmd, sim_guest_va(ARENA - 1)), -EFAULT);
    }
    for (evtchn_port_t p = 1; p < d0->nr_evtchn; p++)
        assert_int_equal(d0->evtchn[p].state, ECS_FREE);
}

static void
test_compat_hypercall(void **state)
{
    struct evtchn_op o = { .cmd = EVTCHNOP_bind_virq };
    uint64_t va;

    o.u.bind_virq.virq = VIRQ_TIMER;
    o.u.bind_virq.vcpu = 0;
    va = PUT(0x100, o);
    assert_int_equal(hc(__HYPERVISOR_event_channel_op_compat, va, 0, 0), 0);
    GET(0x100, o);
    assert_int_equal(o.u.bind_virq.port, 1);
    assert_int_equal(hc(__HYPERVISOR_event_channel_op_compat, va, 0, 0), -EEXIST);
    assert_int_equal(hc(__HYPERVISOR_event_channel_op_compat, 0, 0, 0), -EFAULT);
}

/* Random operations from both domains keep the invariants. */
static void
test_random_ops_keep_invariants(void **state)
{
    uint64_t seed = 42;

    for (int i = 0; i < 3000; i++) {
        uint64_t r = unit_rand(&seed);
        evtchn_port_t p = (evtchn_port_t)((r >> 8) % 40);

        use(r & 1 ? d1 : d0, (unsigned int)(r >> 1) & 1);
        switch ((r >> 4) % 8) {
        case 0: bind_virq((uint32_t)(r >> 20) % 26, (uint32_t)(r >> 30) % 3); break;
        case 1: bind_ipi((uint32_t)(r >> 20) % 3); break;
        case 2: alloc_unbound(DOMID_SELF, (domid_t)((r >> 20) % 3)); break;
        case 3: bind_interdomain((domid_t)((r >> 20) % 3), p); break;
        case 4: case 5: port_op(EVTCHNOP_close, p); break;
        case 6: port_op(EVTCHNOP_send, p); break;
        default: port_op(EVTCHNOP_unmask, p); break;
        }
        check_invariants();
    }
}

/* A 32-bit guest's shared_info: pending bytes as in the 64-bit layout, the
 * mask bitmap at 2048 + 128, a 32-bit selector at vcpu_info + 4 with one
 * bit per 32 ports, the wall clock at 2048 + 256. */
static void
test_compat_layout(void **state)
{
    uint8_t *si = d0->shared_info;
    uint8_t *vi = (uint8_t *)vinfo(d0, 0);
    long p = 0;
    uint32_t sel, wc[3];

    use(d0, 0);
    d0->shinfo_compat = true;
    while (p < 34)
        p = bind_ipi(0);
    assert_int_equal(p, 34);
    si[2048 + 128 + 34 / 8] |= 1u << (34 % 8);         /* mask port 34 */
    assert_int_equal(port_op(EVTCHNOP_send, 33), 0);
    assert_true(si[2048 + 33 / 8] & (1u << (33 % 8)));  /* pending */
    memcpy(&sel, vi + 4, 4);
    assert_int_equal(sel, 1u << 1);                     /* word 33 / 32 */
    assert_int_equal(*(uint64_t *)(vi + 8), 0);         /* no 64-bit selector */
    assert_int_equal(vi[0], 1);                         /* upcall pending */
    memset(vi + 4, 0, 4);
    vi[0] = 0;
    assert_int_equal(port_op(EVTCHNOP_send, 34), 0);    /* masked: pending only */
    assert_true(si[2048 + 34 / 8] & (1u << (34 % 8)));
    memcpy(&sel, vi + 4, 4);
    assert_int_equal(sel, 0);
    assert_int_equal(vi[0], 0);
    assert_true(evtchn_is_masked(d0, 34));
    assert_int_equal(port_op(EVTCHNOP_unmask, 34), 0);  /* unmask delivers it */
    memcpy(&sel, vi + 4, 4);
    assert_int_equal(sel, 1u << 1);
    assert_false(evtchn_is_masked(d0, 34));
    xtime_set_wallclock(1234, 5);
    update_domain_wallclock_time(d0);
    memcpy(wc, si + 2048 + 256, sizeof(wc));
    assert_int_equal(wc[0] & 1, 0);
    assert_int_equal(wc[1], 1234);
    assert_int_equal(wc[2], 5);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_bind_virq_rules),
        T(test_virq_delivery),
        T(test_mask_and_unmask),
        T(test_compat_layout),
        T(test_ipi),
        T(test_interdomain_bind_send_close),
        T(test_interdomain_errors),
        T(test_alloc_unbound_privilege),
        T(test_close_rules),
        T(test_send_rules),
        T(test_status_of_each_state),
        T(test_bind_vcpu),
        T(test_reset_and_destroy),
        T(test_table_full),
        T(test_unknown_and_bad_pointers),
        T(test_compat_hypercall),
        T(test_random_ops_keep_invariants),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
