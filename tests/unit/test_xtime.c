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

/* The old time_scale_delta, with gcc's 128-bit product: the reference
 * the 64-bit rewrite must match bit for bit. */
static uint64_t
scale_ref(uint64_t delta, int shift, uint32_t mul)
{
    if (shift < 0)
        delta >>= -shift;
    else
        delta <<= shift;
    return (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

static void
check_scale(uint64_t delta, int shift, uint32_t mul, unsigned int *fails)
{
    struct time_scale sc = { mul, (int8_t)shift };
    uint64_t got = time_scale_delta(delta, sc);
    uint64_t want = scale_ref(delta, shift, mul);

    if (got != want && (*fails)++ < 5)
        print_message("time_scale_delta(%#llx, shift %d, mul %#x) = %#llx, "
                      "want %#llx\n", (unsigned long long)delta, shift, mul,
                      (unsigned long long)got, (unsigned long long)want);
}

static void
test_scale_delta_exact(void **state)
{
    static const uint64_t deltas[] = {
        0, 1, 2, 3, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ULL,
        0x100000001ULL, 0x1ffffffffULL, 0xfffffffffULL, 1000000000ULL,
        0x8000000000000000ULL, 0x7fffffffffffffffULL, 0xffffffff00000000ULL,
        0xffffffff80000000ULL, 0xfffffffffffffffeULL, 0xffffffffffffffffULL,
        0x00000001ffffffffULL, 0xaaaaaaaaaaaaaaaaULL, 0x5555555555555555ULL,
    };
    static const uint32_t muls[] = {
        0, 1, 2, 0x7fffffff, 0x80000000U, 0x80000001U, 0xfffffffeU,
        0xffffffffU, 0xaaaaaaaaU, 0x55555555U, 1000000000U,
    };
    unsigned int fails = 0, n = 0;
    uint64_t x = 0x9e3779b97f4a7c15ULL;

    /* Every shift guests may be given (-63..63), every edge pair. */
    for (int shift = -63; shift <= 63; shift++)
        for (size_t i = 0; i < ARRAY_SIZE(deltas); i++)
            for (size_t j = 0; j < ARRAY_SIZE(muls); j++, n++)
                check_scale(deltas[i], shift, muls[j], &fails);
    /* And pseudo-random ones (xorshift64), biased to both halves' edges. */
    for (int k = 0; k < 200000; k++, n++) {
        uint64_t d, m;

        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        d = x;
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        m = x;
        if (k % 4 == 1)
            d |= 0xffffffff00000000ULL;
        if (k % 4 == 2)
            d |= 0xffffffffULL;
        if (k % 8 == 3)
            m |= 0xffff0000U;
        check_scale(d, (int)(x % 127) - 63, (uint32_t)m, &fails);
    }
    /* The result bound: never more than the shifted delta. */
    assert_int_equal(time_scale_delta(0xffffffffffffffffULL,
                                      (struct time_scale){ 0xffffffffU, 0 }),
                     0xfffffffeffffffffULL);
    assert_true(n > 200000);
    assert_int_equal(fails, 0);
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
        T(test_scale_delta_exact),
        T(test_vcpu_time_record),
        T(test_wallclock),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
