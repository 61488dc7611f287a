/*
 * test_xtime.c - time scales, vcpu_time_info and wallclock version protocol.
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

static void
test_scale_factors(void **state)
{
    static const uint32_t khz[] = { 1, 1000, 1000000, 2000000, 3300000,
                                    999999, 1000001, 4000000000U, 0 };

    for (size_t i = 0; i < ARRAY_SIZE(khz); i++) {
        struct time_scale sc = time_scale_for_khz(khz[i]);
        uint64_t hz = (khz[i] ? khz[i] : 1000000ULL) * 1000ULL;
        uint64_t ns = time_scale_delta(hz, sc);     /* one second of ticks */

        assert_true(sc.mul_frac >= 0x80000000U);
        assert_true(ns <= 1000000000ULL && ns >= 1000000000ULL - 2);
    }
}

static void
test_vcpu_time_record(void **state)
{
    struct vcpu_time_info *t = &vinfo(d0, 0)->time;
    struct vcpu *v = d0->vcpu[0];
    uint64_t guess;

    sim_tsc_set_khz(2500000);
    sim_time_set(123456789);
    update_vcpu_system_time(v);
    assert_int_equal(t->version, 2);
    assert_int_equal(t->system_time, 123456789);
    assert_int_equal(t->tsc_timestamp, arch_rdtsc());
    update_vcpu_system_time(v);
    assert_int_equal(t->version, 4);
    /* The guest's extrapolation agrees with arch_now_ns later on. */
    sim_time_advance(987654321);
    guess = t->system_time +
            time_scale_delta(arch_rdtsc() - t->tsc_timestamp,
                             (struct time_scale){ t->tsc_to_system_mul, t->tsc_shift });
    assert_true(guess <= arch_now_ns() && guess + 2 >= arch_now_ns());
    /* An odd version left by a torn update is made even again. */
    t->version = 7;
    update_vcpu_system_time(v);
    assert_int_equal(t->version, 10);
}

static void
test_wallclock(void **state)
{
    struct shared_info *s = d1->shared_info;

    xtime_set_wallclock(0x123456789ULL, 2500000000U);
    update_domain_wallclock_time(d1);
    assert_int_equal(s->wc_version, 2);
    assert_int_equal(s->wc_sec, 0x23456789U + 2);
    assert_int_equal(s->wc_sec_hi, 1);
    assert_int_equal(s->wc_nsec, 500000000U);
    update_domain_wallclock_time(d1);
    assert_int_equal(s->wc_version, 4);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_scale_factors),
        T(test_vcpu_time_record),
        T(test_wallclock),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
