/*
 * test_hypercall.c - the hypercall dispatcher: table, bounds, arch fallback, counters.
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

static long
fake_memory_op(const uint64_t a[6])
{
    return (long)(a[0] + a[1] + a[2]);
}

static void
test_unknown_numbers_enosys(void **state)
{
    static const uint64_t bad[] = { 11, 42, 47, 48, 55, 63, 64, 1000,
                                    1ULL << 32, 1ULL << 63, ~0ULL };

    for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
        assert_int_equal(hc(bad[i], 0, 0, 0), -ENOSYS);
    assert_int_equal(hypercall_count(11), 1);
    assert_int_equal(hypercall_count(63), 1);
    assert_int_equal(hypercall_count(64), 5);      /* the out-of-range bucket */
    assert_int_equal(hypercall_count(~0ULL), 5);
}

static void
test_core_handler_runs(void **state)
{
    assert_int_equal(hc(__HYPERVISOR_xen_version, XENVER_version, 0, 0),
                     (4 << 16) | 17);
    assert_int_equal(hypercall_count(__HYPERVISOR_xen_version), 1);
    hypercall_counts_reset();
    assert_int_equal(hypercall_count(__HYPERVISOR_xen_version), 0);
}

/* Xen declares cmd as int: the upper half of the register is ignored. */
static void
test_int_args_truncated(void **state)
{
    assert_int_equal(hc(__HYPERVISOR_xen_version,
                        0xdead000000000000ULL | XENVER_pagesize, 0, 0), 4096);
    assert_int_equal(hc(__HYPERVISOR_console_io,
                        (1ULL << 32) | CONSOLEIO_write, 0, 0), 0);
}

static void
test_arch_fallback(void **state)
{
    assert_int_equal(hc(__HYPERVISOR_memory_op, 1, 2, 3), -ENOSYS);
    sim_hc_set_arch(__HYPERVISOR_memory_op, fake_memory_op);
    assert_int_equal(hc(__HYPERVISOR_memory_op, 1, 2, 3), 6);
    assert_int_equal(hypercall_count(__HYPERVISOR_memory_op), 2);
    assert_int_equal(hc(__HYPERVISOR_iret, 0, 0, 0), SIM_IRET_RESULT);
}

static void
test_index_nospec(void **state)
{
    assert_int_equal(array_index_nospec(0ULL, 64), 0);
    assert_int_equal(array_index_nospec(63ULL, 64), 63);
    assert_int_equal(array_index_nospec(64ULL, 64), 0);
    assert_int_equal(array_index_nospec(~0ULL, 64), 0);
    assert_int_equal(array_index_nospec(1ULL << 63, 64), 0);
    assert_int_equal(array_index_mask_nospec(5, 6), ~0ULL);
    assert_int_equal(array_index_mask_nospec(6, 6), 0);
    for (uint64_t i = 0; i < 200; i++)
        assert_true(array_index_nospec(i, 100) == (i < 100 ? i : 0));
}

/* Every number up to 4096, with random arguments, from a domU: nothing
 * crashes and the answer is a result or a Xen errno. */
static void
test_sweep_numbers(void **state)
{
    uint64_t seed = 0x1234567;

    use(d1, 0);
    for (uint64_t nr = 0; nr < 4096; nr++) {
        uint64_t a[6];
        long rc;

        for (int i = 0; i < 6; i++)
            a[i] = unit_rand(&seed);
        if (nr == __HYPERVISOR_sched_op || nr == __HYPERVISOR_sched_op_compat)
            a[0] &= 0xff;
        rc = hypercall_dispatch(current, nr, a);
        assert_true(rc >= -4095);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_unknown_numbers_enosys),
        T(test_core_handler_runs),
        T(test_int_args_truncated),
        T(test_arch_fallback),
        T(test_index_nospec),
        T(test_sweep_numbers),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
