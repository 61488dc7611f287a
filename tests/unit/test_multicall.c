/*
 * test_multicall.c - HYPERVISOR_multicall: batches, nesting, iret, bad lists.
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

#define LIST_OFF 0x1000
#define ESZ sizeof(struct multicall_entry)

static struct multicall_entry
mc(uint64_t op, uint64_t a0, uint64_t a1, uint64_t a2)
{
    struct multicall_entry e = { .op = op, .result = 0x5a5a5a5a,
                                 .args = { a0, a1, a2 } };
    return e;
}

static uint64_t
put_list(size_t off, const struct multicall_entry *e, unsigned int n)
{
    return sim_guest_put(current->domain, off, e, n * ESZ);
}

static uint64_t
result(size_t off, unsigned int i)
{
    struct multicall_entry e;

    GET(off + i * ESZ, e);
    return e.result;
}

static void
test_batch_results(void **state)
{
    struct multicall_entry l[] = {
        mc(__HYPERVISOR_xen_version, XENVER_version, 0, 0),
        mc(__HYPERVISOR_xen_version, XENVER_pagesize, 0, 0),
        mc(11, 0, 0, 0),
        mc(__HYPERVISOR_console_io, 99, 0, 0),
    };
    uint64_t va = put_list(LIST_OFF, l, 4);

    assert_int_equal(hc(__HYPERVISOR_multicall, va, 4, 0), 0);
    assert_int_equal(result(LIST_OFF, 0), (4 << 16) | 17);
    assert_int_equal(result(LIST_OFF, 1), 4096);
    assert_int_equal((long)result(LIST_OFF, 2), -ENOSYS);
    assert_int_equal((long)result(LIST_OFF, 3), -ENOSYS);
    assert_false(in_multicall());
}

static void
test_zero_calls(void **state)
{
    assert_int_equal(do_multicall(0, 0), 0);
    assert_int_equal(do_multicall(sim_guest_va(0), 0), 0);
}

static void
test_nested_refused(void **state)
{
    struct multicall_entry inner[] = {
        mc(__HYPERVISOR_xen_version, XENVER_version, 0, 0),
    };
    uint64_t iva = put_list(0x3000, inner, 1);
    struct multicall_entry l[] = {
        mc(__HYPERVISOR_multicall, iva, 1, 0),
        mc(__HYPERVISOR_xen_version, XENVER_pagesize, 0, 0),
    };
    uint64_t va = put_list(LIST_OFF, l, 2);

    assert_int_equal(do_multicall(va, 2), 0);
    assert_int_equal((long)result(LIST_OFF, 0), -EINVAL);
    assert_int_equal(result(LIST_OFF, 1), 4096);
    assert_int_equal(result(0x3000, 0), 0x5a5a5a5a);   /* never ran */
}

/* Xen runs iret and ends the batch with its result. */
static void
test_iret_ends_batch(void **state)
{
    struct multicall_entry l[] = {
        mc(__HYPERVISOR_xen_version, XENVER_version, 0, 0),
        mc(__HYPERVISOR_iret, 0, 0, 0),
        mc(__HYPERVISOR_xen_version, XENVER_pagesize, 0, 0),
    };
    uint64_t va = put_list(LIST_OFF, l, 3);

    assert_int_equal(do_multicall(va, 3), SIM_IRET_RESULT);
    assert_int_equal(sim_irets(), 1);
    assert_int_equal(result(LIST_OFF, 0), (4 << 16) | 17);
    assert_int_equal(result(LIST_OFF, 1), SIM_IRET_RESULT);
    assert_int_equal(result(LIST_OFF, 2), 0x5a5a5a5a);
    assert_false(in_multicall());
}

/* A list that runs off the end of guest memory: the entry that lies
 * wholly inside runs, the one across the end gives -EFAULT (Xen 4.17 reads
 * each entry when its turn comes; a huge count ends the same way). */
static void
test_list_crosses_arena_end(void **state)
{
    struct multicall_entry l[] = {
        mc(__HYPERVISOR_console_io, CONSOLEIO_write, 1, sim_guest_va(0)),
        mc(__HYPERVISOR_console_io, CONSOLEIO_write, 1, sim_guest_va(0)),
    };
    size_t off = ARENA - 2 * ESZ + 8;
    uint64_t va = sim_guest_put(current->domain, off, l, ESZ);

    sim_console_clear();
    assert_int_equal(do_multicall(va, 2), -EFAULT);
    assert_true(sim_console_len() > 0);       /* the first entry wrote */
    assert_int_equal(result(off, 0), 0);
    sim_console_clear();
    assert_int_equal(do_multicall(va, 0xffffffffU), -EFAULT);
    assert_true(sim_console_len() > 0);       /* the first entry wrote */
}

static void
test_bad_list_addresses(void **state)
{
    assert_int_equal(do_multicall(0, 1), -EFAULT);
    assert_int_equal(do_multicall(XL_HV_START, 1), -EFAULT);
    assert_int_equal(do_multicall(XL_HV_START - 32, 1), -EFAULT);
    assert_int_equal(do_multicall(~0ULL - 31, 1), -EFAULT);   /* wraps */
    assert_int_equal(do_multicall(sim_guest_va(ARENA), 1), -EFAULT);
    assert_false(in_multicall());
}

/* Sub-calls see their own arguments and the caller's arena. */
static void
test_event_ops_inside(void **state)
{
    struct evtchn_bind_virq bv = { .virq = VIRQ_TIMER, .vcpu = 0 };
    uint64_t bva = PUT(0x4000, bv);
    struct multicall_entry l[] = {
        mc(__HYPERVISOR_event_channel_op, EVTCHNOP_bind_virq, bva, 0),
        mc(__HYPERVISOR_event_channel_op, EVTCHNOP_bind_virq, bva, 0),
    };
    uint64_t va = put_list(LIST_OFF, l, 2);

    assert_int_equal(do_multicall(va, 2), 0);
    assert_int_equal(result(LIST_OFF, 0), 0);
    assert_int_equal((long)result(LIST_OFF, 1), -EEXIST);
    GET(0x4000, bv);
    assert_int_equal(bv.port, 1);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_batch_results),
        T(test_zero_calls),
        T(test_nested_refused),
        T(test_iret_ends_batch),
        T(test_list_crosses_arena_end),
        T(test_bad_list_addresses),
        T(test_event_ops_inside),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
